"""Deterministic Turtle from sorted N-Triples lines: Oxigraph's Turtle writer behind the
project's own sorted prefix lines, handed out in pieces or cut per subject."""

import codecs
import io
import re

import pyoxigraph

from atmp_kg.rdf.namespaces import PREFIXES
from atmp_kg.rdf.ntriples import lines_chunks, sorted_nt_lines

# prefixes the Turtle files use; not id:, whose local names hold "/" and would need escapes
TURTLE_PREFIXES = {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items()) if prefix != "id"}
CHUNK_BYTES = 1 << 20  # bytes of Turtle per piece


def turtle(triples):
    """Deterministic Turtle of ``triples`` (see ``turtle_chunks``)."""
    return turtle_of_lines(sorted_nt_lines(triples))


def turtle_of_lines(lines):
    """Deterministic Turtle from sorted N-Triples ``lines`` (see ``turtle_chunks``)."""
    return "".join(turtle_chunks(lines))


def turtle_chunks(lines):
    """Deterministic Turtle from sorted N-Triples ``lines`` (see ``Turtle``), in pieces."""
    return Turtle(lines).chunks()


TURTLE_HEADER = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in TURTLE_PREFIXES.items()) + "\n"


class Turtle:
    """Deterministic Turtle from sorted N-Triples ``lines`` (so subjects, then predicates, then
    objects in order): grouped by subject and predicate by Oxigraph's Turtle writer, behind our
    own sorted prefix lines (Oxigraph's are in no fixed order). Literals keep their lexical form
    (``"26"^^xsd:decimal`` stays 26). The lines are read in chunks; Oxigraph's output is the one
    copy of the text, handed out in pieces (``chunks``), or cut into the Turtle of some of its
    subjects (``of``): the same text as that of their lines alone, without serialising again."""

    def __init__(self, lines):
        source = io.BufferedReader(_ChunksReader(chunk.encode("utf-8") for chunk in lines_chunks(lines)))
        body = io.BytesIO()
        # lenient: the lines are the build's, made of terms checked at load (``namespaces.iri_problem``)
        pyoxigraph.serialize(pyoxigraph.parse(source, format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=True), body,
                             format=pyoxigraph.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
        self.body, self.start, self.blocks = body.getbuffer(), 0, None
        while bytes(self.body[self.start:self.start + 8]) == b"@prefix ":
            self.start = bytes(self.body[self.start:self.start + 4096]).index(b"\n") + self.start + 1

    def chunks(self):
        """The whole file: our prefix lines, then Oxigraph's text in pieces of ``CHUNK_BYTES``."""
        yield TURTLE_HEADER
        decoder = codecs.getincrementaldecoder("utf-8")()
        for offset in range(self.start, len(self.body), CHUNK_BYTES):
            yield decoder.decode(self.body[offset:offset + CHUNK_BYTES], final=offset + CHUNK_BYTES >= len(self.body))

    def of(self, subjects):
        """The Turtle of the lines of ``subjects`` (in N-Triples: ``<iri>``, ``_:label``)."""
        if self.blocks is None:
            self.blocks = self._subject_blocks()
        found = sorted((self.blocks[s] for s in subjects if s in self.blocks), key=lambda block: block[0])
        return TURTLE_HEADER + "".join(str(self.body[start:end], "utf-8") for start, end in found)

    def _subject_blocks(self):
        """``{subject in N-Triples: (start, end)}``: Oxigraph writes each subject's triples as one
        block that starts on an unindented line (literals escape their line breaks, blank nodes are
        not nested) and ends where the next one starts."""
        prefixes = {prefix.encode(): namespace for prefix, namespace in TURTLE_PREFIXES.items()}
        starts = [(match.start(), match.group(1)) for match in _SUBJECT.finditer(self.body, self.start)]
        blocks = {}
        for (start, token), (end, _) in zip(starts, [*starts[1:], (len(self.body), b"")], strict=True):
            if token[:1] not in (b"<", b"_"):  # a prefixed name
                prefix, local = token.split(b":", 1)
                token = b"<" + prefixes[prefix].encode() + local + b">"
            blocks[token.decode("utf-8")] = (start, end)
        return blocks


_SUBJECT = re.compile(rb"^([^\t\n ]+) ", re.MULTILINE)


class _ChunksReader(io.RawIOBase):
    """A readable binary stream over an iterator of ``bytes`` chunks."""

    def __init__(self, chunks):
        self.chunks, self.pending = iter(chunks), memoryview(b"")

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self.pending:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.pending = memoryview(chunk)
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]  # a view: no copy of the rest
        return size
