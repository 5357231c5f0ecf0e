"""The start page (``index.html``): the whole actor network with search, filters, legend and
downloads.
"""

from atmp_kg.site import i18n
from atmp_kg.site.explorer import NETWORK_CSS, nav_items, network_container
from atmp_kg.site.labels import term_html
from atmp_kg.site.markup import escape, inline_style, page, tr, variant_attributes, vis_network_head
from atmp_kg.site.palette import KINDS, TYPE_COLOURS, TYPE_ORDER

DOWNLOADS_NOTE = "GEXF and GraphML open in Gephi; the .cyjs file in Cytoscape (File, Import, Network from file)."
SIZE_NOTE = ("Node size: degree centrality (number of connected actors). Click an actor for details, double-click "
             "to open its profile.")
FORMER_NOTE = ("{count} former actor(s), not active on {day} (closed, absorbed, merged, in liquidation or not yet "
               "founded): grey, hidden until \u201cshow former actors\u201d is ticked.")


def ecosystem_page(payload, terms, downloads=(), footer="", news=""):
    """The start page: the whole actor network with search, filters, legend and downloads.
    ``footer`` as ``markup.page``; ``news``: HTML of one line under the title (what changed since the
    previous release)."""
    filters = "".join(
        f'<label for="filter-{key}">{tr(title)}</label><select id="filter-{key}" data-filter="{key}"></select>'
        for key, title in (("therapies", "Therapy"), ("stages", "Value-chain stage"), ("types", "Actor type"),
                           ("region", "Region")))
    links = "".join(f'<li><a href="{escape(name)}" download>{tr(title)}</a></li>' for name, title in downloads)
    body = (
        f"<h1>{tr('The ATMP ecosystem')}</h1>\n{news}"
        '<div class="explorer"><aside>'
        f'<label for="search">{tr("Search an actor (name or alias)")}</label>'
        '<input id="search" type="search" autocomplete="off" placeholder="name, acronym, former name"'
        f'{variant_attributes("placeholder", i18n.variants("name, acronym, former name"))}>'
        '<ul id="search-results" aria-live="polite"></ul>'
        f'{filters}{former_switch(payload)}<p id="status" aria-live="polite"></p><div id="details"></div>'
        f"</aside><div>{network_container(payload)}"
        f'<details id="node-list"><summary>{tr("Drawn actors")}</summary><ul id="node-list-items"></ul></details>'
        "</div></div>\n"
        f"{legend_html(payload, terms)}\n"
        f'<section id="downloads"><h2>{tr("Downloads")}</h2><ul>{links}</ul>'
        f'<p class="muted">{tr(DOWNLOADS_NOTE)}</p></section>'
    )
    return page(i18n.variants("atmp-kg: ATMP ecosystem network"), body,
                head=vis_network_head("") + inline_style(NETWORK_CSS), nav=nav_items("index.html"),
                language_switch=True, footer=footer)


def former_count(payload):
    """How many actors of ``payload`` are former ones (not active on its ``as_of`` day)."""
    return sum(1 for n in payload["nodes"] if n.get("former"))


def former_switch(payload):
    """The switch "show former actors" (unticked: ``assets/network.js`` hides them), if any."""
    if not former_count(payload):
        return ""
    return ('<label for="show-former" class="switch"><input type="checkbox" id="show-former"> '
            f'{tr("show former actors")}</label>')


def legend_html(payload, terms):
    """Legend: node colour by actor type, edge style by relation kind, what the size means."""
    types = sorted({n["type"] for n in payload["nodes"] if n["type"]}, key=TYPE_ORDER.index)
    kinds = [k for k in KINDS if any(k in e["kinds"] for e in payload["edges"])]
    type_items = "".join(f'<li><span class="swatch" style="background:{TYPE_COLOURS[t]}"></span>'
                         f'{term_html(terms, "types", t)}</li>' for t in types if t in TYPE_COLOURS)
    kind_items = "".join(f'<li><span class="edge-swatch{" dashed" if KINDS[k][2] else ""}" '
                         f'style="border-color:{KINDS[k][1]}"></span>{term_html(terms, "kinds", k)}</li>'
                         for k in kinds)
    return (f'<section id="legend"><h2>{tr("Legend")}</h2><ul class="legend" id="legend-types">{type_items}</ul>'
            f'<ul class="legend" id="legend-kinds">{kind_items}</ul>'
            f'<p class="muted">{tr(SIZE_NOTE)}</p>'
            f"{former_legend(payload)}</section>")


def former_legend(payload):
    """The legend's line on former actors: how many, grey, hidden until the switch shows them."""
    count = former_count(payload)
    if not count:
        return ""
    return (f'<p id="legend-former"><span class="swatch" style="background:#dddddd"></span>'
            f"{tr(FORMER_NOTE, count=count, day=payload.get('as_of', ''))}</p>")
