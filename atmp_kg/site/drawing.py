"""The nodes and edges that ``assets/network.js`` draws with vis-network: ``network_payload(network,
terms)`` turns the actor network (``atmp_kg.analyse.network``) into them, with filter menus and
the labels they use (JSON-ready, sorted); ``network_payload_json`` gives the same as JSON text,
joined from pieces made once per node and edge (``PayloadParts``) for the many profile pages.
"""

import dataclasses
import math

from atmp_kg.analyse.history import ending_text
from atmp_kg.analyse.network import code
from atmp_kg.site import i18n
from atmp_kg.site.labels import label_of
from atmp_kg.site.layout import LAYOUT_THRESHOLD, force_layout
from atmp_kg.site.markup import json_pieces, json_text, script_safe
from atmp_kg.site.palette import KINDS, TYPE_COLOURS, primary_type


def network_payload(network, terms, href=None, positions=None, menus=True, within=None, parts=None, when=None):
    """Nodes, edges, filter menus and labels for ``assets/network.js`` (JSON-ready, sorted).

    ``href(iri)`` gives each actor's profile link; ``positions`` (``{iri: (x, y)}``) fixes the
    layout; without it, graphs above ``LAYOUT_THRESHOLD`` nodes get ``force_layout``. Labels
    (``terms``) only for the codes the nodes and edges use; ``menus=False``: no filter menus
    (a drawing without the page's filters, such as a profile's neighbourhood); ``within``: a set
    of nodes, drawn with the edges among them (a profile's neighbourhood); ``parts``: the
    ``PayloadParts`` of ``network`` and ``href``, kept by a caller drawing it many times;
    ``when``: the ``history.Timeline`` of the build's day (``as_of`` in the payload, and each
    actor not active on it is ``former``).
    """
    parts = parts or PayloadParts(network, href, when)
    drawing = Drawing(network, within, positions, parts.adjacency)
    nodes = [{**parts.node(iri), **numbers} for iri, numbers in drawing.node_numbers()]
    edges = [{**parts.edge(a, b, data), **numbers} for a, b, data, numbers in drawing.edge_numbers()]
    payload = {"nodes": nodes, "edges": edges, "filters": filter_options(nodes, terms) if menus else {},
               "terms": used_terms(nodes, edges, terms), "hierarchical": False}
    if parts.when is not None:
        payload["as_of"] = parts.when.day.isoformat()
    return payload


def network_payload_json(network, terms, href=None, positions=None, within=None, parts=None):
    """``html.json_for_script(network_payload(..., menus=False, ...))``, the same text, joined
    from each node's and edge's JSON made once (``PayloadParts.node_json``): the drawings of
    thousands of profile pages share them (at a million triples, encoding each page's entries
    again took more time than the rest of the drawing)."""
    parts = parts or PayloadParts(network, href)
    drawing = Drawing(network, within, positions, parts.adjacency)
    ids, sizes, positions = drawing.ids, drawing.sizes, drawing.positions
    nodes = []
    for iri in drawing.order:
        if positions:
            x, y = positions[iri]
            a, b, c, d, e = parts.node_json(iri, True)
            nodes.append(f"{a}{ids[iri]}{b}{sizes[iri]!r}{c}{x!r}{d}{y!r}{e}")
        else:
            a, b, c = parts.node_json(iri, False)
            nodes.append(f"{a}{ids[iri]}{b}{sizes[iri]!r}{c}")
    edges = []
    for number, (one, other, data) in enumerate(drawing.links):
        a, b, c, d = parts.edge_json(one, other, data)
        edges.append(f"{a}{ids[one]}{b}{number}{c}{ids[other]}{d}")
    codes = used_codes([parts.nodes[iri] for iri in drawing.order],  # made by node_json and edge_json above
                       [parts.edges[one, other] for one, other, _ in drawing.links])
    return script_safe("".join(['{"edges":[', ",".join(edges), '],"filters":{},"hierarchical":false,"nodes":[',
                                ",".join(nodes), '],"terms":', parts.terms_json(codes, terms), "}"]))


class Drawing:
    """What a drawing of ``network`` (or of the nodes ``within``, with the edges among them)
    numbers: its nodes in order with their ids, sizes and positions (``positions``, else
    ``force_layout`` above ``LAYOUT_THRESHOLD`` nodes), its edges with their ids and ends."""

    def __init__(self, network, within=None, positions=None, adjacency=None):
        members = network if within is None else within
        if positions is None and len(members) > LAYOUT_THRESHOLD:
            positions = force_layout(network if within is None else network.subgraph(within))
        self.order, self.positions = sorted(members), positions
        self.ids = {iri: i for i, iri in enumerate(self.order)}
        self.links = links_among(network, self.order, within, adjacency)
        self.sizes = node_sizes(self.order, self.links)

    def node_numbers(self):
        """``(iri, {"id", "size"[, "x", "y"]})`` of each node, in order."""
        for iri in self.order:
            numbers = {"id": self.ids[iri], "size": self.sizes[iri]}
            if self.positions:
                numbers["x"], numbers["y"] = self.positions[iri]
            yield iri, numbers

    def edge_numbers(self):
        """``(a, b, data, {"id", "from", "to"})`` of each edge, in order."""
        ids = self.ids
        for i, (a, b, data) in enumerate(self.links):
            yield a, b, data, {"id": i, "from": ids[a], "to": ids[b]}


def links_among(network, order, within=None, adjacency=None):
    """The edges ``(a, b, data)`` of ``network`` with ``a <= b``, sorted; with ``within`` (a set
    of nodes, ``order`` sorted), only those among them, found without copying them into a graph of
    their own (a hub's neighbourhood reads the smaller of its neighbours and ``within``).
    ``adjacency``: ``dict(network.adjacency())`` if made already (plain dicts: read faster than
    networkx's views, for thousands of neighbourhoods)."""
    if within is None:
        links = [(a, b, data) if a <= b else (b, a, data) for a, b, data in network.edges(data=True)]
    else:
        links = []
        adjacency = network.adj if adjacency is None else adjacency
        for a in order:
            adjacent = adjacency[a]
            others = within if len(adjacent) > len(within) else adjacent
            links.extend((a, b, adjacent[b]) for b in others if a <= b and b in within and b in adjacent)
    links.sort(key=lambda link: (link[0], link[1]))
    return links


def node_sizes(nodes, links):
    """Node size (pixels) from degree centrality (as networkx counts it: a loop twice) in the
    graph of ``nodes`` and ``links`` (``(a, b, data)``): 8 for isolates up to 40 for the best connected."""
    degree = dict.fromkeys(nodes, 0)
    for a, b, _ in links:
        degree[a] += 1
        degree[b] += 1
    top = max(degree.values(), default=0) or 1
    return {node: round(8 + 32 * math.sqrt(value / top), 2) for node, value in degree.items()}


class PayloadParts:
    """What a node's or an edge's entry in ``network_payload`` holds whatever the drawing (all
    but its number, size and position), made once per node and edge: thousands of profile pages
    draw neighbourhoods that share them. ``when``: the ``history.Timeline`` whose inactive
    actors are drawn as ``former`` (``former_text``: what became of it, in each language)."""

    def __init__(self, network, href=None, when=None):
        self.network, self.href, self.when = network, href, when
        self.adjacency = dict(network.adjacency())  # {node: {neighbour: edge data}}, networkx's own dicts
        self.nodes, self.edges, self.node_pieces, self.edge_pieces = {}, {}, {}, {}
        self.terms, self.term_pieces = None, {}

    def node(self, iri):
        if iri not in self.nodes:
            data = self.network.nodes[iri]
            kind = primary_type(data.get("types", []))
            self.nodes[iri] = {
                "iri": iri, "label": data.get("label") or code(iri), "label_fr": data.get("label_fr", ""),
                "aliases": list(data.get("aliases", [])), "former_names": list(data.get("former_names", [])),
                "types": list(data.get("types", [])), "type": kind, "region": data.get("region", ""),
                "stages": list(data.get("stages", [])), "therapies": list(data.get("therapies", [])),
                "color": TYPE_COLOURS.get(kind, "#cccccc"), "href": self.href(iri) if self.href else ""}
            if self.when is not None and iri in self.when.inactive:
                self.nodes[iri]["former"] = former_text(self.network, self.when.inactive[iri])
        return self.nodes[iri]

    def edge(self, a, b, data):
        """The entry of the edge ``a``-``b`` (``a <= b``) with attributes ``data``."""
        if (a, b) not in self.edges:
            kinds = [k for k in KINDS if k in data.get("kinds", [])] + sorted(
                k for k in data.get("kinds", []) if k not in KINDS)
            main = kinds[0] if kinds else ""
            _, colour, dashed = KINDS.get(main, ("", "#999999", False))
            self.edges[a, b] = {"kinds": kinds, "collaborations": list(data.get("collaborations", [])),
                                "color": colour, "dashes": dashed and len(kinds) == 1, "width": 1 + len(kinds)}
        return self.edges[a, b]

    def node_json(self, iri, positioned):
        """The node's entry as JSON text cut where its id, size and (``positioned``) x and y go
        (in that order: ``html.json_pieces`` without the keys)."""
        key = (iri, positioned)
        if key not in self.node_pieces:
            self.node_pieces[key] = _texts(json_pieces(self.node(iri), NODE_NUMBERS[positioned]),
                                           NODE_NUMBERS[positioned])
        return self.node_pieces[key]

    def edge_json(self, a, b, data):
        """The edge's entry as JSON text cut where its ends and id go (from, id, to)."""
        if (a, b) not in self.edge_pieces:
            self.edge_pieces[a, b] = _texts(json_pieces(self.edge(a, b, data), EDGE_NUMBERS), EDGE_NUMBERS)
        return self.edge_pieces[a, b]

    def terms_json(self, codes, terms):
        """``json_text(used_terms(...))`` for the codes of ``used_codes``, joined from each
        term's JSON made once (for one ``terms``: a new one starts again)."""
        if terms is not self.terms:
            self.terms, self.term_pieces = terms, {}
        groups = []
        for group in sorted(codes):
            known = terms.get(group, {})
            entries = []
            for key in sorted(codes[group]):
                if key in known:
                    if (group, key) not in self.term_pieces:
                        self.term_pieces[group, key] = json_text({key: known[key]})[1:-1]  # "key":{...}
                    entries.append(self.term_pieces[group, key])
            groups.append(f'{json_text(group)}:{{{",".join(entries)}}}')
        return "{" + ",".join(groups) + "}"


def former_text(network, ending):
    """What became of a former actor in each language, as the payload's labels are given
    (``{"label": "absorbed 2020-01-15, now part of Catalent", "label_fr": "absorbé 2020-01-15,
    désormais dans Catalent", "label_nl": ...}``, for network.js's ``pick``); a kind of ending the
    table (``i18n.STRINGS``) lacks stays as the data names it."""
    key = ending_text(dataclasses.replace(ending, date="{date}"))
    texts = (i18n.variants(key, date=ending.date) if i18n.known(key)
             else dict.fromkeys(i18n.LANGUAGES, ending_text(ending)))
    if ending.successor:
        data = network.nodes[ending.successor] if ending.successor in network else {}
        name = data.get("label") or code(ending.successor)
        names = {"en": name, "fr": data.get("label_fr") or name, "nl": name}
        now = i18n.variants("now part of")
        texts = {lang: f"{text}, {now[lang]} {names[lang]}" for lang, text in texts.items()}
    return {"label": texts["en"], "label_fr": texts["fr"], "label_nl": texts["nl"]}


NODE_NUMBERS = {False: ("id", "size"), True: ("id", "size", "x", "y")}  # in the order of their JSON keys
EDGE_NUMBERS = ("from", "id", "to")


def _texts(pieces, keys):
    """The texts of ``html.json_pieces``, checked to be cut at ``keys`` in that order."""
    if pieces[1::2] != keys:
        raise ValueError(f"JSON keys {pieces[1::2]} are not in the order {keys}")
    return pieces[::2]


def used_terms(nodes, edges, terms):
    """The labels of the codes that ``nodes`` and ``edges`` use, by group (what the tooltips show)."""
    return {group: {key: terms[group][key] for key in sorted(keys) if key in terms.get(group, {})}
            for group, keys in used_codes(nodes, edges).items()}


def used_codes(nodes, edges):
    """The codes that ``nodes`` and ``edges`` use, as a set per group."""
    used = {"types": set(), "regions": set(), "therapies": set(), "stages": set(), "kinds": set(),
            "collaborations": set()}
    for node in nodes:
        used["types"].update(node["types"])
        used["regions"].add(node["region"])
        used["therapies"].update(node["therapies"])
        used["stages"].update(node["stages"])
    for edge in edges:
        used["kinds"].update(edge["kinds"])
        used["collaborations"].update(edge["collaborations"])
    return used


def filter_options(nodes, terms):
    """Menu entries ``{code, label, label_fr, count}`` for each filter (therapies, stages, types, region)."""
    options = {}
    for key, group in (("therapies", "therapies"), ("stages", "stages"), ("types", "types"), ("region", "regions")):
        counts = {}
        for node in nodes:
            values = node[key] if isinstance(node[key], list) else [node[key]]
            for value in values:
                if value:
                    counts[value] = counts.get(value, 0) + 1
        if group == "stages":
            rank = {s: i for i, s in enumerate(terms.get("stage_order", []))}
            ordered = sorted(counts, key=lambda c: (rank.get(c, len(rank)), c))
        else:
            ordered = sorted(counts, key=lambda c: (label_of(terms, group, c).lower(), c))
        options[key] = [{"code": c, "count": counts[c], **terms.get(group, {}).get(c, {"label": c, "label_fr": ""})}
                        for c in ordered]
    return options
