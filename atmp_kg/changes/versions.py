"""A version of the graph to compare: its asserted triples as canonical N-Triples lines (sorted
N-Triples is what every build writes, blank nodes labelled canonically, so the same triples
are the same lines), and the gap report's coverage and suggestion tables where it has them.

``read_version(path)`` reads a build folder or a dump; ``built_version`` an in-memory build;
``revision_version`` builds a git revision of the curated data in a temporary folder.
"""

import csv
import io
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from atmp_kg.errors import LoadError, UsageError
from atmp_kg.rdf.ntriples import sorted_lines
from atmp_kg.read.tables import read_text, regular_file

DUMPS = ("atmp-kg.nt", "atmp-kg.ttl", "atmp-kg.jsonld")  # in a build folder, the first one found is read
FORMATS = {".nt": pyoxigraph.RdfFormat.N_TRIPLES, ".ttl": pyoxigraph.RdfFormat.TURTLE,
           ".jsonld": pyoxigraph.RdfFormat.JSON_LD, ".json": pyoxigraph.RdfFormat.JSON_LD,
           ".trig": pyoxigraph.RdfFormat.TRIG, ".nq": pyoxigraph.RdfFormat.N_QUADS}
GAP_TABLES = ("coverage", "suggestions")
VERSION = "http://www.w3.org/ns/dcat#version"


@dataclass
class Version:
    """One side of a comparison: ``name`` says what it is (a path, ``git v0.2``), ``lines`` its
    asserted N-Triples lines, ``gaps`` ``{table: [row dict]}`` of the gap report (empty when
    unknown: a dump alone), ``release`` its release version where its ``void.ttl`` says it."""

    name: str
    lines: set
    gaps: dict = field(default_factory=dict)
    release: str = ""

    @property
    def title(self):
        """``release 0.2.0`` where the version states its release, else its name."""
        return f"release {self.release}" if self.release else self.name


def read_version(path):
    """The ``Version`` at ``path``: a build or release folder (its ``atmp-kg.nt``, else its Turtle
    or JSON-LD dump; ``gaps/`` and ``void.ttl`` if there), or one dump file (N-Triples, Turtle,
    JSON-LD, TriG, N-Quads). LoadError when it cannot be read."""
    path = Path(path)
    if path.is_dir():
        dump = next((path / name for name in DUMPS if (path / name).is_file()), None)
        if dump is None:
            raise LoadError(f"{path}: no dump of the graph ({', '.join(DUMPS)}); name a build folder or a dump")
        return Version(str(path), dump_lines(dump), gap_tables(path / "gaps"), release_of(path / "void.ttl"))
    if not os.path.lexists(path):
        raise LoadError(f"{path}: no such file or folder")
    return Version(str(path), dump_lines(path))


def dump_lines(path):
    """The canonical N-Triples lines of the dump at ``path``. An N-Triples dump is read line by
    line, as builds write it; other formats are parsed, their terms written as builds write them
    and blank nodes labelled canonically."""
    path = Path(path)
    syntax = FORMATS.get(path.suffix.lower())
    if syntax is None:
        raise LoadError(f"{path}: not a dump this command reads (.{', .'.join(sorted(f[1:] for f in FORMATS))})")
    regular_file(path)
    if syntax == pyoxigraph.RdfFormat.N_TRIPLES:
        lines = {line for line in read_text(path).split("\n") if line and not line.startswith("#")}
        with_bnodes = [line for line in lines if "_:" in line]
        if with_bnodes:  # labelled canonically again: the same triples give the same labels
            lines.difference_update(with_bnodes)
            lines.update(sorted_lines(with_bnodes))
        return lines
    try:
        return set(sorted_lines(nt_line(quad) for quad in pyoxigraph.parse(path=str(path), format=syntax)))
    except (SyntaxError, ValueError, OSError) as error:
        raise LoadError(f"{path}: cannot be read as {path.suffix[1:]}: {error}") from error


def nt_term(term):
    """A pyoxigraph term as ``rdf.ntriples.nt_term`` writes the rdflib one."""
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    text = term.value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    datatype = term.datatype.value
    return f'"{text}"' if datatype == "http://www.w3.org/2001/XMLSchema#string" else f'"{text}"^^<{datatype}>'


def nt_line(quad):
    return f"{nt_term(quad.subject)} {nt_term(quad.predicate)} {nt_term(quad.object)} ."


def gap_tables(folder):
    """``{table: [row dict]}`` of the gap report's CSV files in ``folder`` (those it has)."""
    tables = {}
    for name in GAP_TABLES:
        path = Path(folder) / f"{name}.csv"
        if path.is_file():
            tables[name] = list(csv.DictReader(io.StringIO(read_text(path), newline="")))
    return tables


def release_of(void_path):
    """The release version a build's ``void.ttl`` states (``dcat:version``), or ``""``."""
    if not Path(void_path).is_file():
        return ""
    dataset = "https://w3id.org/atmp-kg/id/dataset/atmp-kg"
    try:
        for triple in pyoxigraph.parse(path=str(void_path), format=pyoxigraph.RdfFormat.TURTLE):
            if triple.subject.value == dataset and triple.predicate.value == VERSION:
                return "" if triple.object.value == "unreleased" else triple.object.value
    except (SyntaxError, ValueError, OSError) as error:
        raise LoadError(f"{void_path}: cannot be read as Turtle: {error}") from error
    return ""


def built_version(name, sorted_asserted, report=None, release=""):
    """The ``Version`` of an in-memory build: its sorted asserted lines (``BuildResult
    .sorted_asserted_lines``) and its gap report (``analyse.gaps.GapReport``), if made."""
    return Version(name, set(sorted_asserted), report_tables(report) if report is not None else {}, release)


def report_tables(report):
    """``{table: [row dict]}`` of a ``GapReport``'s compared tables, as their CSV files have them
    (so that both sides read alike)."""
    from atmp_kg.analyse.gaps import csv_text

    return {table: list(csv.DictReader(io.StringIO(csv_text(report.tables[table]), newline="")))
            for table in GAP_TABLES if table in report.tables}


def revision_version(revision, graph_dir, ontology_dir, as_of=None):
    """The ``Version`` of the curated data at git ``revision``: ``graph_dir`` and ``ontology_dir``
    as that revision holds them (an ontology folder outside the repository stays as it is),
    extracted into a temporary folder and built there (validated, reasoned and its gap report
    made, as a build would; nothing written). UsageError when ``graph_dir`` is not in a git
    repository or the revision is unknown; DataError when that revision's data is invalid."""
    from atmp_kg.analyse.gaps import Settings, gap_report
    from atmp_kg.pipeline import build
    from atmp_kg.read.load import Inputs
    from atmp_kg.read.release import read_release
    from atmp_kg.sparql.backends import backend

    graph_dir, ontology_dir = Path(graph_dir).resolve(), Path(ontology_dir).resolve()
    top = Path(_git(graph_dir, "rev-parse", "--show-toplevel").strip())
    folders = [folder for folder in (graph_dir, ontology_dir) if folder.is_relative_to(top)]
    with tempfile.TemporaryDirectory(prefix="atmp-kg-revision.") as temporary:
        archive = _git(top, "archive", "--format=tar", revision, "--",
                       *(str(folder.relative_to(top)) for folder in folders), binary=True)
        _extract(archive, temporary)
        old_graph = Path(temporary) / graph_dir.relative_to(top)
        old_ontology = Path(temporary) / ontology_dir.relative_to(top) if ontology_dir in folders else ontology_dir
        if not old_graph.is_dir():
            raise UsageError(f"git revision {revision!r} has no {graph_dir.relative_to(top)}/ folder")
        result = build(Inputs(old_ontology, old_graph))
        report = gap_report(backend(result.store), Settings(as_of=as_of))
        release = read_release(old_graph)
        return built_version(f"git {revision}", result.sorted_asserted_lines(), report,
                             release.version if release else "")


def _extract(archive, folder):
    """Extract the tar ``archive`` (bytes) into ``folder``, refusing members that would land outside
    it: tarfile's ``data`` filter, or on Pythons before 3.11.4, which lack it (Debian 12's 3.11.2),
    a check by hand that lets only plain files and folders inside ``folder`` through (what git
    archive gives for graph/ and ontology/)."""
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(folder, filter="data")
            return
        for member in tar.getmembers():
            if not (member.isfile() or member.isdir()) or member.name.startswith("/") \
                    or ".." in Path(member.name).parts:
                raise tarfile.TarError(f"refused archive member {member.name!r}")
        tar.extractall(folder)


def _git(folder, *args, binary=False):
    """The output of ``git args`` run in ``folder``; UsageError with git's message if it fails."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except OSError as error:
        raise UsageError(f"cannot run git: {error.strerror}") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} in {folder}: {message[-1] if message else 'failed'}")
    return done.stdout if binary else done.stdout.decode("utf-8")
