"""The ``atmp-kg`` command. The only place that prints and chooses exit codes:
0 success; 1 invalid data (bad rows, SHACL violations, violation queries); 2 usage or load error."""

import sys
from pathlib import Path

import click

from . import __version__
from .errors import AtmpKgError, DataError
from .load import ROOT, Inputs

DEFAULT_OUT = ROOT / "dist"


def fail(error):
    """Print an atmp-kg error (and its problems) to stderr and exit with its code."""
    click.echo(f"error: {error}", err=True)
    for problem in getattr(error, "problems", []):
        click.echo(f"  {problem}", err=True)
    sys.exit(error.exit_code)


def inputs_options(command):
    command = click.option("--ontology", "ontology_dir", type=click.Path(path_type=Path),
                           default=ROOT / "ontology", show_default="ontology/",
                           help="Folder of the ontology, vocabularies and shapes (Turtle).")(command)
    command = click.option("--graph", "graph_dir", type=click.Path(path_type=Path),
                           default=ROOT / "graph", show_default="graph/",
                           help="Folder of the curated CSV tables (and optional Turtle).")(command)
    return command


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
@click.option("--reasoner", type=click.Choice(["auto", "owlrl", "rules"]), default="auto", show_default=True,
              help="OWL 2 RL engine: owlrl (reference) or rules (fast, same entailments); auto picks by size.")
@click.option("--engine", type=click.Choice(["auto", "embedded", "fast"]), default="auto", show_default=True,
              help="embedded (rdflib, pySHACL) or fast (pyoxigraph, pyshacl-turbo, rules; same answers, "
                   "Turtle laid out differently); auto: fast for big graph folders, else embedded with "
                   "pyshacl-turbo and rules (same bytes).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def build(ontology_dir, graph_dir, out, reasoner, engine, quiet):
    """Load, validate (SHACL), reason (OWL 2 RL) and write every output into dist/.

    Exit codes: 0 built; 1 invalid data (each problem printed with its file and row);
    2 an input cannot be read (a Turtle syntax error names the file and line).
    """
    from .pipeline import Timer, build as run_build, write

    progress = None if quiet else (lambda text: click.echo(f"  {text}", err=True))
    timer = Timer(progress)
    try:
        result = run_build(Inputs(ontology_dir, graph_dir), reasoner=reasoner, timer=timer, engine=engine)
        write(result, out, timer=timer)
    except AtmpKgError as error:
        fail(error)
    if not quiet:
        print_summary(result, timer.seconds, out)


def print_summary(result, seconds, out):
    summary = result.summary()
    sourced, described = summary["facts with a source"]
    entailed = len(result.inferred) - len(result.asserted)
    click.echo(f"atmp-kg {__version__}: built {out}")
    click.echo(f"  actors: {summary['actors']}   capabilities: {summary['capabilities']}")
    click.echo(f"  triples: {len(result.asserted)} asserted, {entailed} entailed ({result.reasoner})")
    click.echo(f"  validation: {'conforms' if result.validation.conforms else 'warnings'}, "
               f"{len(result.validation.violations)} violation(s)")
    click.echo(f"  described things with a source: {sourced}/{described}")
    for title in ("actor types", "regions", "stages", "therapies"):
        items = ", ".join(f"{name} {count}" for name, count in sorted(summary[title].items()))
        click.echo(f"  {title}: {items or '-'}")
    click.echo("  time: " + ", ".join(f"{step} {secs:.2f}s" for step, secs in seconds.items())
               + f" (total {sum(seconds.values()):.2f}s)")


@main.command()
@inputs_options
def validate(ontology_dir, graph_dir):
    """Check the data against the SHACL shapes without writing anything.

    Prints each finding as: file row, severity, node, property, message.
    Exit codes: 0 conforms; 1 violations; 2 an input cannot be read.
    """
    from .load import load
    from .validate import validate as run_validate

    try:
        result = run_validate(load(Inputs(ontology_dir, graph_dir)))
    except AtmpKgError as error:
        fail(error)
    for finding in result.findings:
        click.echo(finding.line())
    if result.violations:
        fail(DataError(f"{len(result.violations)} SHACL violation(s)"))
    click.echo(f"conforms ({len(result.findings)} finding(s) below violation)")


if __name__ == "__main__":
    main()
