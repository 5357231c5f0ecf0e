"""The explorer fixture (tests/data/explorer, see tests/data/README.md) built once, plus the same
graph with hostile names: CSV names may not hold markup (the mapping and SHACL refuse it), but a
graph loaded from Turtle or a remote store could, so the views must escape them all the same."""

from functools import lru_cache

from conftest import DATA, inputs_for
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

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
    """A copy of the fixture's inferred graph where some English labels are hostile markup."""
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
    return hostile
