"""The value chain page (``value-chain.html``): per therapy, the actors serving each stage."""

from atmp_kg.site import i18n
from atmp_kg.site.explorer import nav_items
from atmp_kg.site.labels import actor_name, label_of, term_html, term_texts
from atmp_kg.site.markup import escape, inline_style, page, tr, variant_attributes

INTRODUCTION = ("Stages run left to right in value-chain order; cross-cutting activities come last. Empty columns "
                "are stages no actor in the graph covers for that therapy.")

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


def value_chain_page(network, terms, href, footer=""):
    """Per therapy, one column per value-chain stage (in ``schema:position`` order) listing the
    actors that serve it; a stage no actor covers stays as an empty column. ``footer`` as ``markup.page``."""
    stages = terms.get("stage_order", [])
    therapies = sorted(terms.get("therapies", {}), key=lambda t: label_of(terms, "therapies", t).lower())
    served = {}
    for iri, data in network.nodes(data=True):
        for stage, therapy in data.get("capabilities", []):
            served.setdefault((therapy, stage), []).append(iri)
    options = "".join(f'<option value="{escape(t)}"{variant_attributes("text", term_texts(terms, "therapies", t))}>'
                      f'{escape(label_of(terms, "therapies", t))}</option>' for t in therapies)
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
                             f'<span class="muted">{tr("no actor")}</span></td>')
        covered = sum(1 for s in stages if served.get((therapy, s)))
        sections.append(
            f'<section class="therapy" id="therapy-{escape(therapy)}" data-therapy="{escape(therapy)}">'
            f'<h2 id="therapy-{escape(therapy)}-title">{term_html(terms, "therapies", therapy)}</h2>'
            f'<p class="muted">{tr("{covered} of {total} stages covered.", covered=covered, total=len(stages))}</p>'
            f'<div class="chain" role="region" tabindex="0" aria-labelledby="therapy-{escape(therapy)}-title">'
            f'<table><thead><tr>{head}</tr></thead><tbody><tr>{"".join(cells)}</tr></tbody>'
            "</table></div></section>")
    css = (".chain { overflow-x:auto; } .chain table { table-layout:fixed; min-width:100%; }"
           " .chain th, .chain td { width:9em; min-width:9em; } .chain td.empty { background:#fbecec; }"
           " .chain ul { margin:0; padding-left:1em; }")
    body = (f"<h1>{tr('Value chain per therapy')}</h1><p>{tr(INTRODUCTION)}</p>"
            f'<label for="therapy-select">{tr("Therapy")}</label> <select id="therapy-select">'
            f'<option value=""{variant_attributes("text", i18n.variants("all therapies"))}>all therapies</option>'
            f"{options}</select>" + "".join(sections))
    return page(i18n.variants("atmp-kg: value chain per therapy"), body, head=inline_style(css),
                scripts=(VALUE_CHAIN_JS,), nav=nav_items("value-chain.html"), language_switch=True, footer=footer)
