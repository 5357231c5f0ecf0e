"""The fast engine: the same build for big graphs (``--engine fast``, or ``auto`` above a size).

What changes, step by step, and what stays the same:

- load: the CSV mapping (``atmp_kg.read.mapping``, unchanged) adds its triples to a plain ``set``
  instead of an rdflib graph, then they are written as N-Triples lines;
- validate: pyshacl-turbo (a Rust SHACL engine with pySHACL's API) on those lines: the same
  findings and an isomorphic report (``tests/test_scale.py``); pySHACL if it is not installed;
  in a thread, alongside reasoning (the Rust engine releases the GIL);
- reason: the ``rules`` engine of ``atmp_kg.build.reason`` on Python sets (same entailments as owlrl);
- the result: ``inferred`` is an rdflib graph over the inferred pyoxigraph store (oxrdflib), so
  SPARQL (the named queries, the network) runs in oxigraph; there is no asserted store
  (``asserted`` is None: 360 MB less at a million triples); the triple sets are kept for writing;
- write: the writers of ``atmp_kg.write.export`` (the same for both engines), fed from the sets.
"""

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from atmp_kg.analyse.network import store_of
from atmp_kg.build.processes import Forked
from atmp_kg.rdf.namespaces import bind_prefixes
from atmp_kg.read.load import Inputs
from atmp_kg.read.load import load as base_load
from atmp_kg.write.export import nt_lines

AUTO_FAST_ABOVE_BYTES = 700_000  # graph/ tables larger than this (~50,000 triples): auto picks fast


def pick_engine(engine, inputs):
    """``embedded`` or ``fast``: ``auto`` picks fast when the graph folder is big."""
    if engine not in ("auto", "embedded", "fast"):
        raise ValueError(f"unknown engine {engine!r}; expected auto, embedded or fast")
    if engine != "auto":
        return engine
    folder = Path((inputs or Inputs()).graph_dir)
    size = sum(p.stat().st_size for p in folder.glob("*") if p.suffix in (".csv", ".ttl") and p.is_file()) \
        if folder.is_dir() else 0  # is_file: not a FIFO or a link loop, which the load step reports
    return "fast" if size > AUTO_FAST_ABOVE_BYTES else "embedded"


@dataclass
class Triples:
    """The fast build's triples as Python sets: schema, data, entailed; the inferred store; and
    the N-Triples text made of them for the engines (unsorted lines), kept for writing the dumps
    (one string each: after the fork, the two processes share its pages untouched)."""

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
        """``len(self.asserted())`` without making that million-triple set."""
        return len(self.data) + sum(1 for triple in self.schema if triple not in self.data)

    def inferred(self):
        """The inferred triples, each once, as an iterable (read once: no million-triple set made
        for it; the entailed triples are neither in the data nor in the schema)."""
        return chain(self.data, self.entailed, (triple for triple in self.schema if triple not in self.data))


def _lines_of(text):
    return text.split("\n") if text else []


# -- load --------------------------------------------------------------------------------

def load(inputs=None):
    """Like ``atmp_kg.read.load.load`` but ``data`` is a set of triples (faster to build)."""
    return base_load(inputs, data=set())


def nt_text(*triple_sets):
    """The N-Triples text of the triples of ``triple_sets``, in their order, unsorted: the
    second half of the lines made by a forked process meanwhile (the load step runs on one
    core otherwise: at a million triples, 2 s of lines -> 1.7), handed back through an unnamed
    temporary file (the system's cache holds it; nothing to remove afterwards): 0.2 s quicker
    than pickled through the pipe for 90 MB."""
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


def graph_over(store):
    """An rdflib Graph whose triples live in the default graph of the pyoxigraph ``store``."""
    from oxrdflib import OxigraphStore  # here: it imports rdflib's SPARQL engine, which small builds never need

    return bind_prefixes(Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID))


# -- validate ----------------------------------------------------------------------------

def shacl_engine():
    """pyshacl-turbo's ``validate`` if installed, else pySHACL's; and its name."""
    try:
        from pyshacl_turbo import validate as turbo_validate
    except ImportError:  # pragma: no cover - turbo needs Python 3.11+
        from pyshacl import validate as pyshacl_validate
        return pyshacl_validate, "pyshacl"
    return turbo_validate, "pyshacl-turbo"


def shacl_data(text):
    """The asserted graph (N-Triples ``text``) in the form the SHACL engine reads fastest:
    pyshacl-turbo parses the N-Triples text itself (a store built first and dumped to it cost
    4 s more at a million triples); pySHACL reads an rdflib graph."""
    _, engine = shacl_engine()
    if engine == "pyshacl-turbo":
        from pyshacl_turbo.rdf import Input  # what its validate() reads as is (rdflib graphs and stores get converted)

        return Input(text, "nt", None, {}, preserve_ids=True)
    return graph_over(store_of(text))  # pragma: no cover - turbo needs Python 3.11+


def validate(loaded, data):
    """SHACL of the asserted graph (schema + data; ``data`` from ``shacl_data``) with
    pyshacl-turbo (else pySHACL): the same findings and report as pySHACL's (tests/test_scale.py)."""
    from atmp_kg.build.validate import validate as run_validate

    shacl, _ = shacl_engine()
    return run_validate(loaded, union=data, shacl=shacl)


def _timed(timer, step, function, *args):
    with timer(step):
        return function(*args)


# -- the build ---------------------------------------------------------------------------

def build(inputs, timer, meanwhile=None):
    """``pipeline.build``'s steps on the fast engine: ``(inferred graph, validation, Triples,
    meanwhile's value)``; raises DataError on SHACL violations. Validation runs in a thread
    alongside reasoning (both read the loaded data, neither changes it), then alongside
    ``meanwhile(inferred store, inferred triples)`` if given."""
    from atmp_kg.build.reason import entailments
    from atmp_kg.errors import DataError

    with timer("load"):
        loaded = load(inputs)
        asserted_text = nt_text(loaded.schema, loaded.data)
        shacl_input = shacl_data(asserted_text)
    with ThreadPoolExecutor(max_workers=1) as background:  # pyshacl-turbo runs in Rust, without the GIL
        checking = background.submit(_timed, timer, "validate", validate, loaded, shacl_input)
        with timer("reason"):
            entailed = entailments(loaded.schema, loaded.data, "rules")
            entailed_text = "\n".join(nt_lines(entailed))
            inferred_store = store_of(asserted_text, entailed_text, checked=True)  # the validator reads it strictly
        triples = Triples(set(loaded.schema), loaded.data, entailed, inferred_store, asserted_text, entailed_text)
        made_meanwhile = meanwhile(inferred_store, triples.inferred()) if meanwhile else None
        validation = checking.result()
    if validation.violations:
        raise DataError(f"{len(validation.violations)} SHACL violation(s)",
                        [finding.line() for finding in validation.violations])
    return graph_over(inferred_store), validation, triples, made_meanwhile
