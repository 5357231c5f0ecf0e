"""Write step: the build's RDF, reports and dataset description into ``dist/``, atomically.

Everything is written into a fresh temporary folder next to ``dist/`` and swapped into place
only when all files are written, so a failed build leaves the previous ``dist/`` untouched.
Output is deterministic: the same inputs give the same bytes whatever PYTHONHASHSEED is.
"""

import codecs
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from itertools import chain
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, XSD

from atmp_kg.errors import OutputError
from atmp_kg.rdf.namespaces import PREFIXES

PLAIN_LITERAL_TYPES = {XSD.boolean, XSD.integer, XSD.double, XSD.string}  # as rdflib's JSON-LD writer
# prefixes the Turtle files use; not id:, whose local names hold "/" and would need escapes
TURTLE_PREFIXES = {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items()) if prefix != "id"}

CONTEXT_FILE = "context.jsonld"
CHUNK_LINES = 20_000  # N-Triples lines per piece of a big file
CHUNK_BYTES = 1 << 20  # bytes of Turtle per piece


def write_text(path, text):
    """Write ``text`` as UTF-8 to ``path`` via a temporary file and an atomic rename (OutputError
    if it cannot)."""
    path, handle = Path(path), None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=path.parent,
                                         prefix=f".{path.name}.", delete=False) as handle:
            handle.write(text)
        os.chmod(handle.name, 0o644)  # temporary files are private; outputs are for everyone to read
        os.replace(handle.name, path)
    except OSError as error:
        if handle is not None and os.path.lexists(handle.name):
            os.remove(handle.name)
        raise _output_error(path, error) from error


BUILD_MARK = ".atmp-kg-build"  # in every build's folder: a later build may replace that folder
BUILD_MARK_TEXT = "Written by atmp-kg build. The next build replaces this whole folder.\n"
EARLIER_BUILD_FILES = ("atmp-kg.ttl", "void.ttl")  # a build made before the mark existed
STAGING_TIMEOUT = 24 * 3600  # seconds after which a staging folder without its owner's PID is stale


def is_build(folder):
    """Whether ``folder`` holds a build: its mark, or the dumps of a build made before the mark."""
    folder = Path(folder)
    return (folder / BUILD_MARK).is_file() or all((folder / name).is_file() for name in EARLIER_BUILD_FILES)


def check_out_dir(out, inputs=()):
    """Raise OutputError unless a build may replace ``out``: a folder that does not exist yet, an
    empty folder or an earlier build (``is_build``), and never one that is, holds or lies inside
    one of the ``inputs`` folders."""
    out = Path(out)
    check_apart(out, inputs)
    if not os.path.lexists(out):
        return
    _check_folder(out)
    try:
        empty = next(out.iterdir(), None) is None
    except OSError as error:
        raise OutputError(f"{out}: cannot read the output folder ({error.strerror})") from error
    if not empty and not is_build(out):
        raise OutputError(f"{out}: this folder is not a build of atmp-kg (it has no {BUILD_MARK}); a build "
                          "replaces its whole output folder, so it must be new, empty or an earlier build")


def check_report_dir(out, tables, inputs=()):
    """Raise OutputError unless ``atmp-kg gaps`` may write into ``out``: it replaces the folder
    ``gaps/`` and the file ``gaps.html`` only, so ``gaps/`` must be new, empty or an earlier report
    (nothing but the files named ``tables``), and ``gaps.html`` replaces a file only beside such a
    report or in a build; ``out`` never overlaps one of the ``inputs`` folders."""
    out = Path(out)
    check_apart(out, inputs)
    if not os.path.lexists(out):
        return
    _check_folder(out)
    folder, page = out / "gaps", out / "gaps.html"
    report = False
    if os.path.lexists(folder):
        _check_folder(folder)
        try:
            report = all(path.name in tables and path.is_file() and not path.is_symlink()
                         for path in folder.iterdir())
        except OSError as error:
            raise OutputError(f"{folder}: cannot read the folder ({error.strerror})") from error
        if not report:
            raise OutputError(f"{folder}: this folder holds more than a gap report of atmp-kg; "
                              "refusing to replace it")
    if os.path.lexists(page) and not (page.is_file() and not page.is_symlink() and (report or is_build(out))):
        raise OutputError(f"{page}: not the page of an earlier gap report of atmp-kg; refusing to replace it")


def check_apart(out, inputs):
    """Raise OutputError if the output folder ``out`` is, holds or lies inside a folder of
    ``inputs`` (those that exist: the load step reports the others)."""
    where = Path(os.path.realpath(out))
    for folder in inputs:
        if not os.path.isdir(folder):
            continue
        place = Path(os.path.realpath(folder))
        if where == place or place in where.parents or where in place.parents:
            raise OutputError(f"{out}: the output folder may not be, hold or lie inside the input folder {folder}")


def _check_folder(path):
    if path.is_symlink():
        raise OutputError(f"{path}: a symbolic link; name the output folder itself")
    if not path.is_dir():
        raise OutputError(f"{path}: not a folder")


@contextmanager
def staged_dir(target):
    """Yield a temporary folder; on success it replaces ``target``, on error it is removed.
    The replaced folder is removed by a process of its own (``remove_later``): at a million
    triples its 36,000 files and 1.4 GB take about 5 s to remove. The
    temporary folder's name holds this process's ID, so that what a stopped build left is
    recognised and removed by the next one (``remove_stale``). A system error (a folder that
    cannot be written, a full disk) is an OutputError."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.{os.getpid()}.", dir=target.parent))
        staging.chmod(0o755)
    except OSError as error:
        raise _output_error(target, error) from error
    try:
        yield staging
        _swap(staging, target)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise _output_error(target, error) from error
        raise


def _swap(staging, target):
    """Put the folder ``staging`` in the place of ``target`` (removed later, or put back on failure)."""
    if not os.path.lexists(target):
        os.replace(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.replace(target, old)  # onto the new empty folder
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(old, target)
        raise
    remove_later(old)


def _output_error(target, error):
    place = f" ({error.filename})" if error.filename and str(error.filename) != str(target) else ""
    return OutputError(f"{target}: cannot write the output: {error.strerror or error}{place}")


def remove_stale(target):
    """Remove what stopped builds left beside ``target``: folders being removed
    (``.<name>.old.*``) and staging folders (``.<name>.new.<PID>.*``) whose process is gone
    (those of a version that did not name its PID once a day old)."""
    old, new = f".{target.name}.old", f".{target.name}.new."
    for leftover in target.parent.iterdir():
        name = leftover.name
        if not name.startswith((old, new)) or leftover.is_symlink() or not leftover.is_dir():
            continue
        if name.startswith(new):
            owner = name[len(new):].split(".", 1)[0]
            if owner.isdigit() and owner != "0" and "." in name[len(new):]:
                if process_alive(int(owner)):
                    continue
            elif time.time() - leftover.stat().st_mtime < STAGING_TIMEOUT:
                continue
        shutil.rmtree(leftover, ignore_errors=True)


def process_alive(pid):
    """Whether a process with this ID runs (or is not ours to signal)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_later(folder):
    """Remove ``folder`` in a background process that outlives this one (the command returns
    at once); a removal that was stopped is finished by the next ``staged_dir`` of its target.
    Returns the process (``wait()`` for it)."""
    return subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                             str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def nt_term(node):
    """A term in N-Triples; ``xsd:string`` literals plain, as RDF 1.1 canonical N-Triples has them."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    text = node.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    text = f'"{text}"'
    if node.language:
        return f"{text}@{node.language}"
    return f"{text}^^<{node.datatype}>" if node.datatype and node.datatype != XSD.string else text


def nt_lines(triples):
    """One N-Triples line per triple (blank nodes as they are labelled), unsorted."""
    return [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in triples]


def _split_bnodes(triples):
    """(triples without blank nodes, those with them relabelled canonically)."""
    plain, with_bnodes = [], []
    for triple in triples:
        s, _, o = triple
        if isinstance(s, BNode) or isinstance(o, BNode):
            with_bnodes.append(triple)
        else:
            plain.append(triple)
    if not with_bnodes:
        return plain, ()
    graph = Graph()
    for triple in with_bnodes:
        graph.add(triple)
    return plain, to_canonical_graph(graph)


def sorted_nt_lines(triples):
    """The N-Triples lines of ``triples``, blank nodes labelled canonically, sorted."""
    return sorted_lines(nt_lines(triples))


def sorted_lines(lines):
    """N-Triples ``lines`` (``nt_lines``'s, in any order, maybe repeated) sorted, each once, with
    blank nodes labelled canonically: the lines that may hold one (``_:``) are read back as
    triples for that; the others are kept as they are (at a million triples, writing every line
    again from the triples would take 4 s)."""
    plain = set(lines)
    maybe_bnodes = [line for line in plain if "_:" in line]
    if maybe_bnodes:
        plain.difference_update(maybe_bnodes)
        parsed = Graph().parse(data="\n".join(maybe_bnodes), format="nt")
        plain.update(nt_lines(chain(*_split_bnodes(parsed))))
    return sorted(plain)


def merged_lines(first, second):
    """Two lists of ``sorted_lines`` as one, each line once: the lines of ``second`` not in
    ``first`` are appended and sorted, which Timsort does by merging the two sorted runs."""
    in_first = set(first)
    merged = first + [line for line in second if line not in in_first]
    merged.sort()
    return merged


def ntriples(triples):
    """Sorted N-Triples, one per line, blank nodes labelled canonically."""
    return lines_text(sorted_nt_lines(triples))


def lines_text(lines):
    """N-Triples ``lines`` as the text of a file."""
    return "\n".join(lines) + "\n" if lines else ""


def lines_chunks(lines):
    """N-Triples ``lines`` as the text of a file, ``CHUNK_LINES`` lines at a time (for a big file)."""
    size = CHUNK_LINES
    for start in range(0, len(lines), size):
        yield "\n".join(lines[start:start + size]) + "\n"


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


def jsonld(triples):
    """Compact JSON-LD with the project's prefixes as context, nodes sorted by @id (``jsonld_chunks``)."""
    return "".join(jsonld_chunks(triples))


def jsonld_chunks(triples):
    """Compact JSON-LD with the project's prefixes as context, nodes sorted by @id, one node per
    line, handed out a node at a time (each made as it is written: a million triples never
    exist as JSON objects all at once).

    Subjects without blank nodes are converted here with the rules of rdflib's JSON-LD writer
    (prefix-only context); those with blank nodes (ontology lists) go through rdflib itself.
    """
    context = jsonld_context()["@context"]
    namespaces = {str(ns): prefix for prefix, ns in PREFIXES.items()}
    ids = _Memo(lambda iri: _shrink(iri, namespaces))  # each IRI compacted once
    keys = _Memo(lambda p: "@type" if p == RDF.type else ids[p])
    by_subject, with_bnodes = defaultdict(list), set()
    for s, p, o in triples:
        by_subject[s].append((p, o))
        if isinstance(o, BNode) or isinstance(s, BNode):
            with_bnodes.add(s)
    slow = Graph()
    for subject in with_bnodes:
        for p, o in by_subject.pop(subject):
            slow.add((subject, p, o))
    made = [(node.get("@id", ""), None, node) for node in (_rdflib_jsonld_nodes(slow, context) if len(slow) else ())]
    order = sorted([*((ids[subject], subject, None) for subject in by_subject), *made], key=lambda item: item[0])
    encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    yield f'{{"@context": {encoder.encode(context)},\n"@graph": [\n'
    for number, (_, subject, node) in enumerate(order):
        if node is None:
            node = _jsonld_node(subject, by_subject.pop(subject), ids, keys)
        yield ("" if number == 0 else ",\n") + encoder.encode(_sorted_values(node))
    yield "\n]}\n"


class _Memo(dict):
    """``memo[key]`` is ``make(key)``, made once per key."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


def _shrink(iri, namespaces):
    """rdflib's ``Context.shrink_iri`` for a prefix-only context: split at the last ``#`` or ``/``."""
    text = str(iri)
    cut = max(text.rfind("#"), text.rfind("/")) + 1
    prefix = namespaces.get(text[:cut]) if cut else None
    return f"{prefix}:{text[cut:]}" if prefix else text


def _jsonld_node(subject, pairs, ids, keys):
    """The compact node of ``subject`` (``ids``: compact IRIs, ``keys``: the JSON key of each predicate)."""
    node = {"@id": ids[subject]}
    for p, o in pairs:
        key = keys[p]
        if isinstance(o, URIRef):
            value = ids[o] if key == "@type" else {"@id": ids[o]}
        else:
            value = _jsonld_value(o, ids)
        if key in node:
            if not isinstance(node[key], list):
                node[key] = [node[key]]
            node[key].append(value)
        else:
            node[key] = value
    return node


def _jsonld_value(o, ids):
    """A literal's compact value (``ids``: compact IRIs)."""
    if o.datatype in PLAIN_LITERAL_TYPES:
        return o.toPython()
    if o.datatype:
        return {"@type": ids[o.datatype], "@value": str(o)}
    if o.language:
        return {"@language": o.language, "@value": str(o)}
    return str(o)


def jsonld_context():
    """The published JSON-LD @context: the project's prefixes."""
    return {"@context": {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}}


def _rdflib_jsonld_nodes(graph, context):
    """rdflib's compact JSON-LD nodes of ``graph`` (the subjects with blank nodes: OWL lists)."""
    document = json.loads(to_canonical_graph(graph).serialize(format="json-ld", context=context, auto_compact=True))
    nodes = document.get("@graph", [document] if "@id" in document else [])
    for node in nodes:
        node.pop("@context", None)
    return nodes


def _sorted_values(node):
    """``node`` with each list of values in a stable order (keys are sorted by the encoder).
    One node per line: a change shows as the lines of the nodes it touches, and the JSON
    encoder's C implementation, which indented output cannot use, writes each line."""
    for key, value in node.items():
        if isinstance(value, list):
            node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    return node


def findings_csv(findings):
    """The validation findings as CSV for a spreadsheet (cells made safe: ``spreadsheet_cell``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["origin", "severity", "focus_node", "path", "message", "value", "shape"])
    for f in findings:
        writer.writerow([spreadsheet_cell(value) for value in (f.origin, f.severity, f.focus, f.path, f.message,
                                                                f.value, f.shape)])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def spreadsheet_cell(value):
    """``value`` for a CSV report: text that a spreadsheet would run as a formula (it starts with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, as OWASP advises
    against CSV injection; numbers and other text are left as they are.

    >>> spreadsheet_cell("=HYPERLINK(0)"), spreadsheet_cell("-1"), spreadsheet_cell(-1)
    ("'=HYPERLINK(0)", "'-1", -1)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def json_text(value):
    """Stable, readable JSON text."""
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
