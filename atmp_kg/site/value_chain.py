"""The value chain page (``value-chain.html``): per therapy, the actors serving each stage, as of
the site's day: an actor not active on it (a former actor) or a capability not valid on it
(ended, not yet started, planned) is shown grey and not counted; a stage the data holds no
capability claim for, for any therapy, is "not covered by the data", not a gap (docs/gaps.md).
"""

from rdflib import URIRef

from atmp_kg.analyse import history
from atmp_kg.analyse.network import code
from atmp_kg.site import i18n
from atmp_kg.site.as_of import ATMP, FORMER_GREY, Period, claim_period, former_html, not_valid_html
from atmp_kg.site.explorer import nav_items
from atmp_kg.site.labels import actor_name, label_of, term_html, term_texts
from atmp_kg.site.markup import escape, inline_style, page, tr, variant_attributes

INTRODUCTION = "Stages run left to right in value-chain order; cross-cutting activities come last."
AS_OF_NOTE = ("As of {day}: only the actors active on that day and their capabilities valid on it count; the "
              "others are shown grey.")
GAP_NOTE = "gap: no actor active on the day covers the stage for that therapy"
NO_DATA_NOTE = ("not covered by the data: no capability claim for the stage (or the therapy) at all, on any day; "
                "nobody collected it, which says nothing of a gap")
GREY_NOTE = "grey: a former actor, or a capability that is not valid on the day (ended, not yet started or planned)"
COVERED, GAP, NO_DATA = "covered", "gap", "not covered by the data"

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

CSS = (".chain { overflow-x:auto; } .chain table { table-layout:fixed; min-width:100%; }"
       " .chain th, .chain td { width:9em; min-width:9em; } .chain td.empty, .swatch.gap { background:#fbecec; }"
       " .chain td.no-data, .swatch.no-data { background:repeating-linear-gradient(45deg, #ffffff, #ffffff 4px,"
       " #e6e9ed 4px, #e6e9ed 8px); }"
       f" .chain li.former, .chain li.former a, .chain li.not-valid, .chain li.not-valid a {{ color:{FORMER_GREY}; }}"
       " .swatch.grey { background:#dddddd; } .swatch { border-radius:0; }"
       " .chain ul { margin:0; padding-left:1em; }")


def served_cells(network, when=None, graph=None):
    """``{(therapy, stage): {actor: None | Ending | Period}}``: every actor with a capability
    claim for the cell, on any day; ``None`` for one that counts (active on the day of ``when``, a
    ``history.Timeline``, with its claim valid on it, as the gap report decides: ``Timeline.holds``),
    its ``Ending`` for a former actor, else the ``as_of.Period`` of its claim (ended, not yet
    started, planned), read from ``graph`` (a ``facts.TripleIndex``). Without ``when``, every
    capability counts."""
    served = {}
    for actor, data in network.nodes(data=True):
        ending = when.inactive.get(actor) if when is not None else None
        for stage, therapy in data.get("capabilities", []):
            state = ending
            if ending is None and when is not None and not when.holds(actor, stage, therapy):
                state = capability_period(graph, actor, stage, therapy)
            served.setdefault((therapy, stage), {})[actor] = state
    return served


def capability_period(graph, actor, stage, therapy):
    """The ``as_of.Period`` of the actor's capability claim for the stage and therapy (codes) in
    ``graph`` (the claims of one cell are one node)."""
    for claim in graph.objects(URIRef(actor), ATMP.hasCapability) if graph is not None else ():
        if (code(str(graph.value(claim, ATMP.stage))), code(str(graph.value(claim, ATMP.therapy)))) == (stage, therapy):
            return claim_period(graph, claim)
    return Period()


def value_chain_page(network, terms, href, footer="", when=None, graph=None):
    """Per therapy, one column per value-chain stage (in ``schema:position`` order) listing the
    actors that serve it, as of the day of ``when`` (a ``history.Timeline``); the count of stages
    covered counts active actors' valid capabilities only (``graph``: the ``facts.TripleIndex``
    their claims are read from). ``footer`` as ``markup.page``."""
    stages = terms.get("stage_order", [])
    therapies = sorted(terms.get("therapies", {}), key=lambda t: label_of(terms, "therapies", t).lower())
    served = served_cells(network, when, graph)
    recorded_stages, recorded_therapies = {s for _, s in served}, {t for t, _ in served}
    day = when.day if when is not None else None
    options = "".join(f'<option value="{escape(t)}"{variant_attributes("text", term_texts(terms, "therapies", t))}>'
                      f'{escape(label_of(terms, "therapies", t))}</option>' for t in therapies)
    sections = []
    for therapy in therapies:
        head = "".join(f'<th scope="col" data-stage="{escape(s)}">{term_html(terms, "stages", s)}</th>'
                       for s in stages)
        cells, statuses = [], []
        for stage in stages:
            actors = served.get((therapy, stage), {})
            counted = sum(1 for state in actors.values() if state is None)
            recorded = stage in recorded_stages and therapy in recorded_therapies
            status = NO_DATA if not recorded else COVERED if counted else GAP
            statuses.append(status)
            items = "".join(_actor_item(network, actor, actors[actor], href, day)
                            for actor in sorted(actors, key=lambda a: (actors[a] is not None, _name_key(network, a))))
            empty = {GAP: f'<span class="muted">{tr("no actor")}</span>',
                     NO_DATA: f'<span class="muted">{tr(NO_DATA)}</span>'}.get(status, "")
            css = {GAP: ' class="empty"', NO_DATA: ' class="no-data"'}.get(status, "")
            cells.append(f'<td{css} id="{escape(therapy)}--{escape(stage)}" data-stage="{escape(stage)}" '
                         f'data-count="{counted}" data-status="{status}">'
                         f'{empty}{"<ul>" + items + "</ul>" if items else ""}</td>')
        covered, unknown = statuses.count(COVERED), statuses.count(NO_DATA)
        summary = tr("{covered} of {total} stages covered.", covered=covered, total=len(stages))
        if unknown:
            summary += " " + tr("{count} not covered by the data.", count=unknown)
        sections.append(
            f'<section class="therapy" id="therapy-{escape(therapy)}" data-therapy="{escape(therapy)}">'
            f'<h2 id="therapy-{escape(therapy)}-title">{term_html(terms, "therapies", therapy)}</h2>'
            f'<p class="muted" id="coverage-{escape(therapy)}">{summary}</p>'
            f'<div class="chain" role="region" tabindex="0" aria-labelledby="therapy-{escape(therapy)}-title">'
            f'<table><thead><tr>{head}</tr></thead><tbody><tr>{"".join(cells)}</tr></tbody>'
            "</table></div></section>")
    as_of = f" {tr(AS_OF_NOTE, day=day.isoformat())}" if day is not None else ""
    body = (f"<h1>{tr('Value chain per therapy')}</h1><p>{tr(INTRODUCTION)}{as_of}</p>{legend_html()}"
            f'<label for="therapy-select">{tr("Therapy")}</label> <select id="therapy-select">'
            f'<option value=""{variant_attributes("text", i18n.variants("all therapies"))}>all therapies</option>'
            f"{options}</select>" + "".join(sections))
    return page(i18n.variants("atmp-kg: value chain per therapy"), body, head=inline_style(CSS),
                scripts=(VALUE_CHAIN_JS,), nav=nav_items("value-chain.html"), language_switch=True, footer=footer)


def legend_html():
    """What a cell's background and a grey name mean."""
    items = "".join(f'<li><span class="swatch {kind}"></span>{tr(text)}</li>'
                    for kind, text in (("gap", GAP_NOTE), ("no-data", NO_DATA_NOTE), ("grey", GREY_NOTE)))
    return f'<ul class="legend" id="legend">{items}</ul>'


def _name_key(network, actor):
    return network.nodes[actor].get("label", ""), actor


def _actor_item(network, actor, state, href, day):
    """An actor in a cell: a link, and for one that does not count, why (grey)."""
    link = f'<a href="{escape(href(actor))}">{actor_name(network, actor)}</a>'
    if state is None:
        return f"<li>{link}</li>"
    if isinstance(state, history.Ending):  # a former actor
        return f'<li class="former">{link} <span class="muted">({former_html(network, state, href)})</span></li>'
    return f'<li class="not-valid">{link} <span class="muted">({not_valid_html(state, day)})</span></li>'
