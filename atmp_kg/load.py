"""Load step: the ontology, its vocabularies and shapes, and the curated data of ``graph/``.

Nothing here changes a graph once built; each later step works on copies.
"""

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from . import ROOT
from .errors import LoadError
from .mapping import map_tables
from .namespaces import bind_prefixes, iri_problem, sharing_terms

SHAPES_FILE = "shapes.ttl"


@dataclass
class Inputs:
    """Where a build reads from."""

    ontology_dir: Path = ROOT / "ontology"
    graph_dir: Path = ROOT / "graph"


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
    graph = bind_prefixes(Graph())
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as error:
        raise LoadError(f"{path} line {error.lines + 1}: Turtle syntax error: {error._why}") from error
    except (OSError, ValueError) as error:
        raise LoadError(f"{path}: cannot be read as Turtle: {error}") from error
    iris = {term for triple in graph for term in triple if isinstance(term, URIRef)}
    iris |= {term.datatype for triple in graph for term in triple if isinstance(term, Literal) and term.datatype}
    problem = next(filter(None, map(iri_problem, sorted(iris))), None)
    if problem:
        raise LoadError(f"{path}: {problem}")
    if into is None:
        return graph
    for prefix, namespace in graph.namespaces():
        into.bind(prefix, namespace, override=False)
    into += graph
    return into


def load(inputs=None, data=None):
    """Read the ontology folder and the graph folder into a ``Loaded``.

    ``data`` is where the data goes: a new rdflib Graph by default, or e.g. a ``set`` of
    triples (the fast engine, which bulk-loads them into Oxigraph).
    """
    inputs = inputs or Inputs()
    ontology_dir, graph_dir = Path(inputs.ontology_dir), Path(inputs.graph_dir)
    for folder in (ontology_dir, graph_dir):
        if not folder.is_dir():
            raise LoadError(f"{folder}: no such folder")
    schema = bind_prefixes(Graph())
    schema_files = sorted(p for p in ontology_dir.glob("*.ttl") if p.name != SHAPES_FILE)
    for path in schema_files:
        parse_turtle(path, schema)
    shapes_path = ontology_dir / SHAPES_FILE
    shapes = parse_turtle(shapes_path) if shapes_path.exists() else Graph()
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
