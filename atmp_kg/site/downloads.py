"""The actor network as files for other tools: GEXF and GraphML (Gephi), Cytoscape JSON.

``flat_network(network)`` gives a copy whose attributes are plain strings, numbers and booleans
(lists joined with ``|``), which every format accepts; each writer returns deterministic text. GEXF
and GraphML are written as text in the layout of networkx's writers, without the XML tree those
build first (the slow part for a big network); GraphML's booleans as XML Schema writes them
(``true``, ``false``).

Each actor carries its status on the site's day (``STATUS_FIELDS``): ``active`` (a boolean), and
for a former actor ``ending`` (absorbed, merged, liquidation, closed or not yet founded),
``ending_date`` and ``successor`` (its IRI), empty for an active one, so that Gephi and Cytoscape can
filter former actors out.
"""

import json
import math

import networkx as nx

from atmp_kg.site.markup import replace_all

FILES = {"gexf": "atmp-kg-network.gexf", "graphml": "atmp-kg-network.graphml", "cytoscape": "atmp-kg-network.cyjs"}
TITLES = {"gexf": "Network for Gephi (GEXF)", "graphml": "Network for Gephi and yEd (GraphML)",
          "cytoscape": "Network for Cytoscape (JSON, .cyjs)"}
NODE_FIELDS = ("label", "label_fr", "types", "type", "region", "municipality", "stages", "therapies", "aliases")
EDGE_FIELDS = ("kinds", "collaborations", "sources")
STATUS_FIELDS = ("active", "ending", "ending_date", "successor")


def _flat(value):
    if isinstance(value, (list, tuple, set)):
        return "|".join("/".join(v) if isinstance(v, tuple) else str(v) for v in sorted(value))
    return "" if value is None else value


def flat_network(network, positions=None, when=None):
    """A copy of ``network`` with string attributes (``|``-joined lists) and each actor's status
    on the day of ``when`` (a ``history.Timeline``; without one every actor is active), nodes and
    edges in sorted order, ``weight`` = number of relation kinds, optional ``x``/``y``."""
    flat = nx.Graph()
    inactive = when.inactive if when is not None else {}
    for node in sorted(network):
        data = network.nodes[node]
        attributes = {key: _flat(data.get(key, "")) for key in NODE_FIELDS}
        if not attributes["type"]:
            types = data.get("types", [])
            attributes["type"] = sorted(types)[0] if types else ""
        ending = inactive.get(node)
        attributes.update(zip(STATUS_FIELDS, (ending is None, *((ending.kind, ending.date, ending.successor)
                                                                  if ending is not None else ("", "", ""))),
                              strict=True))
        if positions and node in positions:
            attributes["x"], attributes["y"] = (float(v) for v in positions[node])
        flat.add_node(node, **attributes)
    for a, b in sorted(tuple(sorted(edge)) for edge in network.edges()):
        data = network.edges[a, b]
        flat.add_edge(a, b, weight=float(len(data.get("kinds", [])) or 1),
                      **{key: _flat(data.get(key, [])) for key in EDGE_FIELDS})
    return flat


XML_TYPES = {str: "string", float: "double", bool: "boolean"}  # the attribute types of a flat network
TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
ATTRIBUTE_ESCAPES = (*TEXT_ESCAPES, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#09;"))
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
GEXF_HEADER = (f'<gexf xmlns="http://www.gexf.net/1.2draft" {XSI} xsi:schemaLocation="http://www.gexf.net/1.2draft '
               'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
               "  <meta>\n    <creator>atmp-kg</creator>\n  </meta>\n")
GRAPHML_HEADER = (f'<graphml xmlns="http://graphml.graphdrawing.org/xmlns" {XSI} xsi:schemaLocation='
                  '"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def gexf(flat):
    """GEXF 1.2 text of a flat network, as networkx's writer lays it out (attribute ids by first
    use, the edges' declared first; two-space indents; non-ASCII as character references), written
    directly, without networkx's XML tree."""
    nodes = [(node, dict(data)) for node, data in flat.nodes(data=True)]
    edges = [(a, b, dict(data)) for a, b, data in flat.edges(data=True)]
    labels = {node: str(data.pop("label", node)) for node, data in nodes}
    weights = {(a, b): data.pop("weight", None) for a, b, data in edges}
    node_keys = _attribute_keys(data for _, data in nodes)
    edge_keys = _attribute_keys((data for _, _, data in edges), start=len(node_keys))
    parts = [GEXF_HEADER, '  <graph defaultedgetype="undirected" mode="static" name="">\n']
    for kind, keys in (("edge", edge_keys), ("node", node_keys)):
        if keys:
            parts.append(f'    <attributes mode="static" class="{kind}">\n')
            parts += [f'      <attribute id="{key_id}" title={_attribute(name)} type="{kind_of}" />\n'
                      for name, (key_id, kind_of) in keys.items()]
            parts.append("    </attributes>\n")
    parts.append("    <nodes>\n" if nodes else "    <nodes />\n")
    for node, data in nodes:
        parts.append(f"      <node id={_attribute(node)} label={_attribute(labels[node])}"
                     + _gexf_values(data, node_keys, "node"))
    parts.append("    </nodes>\n" if nodes else "")
    parts.append("    <edges>\n" if edges else "    <edges />\n")
    for number, (a, b, data) in enumerate(edges):
        weight = weights[a, b]
        weight = "" if weight is None else f" weight={_attribute(weight)}"
        parts.append(f'      <edge source={_attribute(a)} target={_attribute(b)} id="{number}"{weight}'
                     + _gexf_values(data, edge_keys, "edge"))
    parts.append("    </edges>\n" if edges else "")
    parts.append("  </graph>\n</gexf>\n")
    return "".join(parts)


def _gexf_values(data, keys, tag):
    """The rest of a node or edge element: its ``attvalues`` and closing tag."""
    if not data:
        return " />\n"
    values = "".join(f'          <attvalue for="{keys[name][0]}" value={_attribute(_xml_value(value))} />\n'
                     for name, value in data.items())
    return f">\n        <attvalues>\n{values}        </attvalues>\n      </{tag}>\n"


def graphml(flat):
    """GraphML text of a flat network, as networkx's writer lays it out (keys ``d0``... by first
    use, declared last first; two-space indents; non-ASCII as character references), written
    directly, without networkx's XML tree."""
    nodes = list(flat.nodes(data=True))
    edges = list(flat.edges(data=True))
    node_keys = _attribute_keys(data for _, data in nodes)
    edge_keys = _attribute_keys((data for _, _, data in edges), start=len(node_keys))
    declared = [(name, key_id, kind_of, "node") for name, (key_id, kind_of) in node_keys.items()]
    declared += [(name, key_id, kind_of, "edge") for name, (key_id, kind_of) in edge_keys.items()]
    parts = [GRAPHML_HEADER]
    parts += [f'  <key id="d{key_id}" for="{scope}" attr.name={_attribute(name)} attr.type="{kind_of}" />\n'
              for name, key_id, kind_of, scope in reversed(declared)]
    if not nodes and not edges:
        parts.append('  <graph edgedefault="undirected" />\n</graphml>\n')
        return "".join(parts)
    parts.append('  <graph edgedefault="undirected">\n')
    for node, data in nodes:
        parts.append(f"    <node id={_attribute(node)}" + _graphml_values(data, node_keys, "node"))
    for a, b, data in edges:
        parts.append(f"    <edge source={_attribute(a)} target={_attribute(b)}"
                     + _graphml_values(data, edge_keys, "edge"))
    parts.append("  </graph>\n</graphml>\n")
    return "".join(parts)


def _graphml_values(data, keys, tag):
    """The rest of a node or edge element: its ``data`` elements and closing tag."""
    if not data:
        return " />\n"
    values = "".join(f'      <data key="d{keys[name][0]}">{_text(_xml_value(value))}</data>\n' if str(value) != "" else
                     f'      <data key="d{keys[name][0]}" />\n' for name, value in data.items())
    return f">\n{values}    </{tag}>\n"


def _xml_value(value):
    """A boolean as XML Schema writes it (``true``, ``false``: networkx's GraphML writer says
    ``True``), anything else as it is."""
    return ("true" if value else "false") if type(value) is bool else value


def _attribute_keys(records, start=0):
    """``{name: (id, XML type)}`` of the attributes of ``records``, numbered from ``start`` by first use."""
    keys = {}
    for data in records:
        for name, value in data.items():
            if name not in keys:
                if type(value) not in XML_TYPES:
                    raise TypeError(f"attribute {name!r}: {type(value).__name__} values are not written")
                keys[name] = (start + len(keys), XML_TYPES[type(value)])
    return keys


def _text(value):
    """XML text content, as ElementTree writes it but a carriage return kept as one (XML readers
    turn a raw one into a line feed)."""
    return _ascii(replace_all(str(value), TEXT_ESCAPES))


def _attribute(value):
    """A quoted XML attribute value, escaped as ElementTree escapes it."""
    return f'"{_ascii(replace_all(str(value), ATTRIBUTE_ESCAPES))}"'


def _ascii(text):
    """Non-ASCII characters as character references, as ElementTree writes them (networkx asks for ASCII)."""
    return text if text.isascii() else text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def cytoscape(flat):
    """Cytoscape.js / Cytoscape desktop JSON (``elements.nodes`` / ``elements.edges``)."""
    document = nx.cytoscape_data(flat, name="label", ident="id")
    for element in document["elements"]["nodes"]:
        data = element["data"]
        if "x" in data:
            element["position"] = {"x": data.pop("x"), "y": data.pop("y")}
    document["data"] = {"name": "atmp-kg actor network"}
    return indented_json(document) + "\n"


def indented_json(value, indent=""):
    """``json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)``, the same text, for
    JSON made of dicts with string keys, lists, strings, numbers, booleans and None: written
    directly (with ``indent``, json falls back to its Python encoder, which yields a piece per
    token: twice as slow for the Cytoscape JSON of a million triples)."""
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + " "
        return "{\n" + ",\n".join([f"{inner}{_json_key(key)}: {_json_leaf(item) or indented_json(item, inner)}"
                                     for key, item in sorted(value.items())]) + f"\n{indent}}}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + " "
        return "[\n" + ",\n".join([inner + indented_json(item, inner) for item in value]) + f"\n{indent}]"
    return _json_leaf(value) or _JSON_SCALAR.encode(value)  # booleans, None, other numbers: as json writes them


def _json_leaf(value):
    """A string's or a finite float's JSON text (the most common values, made without a call to
    the encoder); None for anything else."""
    if type(value) is str:
        return _json_string(value)
    if type(value) is float and math.isfinite(value):
        return repr(value)
    return None


def _json_key(key):
    if type(key) is not str:
        raise TypeError(f"JSON keys must be strings here, not {type(key).__name__}")
    return _json_string(key)


_json_string = json.encoder.encode_basestring  # json's own (C) string encoder, characters as they are
_JSON_SCALAR = json.JSONEncoder(ensure_ascii=False)


def network_files(network, positions=None, when=None):
    """``{file name: text}`` of the three downloads, each actor with its status on the day of
    ``when`` (a ``history.Timeline``)."""
    flat = flat_network(network, positions, when)
    return {FILES["gexf"]: gexf(flat), FILES["graphml"]: graphml(flat), FILES["cytoscape"]: cytoscape(flat)}
