"""Load step: the ontology, its vocabularies and shapes, and the curated data of ``graph/``.

Nothing here changes a graph once built; each later step works on copies.
"""

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from atmp_kg.errors import DataError, LoadError
from atmp_kg.rdf.namespaces import SH, bind_prefixes, iri_problem, sharing_terms
from atmp_kg.read.mapping import map_tables
from atmp_kg.read.tables import regular_file, text_problem
from atmp_kg.resources import GRAPH_DIR, ONTOLOGY_DIR

SHAPES_FILE = "shapes.ttl"
ACTORS_FILE = "actors.csv"  # the one table every graph folder has


@dataclass
class Inputs:
    """Where a build reads from."""

    ontology_dir: Path = ONTOLOGY_DIR
    graph_dir: Path = GRAPH_DIR


@dataclass
class Loaded:
    """The parsed inputs: schema (ontology + vocabularies), shapes, data, and row origins."""

    schema: Graph
    shapes: Graph
    data: Graph
    origins: dict = field(default_factory=dict)
    files: list = field(default_factory=list)

    def asserted(self):
        """A new graph of the schema and the data together (neither changes), prefixes bound."""
        union = bind_prefixes(Graph())
        for graph in (self.schema, self.data):
            for triple in graph:
                union.add(triple)
        return union


def parse_turtle(path, into=None):
    """Parse the Turtle file at ``path`` into ``into`` (a new graph by default).

    A syntax error becomes a LoadError that names the file and the line; so does an IRI that
    is not one (rdflib's parser keeps it: ``namespaces.iri_problem``), naming the file.
    """
    regular_file(path)
    graph = bind_prefixes(Graph())
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)  # its traceback for an ill-typed literal: reported below instead
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as error:
        raise LoadError(f"{path} line {error.lines + 1}: Turtle syntax error: {error._why}") from error
    except OSError as error:
        raise LoadError(f"{path}: cannot be read as Turtle: {error}") from error
    except Exception as error:  # rdflib's parser fails on some broken files (one cut short) with other errors
        raise _syntax_error(path, error) from error
    finally:
        term_log.setLevel(level)
    iris = {term for triple in graph for term in triple if isinstance(term, URIRef)}
    iris |= {term.datatype for triple in graph for term in triple if isinstance(term, Literal) and term.datatype}
    problem = next(filter(None, map(iri_problem, sorted(iris))), None)
    if problem:
        raise LoadError(f"{path}: {problem}")
    problems = [f"{path}: <{s}> <{p}>: {problem}" for s, p, o in graph
                if isinstance(o, Literal) and (problem := literal_problem(o))]
    if problems:
        raise DataError(f"{path}: {len(problems)} literal(s) that are not allowed", sorted(problems))
    if into is None:
        return graph
    for prefix, namespace in graph.namespaces():
        into.bind(prefix, namespace, override=False)
    into += graph
    return into


def literal_problem(literal):
    """Why ``literal`` may not be in the graph, or None: a character ``text_problem`` refuses, or
    a value that is not of its datatype (``"2023-02-30"^^xsd:date``)."""
    if problem := text_problem(literal):
        return f"{problem} is not allowed"
    if literal.ill_typed:
        return f"{str(literal)[:40]!r} is not a valid {literal.datatype}"
    return None


def _syntax_error(path, error):
    """A LoadError naming the line where the Turtle file at ``path`` is broken, found by
    pyoxigraph's parser when rdflib's failed without saying where."""
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            pass
    except SyntaxError as found:
        return LoadError(f"{path} line {found.lineno}: Turtle syntax error: {found.msg}")
    except (OSError, ValueError):
        pass
    return LoadError(f"{path}: cannot be read as Turtle: {type(error).__name__} {error}")


def load(inputs=None, data=None):
    """Read the ontology folder and the graph folder into a ``Loaded``.

    ``data`` is where the data goes: a new rdflib Graph by default, or e.g. a ``set`` of
    triples (the fast engine, which bulk-loads them into Oxigraph).
    """
    inputs = inputs or Inputs()
    ontology_dir, graph_dir = Path(inputs.ontology_dir), Path(inputs.graph_dir)
    for folder, option in ((ontology_dir, "--ontology names the folder of the ontology"),
                           (graph_dir, "--graph names the folder of the curated tables")):
        if not folder.is_dir():
            raise LoadError(f"{folder}: no such folder; {option}")
    if not os.path.lexists(graph_dir / ACTORS_FILE):
        raise LoadError(f"{graph_dir}: no {ACTORS_FILE}; --graph names the folder of the curated tables "
                        "(see graph/README.md)")
    shapes_path = ontology_dir / SHAPES_FILE
    if not os.path.lexists(shapes_path):
        raise LoadError(f"{ontology_dir}: no {SHAPES_FILE}; --ontology names the folder of the ontology and "
                        "its SHACL shapes, without which nothing is validated")
    schema = bind_prefixes(Graph())
    schema_files = sorted(p for p in ontology_dir.glob("*.ttl") if p.name != SHAPES_FILE)
    for path in schema_files:
        parse_turtle(path, schema)
    shapes = parse_turtle(shapes_path)
    if not any((None, RDF.type, kind) in shapes for kind in (SH.NodeShape, SH.PropertyShape)):
        raise LoadError(f"{shapes_path}: no SHACL shape (sh:NodeShape or sh:PropertyShape); nothing would be "
                        "validated")
    mapped = map_tables(graph_dir, schema, graph=data)
    schema = sharing_terms(schema, mapped.terms)  # the data's IRI objects: the rules compare by identity
    data = mapped.graph
    turtle_files = sorted(graph_dir.glob("*.ttl"))
    for path in turtle_files:
        if isinstance(data, Graph):
            parse_turtle(path, data)
        else:
            data.update(parse_turtle(path))
    files = schema_files + [shapes_path] + sorted(graph_dir.glob("*.csv")) + turtle_files
    return Loaded(schema, shapes, data, mapped.origins, files)
