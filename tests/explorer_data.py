"""The explorer fixture (tests/data/explorer, see tests/data/README.md) built once, plus the same
graph with hostile names: CSV names may not hold markup (the mapping and SHACL refuse it), but a
graph loaded from Turtle or a remote store could, so the views must escape them all the same."""

from functools import lru_cache

from conftest import DATA, inputs_for
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from atmp_kg.pipeline import build

ID = "https://w3id.org/atmp-kg/id/"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
HOSTILE_LABELS = {  # node -> English label
    ID + "actor/gamma": IMG,
    ID + "actor/delta": SCRIPT,
    ID + "collaboration/wp-1": "WP1 " + SCRIPT,
    "https://w3id.org/atmp-kg/ontology#Hospital": "hospital " + IMG,
}


@lru_cache(maxsize=1)
def explorer_build():
    return build(inputs_for(DATA / "explorer"), reasoner="owlrl")


def hostile_graph():
    """A copy of the fixture's inferred graph where some English labels are hostile markup, plus a
    second partnership (``with_second_partnership``)."""
    graph = explorer_build().inferred
    hostile = type(graph)()
    for triple in graph:
        hostile.add(triple)
    for node, label in HOSTILE_LABELS.items():
        node = URIRef(node)
        for old in list(hostile.objects(node, RDFS.label)):
            if getattr(old, "language", None) == "en":
                hostile.remove((node, RDFS.label, old))
        hostile.add((node, RDFS.label, Literal(label, lang="en")))
    return with_second_partnership(hostile)


def with_second_partnership(graph):
    """``graph`` plus a second partnership ``pit2`` with one partner (zeta), no pillar."""
    atmp, org = Namespace("https://w3id.org/atmp-kg/ontology#"), Namespace("http://www.w3.org/ns/org#")
    partnership, membership = URIRef(ID + "collaboration/pit2"), URIRef(ID + "membership/pit2--zeta--partner")
    for triple in ((partnership, RDF.type, atmp.Partnership), (partnership, RDF.type, org.OrganizationalCollaboration),
                   (partnership, RDFS.label, Literal("Second partnership", lang="en")),
                   (membership, RDF.type, org.Membership), (membership, org.member, URIRef(ID + "actor/zeta")),
                   (membership, org.organization, partnership), (membership, org.role, URIRef(ID + "role/partner"))):
        graph.add(triple)
    return graph
