"""The ``atmp-kg`` command. The only place that prints and chooses exit codes:
0 success; 1 invalid data (bad rows, SHACL violations, violation queries); 2 usage or load error."""

import atexit
import gc
import sys
import time
from pathlib import Path

import click

from atmp_kg import __version__
from atmp_kg.errors import AtmpKgError, DataError, UsageError
from atmp_kg.resources import DIST_DIR, GRAPH_DIR, ONTOLOGY_DIR, QUERIES_DIR

DEFAULT_OUT = DIST_DIR


def inputs(ontology_dir, graph_dir):
    """The build inputs (imported here so that commands that do not build start fast)."""
    from atmp_kg.read.load import Inputs

    return Inputs(ontology_dir, graph_dir)


def fail(error):
    """Print an atmp-kg error (and its problems) to stderr and exit with its code."""
    click.echo(f"error: {error}", err=True)
    for problem in getattr(error, "problems", []):
        click.echo(f"  {problem}", err=True)
    sys.exit(error.exit_code)


def inputs_options(command):
    command = click.option("--ontology", "ontology_dir", type=click.Path(path_type=Path),
                           default=ONTOLOGY_DIR, show_default="ontology/",
                           help="Folder of the ontology, vocabularies and shapes (Turtle).")(command)
    command = click.option("--graph", "graph_dir", type=click.Path(path_type=Path),
                           default=GRAPH_DIR, show_default="graph/",
                           help="Folder of the curated CSV tables (and optional Turtle).")(command)
    return command


validator_option = click.option(
    "--validator", type=click.Choice(["auto", "pyshacl-turbo", "pyshacl"]), default="auto", show_default=True,
    help="SHACL engine: pyshacl-turbo (Rust, reads N-Triples) or pyshacl (the reference); the same findings. "
         "auto: pyshacl-turbo where installed.")


def _as_of(ctx, param, value):
    from atmp_kg.analyse.history import parse_as_of
    try:
        return None if value is None else parse_as_of(value)
    except AtmpKgError as error:
        raise click.BadParameter(str(error)) from error


def previous_version(path, release):
    """The previous release to compare a build with: the one at ``path`` (a build or release
    folder, or a dump), else ``releases/<previous>/`` if the release names one kept there, else None."""
    from atmp_kg.changes.versions import read_version
    from atmp_kg.release import previous_folder

    path = path or previous_folder(release)
    return None if path is None else read_version(path)


previous_option = click.option(
    "--previous", type=click.Path(path_type=Path), metavar="PATH",
    help="The previous release (its folder, a build folder or a dump) to say what changed since: "
         "changes.html, changes.csv, changes.trig, and one line on the home page and the gap report. "
         "Default: releases/<previous>/ when graph/release.csv names a previous release kept there; "
         "without one, no such files or lines.")


as_of_option = click.option(
    "--as-of", metavar="DATE", callback=_as_of,
    help="Day the collaboration-gap report is made as of (ISO date): only actors active and claims valid "
         "on it count. Default: the newest date of any source (never today's date).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="atmp-kg")
def main():
    """atmp-kg: an open knowledge graph of the ATMP value chain (Wallonia, Belgium).

    Build the graph from ontology/ and graph/ into dist/, query it with named SPARQL
    queries, analyse collaboration gaps and serve it as a SPARQL endpoint.
    """


@main.command()
@inputs_options
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default="dist/",
              help="Output folder; replaced only when the whole build succeeds.")
@validator_option
@click.option("--reasoner", type=click.Choice(["auto", "rules", "owlrl"]), default="auto", show_default=True,
              help="OWL 2 RL reasoner: rules (the OWL 2 RL rules the ontology's axioms trigger) or owlrl "
                   "(the reference, full closure; slow beyond ~100k triples); the same entailments and "
                   "output bytes. auto: rules.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@as_of_option
@previous_option
def build(ontology_dir, graph_dir, out, validator, reasoner, quiet, as_of, previous):
    """Load, validate (SHACL), reason (OWL 2 RL) and write every output into dist/.

    Every page's footer and void.ttl say which release the data is (graph/release.csv) and
    the day it is as of. Exit codes: 0 built; 1 invalid data (each problem printed with its
    file and row); 2 an input cannot be read (a Turtle syntax error names the file and line),
    --previous cannot be read, or --out is not a folder a build may replace (new, empty or an
    earlier build; never the inputs).
    """
    from atmp_kg.infer.reason import fewer_gc_passes
    from atmp_kg.pipeline import Timer, write
    from atmp_kg.pipeline import build as run_build
    from atmp_kg.write.staging import check_out_dir

    progress = None if quiet else (lambda text: click.echo(f"  {text}", err=True))
    timer = Timer(progress)
    start = time.perf_counter()
    # one span without the cyclic collector: the build makes millions of objects and next to no
    # cycles (the collector's passes over them cost seconds at 1M); it is on again afterwards
    gc.disable()
    try:
        with fewer_gc_passes():
            try:
                check_out_dir(out, (ontology_dir, graph_dir))
                result = run_build(inputs(ontology_dir, graph_dir), validator=validator, reasoner=reasoner,
                                   timer=timer, prepare=True)
                write(result, out, timer=timer, summary=not quiet, as_of=as_of,
                      previous=previous_version(previous, result.release))
            except AtmpKgError as error:
                fail(error)
            if not quiet:
                print_summary(result, timer.seconds, time.perf_counter() - start, out)
    finally:
        gc.enable()
    atexit.register(gc.freeze)  # the interpreter's last collection then skips the build's objects


def print_summary(result, seconds, wall, out):
    summary = result.summary()
    sourced, described = summary["facts with a source"]
    asserted, inferred = result.sizes()
    click.echo(f"atmp-kg {__version__}: built {out}")
    release = result.release
    click.echo(f"  data: {f'release {release.version} of {release.date}' if release else 'unreleased'}"
               + (f", revises {release.previous}" if release and release.previous else ""))
    if result.changes is not None:
        from atmp_kg.changes.text import since, summary

        click.echo(f"  since {since(result.changes)}: {summary(result.changes)} ({out / 'changes.html'})")
    click.echo(f"  actors: {summary['actors']}   capabilities: {summary['capabilities']}")
    click.echo("  coverage of the actors: " + ", ".join(
        f"{name} {count} ({count / max(summary['actors'], 1):.0%})" for name, count in summary["coverage"].items()))
    if result.as_of:
        click.echo(f"  as of {result.as_of['day']}: {result.as_of['active']} active actor(s), "
                   f"{result.as_of['former']} former")
    click.echo(f"  triples: {asserted} asserted, {inferred - asserted} entailed ({result.reasoner})")
    click.echo(f"  validation: {'conforms' if result.validation.conforms else 'warnings'}, "
               f"{len(result.validation.violations)} violation(s) ({result.engines.validator})")
    click.echo(f"  described things with a source: {sourced}/{described}")
    for title in ("actor types", "regions", "stages", "therapies"):
        items = ", ".join(f"{name} {count}" for name, count in sorted(summary[title].items()))
        click.echo(f"  {title}: {items or '-'}")
    click.echo("  time: " + ", ".join(f"{step} {secs:.2f}s" for step, secs in seconds.items())
               + f" (validate alongside reason, check and index, views alongside gaps and write; {wall:.2f}s in all)")


@main.command()
@inputs_options
@validator_option
def validate(ontology_dir, graph_dir, validator):
    """Check the data against the SHACL shapes without writing anything.

    Prints each finding as: file row, severity, node, property, message.
    Exit codes: 0 conforms; 1 violations; 2 an input cannot be read.
    """
    from atmp_kg.pipeline import validation

    try:
        result = validation(inputs(ontology_dir, graph_dir), validator)
    except AtmpKgError as error:
        fail(error)
    for finding in result.findings:
        click.echo(finding.line())
    if result.violations:
        fail(DataError(f"{len(result.violations)} SHACL violation(s)"))
    click.echo(f"conforms ({len(result.findings)} finding(s) below violation)")


@main.command("queries")
@click.option("--folder", type=click.Path(path_type=Path), default=QUERIES_DIR, show_default="queries/",
              help="Folder of the .rq files.")
def list_queries(folder):
    """List the named SPARQL queries: name, title, parameters with defaults, description.

    Run one with: atmp-kg query NAME. Queries named *-violation are data-quality checks that
    the build runs (they return no rows on sound data).
    """
    from atmp_kg.sparql.library import library

    try:
        queries = library(folder)
    except AtmpKgError as error:
        fail(error)
    for query in queries:
        tags = [tag for tag, on in (("violation check", query.is_violation),
                                    ("federated, needs the network", query.is_federated)) if on]
        click.echo(f"{query.name}{'  [' + '; '.join(tags) + ']' if tags else ''}")
        click.echo(f"  {query.title}")
        for name, default in query.parameters.items():
            click.echo(f"  --param {name[1:]}=...  (default {default.n3()})")
        click.echo(click.wrap_text(query.description, width=100, initial_indent="  ", subsequent_indent="  "))


@main.command("query")
@click.argument("name", required=False)
@click.option("--text", "-t", "query_text", metavar="QUERY",
              help="Run this SPARQL SELECT text instead of a named query or a file.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind parameter ?_NAME (repeatable). VALUE: an IRI (<...> or http...), a bare name "
                   "resolved like the default (stage=preclinical), or text for a literal parameter.")
@click.option("--format", "output_format", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="table for reading; csv, tsv and json are the SPARQL 1.1 results formats.")
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL 1.1 endpoint instead of the built graph.")
@click.option("--graph", "endpoint_graph", metavar="IRI",
              help="With --endpoint: query this named graph of the store (sent as the protocol's "
                   "default-graph-uri). Default: the graph `atmp-kg publish` loads "
                   "(https://w3id.org/atmp-kg/id/dataset/atmp-kg) if the store holds it, else the "
                   "store's default graph.")
@click.option("--dist", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default="dist/",
              help="Build folder (its atmp-kg-inferred.ttl is queried) or an RDF file.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="In-process SPARQL engine.")
def query_command(name, query_text, params, output_format, endpoint, endpoint_graph, dist, engine):
    """Run a SPARQL SELECT query and print its rows: the named query NAME, the query file at path
    NAME (any .rq file, with or without a header), '-' for the query text on standard input, or
    the text of --text.

    Runs in-process on the inferred graph of the last build (dist/atmp-kg-inferred.ttl), or on
    any SPARQL 1.1 endpoint with --endpoint. Parameter values are bound as RDF terms, never
    pasted into the query text. Exit codes: 0 ok; 2 unknown query or parameter, unreadable graph
    or unreachable endpoint.

    \b
    Examples:
      atmp-kg query cdmo-capabilities --format csv > cdmos.csv
      atmp-kg query my-question.rq
      atmp-kg query --text 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      echo 'SELECT ?s WHERE { ?s a <https://w3id.org/atmp-kg/ontology#CDMO> }' | atmp-kg query -
    """
    from atmp_kg.sparql.library import adhoc_query, select
    from atmp_kg.sparql.publish import graph_iri
    from atmp_kg.sparql.results import render

    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(UsageError(f"--param {item!r}: expected NAME=VALUE"))
        values[key.strip()] = value
    if (name is None) == (query_text is None):
        fail(UsageError("give one query: a NAME (a named query, a .rq file or '-' for standard input) or --text"))
    if endpoint_graph is not None and endpoint is None:
        fail(UsageError("--graph names a graph of a store: give its --endpoint too"))
    try:
        if endpoint_graph is not None:
            graph_iri(endpoint_graph)
        if query_text is not None or name == "-":
            query = adhoc_query(query_text if query_text is not None else click.get_text_stream("stdin").read(),
                                "text" if query_text is not None else "stdin")
        else:
            query = name
        result = select(query, values, dist=dist, endpoint=endpoint, engine=engine, endpoint_graph=endpoint_graph)
    except AtmpKgError as error:
        fail(error)
    click.echo(render(result, output_format), nl=False)


@main.command()
@inputs_options
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default="dist/",
              help="Folder that receives gaps.html and gaps/*.csv (the rest of it is left alone).")
@click.option("--top", type=click.IntRange(1), default=5, show_default=True,
              help="Partner suggestions per actor.")
@click.option("--max-hops", type=click.IntRange(1), default=4, show_default=True,
              help="Network distance searched when ranking suggestions by closeness.")
@click.option("--exact-limit", type=click.IntRange(1), default=1000, show_default=True,
              help="Largest number of actors analysed with exact algorithms; above it, sampled "
                   "betweenness and Louvain communities.")
@click.option("--sample-size", type=click.IntRange(1), default=200, show_default=True,
              help="Source nodes sampled for betweenness above --exact-limit.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed of the sampled methods.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--endpoint", metavar="URL",
              help="Read the graph from this SPARQL 1.1 endpoint instead of building ontology/ and graph/.")
@as_of_option
@click.option("--suggest-public-bodies", is_flag=True,
              help="Suggest public bodies, clusters and investors as partners too (left out by default).")
def gaps(ontology_dir, graph_dir, out, top, max_hops, exact_limit, sample_size, seed, quiet, endpoint, as_of,
         suggest_public_bodies):
    """Write the collaboration-gap report: dist/gaps.html and dist/gaps/*.csv.

    Coverage of stage x therapy per region (gaps, single points of failure), value-chain
    continuity per therapy, brokers, structural holes, communities vs pillars, isolated actors
    and ranked partner suggestions with a reason. `atmp-kg build` writes the same files with
    the default settings. Exit codes: 0 written; 1 invalid data; 2 an input cannot be read.
    """
    from atmp_kg.analyse.gaps import Settings, gap_report, summary
    from atmp_kg.pipeline import build as run_build
    from atmp_kg.site.gapview import report_files
    from atmp_kg.site.labels import site_terms
    from atmp_kg.site.markup import release_footer
    from atmp_kg.sparql.backends import backend
    from atmp_kg.write.staging import check_apart, check_report_dir, staged_dir, write_text

    settings = Settings(exact_limit=exact_limit, sample_size=sample_size, seed=seed, top=top,
                        max_hops=max_hops, as_of=as_of, suggest_public_bodies=suggest_public_bodies)
    sources = () if endpoint else (ontology_dir, graph_dir)
    try:
        check_apart(out, sources)
        built = None if endpoint else run_build(inputs(ontology_dir, graph_dir))
        select = backend(endpoint or built.store)
        report = gap_report(select, settings)
        files = report_files(report, release_footer(built.release, report.as_of) if built else "",
                             terms=site_terms(select), release=built.release if built else None)
        check_report_dir(out, {name.split("/", 1)[1] for name in files if name.startswith("gaps/")}, sources)
        with staged_dir(Path(out) / "gaps") as staging:
            for name, text in files.items():
                if name.startswith("gaps/"):
                    write_text(Path(staging) / name.split("/", 1)[1], text)
        write_text(Path(out) / "gaps.html", files["gaps.html"])
    except AtmpKgError as error:
        fail(error)
    if not quiet:
        click.echo(f"atmp-kg gaps: wrote {Path(out) / 'gaps.html'} and {len(files) - 1} CSV file(s) in "
                   f"{Path(out) / 'gaps'}")
        for name, value in summary(report).items():
            click.echo(f"  {name}: {value}")


@main.command()
@click.argument("old", type=click.Path(path_type=Path), required=False)
@click.argument("new", type=click.Path(path_type=Path), required=False)
@click.option("--since", "revision", metavar="REV",
              help="Compare with git revision REV of the curated data (a tag such as v0.2, a commit): "
                   "its --graph and --ontology folders are built in a temporary folder. Then give at "
                   "most NEW; without it, the working tree's folders are built and compared.")
@inputs_options
@click.option("--out", type=click.Path(path_type=Path), default=Path("changes"), show_default="changes/",
              help="Folder that receives changes.html, changes.csv, changes.trig and CHANGES.md "
                   "(new, or an earlier output of this command).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def diff(old, new, revision, ontology_dir, graph_dir, out, quiet):
    """Say what changed from OLD to NEW, by kind, in words a cluster manager reads.

    OLD and NEW are builds or releases (folders: their atmp-kg.nt, gap report and void.ttl) or
    dumps (.nt, .ttl, .jsonld, .trig, .nq); with --since, OLD is a git revision of the curated
    data. Things are compared by identity (their IRIs) on the asserted triples, never by text:
    a renamed actor is one actor renamed, and reordered rows are no change. Reported: actors
    added, removed, renamed, acquired, merged or closed; capabilities gained and lost (stage x
    therapy); phase changes; memberships and relations; figures; identifiers; sources; and,
    between builds, gap-report cells that opened or closed and suggestions that appeared or
    vanished. Writes changes.html (counts, then each change with its sources), changes.csv
    (one row per change), changes.trig (the removed and added triples as two named graphs) and
    CHANGES.md; prints the counts. Exit codes: 0 compared (with or without changes); 1 the
    data of a revision to build is invalid; 2 an input cannot be read, an unknown revision, or
    --out may not be replaced.
    """
    from atmp_kg.changes.compare import compare
    from atmp_kg.changes.files import changes_files, check_changes_dir
    from atmp_kg.changes.text import summary
    from atmp_kg.changes.versions import read_version, revision_version
    from atmp_kg.write.staging import check_apart, staged_dir, write_text

    try:
        if revision is None and (old is None or new is None):
            raise UsageError("give OLD and NEW (two builds or dumps), or --since REV (and at most NEW)")
        if revision is not None and new is not None and old is not None:
            raise UsageError("with --since REV, give at most NEW")
        check_apart(out, (ontology_dir, graph_dir))
        check_changes_dir(out)
        if revision is not None:
            new = old if new is None else new
            before = revision_version(revision, graph_dir, ontology_dir)
            after = read_version(new) if new is not None else working_tree_version(ontology_dir, graph_dir)
        else:
            before, after = read_version(old), read_version(new)
        comparison = compare(before, after)
        with staged_dir(out) as staging:
            for name, text in changes_files(comparison).items():
                write_text(Path(staging) / name, text)
    except AtmpKgError as error:
        fail(error)
    if not quiet:
        click.echo(f"atmp-kg diff: {before.name} -> {after.name}: {len(comparison.changes)} change(s) in {out}/")
        for kind, count in comparison.counts().items():
            click.echo(f"  {kind}: {count}")
        if not comparison.changes:
            click.echo(f"  {summary(comparison)}")


def working_tree_version(ontology_dir, graph_dir):
    """The ``Version`` of the curated data as it is now, built in memory with its gap report."""
    from atmp_kg.analyse.gaps import gap_report
    from atmp_kg.changes.versions import built_version
    from atmp_kg.pipeline import build as run_build
    from atmp_kg.sparql.backends import backend

    result = run_build(inputs(ontology_dir, graph_dir))
    return built_version(str(graph_dir), result.sorted_asserted_lines(), gap_report(backend(result.store)),
                         result.release.version if result.release else "")


@main.command()
@inputs_options
@click.option("--out", type=click.Path(path_type=Path), default=Path("releases"), show_default="releases/",
              help="Folder of the releases: the release is written into OUT/<version>/.")
@previous_option
@click.option("--archive", is_flag=True,
              help="Also write OUT/atmp-kg-<version>.tar.gz (the same bytes for the same files) and its "
                   ".sha256 checksum.")
@as_of_option
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def release(ontology_dir, graph_dir, out, previous, archive, as_of, quiet):
    """Write a release, ready to publish as it is: releases/<version>/.

    Builds the data and writes, in the version's folder, everything a build writes (dumps,
    void.ttl, explorer, gap report), what changed since the previous release (changes.html,
    changes.csv, changes.trig, CHANGES.md) and SHA256SUMS (check with `sha256sum -c SHA256SUMS`).
    The version, its date and the previous version come from graph/release.csv; the previous
    release is read from releases/<previous>/ (or --previous). A release folder is never replaced.
    Exit codes: 0 written; 1 invalid data; 2 no release.csv, the previous release cannot be read,
    the version's folder exists, or an input cannot be read.
    """
    from atmp_kg.pipeline import build as run_build
    from atmp_kg.release import previous_folder, release_folder, write_release
    from atmp_kg.write.staging import check_apart

    try:
        check_apart(out, (ontology_dir, graph_dir))
        result = run_build(inputs(ontology_dir, graph_dir), prepare=True)
        release_folder(result, out)
        path = previous or previous_folder(result.release, out)
        if path is None and result.release.previous:
            raise UsageError(f"release {result.release.version} revises {result.release.previous}, which is not in "
                             f"{out}/; give its folder or dump with --previous")
        earlier = previous_version(path, None)
        folder = write_release(result, out, previous=earlier, archive=archive, as_of=as_of)
    except AtmpKgError as error:
        fail(error)
    if not quiet:
        click.echo(f"atmp-kg release: wrote release {result.release.version} into {folder}/ (SHA256SUMS inside)")
        if result.changes is not None:
            from atmp_kg.changes.text import since, summary

            click.echo(f"  since {since(result.changes)}: {summary(result.changes)}")


def _iso_date(ctx, param, value):
    import datetime

    try:
        return None if value is None else datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (2024-01-31)") from None


@main.command()
@click.argument("source", type=click.Choice(["clinicaltrials", "cordis", "ema"]))
@click.option("--from", "paths", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="A file downloaded from the registry (repeatable): ClinicalTrials.gov API JSON (a page or "
                   "an array of studies); the CORDIS projects zip (or a folder with project.csv and "
                   "organization.csv); EMA's EPAR table (.xlsx, or .csv).")
@click.option("--online", is_flag=True, help="Fetch from the registry instead (cached; a stopped run resumes).")
@click.option("--country", default="BE", show_default=True, metavar="CODES",
              help="ISO codes of the countries whose trials (a site there) and projects (a participant there) "
                   "are kept, comma-separated, or all. EMA's authorisations are EU-wide: not filtered.")
@click.option("--since", callback=_iso_date, metavar="DATE",
              help="Only records updated on or after DATE (ISO).")
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=GRAPH_DIR, show_default="graph/",
              help="The curated tables proposals are matched with.")
@click.option("--review", "review_dir", type=click.Path(path_type=Path), default=Path("review"),
              show_default="review/", help="Folder of the proposals: SOURCE/ is written in it, rejected.csv read.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Cache of fetched pages [default: $XDG_CACHE_HOME/atmp-kg or ~/.cache/atmp-kg].")
@click.option("--explain", is_flag=True,
              help="Add an explain column: why each record was kept (the term or flag that selected it) and "
                   "how each organisation was matched.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def harvest(source, paths, online, country, since, graph_dir, review_dir, cache_dir, explain, quiet):
    """Propose rows for graph/ from a public registry, for a person to review.

    SOURCE is clinicaltrials (ATMP trials with a site in --country: trials, products and their
    phases, sponsors, sites, collaborations), cordis (EU projects on ATMP topics with a
    participant in --country: projects, memberships with roles and dates, budgets and
    contributions, participants with their enterprise number) or ema (advanced therapies in the
    EPAR table: products, holders, authorisation and withdrawal dates). Writes review/SOURCE/
    (<table>.csv in graph/'s columns plus match, and sources.csv) and prints how many rows are
    new, the same or differ per table; rows rejected before are not proposed again. Then fill
    in the decision column and run `atmp-kg review review/SOURCE --apply`. Exit codes: 0
    written; 2 an input cannot be read (another format, cut short, a missing column: nothing is
    written), a registry cannot be reached, or a wrong option.
    """
    import os

    from atmp_kg.fetch import Client, Progress
    from atmp_kg.harvest.countries import parse_countries
    from atmp_kg.harvest.run import harvest as run_harvest

    try:
        if bool(paths) == online:
            raise UsageError("give either --from FILE (a downloaded file) or --online")
        countries = parse_countries(country)
        progress = Progress(f"harvest {source}", enabled=not quiet)
        client = None
        if online:
            cache = cache_dir or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "atmp-kg"
            client = Client(cache_dir=cache, progress=progress)
        result = run_harvest(source, paths, client, countries, since, graph_dir, review_dir, explain,
                             progress=progress)
    except AtmpKgError as error:
        fail(error)
    proposals = result.proposals
    where = "any country" if countries is None else ", ".join(sorted(countries))
    click.echo(f"atmp-kg harvest {source}: {result.read:,} record(s) read, {result.kept:,} kept (ATMP; {where}); "
               f"wrote {result.folder}/")
    for table, counts in sorted(proposals.counts.items()):
        click.echo(f"  {table}: {counts['new']} new, {counts['same']} same, {counts['differs']} differ")
    if proposals.left_out:
        click.echo(f"  {proposals.left_out} proposal(s) rejected before, left out (review/rejected.csv)")
    click.echo(f"  next: fill in the decision column, then atmp-kg review {result.folder} --apply")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@inputs_options
@click.option("--apply", "apply_", is_flag=True,
              help="Merge the accepted rows into --graph and record the rejected ones; without it, only list.")
def review(path, ontology_dir, graph_dir, apply_):
    """List the decisions on proposals and, with --apply, merge the accepted ones into graph/.

    PATH is a proposal folder (review/<name>/, written by `atmp-kg harvest`) or a reconciliation
    file. In a spreadsheet, write accept or reject in each row's decision column; empty rows stay
    pending. With --apply, accepted rows are merged (new rows appended, one field set for a
    'differs' row, their sources added to sources.csv; every other row of graph/ stays
    byte-identical; an accepted reconciliation check ends the old identifier in identifiers.csv
    and adds its successor there, keeping the history), the merged tables are built with the
    build's validation in a temporary copy, and only then are the changed files replaced; each
    change is printed. Rejected rows
    are added to rejected.csv beside PATH, and no harvest proposes them again. Exit codes: 0
    listed or merged; 1 a decision or match cell is wrong, a change cannot be made (its row
    changed since) or the merged graph is invalid: graph/ is left as it was; 2 PATH cannot be read.
    """
    from atmp_kg.review import apply_changes, decided, record

    try:
        decisions = decided(path, graph_dir)
        click.echo(f"atmp-kg review {path}: {len(decisions.changes)} accepted, {len(decisions.rejections)} "
                   f"rejected, {len(decisions.pending)} pending, {len(decisions.same)} already in graph/")
        for line in decisions.pending:
            click.echo(f"  pending: {line}")
        if not apply_:
            if decisions.changes or decisions.rejections:
                click.echo("  nothing merged: run again with --apply to merge the accepted rows")
            return
        applied = apply_changes(graph_dir, decisions.changes, ontology_dir=ontology_dir)
        recorded = record(Path(path).parent, decisions.rejections)
    except AtmpKgError as error:
        fail(error)
    for line in applied.made:
        click.echo(f"  merged: {line}")
    for line in applied.already:
        click.echo(f"  already in graph/: {line}")
    for rejection in recorded:
        click.echo(f"  rejected (recorded in {Path(path).parent / 'rejected.csv'}): {rejection.table} {rejection.key}"
                   + (f" {rejection.field} {rejection.value}" if rejection.field else ""))
    click.echo(f"  {len(applied.files)} file(s) of {graph_dir} replaced"
               + (f": {', '.join(p.name for p in applied.files)}" if applied.files else ""))


@main.command()
@click.argument("registry", type=click.Choice(["wikidata", "ror", "gleif", "kbo"]))
@click.option("--from", "from_path", type=click.Path(path_type=Path), metavar="PATH",
              help="Read the registry's published file: kbo the open data folder or zip (enterprise.csv, "
                   "denomination.csv, address.csv...); ror the data dump (zip or JSON, schema v2) or an API "
                   "answer; gleif the golden copy CSV (or zip) or an API answer; wikidata a SPARQL JSON answer "
                   "of the query --print-query writes.")
@click.option("--online", is_flag=True, help="Ask the registry's web service (not kbo), politely: a User-Agent, "
                                              "retries honouring Retry-After, answers cached in --cache.")
@click.option("--api", metavar="URL", help="The web service's address for --online (default: the public one).")
@click.option("--print-query", is_flag=True,
              help="wikidata: print the query for the actors of --graph (run it at query.wikidata.org, save the "
                   "answer as JSON, then --from it) and stop.")
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=GRAPH_DIR, show_default="graph/",
              help="Folder of the curated CSV tables whose actors are reconciled.")
@click.option("--review", "review_dir", type=click.Path(path_type=Path), default=Path("review"),
              show_default="review/", help="Where reconcile-REGISTRY.csv is written; its rejected.csv is read.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Cache of the web service's answers for --online (default: REVIEW/cache/REGISTRY).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def reconcile(registry, from_path, online, api, print_query, graph_dir, review_dir, cache_dir, quiet):
    """Propose identifiers for the actors from a registry, with the evidence; check those they have.

    REGISTRY is wikidata (QIDs), ror (ROR ids), gleif (LEIs) or kbo (Belgian enterprise numbers,
    and seats). Each actor's names (English, French, Dutch, aliases, former names; legal forms
    such as SA, NV, SRL, BV left out), website, seat and other identifiers are compared with the
    registry's records. Writes REVIEW/reconcile-REGISTRY.csv: per actor its best candidates with a
    score and the evidence, status 'suggested' (score 70 or more, and no other candidate within 20
    points) or 'ambiguous'; 'check' for an identifier of the graph that the registry now gives as
    stopped, lapsed, withdrawn, merged or naming something else (value: its successor, or empty
    to end it); for kbo also the seat of an actor whose seat is unknown. Nothing is accepted
    here: write accept or reject in the decision column, then run `atmp-kg review FILE --apply`.
    Rejected candidates are not proposed again. Exit codes: 0 written; 1 a table of --graph is
    invalid; 2 the registry's file cannot be read (wrong, damaged or cut short), the service
    cannot be reached, or the options are wrong. Nothing is written on error.
    """
    from atmp_kg.reconcile import reconcile as reconcile_with
    from atmp_kg.reconcile import review_file
    from atmp_kg.reconcile.records import read_actors
    from atmp_kg.review import rejected

    try:
        if print_query:
            if registry != "wikidata":
                raise UsageError("--print-query is for wikidata")
            from atmp_kg.reconcile.wikidata import query

            click.echo(query(list(read_actors(graph_dir).values())), nl=False)
            return
        if bool(from_path) == bool(online):
            raise UsageError("give either --from PATH (the registry's file) or --online")
        refused = {(r.key, r.field, r.value) for r in rejected(review_dir)}
        found = None
        if online:
            from atmp_kg.fetch import Client, Progress
            from atmp_kg.reconcile.online import fetch

            progress = Progress(f"reconcile {registry}", unit="requests", enabled=not quiet)
            client = Client(cache_dir=cache_dir or review_dir / "cache" / registry, progress=progress)
            found = fetch(registry, client, read_actors(graph_dir), api=api, progress=progress)
            progress.close()
        rows, found = reconcile_with(registry, graph_dir, from_path, found=found, refused=refused)
        path = review_file.path_for(review_dir, registry)
        rows = review_file.write(path, rows)
    except AtmpKgError as error:
        fail(error)
    if not quiet:
        counts = {status: sum(row["status"] == status for row in rows)
                  for status in ("suggested", "ambiguous", "check")}
        click.echo(f"atmp-kg reconcile {registry}: {len(found.records)} record(s) kept; wrote {path}: "
                   f"{counts['suggested']} suggested, {counts['ambiguous']} ambiguous, {counts['check']} to check")
        for line in found.skipped:
            click.echo(f"  skipped: {line}", err=True)


@main.command()
@click.option("--dist", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default="dist/",
              help="The build to serve (made by `atmp-kg build`).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds after which a query is cancelled (answer 503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows (or triples) in one answer; a cut answer has X-Result-Truncated: true.")
@click.option("--workers", type=click.IntRange(min=1), default=4, show_default=True,
              help="Query worker processes (queries answered at the same time).")
@click.option("--max-memory", type=click.IntRange(min=16), default=1024, show_default=True, metavar="MIB",
              help="Memory one query may take (MiB); past it the query is cancelled (answer 503).")
@click.option("--quick-timeout", type=click.FloatRange(min=0.1), default=2.0, show_default=True,
              help="Seconds a query gets on the last idle worker while the others are busy (then 503 "
                   "with Retry-After), so that quick queries are still answered.")
@click.option("--idle-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds after which a silent connection is closed.")
@click.option("--max-connections", type=click.IntRange(min=1), default=256, show_default=True,
              help="Open connections at most; more are answered 503.")
@click.option("--queries", "queries_dir", type=click.Path(path_type=Path), default=QUERIES_DIR,
              show_default="queries/", help="Named queries (*.rq) opened as tabs in the query UI.")
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
def serve(dist, host, port, timeout, max_rows, workers, max_memory, quick_timeout, idle_timeout, max_connections,
          queries_dir, quiet):
    """Serve the build: a read-only SPARQL endpoint with a query UI, IRIs, the site and dumps.

    /sparql (SPARQL 1.1 Protocol; the query UI in a browser), /id/... (303 to HTML, Turtle or
    JSON-LD by Accept), /ontology, /.well-known/void and the files of dist/. Updates, SERVICE
    and writes are refused. Stops cleanly on Ctrl-C or SIGTERM.
    """
    from atmp_kg.serve.connections import run_until_stopped
    from atmp_kg.serve.dataset import Site
    from atmp_kg.serve.server import make_server

    try:
        site = Site(dist, queries_dir, timeout=timeout, cap=max_rows, workers=workers, memory_mib=max_memory,
                    quick_timeout=quick_timeout)
    except AtmpKgError as error:
        fail(error)
    if site.pool.sandboxed is False:
        click.echo("atmp-kg serve: warning: this system cannot take the network away from the query workers; "
                   "SERVICE is still refused by the query check", err=True)
    try:
        server = make_server(site, host, port, log=None if quiet else (lambda line: click.echo(line, err=True)),
                             idle_timeout=idle_timeout, max_connections=max_connections)
    except OSError as error:
        site.close()
        fail(UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}"))
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"atmp-kg serve: http://{bound_host}:{bound_port}/ (SPARQL: /sparql); Ctrl-C stops")
    sys.stdout.flush()
    run_until_stopped(server)
    click.echo("atmp-kg serve: stopped")


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL Update endpoint of the store, e.g. http://127.0.0.1:7878/update (Oxigraph).")
@click.option("--store", metavar="URL",
              help="Graph Store Protocol endpoint [default: the endpoint with /update replaced by /store].")
@click.option("--query", "query_url", metavar="URL",
              help="SPARQL query endpoint to find leftover staging graphs and verify the load "
                   "[default: .../query next to an .../update endpoint].")
@click.option("--graph", default="https://w3id.org/atmp-kg/id/dataset/atmp-kg", show_default=True, metavar="IRI",
              help="Named graph that receives the build.")
@click.option("--dist", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default="dist/",
              help="The build to publish (made by `atmp-kg build`).")
@click.option("--user", metavar="NAME",
              help="User for a store that protects its writes (Digest or Basic, as the store asks); the "
                   "password is read from the environment variable ATMP_KG_STORE_PASSWORD, or asked for "
                   "at a terminal, never from the command line.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def publish(endpoint, store, query_url, graph, dist, user, quiet):
    """Load the build into any SPARQL 1.1 store, replacing the previous version atomically.

    Uploads dist/atmp-kg-inferred.ttl into a new staging named graph (Graph Store Protocol PUT,
    with progress), then swaps it in with one SPARQL UPDATE (MOVE GRAPH staging TO GRAPH IRI) that
    also drops the staging graphs an interrupted publish of the same IRI left (IRI/staging/...).
    The IRI and the URLs are checked before any request; on failure the store is left as it was.
    Query it afterwards with `atmp-kg query NAME --endpoint QUERY-URL`, which finds the graph.
    Exit codes: 0 published; 2 a wrong IRI or URL, the build cannot be read or the store refused.
    """
    from atmp_kg.sparql.auth import credentials
    from atmp_kg.sparql.publish import endpoints
    from atmp_kg.sparql.publish import publish as run_publish

    def progress(done, total):
        click.echo(f"  upload {done * 100 // max(total, 1)}% ({done:,} of {total:,} bytes)", err=True)

    def prompt():
        if not sys.stdin.isatty():
            return None
        return click.prompt(f"password of {user}", hide_input=True, err=True)

    try:
        result = run_publish(dist, endpoints(endpoint, store, query_url), graph,
                             progress=None if quiet else progress, auth=credentials(user, prompt))
    except AtmpKgError as error:
        fail(error)
    if not quiet:
        verified = "" if result["verified"] is None else f"; the store reports {result['verified']:,}"
        click.echo(f"published {result['triples']:,} triples into <{result['graph']}>{verified}")
        if result["removed"] is None:
            click.echo("  no query endpoint (--query): staging graphs left by an interrupted publish were not "
                       "looked for", err=True)
        for leftover in result["removed"] or ():
            click.echo(f"removed <{leftover}>, a staging graph left by an interrupted publish")


if __name__ == "__main__":
    main()
