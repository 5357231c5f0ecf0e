"""Graph comparisons that say what differs when they fail."""

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import XSD


def assert_isomorphic(expected, actual, message=""):
    """Fail, printing the triples only ``expected`` holds and those only ``actual`` holds, unless the
    two graphs are the same up to blank node names (datatypes and language tags included)."""
    expected_iso, actual_iso = to_isomorphic(as_graph(expected)), to_isomorphic(as_graph(actual))
    if expected_iso == actual_iso:
        return
    _, only_expected, only_actual = graph_diff(expected_iso, actual_iso)
    raise AssertionError(
        (f"{message}\n" if message else "")
        + f"graphs differ: {len(only_expected)} triple(s) only in the first, {len(only_actual)} only in the second\n"
        + "only in the first:\n" + dump(only_expected)
        + "only in the second:\n" + dump(only_actual))


def as_graph(triples):
    """``triples`` as a Graph (a Graph as it is; any other iterable of triples copied into one)."""
    if isinstance(triples, Graph):
        return triples
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def dump(graph, limit=50):
    """The sorted N-Triples lines of ``graph``, at most ``limit`` of them."""
    lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
    more = f"  ... and {len(lines) - limit} more\n" if len(lines) > limit else ""
    return "".join(f"  {line}\n" for line in lines[:limit]) + more


def from_oxigraph(quads):
    """pyoxigraph's triples or quads as an rdflib Graph (the graph names dropped). A literal that
    pyoxigraph reports as ``xsd:string`` is a plain literal, as rdflib reads one (the same term in
    RDF 1.1)."""
    graph = Graph()
    for quad in quads:
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


def term(node):
    if isinstance(node, pyoxigraph.NamedNode):
        return URIRef(node.value)
    if isinstance(node, pyoxigraph.BlankNode):
        return BNode(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    if node.datatype.value == str(XSD.string):
        return Literal(node.value)
    return Literal(node.value, datatype=URIRef(node.datatype.value))
