"""The gap report's files (``report_files``): its tables as CSV, and ``gaps.html``, the report
as one self-contained page (tables, and a network view with the suggested links drawn dashed).
Every data string goes through ``html.escape`` or ``html.json_script``; the script reads its data
as JSON and sets text with ``textContent``.
"""

import math

from atmp_kg.analyse.gaps import NO_DATA, REGION_LABELS, REGIONAL, REGIONS, csv_text
from atmp_kg.analyse.gaps import records_of as records
from atmp_kg.analyse.network import code
from atmp_kg.site import i18n
from atmp_kg.site.layout import LAYOUT_THRESHOLD, force_layout
from atmp_kg.site.markup import (
    escape,
    inline_style,
    json_script,
    multilingual,
    page,
    tr,
    variant_attributes,
    vis_network_inline,
)

VIEW_SUGGESTIONS = 2
PAGE_SUGGESTIONS = 3
# Beyond these, the page shows a part and says where the rest is (the CSV files have everything),
# so that it still opens in a browser at tens of thousands of actors:
PAGE_SUGGESTION_ROWS = 2000  # suggestion rows shown, in the CSV's order (actor name, rank)
CELL_ACTORS = 50  # actors named in a coverage cell
VIEW_ACTORS = 1000  # actors drawn in the network view: the most central (betweenness), then by name
REGION_COLOURS = {"wallonia": "#d7301f", "brussels-capital-region": "#2b8cbe",
                  "flanders": "#f0b400", "beyond": "#8c96a0", "unknown": "#d0d4d8"}
REGION_SHORT = {"wallonia": "W", "brussels-capital-region": "B", "flanders": "F", "beyond": "other",
                "unknown": "?"}

CSS = """
table.matrix td { min-width: 7em; font-size: .85em; }
td.gap { background: #fde0dc; }
td.no-data { background: repeating-linear-gradient(135deg, #f4f5f7 0 6px, #e6e8eb 6px 8px); color: #555; }
td.spof { background: #fff1c2; }
td.regional-gap { outline: 2px dashed #b3261e; outline-offset: -3px; }
.counts { white-space: nowrap; }
details summary { cursor: pointer; }
#gap-network { height: 640px; border: 1px solid var(--line); }
.dash { display:inline-block; width:2.2em; border-top:2px dashed #d9822b; vertical-align:middle; }
.solid { display:inline-block; width:2.2em; border-top:2px solid #8a96a3; vertical-align:middle; }
td.num { text-align: right; }
#brief { border: 1px solid var(--line); padding: .2em 1em .6em; margin-bottom: 1em; background: #fbfcfd; }
#brief h2 { margin-top: .6em; }
#brief h3 { font-size: 1em; margin: .6em 0 .2em; }
#brief ul, #brief ol { margin: .2em 0; padding-left: 1.4em; }
#brief .figures { list-style: none; padding: 0; }
#brief .figures li { display: inline-block; margin-right: 1.2em; }
.print-only { display: none; }
form.filters { position: sticky; top: 0; z-index: 2; background: #fff; padding: .4em 0;
  border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .4em 1em; align-items: center; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { font-size: 9pt; line-height: 1.3; }
  header.site, footer.site, main > :not(#brief) { display: none !important; }
  main { padding: 0; }
  #brief { border: 0; padding: 0; margin: 0; background: none; }
  #brief h2 { font-size: 12pt; margin: 0 0 .3em; }
  #brief h3 { font-size: 10pt; margin: .5em 0 .1em; }
  #brief a { color: inherit; text-decoration: none; }
  .print-only { display: block; }
  .screen-only { display: none; }
}
"""

VIEW_JS = """
(function () {
  var data = JSON.parse(document.getElementById("gap-network-data").textContent);
  var container = document.getElementById("gap-network");
  if (typeof vis === "undefined" || !container) return;
  function tip(text) {  /* a text, or {language: text} shown by the language switch's classes */
    var div = document.createElement("div");
    if (typeof text === "string") { div.textContent = text; return div; }
    Object.keys(text).forEach(function (lang) {
      var span = document.createElement("span");
      span.className = "i18n " + lang;
      span.lang = lang;
      span.textContent = text[lang];
      div.appendChild(span);
    });
    return div;
  }
  var positioned = data.nodes.length > 0 && data.nodes[0].x !== undefined;  /* laid out in Python */
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var node = {id: n.id, label: n.label, value: n.size, color: n.colour, title: tip(n.tip)};
    if (positioned) { node.x = n.x; node.y = n.y; }
    return node;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return {id: i, from: e.from, to: e.to, dashes: e.suggested, width: e.suggested ? 2 : 1,
            color: {color: e.suggested ? "#d9822b" : "#8a96a3"}, title: tip(e.tip)};
  }));
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    nodes: {shape: "dot", scaling: {min: 8, max: 32}, font: {size: 14}},
    physics: positioned ? false : {stabilization: {iterations: 300}, barnesHut: {springLength: 120}},
    interaction: {hover: true}
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { window.location.hash = "actor-" + params.nodes[0]; }
  });
  window.gapNetwork = network;
})();
"""


FILTER_JS = """
(function () {
  var facets = JSON.parse(document.getElementById("gap-facets").textContent);
  var form = document.getElementById("gap-filters");
  if (!form) return;
  var keys = ["therapy", "stage", "region", "type", "pillar"];
  function chosen() {
    var state = {};
    keys.forEach(function (key) { state[key] = form.elements[key].value; });
    return state;
  }
  function therapyOk(state, therapy) {
    return (!state.therapy || therapy === state.therapy) &&
           (!state.pillar || facets.pillars[state.pillar].indexOf(therapy) >= 0);
  }
  function stageOk(state, stage) { return !state.stage || stage === state.stage; }
  function actorOk(state, slug, withCapabilities) {
    var actor = facets.actors[slug];
    if (!actor) return !(state.region || state.type || state.pillar || state.therapy || state.stage);
    if (state.region && actor.region !== state.region) return false;
    if (state.type && actor.types.indexOf(state.type) < 0) return false;
    if (state.pillar && actor.pillars.indexOf(state.pillar) < 0) return false;
    if (!withCapabilities) return true;
    if (state.therapy && actor.therapies.indexOf(state.therapy) < 0) return false;
    return !state.stage || actor.stages.indexOf(state.stage) >= 0;
  }
  function claimsOk(state, claims) {
    var parts = claims.split("|");
    for (var i = 0; i + 1 < parts.length; i += 2) {
      if (stageOk(state, parts[i]) && (!state.therapy || parts[i + 1] === state.therapy)) return true;
    }
    return false;
  }
  function apply() {
    var state = chosen();
    document.querySelectorAll("#coverage-table [data-therapy]").forEach(function (cell) {
      cell.hidden = !therapyOk(state, cell.dataset.therapy);
    });
    document.querySelectorAll("#coverage-table tr[data-stage]").forEach(function (row) {
      row.hidden = !stageOk(state, row.dataset.stage);
    });
    document.querySelectorAll("#continuity-table tr[data-therapy]").forEach(function (row) {
      row.hidden = !(therapyOk(state, row.dataset.therapy) && stageOk(state, row.dataset.stage));
    });
    document.querySelectorAll("[data-actor]").forEach(function (element) {
      var slug = element.dataset.actor;
      element.hidden = !(element.dataset.claims === undefined ? actorOk(state, slug, true)
        : actorOk(state, slug, false) && claimsOk(state, element.dataset.claims));
    });
    var shown = {}, total = 0, count = 0;
    Object.keys(facets.actors).forEach(function (slug) {
      total += 1;
      if (actorOk(state, slug, true)) { shown[slug] = true; count += 1; }
    });
    if (window.gapNetwork) {
      var nodes = window.gapNetwork.body.data.nodes;
      nodes.update(nodes.getIds().map(function (id) { return {id: id, hidden: !shown[id]}; }));
      window.gapNetwork.fit();
    }
    var active = keys.filter(function (key) { return state[key]; }).length;
    var lang = document.documentElement.lang in facets.words.all ? document.documentElement.lang : "en";
    document.getElementById("filter-status").textContent = (active ? facets.words.some[lang]
      : facets.words.all[lang]).replace("{shown}", count).replace("{count}", total);
  }
  form.addEventListener("change", apply);
  document.addEventListener("atmp-lang", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();
"""


def report_files(report, footer="", news="", terms=None, release=None):
    """``{relative path: text}``: ``gaps.html`` and one ``gaps/<name>.csv`` per table; ``footer``,
    ``news`` (a line on what changed since the previous release), ``terms`` and ``release`` as
    ``html_report``."""
    files = {f"gaps/{name}.csv": csv_text(table) for name, table in report.tables.items()}
    files["gaps.html"] = html_report(report, footer, news, terms, release)
    return files


def html_report(report, footer="", news="", terms=None, release=None):
    """The whole page as text, in English, French and Dutch (``i18n``; the stages' and therapies'
    labels from ``terms``, ``labels.site_terms``, else English); ``footer`` as ``markup.page``,
    ``news``: HTML of a line after the introduction; ``release``: the data's release
    (``read.release.Release``), named in the brief."""
    network = report.network
    sections = [
        _brief(report, terms, release),
        _intro(report) + news,
        _filters(report, terms),
        _coverage(report, terms),
        _continuity(report, terms),
        _structure(report),
        _suggestions(report, terms),
        _former(report),
        _unknown_capabilities(report),
        _view(report),
        _actors(report),
        _reproduce(report),
    ]
    vis_style, vis_script = vis_network_inline()
    body = ("\n".join(sections) + json_script("gap-network-data", view_data(report, terms))
            + json_script("gap-facets", facets(report)))
    title = i18n.variants("atmp-kg gap report ({count} actors)", count=network.number_of_nodes())
    return page(title, body, head=vis_style + inline_style(CSS), scripts=(vis_script, VIEW_JS, FILTER_JS),
                nav=(("gaps.html", "Gap report", True),), footer=footer)


def actor_link(network, node):
    """A link to the actor's entry in the page's actor list."""
    label = network.nodes[node]["label"] if node in network else code(node)
    return f'<a href="#actor-{escape(code(node))}">{escape(label)}</a>'


def _slug_link(network, slug, by_slug):
    return actor_link(network, by_slug[slug]) if slug in by_slug else escape(slug)


BRIEF_SUGGESTIONS = 10  # the best suggestions in the brief
BRIEF_SINGLE_POINTS = 12  # single points of failure named in the brief (the chain's stages first)
BRIEF_BROKERS = 5


def _brief(report, terms, release=None):
    """The one-page brief at the top (and the only part printed): headline gaps, single points of
    failure, top brokers and the best suggestions, with the data's day (and release, if any)."""
    network = report.network
    by_slug = {code(n): n for n in network}
    coverage = records(report.tables["coverage"])
    continuity = records(report.tables["continuity"])
    figures = {
        "active actors": network.number_of_nodes(),
        "gaps": sum(1 for r in coverage if r["status"] == "gap"),
        "single points of failure": sum(1 for r in coverage if r["status"] == "single point of failure"),
        "cells not covered by the data": sum(1 for r in coverage if r["status"] == NO_DATA),
        "chain stages without a regional actor": sum(1 for r in continuity if r["status"] != NO_DATA),
    }
    per_therapy = {}
    for r in continuity:
        if r["status"] != NO_DATA:
            per_therapy.setdefault(r["therapy"], []).append(r)
    headline = "".join(f"<li><strong>{_term(terms, 'therapies', therapy, rows[0]['therapy_label'])}</strong>: "
                       + ", ".join(_term(terms, "stages", r["stage"], r["stage_label"]) for r in rows) + "</li>"
                       for therapy, rows in per_therapy.items())
    single = sorted((r for r in coverage if r["status"] == "single point of failure"),
                    key=lambda r: (r["stage_position"], r["therapy"]))
    single_items = "".join(f"<li>{_cell_name(terms, r)}: {_slug_link(network, r['actor_ids'], by_slug)}</li>"
                           for r in single[:BRIEF_SINGLE_POINTS])
    if len(single) > BRIEF_SINGLE_POINTS:
        more = tr("and {count} more (coverage table)", count=len(single) - BRIEF_SINGLE_POINTS)
        single_items += f'<li class="muted">{more}</li>'
    brokers = ", ".join(f"{_slug_link(network, r['actor_id'], by_slug)} ({r['betweenness']:.2f})"
                        for r in records(report.tables["network"])[:BRIEF_BROKERS] if r["betweenness"])
    best, pairs = [], set()
    for s in sorted((s for s in report.suggestions if s.rank == 1),
                    key=lambda s: (s.match == "same pillar", math.inf if s.hops == "" else s.hops, -len(s.common),
                                   -s.matches, network.nodes[s.actor]["label"], s.actor)):
        if len(best) < BRIEF_SUGGESTIONS and frozenset((s.actor, s.partner)) not in pairs:
            pairs.add(frozenset((s.actor, s.partner)))
            best.append(s)
    suggestions = "".join(f"<li>{actor_link(network, s.actor)} + {actor_link(network, s.partner)}: {tr(s.match)}"
                          + ("" if s.hops == "" else ", " + tr("{count} hop(s) apart", count=s.hops)) + "</li>"
                          for s in best)
    figure_items = "".join(f"<li><strong>{value}</strong> {tr(name)}</li>" for name, value in figures.items())
    none = f"<li>{tr('none')}</li>"
    printing = tr("Printing this page prints this brief only; the tables below have the details.")
    return (
        '<section id="brief" aria-labelledby="brief-title">\n'
        f'<h2 id="brief-title">{tr("Brief: the ATMP value chain as of {day}", day=report.as_of)}</h2>\n'
        f'<p class="muted">{_data_line(report, release)} <span class="screen-only">{printing}</span></p>\n'
        f'<ul class="figures">{figure_items}</ul>\n'
        f"<h3>{tr('Headline gaps: value-chain stages no Walloon or Brussels actor covers')}</h3>\n"
        f"<ul>{headline or none}</ul>\n"
        f"<h3>{tr('Single points of failure (one actor)')}</h3>\n<ul>{single_items or none}</ul>\n"
        f"<h3>{tr('Top brokers (betweenness)')}</h3>\n<p>{brokers or tr('none')}</p>\n"
        f"<h3>{tr('The {count} best partner suggestions', count=len(best))}</h3>\n<ol>{suggestions or none}</ol>\n"
        f'<p class="print-only muted">{tr("Full report: gaps.html and the CSV files in gaps/.")}</p>\n'
        "</section>"
    )


def _data_line(report, release):
    """Which data the report describes: its day, and its ``release`` when there is one."""
    if release is not None:
        return tr("Data: release {version}, as of {day}.", version=release.version, day=report.as_of)
    return tr("Data: as of {day}.", day=report.as_of)


def _term(terms, group, key, english):
    """The label of a stage or therapy ``key`` in the three languages (``labels.site_terms``), or
    its ``english`` label alone when ``terms`` has none."""
    return multilingual(*_term_texts(terms, group, key, english).values())


def _cell_name(terms, row):
    return (f"{_term(terms, 'stages', row['stage'], row['stage_label'])} x "
            f"{_term(terms, 'therapies', row['therapy'], row['therapy_label'])}")


def _link(href, text, **values):
    return f'<a href="{escape(href)}">{tr(text, **values)}</a>'


INTRO_SECTIONS = (("#coverage", "1. Coverage"), ("#continuity", "2. Continuity"),
                  ("#structure", "3. Network structure"), ("#suggestions", "4. Partner suggestions"),
                  ("#former", "Former actors"), ("#unknown-capabilities", "Capabilities unknown"),
                  ("#view", "5. Gap network view"), ("#actors", "Actors"))


def _intro(report):
    network = report.network
    files = " ".join(f'<a href="gaps/{escape(name)}.csv">{escape(name)}.csv</a>' for name in report.tables)
    unknown = sum(1 for _, data in network.nodes(data=True) if data["region"] == "unknown")
    former = len(report.tables["former"].rows)
    no_data = sum(1 for r in records(report.tables["coverage"]) if r["status"] == NO_DATA)
    unknown_capabilities = len(report.tables["unknown-capabilities"].rows)
    regional = f" {tr('or')} ".join(tr(REGION_LABELS[r]) for r in REGIONAL)
    as_of = tr("As of {day}: only the actors active on that day and the claims valid on it count "
               "(default: the date of the newest source).", day=report.as_of)
    left_out = tr("{count} actor(s) no longer active (or not yet founded) are left out:", count=former)
    unknown_seat = tr("{count} actor(s) have an unknown seat (counted as unknown, never as a region).", count=unknown)
    size = tr("{actors} actors, {links} links between them.", actors=network.number_of_nodes(),
              links=network.number_of_edges())
    no_data_text = tr("A cell whose stage or therapy has no capability claim at all is not covered by the data: "
                      "nobody collected it, which says nothing of a gap ({count} cells).", count=no_data)
    return (
        f"<h1>{tr('Collaboration gaps in the ATMP value chain')}</h1>\n"
        f'<p id="as-of">{as_of} {left_out} {_link("#former", "former actors")}. {unknown_seat}</p>\n'
        f"<p>{size} {tr('Regional means based in {regions}.', regions='{regions}').replace('{regions}', regional)} "
        f"{tr('A gap is a stage x therapy cell without any actor; a single point of failure has exactly one.')} "
        f"{no_data_text} {tr('{count} active actor(s) have no capability recorded yet:', count=unknown_capabilities)} "
        f'{_link("#unknown-capabilities", "capabilities unknown")}.</p>\n'
        f"<p>{tr('Every table as a spreadsheet (CSV):')} {files}. {tr('How each was made:')} "
        f'{_link("#reproduce", "reproduce")}.</p>\n'
        "<nav>" + " · ".join(_link(href, text) for href, text in INTRO_SECTIONS) + "</nav>"
    )


def facets(report):
    """What the page's filters read: per actor (by slug) its region, types, pillars, stages and
    therapies on the report's day; per pillar, its therapies; the words of their status line."""
    pillars_of = {}
    for pillar_code, pillar in sorted(report.pillars.items()):
        for member in pillar["members"]:
            pillars_of.setdefault(member, []).append(pillar_code)
    actors = {code(node): {"region": data["region"], "types": list(data["types"]),
                           "pillars": pillars_of.get(node, []), "stages": list(data["stages"]),
                           "therapies": list(data["therapies"])}
              for node, data in sorted(report.network.nodes(data=True))}
    pillars = {pillar_code: sorted(pillar["therapies"]) for pillar_code, pillar in sorted(report.pillars.items())}
    words = {"all": i18n.variants("All {count} actors.", count="{count}"),
             "some": i18n.variants("{shown} of {count} actors match the filters.", shown="{shown}", count="{count}")}
    return {"actors": actors, "pillars": pillars, "words": words}


def _option(value, texts):
    """An ``<option>`` whose text the language switch rewrites (``texts``: ``{language: text}``)."""
    return f'<option value="{escape(value)}"{variant_attributes("text", texts)}>{escape(texts["en"])}</option>'


def _term_texts(terms, group, key, english):
    entry = (terms or {}).get(group, {}).get(key) or {}
    return {"en": entry.get("label") or english, "fr": entry.get("label_fr") or english,
            "nl": entry.get("label_nl") or english}


def _filters(report, terms):
    """The filters (``FILTER_JS``): they show only the matching rows of the tables, columns and
    rows of the coverage matrix and actors of the drawing (the CSV files keep everything)."""
    types = sorted({t for _, data in report.network.nodes(data=True) for t in data["types"]})
    choices = {
        "therapy": ("Therapy", [(t.code, _term_texts(terms, "therapies", t.code, t.label)) for t in report.therapies]),
        "stage": ("Stage", [(s.code, _term_texts(terms, "stages", s.code, s.label)) for s in report.stages]),
        "region": ("Region", [(r, i18n.variants(REGION_LABELS[r])) for r in REGIONS]),
        "type": ("Actor type", [(t, _term_texts(terms, "types", t, t.replace("-", " "))) for t in types]),
        "pillar": ("Pillar", [(c, {"en": p["label"]} | _pillar_texts(terms, c))
                              for c, p in sorted(report.pillars.items())]),
    }
    fields = "".join(
        f'<label>{tr(label)} <select name="{name}">{_option("", i18n.variants("all"))}'
        + "".join(_option(value, texts) for value, texts in options)
        + "</select></label> " for name, (label, options) in choices.items())
    name = variant_attributes("aria-label", i18n.variants("Filter the report"))
    return (f'<form id="gap-filters" class="filters" aria-label="Filter the report"{name}>'
            f'{fields}<button type="reset">{tr("Show all")}</button></form>\n'
            '<p id="filter-status" class="muted" aria-live="polite"></p>')


def _pillar_texts(terms, pillar_code):
    entries = (terms or {}).get("collaborations", {})
    entry = next((e for iri, e in entries.items() if code(iri) == pillar_code), {})
    return {lang: entry[f"label_{lang}"] for lang in ("fr", "nl") if entry.get(f"label_{lang}")}


STAGE_BY_THERAPY = "stage \\ therapy"


def _coverage(report, terms):
    network = report.network
    by_slug = {code(n): n for n in network}
    cells = {(r["stage"], r["therapy"]): r for r in records(report.tables["coverage"])}
    head = "".join(f'<th scope="col" data-therapy="{escape(t.code)}">{_term(terms, "therapies", t.code, t.label)}</th>'
                   for t in report.therapies)
    body = []
    for stage in report.stages:
        row = [f'<th scope="row">{_term(terms, "stages", stage.code, stage.label)}</th>']
        for therapy in report.therapies:
            row.append(_coverage_cell(cells.get((stage.code, therapy.code)), network, by_slug))
        body.append(f'<tr data-stage="{escape(stage.code)}">' + "".join(row) + "</tr>")
    legend = (f'<ul class=legend><li><span class=swatch style="background:#fde0dc"></span>{tr("gap (no actor)")}</li>'
              f'<li><span class="swatch no-data"></span>'
              f'{tr("not covered by the data (no claim for the stage or the therapy)")}</li>'
              '<li><span class=swatch style="background:#fff1c2"></span>'
              f'{tr("single point of failure (one actor)")}</li>'
              f'<li>{tr("dashed outline: no regional actor")}</li>'
              f'<li>{tr("counts: W Wallonia · B Brussels · F Flanders · other beyond · ? unknown seat")}</li></ul>')
    corner = tr(STAGE_BY_THERAPY)
    return (f'<h2 id="coverage">{tr("1. Coverage: value-chain stage x therapy type")}</h2>\n{legend}\n'
            f'<table class="matrix" id="coverage-table"><thead><tr><th>{corner}</th>{head}</tr>'
            f"</thead><tbody>{''.join(body)}</tbody></table>")


def _coverage_cell(row, network, by_slug):
    if row is None:
        return "<td></td>"
    total, regional = int(row["total"]), int(row["regional"])
    cell_id = f"cell-{row['stage']}--{row['therapy']}"
    where = f'id="{escape(cell_id)}" data-therapy="{escape(row["therapy"])}"'
    if row["status"] == NO_DATA:
        return f'<td {where} class="no-data">{tr("no data")}</td>'
    classes = ["gap" if total == 0 else "spof" if total == 1 else "ok"]
    if regional == 0 and total > 0:
        classes.append("regional-gap")
    counts = " · ".join(f"{REGION_SHORT[r]} {int(row[r])}" for r in REGIONS)
    if total == 0:
        inner = f'<span class="counts">{tr("0 · gap")}</span>'
    else:
        slugs = row["actor_ids"].split("|")
        links = "".join(f"<li>{_slug_link(network, slug, by_slug)}</li>" for slug in slugs[:CELL_ACTORS])
        if len(slugs) > CELL_ACTORS:
            links += (f'<li class="muted">and {len(slugs) - CELL_ACTORS} more in '
                      '<a href="gaps/coverage.csv">coverage.csv</a></li>')
        inner = (f'<details><summary><strong>{total}</strong> <span class="counts">{escape(counts)}</span>'
                 f"</summary><ul>{links}</ul></details>")
    return f'<td {where} class="{" ".join(classes)}">{inner}</td>'


def _headers(*names):
    return "<thead><tr>" + "".join(f"<th>{tr(name)}</th>" for name in names) + "</tr></thead>"


def _continuity(report, terms):
    network = report.network
    by_slug = {code(n): n for n in network}
    rows = []
    for r in records(report.tables["continuity"]):
        nearest = ", ".join(_slug_link(network, s, by_slug) for s in r["nearest_actor_ids"].split("|") if s)
        closest = r["network_nearest_actor_id"]
        hops = r["hops_from_regional_actor"]
        closest_text = (_slug_link(network, closest, by_slug) + " " + (
            tr("({count} hops)", count=hops) if hops != "" else tr("(not connected)"))) if closest else ""
        region = REGION_LABELS.get(r["nearest_region"], "nobody")
        rows.append(f'<tr data-therapy="{escape(r["therapy"])}" data-stage="{escape(r["stage"])}">'
                    f"<td>{_term(terms, 'therapies', r['therapy'], r['therapy_label'])}</td>"
                    f"<td>{_term(terms, 'stages', r['stage'], r['stage_label'])}</td>"
                    f"<td>{tr(region)}</td><td>{nearest}</td><td>{closest_text}</td><td>{tr(r['status'])}</td></tr>")
    explained = tr("Stages 01-11 that no actor based in Wallonia or Brussels covers. Nearest: in Flanders if anyone "
                   "there covers it, else beyond. Network-nearest: the covering actor with fewest hops from any "
                   "regional actor. Status not covered by the data: no capability claim at all for the stage or "
                   "the therapy.")
    return (f'<h2 id="continuity">{tr("2. Value-chain continuity per therapy")}</h2>\n<p>{explained}</p>\n'
            '<table id="continuity-table">'
            + _headers("therapy", "stage without regional actor", "nearest region", "actors there",
                       "network-nearest actor", "status")
            + f"<tbody>{''.join(rows)}</tbody></table>")


def _structure(report, top=20):
    network = report.network
    by_slug = {code(n): n for n in network}
    methods = "".join(f"<li><strong>{escape(k)}</strong>: {escape(v)}</li>" for k, v in report.methods.items())
    brokers = []
    for r in records(report.tables["network"])[:top]:
        brokers.append(f'<tr data-actor="{escape(r["actor_id"])}"><td class=num>{r["rank"]}</td>'
                       f"<td>{_slug_link(network, r['actor_id'], by_slug)}</td>"
                       f"<td>{tr(REGION_LABELS[r['region']])}</td><td class=num>{r['degree']}</td>"
                       f"<td class=num>{r['betweenness']:.3f}</td><td class=num>{escape(_fmt(r['constraint']))}</td>"
                       f"<td class=num>{escape(_fmt(r['effective_size']))}</td><td class=num>{r['community']}</td>"
                       f"<td>{escape(r['pillars'])}</td></tr>")
    communities = "".join(
        f"<tr><td class=num>{r['community']}</td><td class=num>{r['size']}</td><td>{escape(r['main_pillar'])}</td>"
        f"<td class=num>{r['main_pillar_share']}</td><td>{escape(r['pillar_members'])}</td>"
        f"<td>{escape(r['members'])}</td></tr>" for r in records(report.tables["communities"]))
    pillars = "".join(
        f"<tr><td>{escape(r['label'])}</td><td>{escape(r['therapies'])}</td><td class=num>{r['members']}</td>"
        f"<td class=num>{r['main_community']}</td><td class=num>{r['main_community_share']}</td>"
        f"<td>{escape(r['communities'])}</td></tr>" for r in records(report.tables["pillars"]))
    isolated = _actor_items(network, records(report.tables["isolated"]), lambda r: (
        tr(REGION_LABELS[r["region"]]),
        escape(r["capabilities"]) if r["capabilities"] else tr("no capability recorded")))
    holes = tr("High betweenness: on many shortest paths between others. Low constraint and high effective size: "
               "contacts that are not connected to each other (structural holes the actor spans).")
    return (
        f'<h2 id="structure">{tr("3. Network structure")}</h2>\n'
        f"<ul>{methods}</ul>\n"
        f"<h3>{tr('Brokers (top {count} by betweenness)', count=top)}</h3>\n<p>{holes}</p>\n"
        "<table>" + _headers("rank", "actor", "region", "degree", "betweenness", "constraint", "effective size",
                             "community", "pillars")
        + f"<tbody>{''.join(brokers)}</tbody></table>\n"
        f"<h3>{tr('Communities and pillars')}</h3>\n"
        "<table>" + _headers("community", "size", "main pillar", "share", "pillar members", "members")
        + f"<tbody>{communities}</tbody></table>\n"
        "<table>" + _headers("pillar", "therapies", "members", "main community", "share", "communities")
        + f"<tbody>{pillars}</tbody></table>\n"
        f"<h3>{tr('Isolated actors')}</h3>\n<ul>{isolated or '<li>' + tr('none') + '</li>'}</ul>"
    )


def _suggestions(report, terms):
    network = report.network
    settings = report.settings
    english = _english_labels(report)
    rows = []
    shown = [(s, r) for s, r in zip(report.suggestions, records(report.tables["suggestions"]), strict=True)
             if s.rank <= PAGE_SUGGESTIONS]
    for s, row in shown[:PAGE_SUGGESTION_ROWS]:
        hops = "-" if s.hops == "" else s.hops
        claims = f"{row['actor_capability']} x {row['partner_capability']}".replace(" x ", "|")
        rows.append(f'<tr data-actor="{escape(code(s.actor))}" data-claims="{escape(claims)}">'
                    f"<td>{actor_link(network, s.actor)}</td><td class=num>{s.rank}</td>"
                    f"<td>{actor_link(network, s.partner)}</td><td>{tr(s.match)}</td>"
                    f"<td class=num>{escape(hops)}</td><td class=num>{len(s.common)}</td>"
                    f"<td>{multilingual(*reason_texts(s, terms, english).values())}</td>"
                    f"<td>{_evidence(network, s, row)}</td></tr>")
    explained = tr(
        "For each actor, up to {shown} actors here (up to {top} in suggestions.csv) that cover an adjacent stage for "
        "the same therapy, or the same stage for a complementary therapy, and do not collaborate yet (no relation, "
        "no trial together, no shared work package or project), are active on the report's day and not part of the "
        "same group (subsidiary, acquisition, unit). Ranked by fewest hops in the network (searched up to {hops}), "
        "then common partners, then matching capabilities; a partner matched only through a pillar comes last.",
        shown=min(settings.top, PAGE_SUGGESTIONS), top=settings.top, hops=settings.max_hops)
    public = tr("Public bodies, clusters and investors are suggested too." if settings.suggest_public_bodies
                else "Public bodies, clusters and investors are not suggested.")
    first = tr("The first {shown} of {count} rows, by actor name; every row is in suggestions.csv.",
               shown=PAGE_SUGGESTION_ROWS, count=len(shown))
    part = (f'<p class="muted">{first} <a href="gaps/suggestions.csv">suggestions.csv</a></p>\n'
            if len(shown) > PAGE_SUGGESTION_ROWS else "")
    return (
        f'<h2 id="suggestions">{tr("4. Partner suggestions")}</h2>\n'
        f'<p>{explained} {public} <a href="gaps/suggestions.csv">suggestions.csv</a></p>\n{part}'
        "<table>" + _headers("actor", "rank", "suggested partner", "match", "hops", "common partners", "reason",
                             "evidence")
        + f"<tbody>{''.join(rows)}</tbody></table>"
    )


def reason_texts(suggestion, terms, english):
    """``{language: text}`` of why ``suggestion`` is made: its ``reason_parts`` worded by the
    interface's table (``i18n.STRINGS``), the stages and therapies by their labels in ``terms``
    (``labels.site_terms``), else by their ``english`` labels (``{code: label}``)."""
    texts = {}
    for lang in i18n.LANGUAGES:
        def label(group, key, lang=lang):
            return _term_texts(terms, group, key, english.get(key, key))[lang]
        texts[lang] = i18n.PART_SEPARATORS[lang].join(part.worded(label, i18n.template(part.text, lang))
                                                      for part in suggestion.reason_parts)
    return texts


def _english_labels(report):
    """``{code: English label}`` of the report's stages and therapies."""
    return {s.code: s.label for s in report.stages} | {t.code: t.label for t in report.therapies}


def _evidence(network, suggestion, row):
    """The two capability claims behind a suggestion, each with links to its sources."""
    def claim(actor, capability, sources):
        links = " ".join(f'<a href="{escape(url)}" rel="noopener">[{n}]</a>' if url.startswith(("https://", "http://"))
                         else f"[{escape(url)}]" for n, url in enumerate(sources.split(), start=1))
        return f"<li>{escape(network.nodes[actor]['label'])}: {escape(capability)} {links}</li>"

    return (f"<details><summary>{tr('2 claims')}</summary><ul>"
            + claim(suggestion.actor, row["actor_capability"], row["actor_sources"])
            + claim(suggestion.partner, row["partner_capability"], row["partner_sources"]) + "</ul></details>")


def _former(report):
    rows = "".join(f"<tr><td>{escape(r['actor'])}</td><td>{escape(r['change'])}</td><td>{escape(r['date'])}</td>"
                   f"<td>{escape(r['now'])}</td></tr>" for r in records(report.tables["former"]))
    explained = tr("Actors in the data that are not active on {day}: they count nowhere in this report and are "
                   "never suggested; where one has a successor, it is named.", day=report.as_of)
    return (f'<h2 id="former">{tr("Former actors")}</h2>\n<p>{explained}</p>\n'
            "<table>" + _headers("actor", "change", "date", "now")
            + f"<tbody>{rows or '<tr><td colspan=4>' + tr('none') + '</td></tr>'}</tbody></table>")


def _actor_items(network, rows, details):
    """``<li>`` items of the actors of ``rows`` (with ``actor_id``), each with its ``details(row)``
    (HTML parts) in brackets."""
    by_slug = {code(n): n for n in network}
    return "".join(f'<li data-actor="{escape(r["actor_id"])}">{_slug_link(network, r["actor_id"], by_slug)} '
                   f'({"; ".join(details(r))})</li>' for r in rows)


def _unknown_capabilities(report):
    network = report.network
    items = _actor_items(network, records(report.tables["unknown-capabilities"]), lambda r: (
        escape(r["types"]) if r["types"] else tr("type unknown"), tr(REGION_LABELS[r["region"]])))
    explained = tr("Active actors without any capability claim in the data: they count in no coverage cell and in no "
                   "suggestion until a source for what they do is recorded.")
    return (f'<h2 id="unknown-capabilities">{tr("Capabilities unknown")}</h2>\n'
            f'<p>{explained} (<a href="gaps/unknown-capabilities.csv">unknown-capabilities.csv</a>)</p>\n'
            f"<ul>{items or '<li>' + tr('none') + '</li>'}</ul>")


def _view(report):
    legend = "".join(f'<li><span class="swatch" style="background:{REGION_COLOURS[r]}"></span>'
                     f"{tr(REGION_LABELS[r])}</li>" for r in REGIONS)
    central = tr("The {shown} most central of {count} actors (highest betweenness, then name) and the links among "
                 "them.", shown=VIEW_ACTORS, count=len(report.network))
    name = variant_attributes("aria-label", i18n.variants("Network of actors with suggested links dashed"))
    return (
        f'<h2 id="view">{tr("5. Gap network view")}</h2>\n'
        f"<ul class=legend>{legend}<li><span class=solid></span> {tr('documented link')}</li>"
        f"<li><span class=dash></span> {tr('suggested link (top {count} per actor)', count=VIEW_SUGGESTIONS)}"
        "</li></ul>\n"
        f"<p class=muted>{tr('Node size: betweenness. Hover for details; double-click an actor for its entry.')}</p>\n"
        + (f"<p class=muted>{central}</p>\n" if len(report.network) > VIEW_ACTORS else "")
        + f'<div id="gap-network" role="img" aria-label="Network of actors with suggested links dashed"{name}></div>'
    )


def view_data(report, terms=None):
    """Nodes, documented edges and suggested (dashed) edges for the network view; beyond
    ``LAYOUT_THRESHOLD`` actors with positions (``layout.force_layout``), the browser's physics off.
    A suggested edge's tip says why in each language (``{language: text}``, ``reason_texts`` with ``terms``)."""
    network = report.network
    english = _english_labels(report)
    betweenness = {code(n): 0.0 for n in network}
    for r in records(report.tables["network"]):
        betweenness[r["actor_id"]] = r["betweenness"]
    drawn = set(sorted(network, key=lambda n: (-betweenness[code(n)], network.nodes[n]["label"], n))[:VIEW_ACTORS])
    positions = force_layout(network.subgraph(drawn)) if len(drawn) > LAYOUT_THRESHOLD else {}
    nodes = []
    for node, data in sorted(network.nodes(data=True)):
        if node not in drawn:
            continue
        slug = code(node)
        tip = f"{data['label']} · {REGION_LABELS[data['region']]} · {', '.join(data['types'])}"
        nodes.append({"id": slug, "label": data["label"], "colour": REGION_COLOURS[data["region"]],
                      "size": round(1 + 30 * betweenness[slug], 3), "tip": tip})
        if node in positions:
            nodes[-1]["x"], nodes[-1]["y"] = positions[node]
    edges = [{"from": code(a), "to": code(b), "suggested": False, "tip": ", ".join(data["kinds"])}
             for a, b, data in sorted(network.edges(data=True), key=lambda e: (code(e[0]), code(e[1])))
             if a in drawn and b in drawn]
    seen = set()
    for s in report.suggestions:
        pair = tuple(sorted((code(s.actor), code(s.partner))))
        if s.rank <= VIEW_SUGGESTIONS and pair not in seen and s.actor in drawn and s.partner in drawn:
            seen.add(pair)
            tip = {lang: i18n.template("suggested: {reason}", lang).format(reason=text)
                   for lang, text in reason_texts(s, terms, english).items()}
            edges.append({"from": pair[0], "to": pair[1], "suggested": True, "tip": tip})
    return {"nodes": nodes, "edges": edges}


def _actors(report):
    network = report.network
    membership = report.membership
    items = []
    for node in sorted(network, key=lambda n: (network.nodes[n]["label"], n)):
        data = network.nodes[node]
        capabilities = ", ".join(f"{s} x {t}" for s, t in data["capabilities"]) or "no capability recorded"
        items.append(f'<li id="actor-{escape(code(node))}" data-actor="{escape(code(node))}">'
                     f'<strong>{escape(data["label"])}</strong> '
                     f"<span class=muted>({escape(code(node))})</span>: {escape(REGION_LABELS[data['region']])}; "
                     f"{escape(', '.join(data['types']))}; {escape(capabilities)}; "
                     f"{network.degree(node)} link(s); community {membership.get(node, -1) + 1}</li>")
    return f'<h2 id="actors">Actors</h2>\n<ul>{"".join(items)}</ul>'


def _reproduce(report):
    rows = "".join(f'<tr><td><a href="gaps/{escape(name)}.csv">{escape(name)}.csv</a></td>'
                   f"<td>{escape(table.title)}</td><td>{escape(table.method)}</td></tr>"
                   for name, table in report.tables.items())
    settings = report.settings
    return ('<h2 id="reproduce">How each table is made</h2>\n'
            f"<p>As of {escape(report.as_of)}. Settings: exact algorithms up to {settings.exact_limit} actors; "
            "above, betweenness from "
            f"k={settings.sample_size} sampled sources and Louvain communities, seed {settings.seed}.</p>\n"
            "<table><thead><tr><th>file</th><th>table</th><th>made by</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _fmt(value):
    return "" if value == "" or value is None else f"{value:.3f}"
