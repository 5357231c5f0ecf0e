"""The actor network as files for other tools: GEXF and GraphML (Gephi), Cytoscape JSON.

``flat_network(network)`` gives a copy whose attributes are plain strings and numbers (lists
joined with ``|``), which every format accepts; each writer returns deterministic text.
"""

import json
import re

import networkx as nx

FILES = {"gexf": "atmp-kg-network.gexf", "graphml": "atmp-kg-network.graphml", "cytoscape": "atmp-kg-network.cyjs"}
TITLES = {"gexf": "Network for Gephi (GEXF)", "graphml": "Network for Gephi and yEd (GraphML)",
          "cytoscape": "Network for Cytoscape (JSON, .cyjs)"}
NODE_FIELDS = ("label", "label_fr", "types", "type", "region", "municipality", "stages", "therapies", "aliases")
EDGE_FIELDS = ("kinds", "collaborations", "sources")


def _flat(value):
    if isinstance(value, (list, tuple, set)):
        return "|".join("/".join(v) if isinstance(v, tuple) else str(v) for v in sorted(value))
    return "" if value is None else value


def flat_network(network, positions=None):
    """A copy of ``network`` with string attributes only (``|``-joined lists), nodes and edges
    in sorted order, ``weight`` = number of relation kinds, optional ``x``/``y``."""
    flat = nx.Graph()
    for node in sorted(network):
        data = network.nodes[node]
        attributes = {key: _flat(data.get(key, "")) for key in NODE_FIELDS}
        if not attributes["type"]:
            types = data.get("types", [])
            attributes["type"] = sorted(types)[0] if types else ""
        if positions and node in positions:
            attributes["x"], attributes["y"] = (float(v) for v in positions[node])
        flat.add_node(node, **attributes)
    for a, b in sorted(tuple(sorted(edge)) for edge in network.edges()):
        data = network.edges[a, b]
        flat.add_edge(a, b, weight=float(len(data.get("kinds", [])) or 1),
                      **{key: _flat(data.get(key, [])) for key in EDGE_FIELDS})
    return flat


def gexf(flat):
    """GEXF 1.2 text (the date stamp networkx adds is removed, so output is reproducible)."""
    text = "\n".join(nx.generate_gexf(flat, prettyprint=True)) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


def graphml(flat):
    """GraphML text."""
    return "\n".join(nx.generate_graphml(flat, prettyprint=True)) + "\n"


def cytoscape(flat):
    """Cytoscape.js / Cytoscape desktop JSON (``elements.nodes`` / ``elements.edges``)."""
    document = nx.cytoscape_data(flat, name="label", ident="id")
    for element in document["elements"]["nodes"]:
        data = element["data"]
        if "x" in data:
            element["position"] = {"x": data.pop("x"), "y": data.pop("y")}
    document["data"] = {"name": "atmp-kg actor network"}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def network_files(network, positions=None):
    """``{file name: text}`` of the three downloads."""
    flat = flat_network(network, positions)
    return {FILES["gexf"]: gexf(flat), FILES["graphml"]: graphml(flat), FILES["cytoscape"]: cytoscape(flat)}
