"""The start page (``index.html``): the whole actor network with search, filters, legend and
downloads.
"""

from atmp_kg.site.explorer import NETWORK_CSS, nav_items, network_container
from atmp_kg.site.labels import term_html
from atmp_kg.site.markup import bilingual, escape, inline_style, page, vis_network_head
from atmp_kg.site.palette import KINDS, TYPE_COLOURS, TYPE_ORDER


def ecosystem_page(payload, terms, downloads=(), footer="", news=""):
    """The start page: the whole actor network with search, filters, legend and downloads.
    ``footer`` as ``markup.page``; ``news``: HTML of one line under the title (what changed since the
    previous release)."""
    filters = "".join(
        f'<label for="filter-{key}">{escape(title)}</label><select id="filter-{key}" data-filter="{key}"></select>'
        for key, title in (("therapies", "Therapy"), ("stages", "Value-chain stage"), ("types", "Actor type"),
                           ("region", "Region")))
    links = "".join(f'<li><a href="{escape(name)}" download>{escape(title)}</a></li>' for name, title in downloads)
    body = (
        f"<h1>The ATMP ecosystem</h1>\n{news}"
        '<div class="explorer"><aside>'
        '<label for="search">Search an actor (name or alias)</label>'
        '<input id="search" type="search" autocomplete="off" placeholder="name, acronym, former name">'
        '<ul id="search-results" aria-live="polite"></ul>'
        f'{filters}{former_switch(payload)}<p id="status" aria-live="polite"></p><div id="details"></div>'
        f"</aside><div>{network_container(payload)}</div></div>\n"
        f"{legend_html(payload, terms)}\n"
        f'<section id="downloads"><h2>Downloads</h2><ul>{links}</ul>'
        '<p class="muted">GEXF and GraphML open in Gephi; the .cyjs file in Cytoscape '
        "(File, Import, Network from file).</p></section>"
    )
    return page("atmp-kg: ATMP ecosystem network", body, head=vis_network_head("") + inline_style(NETWORK_CSS),
                nav=nav_items("index.html"), language_switch=True, footer=footer)


def former_count(payload):
    """How many actors of ``payload`` are former ones (not active on its ``as_of`` day)."""
    return sum(1 for n in payload["nodes"] if n.get("former"))


def former_switch(payload):
    """The switch "show former actors" (unticked: ``assets/network.js`` hides them), if any."""
    if not former_count(payload):
        return ""
    return ('<label for="show-former" class="switch"><input type="checkbox" id="show-former"> '
            f'{bilingual("show former actors", "afficher les anciens acteurs")}</label>')


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
            "Click an actor for details, double-click to open its profile.</p>"
            f"{former_legend(payload)}</section>")


def former_legend(payload):
    """The legend's line on former actors: how many, grey, hidden until the switch shows them."""
    count = former_count(payload)
    if not count:
        return ""
    return (f'<p id="legend-former"><span class="swatch" style="background:#dddddd"></span>{count} former '
            f"actor(s), not active on {escape(payload.get('as_of', ''))} (closed, absorbed, merged, in "
            "liquidation or not yet founded): grey, hidden until <em>show former actors</em> is ticked.</p>")
