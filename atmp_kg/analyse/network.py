"""From the graph to a networkx network of actors, through named SPARQL queries.

``actor_network(select)`` runs ``queries/network-*.rq`` through ``select``, a backend of
``atmp_kg.sparql.backends`` (or any function that answers SPARQL SELECT with rows of strings,
``{variable: text}``), and returns an undirected ``networkx.Graph``:

- nodes: actor IRIs, with ``label``, ``types`` (type codes), ``region`` (``wallonia``,
  ``brussels-capital-region``, ``flanders`` or ``beyond``), ``municipality``, ``capabilities``
  (sorted ``(stage, therapy)`` code pairs), ``stages`` and ``therapies``;
- edges: ``kinds`` (sorted relation codes such as ``collaboration``, ``shared-membership``,
  ``acquisition``), ``collaborations`` (IRIs of shared partnerships/projects) and ``sources``.
"""

import re

import networkx as nx

from atmp_kg.rdf.vocabulary import actor_type_codes, relation_kinds
from atmp_kg.resources import QUERIES_DIR

REGIONS = ("wallonia", "brussels-capital-region", "flanders")
HOME = "belgium"  # the country of the REGIONS: a seat given only as this country leaves the region unknown
SHARED_MEMBERSHIP = "shared-membership"  # the edge kind of two members of one partnership or project


def query_text(name):
    """The text of the named query ``queries/<name>.rq``."""
    return (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")


_SELECTED = re.compile(r"^SELECT\s+(?:DISTINCT\s+)?((?:\?\w+\s+)+)WHERE", re.MULTILINE)
_ORDER_BY = re.compile(r"^ORDER BY((?:\s+\?\w+)+)\s*\Z", re.MULTILINE)


def sorted_rows(select, name):
    """``select(query_text(name))``, the rows of a named query that ends with ``ORDER BY`` and
    variables holding IRIs, sorted here instead of by the engine: Oxigraph takes 0.1-0.75 s
    to sort the 29,000-78,000 rows of such queries at a million triples, Python about a
    quarter of that. Values compare as strings, as SPARQL orders IRIs (unbound first); rows equal on
    the ``ORDER BY`` variables are ordered by the others, in the order of the ``SELECT``."""
    text = query_text(name)
    ordered, selected = _ORDER_BY.search(text), _SELECTED.search(text)
    if ordered is None or selected is None:
        raise ValueError(f"queries/{name}.rq does not select and end with ORDER BY plain variables")
    keys = [variable[1:] for variable in ordered.group(1).split()]
    keys += [variable[1:] for variable in selected.group(1).split() if variable[1:] not in keys]
    return sorted(select(text[:ordered.start()]), key=lambda row: tuple([row.get(key, "") for key in keys]))


def code(iri):
    """The last segment of an IRI: ``.../stage/preclinical`` -> ``preclinical``."""
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def actor_network(select):
    """The actor network (see module docstring) from the answers of ``select``."""
    network = nx.Graph()
    for row in sorted_rows(select, "network-actors"):
        _add_actor_row(network, row)
    for data in network.nodes.values():
        data["capabilities"] = sorted(data["capabilities"])
        data["types"] = sorted(data["types"])
        data["stages"] = sorted({stage for stage, _ in data["capabilities"]})
        data["therapies"] = sorted({therapy for _, therapy in data["capabilities"]})
    add_edges(network, select)
    return network


def add_edges(network, select, valid=None):
    """Add to ``network`` the edges between its actors: documented relations (``network-edges``)
    and shared collaborations (``network-shared-memberships``); with ``valid``, only those of the
    claims (relation claims, memberships) for which ``valid(claim IRI)`` is true."""
    valid = valid or (lambda claim: True)
    for row in sorted_rows(select, "network-edges"):
        kind = relation_kinds().get(row["kind"])
        if kind and valid(row["claim"]) and row["subject"] in network and row["object"] in network:
            edge = _edge(network, row["subject"], row["object"])
            edge["kinds"].add(kind)
            edge["sources"].add(row["source"])
    for row in sorted_rows(select, "network-shared-memberships"):
        if (row["actor"] in network and row["other"] in network
                and valid(row["membership"]) and valid(row["otherMembership"])):
            edge = _edge(network, row["actor"], row["other"])
            edge["kinds"].add(SHARED_MEMBERSHIP)
            edge["collaborations"].add(row["collaboration"])
    for _, _, data in network.edges(data=True):
        for key in ("kinds", "collaborations", "sources"):
            data[key] = sorted(data[key])


def _add_actor_row(network, row):
    actor = row["actor"]
    if actor not in network:
        region = code(row.get("region", ""))
        network.add_node(actor, label=row["label"], types=set(), capabilities=set(),
                         municipality=code(row.get("municipality", "")),
                         region=region if region in REGIONS else "beyond")
    data = network.nodes[actor]
    if row["type"] in actor_type_codes():
        data["types"].add(actor_type_codes()[row["type"]])
    if "stage" in row and "therapy" in row:
        data["capabilities"].add((code(row["stage"]), code(row["therapy"])))


def _edge(network, a, b):
    if not network.has_edge(a, b):
        network.add_edge(a, b, kinds=set(), collaborations=set(), sources=set())
    return network.edges[a, b]


NAME_KINDS = {"alias": "aliases", "former-name": "former_names", "label-fr": "labels_fr"}


def with_names(network, select):
    """A copy of ``network`` whose actors also carry ``aliases``, ``former_names`` and
    ``label_fr`` (their other names, from ``queries/network-aliases.rq``); ``network`` is unchanged."""
    named = network.copy()
    found = {node: {key: set() for key in NAME_KINDS.values()} for node in named}
    for row in select(query_text("network-aliases")):
        key = NAME_KINDS.get(row.get("kind"))
        if key and row["actor"] in found:
            found[row["actor"]][key].add(row["name"])
    for node, names in found.items():
        data = named.nodes[node]
        data["aliases"] = sorted(names["aliases"])
        data["former_names"] = sorted(names["former_names"])
        data["label_fr"] = min(names["labels_fr"]) if names["labels_fr"] else ""
    return named
