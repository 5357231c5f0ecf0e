"""The build's triples as Python sets, with the N-Triples text made of them once.

The load step maps the CSV tables into a plain ``set`` (quicker than an rdflib graph); the
validator and the triple store read their N-Triples text; the writers read the sets and the
text.
"""

import tempfile
from dataclasses import dataclass
from itertools import chain

from atmp_kg.infer.processes import Forked
from atmp_kg.rdf.ntriples import nt_lines


@dataclass
class Triples:
    """Schema, data and entailed triples; the inferred store; and the N-Triples text of the
    asserted and of the entailed triples (unsorted lines; one string each, so that after a fork
    the two processes share its pages untouched)."""

    schema: set
    data: set
    entailed: set
    inferred_store: object
    asserted_text: str
    entailed_text: str

    def asserted_lines(self):
        return _lines_of(self.asserted_text)

    def entailed_lines(self):
        return _lines_of(self.entailed_text)

    def inferred_lines(self):
        return self.asserted_lines() + self.entailed_lines()

    def asserted(self):
        return self.schema | self.data

    def asserted_count(self):
        """``len(self.asserted())`` without making that set."""
        return len(self.data) + sum(1 for triple in self.schema if triple not in self.data)

    def inferred(self):
        """The inferred triples, each once, as an iterable to read once (the entailed triples are
        neither in the data nor in the schema)."""
        return chain(self.data, self.entailed, (triple for triple in self.schema if triple not in self.data))


def _lines_of(text):
    return text.split("\n") if text else []


def nt_text(*triple_sets):
    """The N-Triples text of the triples of ``triple_sets``, in their order, unsorted. The second
    half of the lines is made by a forked process meanwhile and handed back through an unnamed
    temporary file (the system's cache holds it; nothing to remove afterwards)."""
    triples = [triple for triple_set in triple_sets for triple in triple_set]
    middle = len(triples) // 2
    with tempfile.TemporaryFile() as spill:
        def second_half():
            spill.write("\n".join(nt_lines(triples[middle:])).encode("utf-8"))
            spill.flush()
        with Forked(second_half, "the N-Triples lines") as writing:
            first = "\n".join(nt_lines(triples[:middle]))
            writing.wait()
        spill.seek(0)
        second = spill.read().decode("utf-8")
    return "\n".join(half for half in (first, second) if half)
