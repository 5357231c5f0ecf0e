"""Compact JSON-LD with the project's prefixes as context, nodes sorted by ``@id``, one node
per line; and the published context."""

import json
from collections import defaultdict

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, XSD

from atmp_kg.rdf.namespaces import PREFIXES

PLAIN_LITERAL_TYPES = {XSD.boolean, XSD.integer, XSD.double, XSD.string}  # as rdflib's JSON-LD writer
CONTEXT_FILE = "context.jsonld"


def jsonld(triples):
    """Compact JSON-LD with the project's prefixes as context, nodes sorted by @id (``jsonld_chunks``)."""
    return "".join(jsonld_chunks(triples))


def jsonld_chunks(triples):
    """Compact JSON-LD with the project's prefixes as context, nodes sorted by @id, one node per
    line, handed out a node at a time (each made as it is written: a million triples never
    exist as JSON objects all at once).

    Subjects without blank nodes are converted here with the rules of rdflib's JSON-LD writer
    (prefix-only context); those with blank nodes (ontology lists) go through rdflib itself.
    """
    context = jsonld_context()["@context"]
    namespaces = {str(ns): prefix for prefix, ns in PREFIXES.items()}
    ids = _Memo(lambda iri: _shrink(iri, namespaces))  # each IRI compacted once
    keys = _Memo(lambda p: "@type" if p == RDF.type else ids[p])
    by_subject, with_bnodes = defaultdict(list), set()
    for s, p, o in triples:
        by_subject[s].append((p, o))
        if isinstance(o, BNode) or isinstance(s, BNode):
            with_bnodes.add(s)
    slow = Graph()
    for subject in with_bnodes:
        for p, o in by_subject.pop(subject):
            slow.add((subject, p, o))
    made = [(node.get("@id", ""), None, node) for node in (_rdflib_jsonld_nodes(slow, context) if len(slow) else ())]
    order = sorted([*((ids[subject], subject, None) for subject in by_subject), *made], key=lambda item: item[0])
    encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    yield f'{{"@context": {encoder.encode(context)},\n"@graph": [\n'
    for number, (_, subject, node) in enumerate(order):
        if node is None:
            node = _jsonld_node(subject, by_subject.pop(subject), ids, keys)
        yield ("" if number == 0 else ",\n") + encoder.encode(_sorted_values(node))
    yield "\n]}\n"


class _Memo(dict):
    """``memo[key]`` is ``make(key)``, made once per key."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


def _shrink(iri, namespaces):
    """rdflib's ``Context.shrink_iri`` for a prefix-only context: split at the last ``#`` or ``/``."""
    text = str(iri)
    cut = max(text.rfind("#"), text.rfind("/")) + 1
    prefix = namespaces.get(text[:cut]) if cut else None
    return f"{prefix}:{text[cut:]}" if prefix else text


def _jsonld_node(subject, pairs, ids, keys):
    """The compact node of ``subject`` (``ids``: compact IRIs, ``keys``: the JSON key of each predicate)."""
    node = {"@id": ids[subject]}
    for p, o in pairs:
        key = keys[p]
        if isinstance(o, URIRef):
            value = ids[o] if key == "@type" else {"@id": ids[o]}
        else:
            value = _jsonld_value(o, ids)
        if key in node:
            if not isinstance(node[key], list):
                node[key] = [node[key]]
            node[key].append(value)
        else:
            node[key] = value
    return node


def _jsonld_value(o, ids):
    """A literal's compact value (``ids``: compact IRIs)."""
    if o.datatype in PLAIN_LITERAL_TYPES:
        return o.toPython()
    if o.datatype:
        return {"@type": ids[o.datatype], "@value": str(o)}
    if o.language:
        return {"@language": o.language, "@value": str(o)}
    return str(o)


def jsonld_context():
    """The published JSON-LD @context: the project's prefixes."""
    return {"@context": {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}}


def _rdflib_jsonld_nodes(graph, context):
    """rdflib's compact JSON-LD nodes of ``graph`` (the subjects with blank nodes: OWL lists)."""
    document = json.loads(to_canonical_graph(graph).serialize(format="json-ld", context=context, auto_compact=True))
    nodes = document.get("@graph", [document] if "@id" in document else [])
    for node in nodes:
        node.pop("@context", None)
    return nodes


def _sorted_values(node):
    """``node`` with each list of values in a stable order (keys are sorted by the encoder).
    One node per line: a change shows as the lines of the nodes it touches, and the JSON
    encoder's C implementation, which indented output cannot use, writes each line."""
    for key, value in node.items():
        if isinstance(value, list):
            node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    return node


def json_text(value):
    """Stable, readable JSON text."""
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
