"""Network views of the explorer: the ecosystem network, the value chain per therapy and the
partnership (consortium) view, as self-contained HTML pages (see ``atmp_kg.site.markup``).

Pure functions: ``site_terms(select)`` reads labels; ``network_payload(network, terms)`` turns
the actor network (``atmp_kg.analyse.network``) into the nodes and edges drawn by
``assets/network.js``; ``*_page`` functions return HTML text. Beyond ``LAYOUT_THRESHOLD``
actors, positions come from ``force_layout`` (igraph) and the browser's physics is off.
"""

import math
import re
from functools import lru_cache
from pathlib import Path

from atmp_kg.analyse.network import SHARED_MEMBERSHIP, code, query_text
from atmp_kg.rdf.vocabulary import actor_type_codes, actor_types, relation_kinds
from atmp_kg.site.markup import (
    bilingual,
    escape,
    inline_style,
    json_for_script,
    json_pieces,
    json_text,
    json_text_script,
    page,
    script_safe,
    vis_network_head,
)

ASSETS = Path(__file__).resolve().parent / "assets"
NETWORK_SCRIPT = "assets/network.js"  # the explorer's script, shipped once in the site (``script_files``)
LAYOUT_THRESHOLD = 300


def keyed_by(design, codes, fallback, what):
    """``design`` (code -> how it is drawn, in the order of the legend) for exactly the ``codes``
    of the ontology: a code that ``design`` lacks comes last, drawn as ``fallback(code)`` (a new
    actor type or relation shows at once, in a neutral style, until it is given its own); a code
    of ``design`` that the ontology lacks raises ValueError."""
    unknown = [key for key in design if key not in codes]
    if unknown:
        raise ValueError(f"{what} {', '.join(unknown)}: drawn in site/views.py, unknown to the ontology")
    return {**design, **{key: fallback(key) for key in codes if key not in design}}


TYPE_COLOURS = keyed_by({  # actor type code: colour
    "developer": "#e6194b", "cdmo": "#f58231", "service-provider": "#ffe119", "supplier": "#bfef45",
    "university": "#4363d8", "research-unit": "#42d4f4", "hospital": "#3cb44b", "research-centre": "#911eb4",
    "cluster": "#f032e6", "public-body": "#a9a9a9", "investor": "#9a6324",
}, actor_types(), lambda _: "#cccccc", "actor type")
TYPE_ORDER = tuple(TYPE_COLOURS)
KINDS = keyed_by({  # edge kind: (English, French, colour, dashed)
    "collaboration": ("collaboration", "collaboration", "#1a6fb5", False),
    "shared-membership": ("same partnership or project", "même partenariat ou projet", "#8c99a6", True),
    "acquisition": ("acquisition", "acquisition", "#c0392b", False),
    "spin-off": ("spin-off", "essaimage (spin-off)", "#16a085", False),
    "subsidiary": ("subsidiary", "filiale", "#d35400", False),
    "manufacturing": ("manufacturing for", "fabrication pour", "#8e44ad", False),
    "affiliation": ("affiliation", "affiliation", "#2c3e50", False),
    "unit": ("research unit of", "unité de recherche de", "#7f8c8d", False),
    "investment": ("investment", "investissement", "#b7950b", False),
    "funding": ("funding", "financement", "#27ae60", False),
}, [*relation_kinds().values(), SHARED_MEMBERSHIP], lambda kind: (kind, kind, "#999999", False), "edge kind")
BEYOND = {"label": "beyond Belgium or unknown", "label_fr": "hors de Belgique ou inconnu"}
SCHEME_GROUPS = {"stages": "stages", "therapy-types": "therapies", "roles": "roles", "measures": "measures",
                 "legal-classes": "legal_classes", "phases": "phases"}
NAV = (("index.html", "Network"), ("value-chain.html", "Value chain"), ("consortium.html", "Partnerships"),
       ("actors.html", "Actors"))
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,100}$")


# -- labels ------------------------------------------------------------------------------

def site_terms(select):
    """Labels (``{"label", "label_fr"}``) by group and code, from ``queries/site-labels.rq``.

    Groups: stages, therapies, roles, measures, legal_classes, phases (by code), types (actor type
    codes), places (by code), collaborations (by IRI), kinds (edge kinds); ``stage_order`` lists
    stage codes by ``schema:position``.
    """
    terms = {group: {} for group in ("stages", "therapies", "roles", "measures", "legal_classes", "phases",
                                     "types", "places", "collaborations")}
    positions = {}
    class_codes = actor_type_codes()
    for row in select(query_text("site-labels")):
        thing, scheme = row["thing"], code(row.get("scheme", ""))
        if scheme in SCHEME_GROUPS:
            group, key = SCHEME_GROUPS[scheme], code(thing)
        elif thing in class_codes:
            group, key = "types", class_codes[thing]
        elif "/id/place/" in thing:
            group, key = "places", code(thing)
        elif "/id/collaboration/" in thing or scheme == "":
            group, key = "collaborations", thing
        else:
            continue
        entry = terms[group].setdefault(key, {"label": "", "label_fr": ""})
        field = "label_fr" if row.get("lang", "").lower().startswith("fr") else "label"
        if field == "label" and row.get("lang", "") not in ("en", "") and entry["label"]:
            continue
        if not entry[field] or row["label"] < entry[field]:
            entry[field] = row["label"]
        if group == "stages" and row.get("position"):
            positions[key] = float(row["position"])
    for group in terms.values():
        for key, entry in group.items():
            entry["label"] = entry["label"] or entry["label_fr"] or code(key)
    terms["kinds"] = {kind: {"label": en, "label_fr": fr} for kind, (en, fr, _, _) in KINDS.items()}
    terms["regions"] = {key: terms["places"].get(key, {"label": key, "label_fr": ""})
                        for key in ("wallonia", "brussels-capital-region", "flanders")}
    terms["regions"]["beyond"] = dict(BEYOND)
    terms["stage_order"] = sorted(terms["stages"], key=lambda s: (positions.get(s, math.inf), s))
    return terms


def label_of(terms, group, key):
    """The English label of ``key`` in ``group`` (its code when unknown)."""
    return terms.get(group, {}).get(key, {}).get("label") or code(key)


def term_html(terms, group, key):
    """Escaped label with its French variant for the language switch."""
    entry = terms.get(group, {}).get(key, {})
    return bilingual(entry.get("label") or code(key), entry.get("label_fr"))


def actor_name(network, actor):
    """Escaped name of ``actor`` with its French name for the language switch."""
    data = network.nodes[actor] if actor in network else {}
    return bilingual(data.get("label") or actor, data.get("label_fr"))


def actor_slug(iri):
    """A safe file name stem for an actor IRI: its slug, or a stable hash for odd IRIs."""
    slug = code(iri)
    if SLUG.match(slug):
        return slug
    import hashlib
    return "actor-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


# -- the network payload -------------------------------------------------------------------

def primary_type(types):
    """The first of ``types`` in the fixed type order (colours one node)."""
    ranked = [t for t in TYPE_ORDER if t in types]
    return ranked[0] if ranked else (sorted(types)[0] if types else "")


def node_sizes(nodes, links):
    """Node size (pixels) from degree centrality (as networkx counts it: a loop twice) in the
    graph of ``nodes`` and ``links`` (``(a, b, data)``): 8 for isolates up to 40 for the best connected."""
    degree = dict.fromkeys(nodes, 0)
    for a, b, _ in links:
        degree[a] += 1
        degree[b] += 1
    top = max(degree.values(), default=0) or 1
    return {node: round(8 + 32 * math.sqrt(value / top), 2) for node, value in degree.items()}


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


def force_layout(network, iterations=200, seed=1):
    """Positions ``{node: (x, y)}`` in pixels by igraph's Fruchterman-Reingold layout (in C; the
    grid variant, whose repulsion only counts nearby nodes: 18,000 actors in about a second),
    centred and scaled with the number of nodes. Deterministic for a given ``seed``."""
    from atmp_kg.analyse.measures import igraph_of, igraph_seeded

    graph, order, _ = igraph_of(network, nodes=sorted(network))
    if not order:
        return {}
    with igraph_seeded(seed):
        coords = graph.layout_fruchterman_reingold(niter=iterations, grid=True).coords
    middle = [sum(c[axis] for c in coords) / len(coords) for axis in (0, 1)]
    spread = max(abs(c[axis] - middle[axis]) for c in coords for axis in (0, 1)) or 1.0
    scale = 40.0 * math.sqrt(len(order)) / spread
    return {node: (round((x - middle[0]) * scale, 1), round((y - middle[1]) * scale, 1))
            for node, (x, y) in zip(order, coords, strict=True)}


def network_payload(network, terms, href=None, positions=None, menus=True, within=None, parts=None):
    """Nodes, edges, filter menus and labels for ``assets/network.js`` (JSON-ready, sorted).

    ``href(iri)`` gives each actor's profile link; ``positions`` (``{iri: (x, y)}``) fixes the
    layout; without it, graphs above ``LAYOUT_THRESHOLD`` nodes get ``force_layout``. Labels
    (``terms``) only for the codes the nodes and edges use; ``menus=False``: no filter menus
    (a drawing without the page's filters, such as a profile's neighbourhood); ``within``: a set
    of nodes, drawn with the edges among them (a profile's neighbourhood); ``parts``: the
    ``PayloadParts`` of ``network`` and ``href``, kept by a caller drawing it many times.
    """
    parts = parts or PayloadParts(network, href)
    drawing = Drawing(network, within, positions, parts.adjacency)
    nodes = [{**parts.node(iri), **numbers} for iri, numbers in drawing.node_numbers()]
    edges = [{**parts.edge(a, b, data), **numbers} for a, b, data, numbers in drawing.edge_numbers()]
    return {"nodes": nodes, "edges": edges, "filters": filter_options(nodes, terms) if menus else {},
            "terms": used_terms(nodes, edges, terms), "hierarchical": False}


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


class PayloadParts:
    """What a node's or an edge's entry in ``network_payload`` holds whatever the drawing (all
    but its number, size and position), made once per node and edge: thousands of profile pages
    draw neighbourhoods that share them."""

    def __init__(self, network, href=None):
        self.network, self.href = network, href
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
        return self.nodes[iri]

    def edge(self, a, b, data):
        """The entry of the edge ``a``-``b`` (``a <= b``) with attributes ``data``."""
        if (a, b) not in self.edges:
            kinds = [k for k in KINDS if k in data.get("kinds", [])] + sorted(
                k for k in data.get("kinds", []) if k not in KINDS)
            main = kinds[0] if kinds else ""
            _, _, colour, dashed = KINDS.get(main, ("", "", "#999999", False))
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


# -- pages -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def network_js():
    """The explorer's own script (drawing, filters, search, language switch)."""
    return (ASSETS / "network.js").read_text(encoding="utf-8")


NETWORK_CSS = """
.explorer { display:grid; grid-template-columns: 290px 1fr; gap:1em; }
.explorer aside label { display:block; margin:.4em 0 .1em; font-weight:600; }
.explorer aside select, .explorer aside input { width:100%; padding:.25em; }
#network, .partnership div[id^=network] { height: 78vh; border:1px solid var(--line); background:#fff; }
.network-small { height: 360px !important; }
#search-results { list-style:none; padding:0; margin:.3em 0; max-height:12em; overflow:auto; }
#search-results button { background:none; border:none; color:var(--accent); cursor:pointer; padding:0;
  text-align:left; }
.tip { max-width: 320px; white-space: normal; }
.network-tip { position:absolute; z-index:10; background:#fffff4; border:1px solid #999; padding:.3em .5em;
  font-size:13px; pointer-events:none; box-shadow:0 1px 4px #0003; }
.edge-swatch { display:inline-block; width:1.6em; height:0; border-top:3px solid; vertical-align:middle;
  margin-right:.3em; }
.edge-swatch.dashed { border-top-style:dashed; }
@media (max-width: 800px) { .explorer { grid-template-columns: 1fr; } }
"""


def nav_items(current):
    return tuple((href, text, href == current) for href, text in NAV)


def script_files():
    """``{relative path: text}`` of the explorer's script, which every drawing of the site loads."""
    return {NETWORK_SCRIPT: network_js()}


def network_container(payload, small=False, name="network", root=""):
    """The drawing area ``name`` with its data (``payload``, or its ``json_for_script`` text) and
    script (vis-network must be in the head; ``root``: the relative path from the page to the
    site root, where ``script_files`` are); the page's search and filters drive the drawing
    named ``network``."""
    cls = ' class="network-small"' if small else ""
    data = payload if isinstance(payload, str) else json_for_script(payload)
    return (f'<div id="{escape(name)}"{cls} role="img" aria-label="network"></div>\n'
            + json_text_script(f"{name}-data", data) + f'\n<script src="{escape(root + NETWORK_SCRIPT)}"></script>')


def legend_html(payload, terms):
    """Legend: node colour by actor type, edge style by relation kind, what the size means."""
    types = sorted({n["type"] for n in payload["nodes"] if n["type"]}, key=TYPE_ORDER.index)
    kinds = [k for k in KINDS if any(k in e["kinds"] for e in payload["edges"])]
    type_items = "".join(f'<li><span class="swatch" style="background:{TYPE_COLOURS[t]}"></span>'
                         f'{term_html(terms, "types", t)}</li>' for t in types if t in TYPE_COLOURS)
    kind_items = "".join(f'<li><span class="edge-swatch{" dashed" if KINDS[k][3] else ""}" '
                         f'style="border-color:{KINDS[k][2]}"></span>{term_html(terms, "kinds", k)}</li>'
                         for k in kinds)
    return (f'<section id="legend"><h2>Legend</h2><ul class="legend" id="legend-types">{type_items}</ul>'
            f'<ul class="legend" id="legend-kinds">{kind_items}</ul>'
            '<p class="muted">Node size: degree centrality (number of connected actors). '
            "Click an actor for details, double-click to open its profile.</p></section>")


def ecosystem_page(payload, terms, downloads=()):
    """The start page: the whole actor network with search, filters, legend and downloads."""
    filters = "".join(
        f'<label for="filter-{key}">{escape(title)}</label><select id="filter-{key}" data-filter="{key}"></select>'
        for key, title in (("therapies", "Therapy"), ("stages", "Value-chain stage"), ("types", "Actor type"),
                           ("region", "Region")))
    links = "".join(f'<li><a href="{escape(name)}" download>{escape(title)}</a></li>' for name, title in downloads)
    body = (
        "<h1>The ATMP ecosystem</h1>\n"
        '<div class="explorer"><aside>'
        '<label for="search">Search an actor (name or alias)</label>'
        '<input id="search" type="search" autocomplete="off" placeholder="name, acronym, former name">'
        '<ul id="search-results" aria-live="polite"></ul>'
        f'{filters}<p id="status" aria-live="polite"></p><div id="details"></div>'
        f"</aside><div>{network_container(payload)}</div></div>\n"
        f"{legend_html(payload, terms)}\n"
        f'<section id="downloads"><h2>Downloads</h2><ul>{links}</ul>'
        '<p class="muted">GEXF and GraphML open in Gephi; the .cyjs file in Cytoscape '
        "(File, Import, Network from file).</p></section>"
    )
    return page("atmp-kg: ATMP ecosystem network", body, head=vis_network_head("") + inline_style(NETWORK_CSS),
                nav=nav_items("index.html"), language_switch=True)


# the value chain page's script: shows the chosen therapy's section only
VALUE_CHAIN_JS = """
(function () {
  var select = document.getElementById("therapy-select");
  function show() {
    document.querySelectorAll("section.therapy").forEach(function (s) {
      s.hidden = !!select.value && s.getAttribute("data-therapy") !== select.value;
    });
  }
  select.addEventListener("change", show);
  show();
})();"""


def value_chain_page(network, terms, href):
    """Per therapy, one column per value-chain stage (in ``schema:position`` order) listing the
    actors that serve it; a stage no actor covers stays as an empty column."""
    stages = terms.get("stage_order", [])
    therapies = sorted(terms.get("therapies", {}), key=lambda t: label_of(terms, "therapies", t).lower())
    served = {}
    for iri, data in network.nodes(data=True):
        for stage, therapy in data.get("capabilities", []):
            served.setdefault((therapy, stage), []).append(iri)
    options = "".join(f'<option value="{escape(t)}">{escape(label_of(terms, "therapies", t))}</option>'
                      for t in therapies)
    sections = []
    for therapy in therapies:
        head = "".join(f'<th scope="col" data-stage="{escape(s)}">{term_html(terms, "stages", s)}</th>'
                       for s in stages)
        cells = []
        for stage in stages:
            actors = sorted(served.get((therapy, stage), []), key=lambda a: (network.nodes[a].get("label", ""), a))
            if actors:
                items = "".join(f'<li><a href="{escape(href(a))}">{actor_name(network, a)}</a></li>'
                                for a in actors)
                cells.append(f'<td data-stage="{escape(stage)}" data-count="{len(actors)}"><ul>{items}</ul></td>')
            else:
                cells.append(f'<td class="empty" data-stage="{escape(stage)}" data-count="0">'
                             '<span class="muted">no actor</span></td>')
        covered = sum(1 for s in stages if served.get((therapy, s)))
        sections.append(
            f'<section class="therapy" id="therapy-{escape(therapy)}" data-therapy="{escape(therapy)}">'
            f'<h2>{term_html(terms, "therapies", therapy)}</h2>'
            f'<p class="muted">{covered} of {len(stages)} stages covered.</p>'
            f'<div class="chain"><table><thead><tr>{head}</tr></thead><tbody><tr>{"".join(cells)}</tr></tbody>'
            "</table></div></section>")
    css = (".chain { overflow-x:auto; } .chain table { table-layout:fixed; min-width:100%; }"
           " .chain th, .chain td { width:9em; min-width:9em; } .chain td.empty { background:#fbecec; }"
           " .chain ul { margin:0; padding-left:1em; }")
    body = ("<h1>Value chain per therapy</h1>"
            '<p>Stages run left to right in value-chain order; cross-cutting activities come last. '
            'Empty columns are stages no actor in the graph covers for that therapy.</p>'
            f'<label for="therapy-select">Therapy</label> <select id="therapy-select">'
            f'<option value="">all therapies</option>{options}</select>'
            + "".join(sections))
    return page("atmp-kg: value chain per therapy", body, head=inline_style(css), scripts=(VALUE_CHAIN_JS,),
                nav=nav_items("value-chain.html"), language_switch=True)


# -- partnerships ------------------------------------------------------------------------

LEVELS = {"Partnership": 0, "Pillar": 1, "WorkPackage": 2, "Project": 2}


def consortia(select):
    """Partnerships as trees: ``[{iri, kind, children: [...], members: [(actor, role, sources)]}]``,
    from ``queries/consortium-structure.rq`` and ``queries/consortium-members.rq``."""
    kinds, parents, roots = {}, {}, set()
    for row in select(query_text("consortium-structure")):
        collaboration = row["collaboration"]
        kinds[collaboration] = code(row["kind"])
        parents.setdefault(collaboration, set())
        if row.get("parent") and row["parent"] != collaboration:
            parents[collaboration].add(row["parent"])
        if kinds[collaboration] == "Partnership":
            roots.add(collaboration)
    members = {}
    for row in select(query_text("consortium-members")):
        entry = members.setdefault(row["collaboration"], {}).setdefault((row["actor"], code(row["role"])), set())
        if row.get("source"):
            entry.add(row["source"])

    def depth(node, seen=()):
        known = [p for p in parents.get(node, ()) if p in kinds and p not in seen]
        return 0 if not known else 1 + max(depth(p, (*seen, node)) for p in known)

    children = {}
    for node, ups in parents.items():
        known = [p for p in ups if p in kinds]
        if known and node not in roots:
            parent = max(known, key=lambda p: (depth(p), p))
            children.setdefault(parent, []).append(node)

    def tree(node, seen=()):
        return {"iri": node, "kind": kinds[node],
                "members": sorted((a, r, sorted(s)) for (a, r), s in members.get(node, {}).items()),
                "children": [tree(c, (*seen, node)) for c in sorted(children.get(node, [])) if c not in seen]}

    return [tree(root) for root in sorted(roots)]


def consortium_payload(tree, network, terms, href):
    """A hierarchical network: partnership -> pillars -> work packages/projects -> partners."""
    nodes, edges, ids = [], [], {}

    def add(key, label, label_fr, level, colour, shape, link="", types=()):
        if key not in ids:
            ids[key] = len(nodes)
            nodes.append({"id": ids[key], "iri": key, "label": label, "label_fr": label_fr, "aliases": [],
                          "former_names": [], "types": list(types), "type": "", "region": "", "stages": [],
                          "therapies": [], "size": 14 if level < 3 else 10, "color": colour, "shape": shape,
                          "level": level, "href": link})
        return ids[key]

    def walk(item):
        entry = terms.get("collaborations", {}).get(item["iri"], {})
        me = add(item["iri"], entry.get("label") or code(item["iri"]), entry.get("label_fr", ""),
                 LEVELS.get(item["kind"], 2), "#dfe6ee", "box")
        for actor, role, _ in item["members"]:
            data = network.nodes[actor] if actor in network else {}
            kind = primary_type(data.get("types", []))
            other = add(actor, data.get("label") or code(actor), data.get("label_fr", ""), 3,
                        TYPE_COLOURS.get(kind, "#cccccc"), "dot", href(actor) if actor in network else "",
                        data.get("types", []))
            edges.append({"id": len(edges), "from": me, "to": other, "kinds": [role], "collaborations": [],
                          "color": "#7f8c8d", "dashes": False, "width": 1})
        for child in item["children"]:
            below = walk(child)
            edges.append({"id": len(edges), "from": me, "to": below, "kinds": ["part"], "collaborations": [],
                          "color": "#2c3e50", "dashes": False, "width": 2})
        return me

    walk(tree)
    kinds = dict(terms.get("roles", {}))
    kinds["part"] = {"label": "part of", "label_fr": "fait partie de"}
    return {"nodes": nodes, "edges": edges, "filters": {}, "hierarchical": True,
            "terms": {"types": terms.get("types", {}), "regions": {}, "therapies": {}, "stages": {}, "kinds": kinds,
                      "collaborations": {}}}


def consortium_list(item, network, terms, href):
    """The partnership tree as nested lists (readable without scripts), every name escaped."""
    def name(actor):
        return actor_name(network, actor)
    roles = "".join(f'<li><a href="{escape(href(actor))}">{name(actor)}</a> '
                    f'<span class="muted">({term_html(terms, "roles", role)})</span></li>'
                    for actor, role, _ in item["members"])
    kids = "".join(consortium_list(child, network, terms, href) for child in item["children"])
    kind = {"WorkPackage": "work package"}.get(item["kind"], item["kind"].lower())
    return (f'<li id="{escape(actor_slug(item["iri"]))}" data-kind="{escape(item["kind"])}">'
            f'<strong>{term_html(terms, "collaborations", item["iri"])}</strong> '
            f'<span class="muted">{escape(kind)}</span>'
            f'{"<ul class=members>" + roles + "</ul>" if roles else ""}{"<ul>" + kids + "</ul>" if kids else ""}</li>')


def consortium_page(trees, network, terms, href):
    """Every partnership (e.g. ATMP-PIT) with its pillars, work packages, projects and partners."""
    parts = []
    for number, tree in enumerate(trees):
        payload = consortium_payload(tree, network, terms, href)
        drawing = network_container(payload, name="network" if number == 0 else f"network-{number + 1}")
        parts.append(f'<section class="partnership"><h2>{term_html(terms, "collaborations", tree["iri"])}</h2>'
                     f'{drawing}<ul class="tree">{consortium_list(tree, network, terms, href)}</ul></section>')
    if not trees:
        parts.append("<p>No partnership in the graph.</p>")
    body = ("<h1>Partnerships</h1><p>Partnership, pillars, work packages and projects, and the partners of each "
            "with their role.</p>" + "".join(parts))
    head = (vis_network_head("") + inline_style(NETWORK_CSS)) if trees else ""
    return page("atmp-kg: partnerships", body, head=head, nav=nav_items("consortium.html"), language_switch=True)
