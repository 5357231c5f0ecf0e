"""The build, as a thin composer: ``build(inputs)`` loads, validates and reasons;
``write(result, out_dir)`` writes every output. Each step is a function of the step module."""

import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from . import export, fast, gaps
from .describe import counts, void
from .errors import DataError
from .export import nt_lines
from .load import Inputs, load
from .namespaces import bind_prefixes
from .network import store_of, store_select
from .queries import violations
from .reason import reason
from .site import site_files
from .validate import validate


@dataclass
class BuildResult:
    """Everything a build made: the asserted and inferred graphs, validation, timings."""

    asserted: Graph
    inferred: Graph
    validation: object
    reasoner: str
    timings: dict = field(default_factory=dict)
    engine: str = "embedded"
    triples: object = None  # the fast engine's triple sets (atmp_kg.fast.Triples)
    store: object = None  # the inferred triples in a pyoxigraph store: the build's SPARQL engine

    def summary(self):
        return fast.counts(self.triples) if self.engine == "fast" else counts(self.inferred)

    def sizes(self):
        """(asserted, inferred) triple counts, from the stores (counting a graph over a store is slow)."""
        asserted = self.triples.asserted_store if self.engine == "fast" else self.asserted
        return len(asserted), len(self.store)

    def inferred_triples(self):
        """The inferred triples, from the fast engine's sets when there are (quicker than its graph)."""
        return self.triples.inferred() if self.engine == "fast" else self.inferred


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


def build(inputs=None, reasoner="auto", progress=None, timer=None, engine="auto"):
    """Load, validate (raise DataError on violations) and reason; returns a BuildResult.

    ``engine``: ``embedded`` (rdflib, pySHACL, ``reasoner``), ``fast`` (pyoxigraph,
    pyshacl-turbo, rules: see ``atmp_kg.fast``) or ``auto``: fast for big graph folders, else
    embedded with the fast validator and (when ``reasoner`` is ``auto``) the rules engine, which
    give the same report and entailments. Every engine writes the same bytes (``rdf_files``).
    """
    timer = timer or Timer(progress)
    if fast.pick_engine(engine, inputs) == "fast":
        result = fast.build(inputs or Inputs(), timer)
    else:
        result = embedded_build(inputs, reasoner, timer, engine)
    with timer("check"):
        if result.store is None:
            result.store = store_of(nt_lines(result.inferred))
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
    with timer("validate"):
        validation = validate(loaded, **options)
    if validation.violations:
        raise DataError(f"{len(validation.violations)} SHACL violation(s)",
                        [finding.line() for finding in validation.violations])
    with timer("reason"):
        reasoned = reason(loaded.schema, loaded.data, engine=reasoner)
    asserted = bind_prefixes(Graph())
    for graph in (loaded.schema, loaded.data):
        for triple in graph:
            asserted.add(triple)
    inferred = bind_prefixes(Graph())
    for graph in (asserted, reasoned.entailed):
        for triple in graph:
            inferred.add(triple)
    return BuildResult(asserted, inferred, validation, reasoned.engine, timer.seconds)


def write(result, out_dir, timer=None):
    """Write all outputs into ``out_dir``, replacing it only when every file is written."""
    timer = timer or Timer()
    select = store_select(result.store)
    with timer("gaps"):
        gap_files = gaps.report_files(gaps.gap_report(select))
    with timer("views"):
        site = site_files(result.inferred_triples(), select)  # the explorer (atmp_kg.site)
    with timer("write"), export.staged_dir(out_dir) as staging:
        files = rdf_files(result)
        files.update(gap_files)
        for name, text in files.items():
            export.write_text(Path(staging) / name, text)
        for name, text in site.items():
            export.write_text(Path(staging) / name, text)
    return Path(out_dir)


def rdf_files(result):
    """The text of each RDF output and report; the same writers for both engines."""
    if result.engine == "fast":
        asserted, inferred = result.triples.asserted(), result.triples.inferred()
        description = fast.void(result.triples)
    else:
        asserted, inferred = result.asserted, result.inferred
        description = void(result.asserted, result.inferred)
    return {
        "atmp-kg.ttl": export.turtle(asserted),
        "atmp-kg-inferred.ttl": export.turtle(inferred),
        "atmp-kg.nt": export.ntriples(asserted),
        "atmp-kg.jsonld": export.jsonld(asserted),
        export.CONTEXT_FILE: export.json_text(export.jsonld_context()),
        "validation.ttl": export.turtle(result.validation.report),
        "validation.csv": export.findings_csv(result.validation.findings),
        "void.ttl": export.turtle(description),
    }
