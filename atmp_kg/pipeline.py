"""The build, as a thin composer of the stages: ``build(inputs)`` loads, validates, reasons and
checks; ``write(result, out_dir)`` writes every output. The engines are chosen once, by
``infer.engines.choose``; each step is a function of its stage's module.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from atmp_kg.analyse import gaps, measures
from atmp_kg.changes.compare import compare, with_gaps
from atmp_kg.changes.files import changes_files
from atmp_kg.changes.text import changes_line
from atmp_kg.changes.versions import built_version, report_tables
from atmp_kg.errors import DataError
from atmp_kg.infer.engines import Engines, choose
from atmp_kg.infer.processes import Batches, Forked
from atmp_kg.infer.reason import entailments, fewer_gc_passes
from atmp_kg.infer.triples import Triples, nt_text
from atmp_kg.infer.validate import validate
from atmp_kg.rdf.jsonld import CONTEXT_FILE, json_text, jsonld_chunks, jsonld_context
from atmp_kg.rdf.namespaces import bind_prefixes
from atmp_kg.rdf.ntriples import lines_chunks, merged_lines, nt_lines, sorted_lines
from atmp_kg.rdf.turtle import Turtle, turtle, turtle_chunks
from atmp_kg.read.load import Inputs, load
from atmp_kg.read.release import read_release
from atmp_kg.site import gapview
from atmp_kg.site.files import explorer_network, site_file_items, site_timeline
from atmp_kg.site.labels import site_terms
from atmp_kg.site.markup import release_footer
from atmp_kg.site.pages import TripleIndex, description_files, profile_files
from atmp_kg.sparql.backends import backend, store_of
from atmp_kg.sparql.library import violations
from atmp_kg.write.describe import counts, void
from atmp_kg.write.spreadsheet import findings_csv
from atmp_kg.write.staging import BUILD_MARK, BUILD_MARK_TEXT, check_out_dir, staged_dir

PAGE_BATCH = 32  # actors' profile pages a process takes at a time


@dataclass
class BuildResult:
    """Everything a build made: its triples (with the inferred store, the build's SPARQL engine),
    the validation, the engines used and the time each step took."""

    triples: Triples
    validation: object
    engines: Engines
    timings: dict = field(default_factory=dict)
    prepared: tuple = None  # ``prepare_write``'s (index, network), if ``build`` made them
    counted: dict = None  # ``summary()``, if ``write`` made it
    as_of: dict = None  # the gap report's day and its active and former actors, if ``write`` made it
    release: object = None  # the ``read.release.Release`` of the graph folder; None: unreleased data
    changes: object = None  # the ``changes.compare.Comparison`` with the previous release, if ``write`` made it

    @property
    def store(self):
        return self.triples.inferred_store

    @property
    def reasoner(self):
        return self.engines.reasoner

    @cached_property
    def inferred(self):
        """The inferred graph as an rdflib ``Graph`` (made on first use, for rdflib's API)."""
        graph = bind_prefixes(Graph())
        for triple in self.triples.inferred():
            graph.add(triple)
        return graph

    def summary(self):
        return self.counted or counts(backend(self.store))

    def sizes(self):
        """(asserted, inferred) triple counts."""
        return self.triples.asserted_count(), len(self.store)

    def asserted_triples(self):
        return self.triples.asserted()

    def inferred_triples(self):
        """The inferred triples, as an iterable to read once."""
        return self.triples.inferred()

    def sorted_asserted_lines(self):
        """The asserted triples as sorted N-Triples lines (``sorted_lines``)."""
        return sorted_lines(self.triples.asserted_lines())

    def sorted_inferred_lines(self, sorted_asserted=None):
        """The inferred triples as sorted N-Triples lines. With the asserted lines sorted already
        (``sorted_asserted``), only the entailed lines are sorted, then merged in; not when they
        hold blank nodes (labelled canonically over the whole graph)."""
        entailed = self.triples.entailed_lines()
        if sorted_asserted is None or any("_:" in line for line in entailed):
            return sorted_lines(self.triples.inferred_lines())
        return merged_lines(sorted_asserted, sorted_lines(entailed))


class Timer:
    """Times named steps: ``with timer("load"): ...``; ``timer.seconds`` holds the results."""

    def __init__(self, progress=None):
        self.seconds = {}
        self.progress = progress

    def __call__(self, name):
        return _Step(self, name)


class _Step:
    def __init__(self, timer, name):
        self.timer, self.name = timer, name

    def __enter__(self):
        if self.timer.progress:
            self.timer.progress(f"{self.name}...")
        self.start = time.perf_counter()

    def __exit__(self, *exc):
        self.timer.seconds[self.name] = time.perf_counter() - self.start


def build(inputs=None, validator="auto", reasoner="auto", progress=None, timer=None, prepare=False):
    """Load, validate, reason and check; returns a BuildResult, or raises DataError (SHACL
    violations first, then rows of the data-quality queries ``queries/*-violation.rq``).

    ``validator`` and ``reasoner``: see ``infer.engines`` (UsageError for an unknown one).
    Validation runs in a thread alongside reasoning, the checks and (with ``prepare``) what
    ``write`` reads first (``prepare_write``): they all read the loaded data and none changes it.
    """
    engines = choose(validator, reasoner)
    timer = timer or Timer(progress)
    inputs = inputs or Inputs()
    release = read_release(inputs.graph_dir)
    with fewer_gc_passes():
        with timer("load"):
            loaded = load(inputs, data=set())
            asserted_text = nt_text(loaded.schema, loaded.data)
            shacl_input = engines.shacl_input(loaded, asserted_text)
        with ThreadPoolExecutor(max_workers=1) as background:  # pyshacl-turbo runs in Rust, without the GIL
            checking = background.submit(_timed, timer, "validate", validate, loaded, shacl_input, engines.shacl())
            with timer("reason"):
                entailed = entailments(loaded.schema, loaded.data, engines.reasoner)
                entailed_text = "\n".join(nt_lines(entailed))
                store = store_of(asserted_text, entailed_text, checked=True)
            triples = Triples(set(loaded.schema), loaded.data, entailed, store, asserted_text, entailed_text)
            with timer("check"):
                problems = violations(store)
            prepared = None
            if prepare and not problems:
                with timer("index"):
                    prepared = prepare_write(store, triples.inferred())
            validation = checking.result()
    if validation.violations:
        raise DataError(f"{len(validation.violations)} SHACL violation(s)",
                        [finding.line() for finding in validation.violations])
    if problems:
        raise DataError(f"{len(problems)} row(s) from the data-quality queries (queries/*-violation.rq)", problems)
    return BuildResult(triples, validation, engines, timer.seconds, prepared=prepared, release=release)


def validation(inputs=None, validator="auto"):
    """Load and validate only (``atmp-kg validate``): the Validation, with the engine ``build`` uses."""
    engines = choose(validator)
    loaded = load(inputs or Inputs(), data=set())
    return validate(loaded, engines.shacl_input(loaded, nt_text(loaded.schema, loaded.data)), engines.shacl())


def _timed(timer, step, function, *args):
    with timer(step):
        return function(*args)


def prepare_write(store, inferred_triples):
    """``(index, network)``: the pages' index of ``inferred_triples`` and the actor network of
    ``store``, which both of ``write``'s processes read (made once, before the fork, and
    shared); the network by a process of its own on the other core meanwhile, at a lower
    priority: while validation still runs, that thread is the longest step and keeps a core
    to itself."""
    with Forked(lambda: explorer_network(backend(store)), "the actor network", nice=10) as networking:
        index = TripleIndex(inferred_triples)
        return index, networking.wait()


def write(result, out_dir, timer=None, summary=False, as_of=None, previous=None):
    """Write all outputs into ``out_dir``, replacing it only when every file is written, and
    only if it is new, empty or an earlier build (``check_out_dir``: OutputError).

    The explorer's pages and downloads and the JSON-LD dump are made by a forked child process
    while this one writes the gap report and the other RDF files; then both write the actors'
    profile pages, taking them a batch at a time (``Batches``), so that the process with less
    other work writes more of them and both end together: the explorer's process from the front
    of the network's breadth-first order, this one from the back, so that each draws runs of
    neighbouring actors, whose drawings share nodes and edges made once per process. Before
    that, the pages' index and the actor network (``prepare_write``), unless the build made them
    (``result.prepared``).
    ``summary``: the explorer's process also counts what ``result.summary()`` reports (a second
    at a million triples, of which its share of the pages then takes half).
    ``as_of``: the day (``datetime.date``) of the gap report; default the newest source date.
    ``previous``: the previous release (a ``changes.versions.Version``): what changed since is
    written as ``changes.html``, ``changes.csv``, ``changes.trig`` and ``CHANGES.md`` and said in one
    line on the home page and the gap report; none: no such files or lines. Every page's footer
    says which release the data is (``result.release``) and the day it is as of.
    """
    timer = timer or Timer()
    select = backend(result.store)
    check_out_dir(out_dir)
    with fewer_gc_passes(), staged_dir(out_dir) as staging:
        write_files(staging, {BUILD_MARK: BUILD_MARK_TEXT})
        if result.prepared:
            index, network = result.prepared
        else:
            with timer("index"):
                index, network = prepare_write(result.store, result.inferred_triples())
        if timer.progress:
            timer.progress("views (in parallel)...")
        actors = Batches(measures.breadth_first(network), PAGE_BATCH)
        terms = site_terms(select)
        when = site_timeline(select, as_of)  # the explorer's former actors, on the report's day
        footer = release_footer(result.release, when.day.isoformat() if when else None)
        asserted = news = None
        if previous is not None:  # the data's changes, for the home page; the gap report's are added below
            with timer("changes"):
                asserted = result.sorted_asserted_lines()
                release = result.release.version if result.release else ""
                result.changes = compare(previous, built_version("this build", asserted, release=release))
                news = changes_line(result.changes)

        def views():  # the explorer (atmp_kg.site.files) but the descriptions; the JSON-LD; the counts; then pages
            write_files(staging, site_file_items(index, select, network=network, terms=terms, profiles=False,
                                                 descriptions=False, when=when, footer=footer, news=news or ""))
            write_files(staging, jsonld_files(result))
            counted = counts(select) if summary else None
            write_files(staging, profile_files(index, network, terms, actors=actors, when=when, footer=footer))
            return counted
        with Forked(views, "the explorer") as explorer:
            with timer("gaps"):
                report = gaps.gap_report(select, gaps.Settings(as_of=as_of), network=network)
                if previous is not None:
                    result.changes = with_gaps(result.changes, previous.gaps, report_tables(report))
                    write_files(staging, changes_files(result.changes, in_site=True, footer=footer))
                write_files(staging, gapview.report_files(report, footer, changes_line(result.changes)
                                                          if previous is not None else "", terms,
                                                          result.release))
                result.as_of = {"day": report.as_of, "active": len(report.network),
                                "former": len(report.tables["former"].rows)}
            with timer("write"):
                asserted = asserted or result.sorted_asserted_lines()  # merged into the inferred ones too
                write_files(staging, inferred_files(result, index, asserted))
                write_files(staging, rdf_files(result, asserted))
                del asserted
                write_files(staging, profile_files(index, network, terms, actors=actors.from_back(), when=when,
                                                   footer=footer))
            result.counted = explorer.wait() or result.counted
            timer.seconds["views"] = explorer.seconds
    return Path(out_dir)


def write_files(folder, files):
    """Write ``files`` (``{relative path: text}`` or ``(path, text)`` pairs, written as they
    come; a text may be an iterable of pieces, written one by one) into the staging ``folder``:
    plain writes, since the folder as a whole replaces ``dist/`` only when complete (no temporary
    file and rename per file)."""
    folders = set()  # made already: 36,000 files need two folders
    for name, text in files.items() if isinstance(files, dict) else files:
        path = Path(folder) / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(text)


def inferred_files(result, index, sorted_asserted=None):
    """Yield ``(name, text)`` of the outputs made from the inferred triples (``index`` is their
    index; ``sorted_asserted``, if given, the asserted triples' sorted lines): their Turtle and
    the actors' descriptions, cut from it (one serialisation), dropped before the asserted
    outputs are made (``rdf_files``)."""
    turtle = Turtle(result.sorted_inferred_lines(sorted_asserted))
    yield "atmp-kg-inferred.ttl", turtle.chunks()
    yield from description_files(index, turtle)


def rdf_files(result, sorted_asserted=None):
    """Yield ``(name, text)`` of each asserted RDF output but JSON-LD (``jsonld_files``) and the
    reports, one at a time; the dumps (100 to 200 MB each at a million triples) as pieces of
    text, made as they are written. The same writers for both engines. ``sorted_asserted``: the
    asserted triples' sorted lines, if made already."""
    asserted = result.sorted_asserted_lines() if sorted_asserted is None else sorted_asserted
    yield "atmp-kg.nt", lines_chunks(asserted)
    yield "atmp-kg.ttl", turtle_chunks(asserted)
    del asserted
    yield "validation.ttl", turtle(result.validation.report)
    yield "validation.csv", findings_csv(result.validation.findings)
    day = result.as_of["day"] if result.as_of else None
    yield "void.ttl", turtle(void(backend(result.store), len(result.store), result.release, day))


def jsonld_files(result):
    """Yield ``(name, text)`` of the asserted graph as JSON-LD (made a node at a time) and its context."""
    yield "atmp-kg.jsonld", jsonld_chunks(result.asserted_triples())
    yield CONTEXT_FILE, json_text(jsonld_context())
