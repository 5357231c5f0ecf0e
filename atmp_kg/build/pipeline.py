"""The build, as a thin composer: ``build(inputs)`` loads, validates and reasons;
``write(result, out_dir)`` writes every output. Each step is a function of the step module."""

import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from atmp_kg.analyse import gaps, measures
from atmp_kg.analyse.network import store_of, store_select
from atmp_kg.build import fast
from atmp_kg.build.processes import Batches, Forked
from atmp_kg.build.reason import fewer_gc_passes, reason
from atmp_kg.build.validate import validate
from atmp_kg.errors import DataError
from atmp_kg.rdf.namespaces import bind_prefixes
from atmp_kg.read.load import Inputs, load
from atmp_kg.site import gapview
from atmp_kg.site.files import explorer_network, site_file_items
from atmp_kg.site.pages import TripleIndex, description_files, profile_files
from atmp_kg.site.views import site_terms
from atmp_kg.sparql.library import violations
from atmp_kg.write import export
from atmp_kg.write.describe import counts, void
from atmp_kg.write.export import nt_lines

PAGE_BATCH = 32  # actors' profile pages a process takes at a time (about 30 ms of work at 1M)


@dataclass
class BuildResult:
    """Everything a build made: the asserted and inferred graphs, validation, timings."""

    asserted: Graph  # None with the fast engine, which keeps the triple sets instead (``asserted_triples``)
    inferred: Graph
    validation: object
    reasoner: str
    timings: dict = field(default_factory=dict)
    engine: str = "embedded"
    triples: object = None  # the fast engine's triple sets (atmp_kg.build.fast.Triples)
    store: object = None  # the inferred triples in a pyoxigraph store: the build's SPARQL engine
    prepared: tuple = None  # ``prepare_write``'s (index, network), if ``build`` made them
    counted: dict = None  # ``summary()``, if ``write`` made it

    def summary(self):
        return self.counted or counts(store_select(self.store))

    def sizes(self):
        """(asserted, inferred) triple counts (the inferred from the store: counting a graph over it is slow)."""
        asserted = self.triples.asserted_count() if self.engine == "fast" else len(self.asserted)
        return asserted, len(self.store)

    def asserted_triples(self):
        """The asserted triples, from the fast engine's sets when there are (quicker than its graph)."""
        return self.triples.asserted() if self.engine == "fast" else self.asserted

    def inferred_triples(self):
        """The inferred triples, from the fast engine's sets when there are (quicker than its
        graph; then an iterable to read once)."""
        return self.triples.inferred() if self.engine == "fast" else self.inferred

    def sorted_asserted_lines(self):
        """The asserted triples as sorted N-Triples lines (``export.sorted_lines``)."""
        if self.engine == "fast":
            return export.sorted_lines(self.triples.asserted_lines())
        return export.sorted_nt_lines(self.asserted)

    def sorted_inferred_lines(self, sorted_asserted=None):
        """The inferred triples as sorted N-Triples lines (``export.sorted_lines``). With the fast
        engine and the asserted lines sorted already (``sorted_asserted``), only the entailed
        lines are sorted, then merged in; not when they hold blank nodes (labelled canonically
        over the whole graph)."""
        if self.engine != "fast":
            return export.sorted_nt_lines(self.inferred)
        entailed = self.triples.entailed_lines()
        if sorted_asserted is None or any("_:" in line for line in entailed):
            return export.sorted_lines(self.triples.inferred_lines())
        return export.merged_lines(sorted_asserted, export.sorted_lines(entailed))


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


def build(inputs=None, reasoner="auto", progress=None, timer=None, engine="auto", prepare=False):
    """Load, validate (raise DataError on violations) and reason; returns a BuildResult.

    ``engine``: ``embedded`` (rdflib, pySHACL, ``reasoner``), ``fast`` (pyoxigraph,
    pyshacl-turbo, rules: see ``atmp_kg.build.fast``) or ``auto``: fast for big graph folders, else
    embedded with the fast validator and (when ``reasoner`` is ``auto``) the rules engine, which
    give the same report and entailments. Every engine writes the same bytes (``rdf_files``).
    ``prepare``: also make what ``write`` reads first (``prepare_write``: ``result.prepared``).
    The fast engine runs the data-quality queries and the preparation while its validation
    ends, on the core that validation leaves free.
    """
    timer = timer or Timer(progress)
    with fewer_gc_passes():
        if fast.pick_engine(engine, inputs) == "fast":
            def meanwhile(store, inferred_triples):
                with timer("check"):
                    found = violations(store)
                if found or not prepare:
                    return found, None
                with timer("index"):
                    return found, prepare_write(store, inferred_triples)
            inferred, validation, triples, (problems, prepared) = fast.build(inputs or Inputs(), timer, meanwhile)
            result = BuildResult(None, inferred, validation, "rules", timer.seconds, engine="fast",
                                 triples=triples, store=triples.inferred_store, prepared=prepared)
        else:
            result = embedded_build(inputs, reasoner, timer, engine)
            with timer("check"):
                problems = violations(result.store)
    if problems:
        raise DataError(f"{len(problems)} row(s) from the data-quality queries (queries/*-violation.rq)", problems)
    return result


def embedded_build(inputs, reasoner, timer, engine):
    """Load, validate and reason with rdflib, pySHACL (or pyshacl-turbo) and ``reasoner``."""
    options = {}
    if engine == "auto":
        options["shacl"] = fast.shacl_engine()[0]
        reasoner = "rules" if reasoner == "auto" else reasoner
    with timer("load"):
        loaded = load(inputs or Inputs())
        asserted = loaded.asserted()
    with timer("validate"):
        validation = validate(loaded, union=asserted, **options)  # SHACL reads it, never changes it
    if validation.violations:
        raise DataError(f"{len(validation.violations)} SHACL violation(s)",
                        [finding.line() for finding in validation.violations])
    with timer("reason"):
        reasoned = reason(loaded.schema, loaded.data, engine=reasoner)
    inferred = bind_prefixes(Graph())
    for graph in (asserted, reasoned.entailed):
        for triple in graph:
            inferred.add(triple)
    return BuildResult(asserted, inferred, validation, reasoned.engine, timer.seconds,
                       store=store_of(nt_lines(inferred)))


def prepare_write(store, inferred_triples):
    """``(index, network)``: the pages' index of ``inferred_triples`` and the actor network of
    ``store``, which both of ``write``'s processes read (made once, before the fork, and
    shared); the network by a process of its own on the other core meanwhile, at a lower
    priority: when the fast engine's validation still runs, that thread is the longest step
    and keeps a core to itself (1M: validation 25 -> 21 s)."""
    with Forked(lambda: explorer_network(store_select(store)), "the actor network", nice=10) as networking:
        index = TripleIndex(inferred_triples)
        return index, networking.wait()


def write(result, out_dir, timer=None, summary=False):
    """Write all outputs into ``out_dir``, replacing it only when every file is written, and
    only if it is new, empty or an earlier build (``export.check_out_dir``: OutputError).

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
    """
    timer = timer or Timer()
    select = store_select(result.store)
    export.check_out_dir(out_dir)
    with fewer_gc_passes(), export.staged_dir(out_dir) as staging:
        write_files(staging, {export.BUILD_MARK: export.BUILD_MARK_TEXT})
        if result.prepared:
            index, network = result.prepared
        else:
            with timer("index"):
                index, network = prepare_write(result.store, result.inferred_triples())
        if timer.progress:
            timer.progress("views (in parallel)...")
        actors = Batches(measures.breadth_first(network), PAGE_BATCH)
        terms = site_terms(select)

        def views():  # the explorer (atmp_kg.site.files) but the descriptions; the JSON-LD; the counts; then pages
            write_files(staging, site_file_items(index, select, network=network, terms=terms, profiles=False,
                                                 descriptions=False))
            write_files(staging, jsonld_files(result))
            counted = counts(select) if summary else None
            write_files(staging, profile_files(index, network, terms, actors=actors))
            return counted
        with Forked(views, "the explorer") as explorer:
            with timer("gaps"):
                write_files(staging, gapview.report_files(gaps.gap_report(select, network=network)))
            with timer("write"):
                asserted = result.sorted_asserted_lines()  # merged into the inferred ones too
                write_files(staging, inferred_files(result, index, asserted))
                write_files(staging, rdf_files(result, asserted))
                del asserted
                write_files(staging, profile_files(index, network, terms, actors=actors.from_back()))
            result.counted = explorer.wait() or result.counted
            timer.seconds["views"] = explorer.seconds
    return Path(out_dir)


def write_files(folder, files):
    """Write ``files`` (``{relative path: text}`` or ``(path, text)`` pairs, written as they
    come; a text may be an iterable of pieces, written one by one) into the staging ``folder``:
    plain writes, since the folder as a whole replaces ``dist/`` only when complete (five times
    faster than a temporary file and a rename per file, for the 36,000 files of a
    million-triple build)."""
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
    turtle = export.Turtle(result.sorted_inferred_lines(sorted_asserted))
    yield "atmp-kg-inferred.ttl", turtle.chunks()
    yield from description_files(index, turtle)


def rdf_files(result, sorted_asserted=None):
    """Yield ``(name, text)`` of each asserted RDF output but JSON-LD (``jsonld_files``) and the
    reports, one at a time; the dumps (100 to 200 MB each at a million triples) as pieces of
    text, made as they are written. The same writers for both engines. ``sorted_asserted``: the
    asserted triples' sorted lines, if made already."""
    asserted = result.sorted_asserted_lines() if sorted_asserted is None else sorted_asserted
    yield "atmp-kg.nt", export.lines_chunks(asserted)
    yield "atmp-kg.ttl", export.turtle_chunks(asserted)
    del asserted
    yield "validation.ttl", export.turtle(result.validation.report)
    yield "validation.csv", export.findings_csv(result.validation.findings)
    yield "void.ttl", export.turtle(void(store_select(result.store), len(result.store)))


def jsonld_files(result):
    """Yield ``(name, text)`` of the asserted graph as JSON-LD (made a node at a time) and its context."""
    yield "atmp-kg.jsonld", export.jsonld_chunks(result.asserted_triples())
    yield export.CONTEXT_FILE, export.json_text(export.jsonld_context())
