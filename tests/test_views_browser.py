"""The explorer in a real browser (Debian chromium driven by Playwright): every page loads with no
console error and no request beyond its own files, draws every actor, finds an actor by alias,
filters (keeping each actor's place, fitting the view), names the nodes without overlap,
switches between English, French and Dutch, fits a phone's width, passes axe-core and the
keyboard, shows hostile names as text without running them, and runs no script but the page's
own when markup slips through unescaped."""

import json
import time
from pathlib import Path

import pytest
from explorer_data import ID, IMG, SCRIPT, hostile_graph

from atmp_kg.site.files import site_files
from atmp_kg.write.staging import write_text

PAGES = ["index.html", "value-chain.html", "consortium.html", "products.html", "actors.html"] + [
    f"actors/{slug}.html" for slug in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dist")
    for name, text in site_files(hostile_graph()).items():
        write_text(folder / name, text)
    return folder




class Visit:
    """A page opened from the file system, recording console errors, requests and dialogs."""

    def __init__(self, browser, site, name):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto((site / name).as_uri())
        if self.page.query_selector("#network"):
            self.page.wait_for_selector("body[data-network-ready]", state="attached", timeout=20000)

    def drawn(self):
        return self.page.evaluate("window.atmpView.drawnCount()")

    def node_id(self, iri):
        return self.page.evaluate(
            "(iri) => JSON.parse(document.getElementById('network-data').textContent)"
            ".nodes.find(n => n.iri === iri).id", iri)

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, site):
    opened = []

    def open_page(name):
        opened.append(Visit(browser, site, name))
        return opened[-1]
    yield open_page
    for page in opened:
        page.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors(visit, name):
    page = visit(name)
    page.page.wait_for_timeout(300)
    assert page.errors == []
    assert page.dialogs == []
    assert page.requests and all(url.startswith("file://") for url in page.requests), page.requests
    assert page.page.title().startswith("atmp-kg")


def test_network_draws_every_actor(visit):
    page = visit("index.html")
    assert page.drawn() == 6
    assert page.page.text_content("#status") == "Showing 6 of 6"
    assert page.page.evaluate("window.atmpView.network.body.edgeIndices.length") == 5


def test_search_finds_an_actor_by_alias(visit):
    page = visit("index.html")
    page.page.fill("#search", "alphagen")
    page.page.press("#search", "Enter")
    assert page.page.evaluate("window.atmpView.network.getSelectedNodes()") == [page.node_id(ID + "actor/alpha")]
    assert page.page.text_content("#search-results button") == "Alpha Therapeutics"
    assert "Alpha Therapeutics" in page.page.text_content("#details h2")


@pytest.mark.parametrize("select, value, count", [
    ("#filter-region", "brussels-capital-region", 1),
    ("#filter-types", "cdmo", 1),
    ("#filter-therapies", "cell-therapy", 4),
    ("#filter-stages", "preclinical", 1),
])
def test_a_filter_hides_the_others(visit, select, value, count):
    page = visit("index.html")
    page.page.select_option(select, value)
    assert page.drawn() == count
    assert page.page.text_content("#status") == f"Showing {count} of 6"
    page.page.select_option(select, "")
    assert page.drawn() == 6


def test_filters_combine(visit):
    page = visit("index.html")
    page.page.select_option("#filter-therapies", "cell-therapy")
    page.page.select_option("#filter-region", "wallonia")
    visible = page.page.evaluate("window.atmpView.view.getIds()")
    assert sorted(visible) == sorted(page.node_id(ID + f"actor/{s}") for s in ("beta", "gamma"))


def test_language_switch_shows_french_labels(visit):
    page = visit("index.html")
    page.page.select_option("#language", "fr")
    page.page.wait_for_timeout(100)
    assert "Alpha Thérapeutique" in [label["text"] for label in page.page.evaluate("window.atmpView.labels.drawn")]
    assert page.page.text_content("#status") == "Affichés : 6 sur 6"
    assert page.page.is_visible("#legend-types span[lang=fr]")


def test_hostile_names_show_as_text_and_run_nothing(visit):
    page = visit("index.html")
    page.page.fill("#search", "onerror")
    page.page.press("#search", "Enter")
    assert page.page.text_content("#search-results button") == IMG
    page.page.fill("#search", "</script>")
    page.page.press("#search", "Enter")
    assert page.page.text_content("#search-results button") == SCRIPT
    assert page.page.text_content("#details h2") == SCRIPT
    delta = page.node_id(ID + "actor/delta")
    assert page.page.evaluate(f"window.atmpView.nodeTooltip({delta}).textContent").startswith(SCRIPT)
    assert page.page.evaluate("document.querySelectorAll('img').length") == 0
    profile = visit("actors/gamma.html")
    assert profile.page.text_content("h1 span[lang=en]") == IMG
    assert profile.page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.dialogs == [] and profile.dialogs == [] and page.errors == [] and profile.errors == []


def test_every_partnership_is_drawn(visit):
    page = visit("consortium.html")
    counts = page.page.evaluate("window.atmpViews.map(v => v.drawnCount())")
    assert counts == [10, 2]  # pit: 1 + 2 pillars + wp-1 + proj-1 + 5 partners; pit2: itself + zeta


def test_profile_neighbourhood_and_value_chain(visit):
    page = visit("actors/alpha.html")
    assert page.drawn() == 4  # alpha and its three neighbours
    payload = json.loads(page.page.text_content("#network-data"))
    assert {n["href"] for n in payload["nodes"]} == {"alpha.html", "beta.html", "gamma.html", "delta.html"}
    chain = visit("value-chain.html")
    chain.page.select_option("#therapy-select", "cell-therapy")
    assert chain.page.is_visible("#therapy-cell-therapy")
    assert not chain.page.is_visible("#therapy-exosome")
    assert chain.page.is_visible("#therapy-cell-therapy td.empty[data-stage=preclinical]")


# what an escaping mistake would let through: an inline script and event handlers, each of which
# would record that it ran
RAN = "(window.__ran = window.__ran || []).push"
INJECTED = (f'<script>{RAN}("script"); document.title = "pwned";</script>'
            f'<img id="pwned-img" src="data:," onerror="{RAN}(\'onerror\')">'
            f'<svg onload="{RAN}(\'onload\')"></svg>'
            f'<button id="pwned-button" onclick="{RAN}(\'onclick\')">x</button>'
            f'<a id="pwned-link" href="javascript:void {RAN}(\'link\')">y</a>')
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.effectiveDirective + " " + event.blockedURI);
});
"""


def poll(page, expression, timeout=10.0):
    """Whether ``expression`` became true within ``timeout`` seconds, asked from outside the page
    (``wait_for_function`` evaluates strings inside it, which the page's policy forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(50)
    return True


@pytest.fixture(scope="module")
def gap_page(site):
    from atmp_kg.analyse.gaps import gap_report
    from atmp_kg.site.gapview import report_files
    from atmp_kg.sparql.backends import backend

    write_text(site / "gaps.html", report_files(gap_report(backend(hostile_graph(), engine="oxigraph")))["gaps.html"])
    return "gaps.html"


@pytest.mark.parametrize("name", ["index.html", "value-chain.html", "actors/alpha.html", "gaps.html"])
def test_markup_slipped_into_a_page_runs_nothing_and_the_page_still_works(browser, site, gap_page, name):
    text = (site / name).read_text(encoding="utf-8")
    assert text.count("<main>\n") == 1
    hurt = site / name.replace(".html", "-injected.html")
    write_text(hurt, text.replace("<main>\n", "<main>\n" + INJECTED))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(RECORD_VIOLATIONS)
    try:
        page.goto(hurt.as_uri())
        page.click("#pwned-button")
        page.click("#pwned-link")
        poll(page, "window.__violations.length >= 5")
        assert page.evaluate("window.__ran || []") == []
        assert page.title().startswith("atmp-kg")
        violations = page.evaluate("window.__violations")  # the script and link, the three handlers
        assert sorted(violations) == ["script-src-attr inline"] * 3 + ["script-src-elem inline"] * 2, violations
        assert errors and all("Content Security Policy" in e for e in errors), errors  # reported, nothing else
        if name == "index.html":  # the page's own scripts: the drawing, search and language switch
            page.wait_for_selector("body[data-network-ready]", state="attached", timeout=20000)
            assert page.evaluate("window.atmpView.drawnCount()") == 6
            page.fill("#search", "alphagen")
            page.press("#search", "Enter")
            assert page.text_content("#details h2") == "Alpha Therapeutics"
            page.select_option("#language", "fr")
            assert page.text_content("#status") == "Affichés : 6 sur 6"
        elif name == "value-chain.html":
            page.select_option("#therapy-select", "cell-therapy")
            assert page.is_visible("#therapy-cell-therapy") and not page.is_visible("#therapy-exosome")
        elif name == "gaps.html":  # vis-network and the drawing, both inline
            assert poll(page, "window.gapNetwork !== undefined")
            assert page.evaluate("gapNetwork.body.data.nodes.length") == 6
        else:
            page.wait_for_selector("body[data-network-ready]", state="attached", timeout=20000)
            assert page.evaluate("window.atmpView.drawnCount()") == 4
    finally:
        page.close()


@pytest.fixture(scope="module")
def time_site(tmp_path_factory):
    from conftest import DATA, inputs_for

    from atmp_kg.pipeline import build

    folder = tmp_path_factory.mktemp("dist-time")
    for name, text in site_files(build(inputs_for(DATA / "explorer-time"), reasoner="owlrl").inferred).items():
        write_text(folder / name, text)
    return folder


def test_the_switch_shows_the_former_actors(browser, time_site):
    # MaSTherCell, absorbed by Catalent in 2020, is not active on the data's day (2024-06-01)
    page = Visit(browser, time_site, "index.html")
    try:
        assert page.drawn() == 2
        assert page.page.text_content("#status") == "Showing 2 of 3 (1 former actors hidden)"
        page.page.check("#show-former")
        assert page.drawn() == 3
        assert page.page.text_content("#status") == "Showing 3 of 3"
        page.page.click("#node-list summary")  # the drawn actors as text, with what became of a former one
        page.page.select_option("#language", "nl")
        shown = page.page.inner_text("#node-list-items")
        assert ("MaSTherCell (contractontwikkelings- en productieorganisatie; vroegere actor: opgeslorpt 2020-01-15, "
                "nu deel van Catalent)") in shown
        assert page.errors == []
    finally:
        page.close()


MARKS = """() => Array.from(document.querySelectorAll(  // what the pages say of former actors and past claims
  "#legend, td li.former, td li.not-valid, .tree li.former, .tree li.past, #grey-note"))
  .map(el => el.innerText).join(" | ")"""


@pytest.mark.parametrize("name", ["value-chain.html", "consortium.html"])
def test_former_actors_and_past_claims_are_marked_in_each_language(browser, time_site, name):
    page = Visit(browser, time_site, name)
    try:
        shown = page.page.evaluate(MARKS)
        assert "absorbed 2020-01-15, now part of Catalent" in shown
        english = words(shown) - words("MaSTherCell Catalent Dev Cells")
        for lang in ("fr", "nl"):
            page.page.select_option("#language", lang)
            left = words(page.page.evaluate(MARKS)) & (english - SAME_WORDS[lang])
            assert not left, (lang, sorted(left))
        assert page.errors == []
    finally:
        page.close()


# -- the drawing: places kept across filters, the view fitted, names without overlap -----------------

POSITIONS = "window.atmpView.network.getPositions()"
IN_VIEW = """() => {  // every drawn node's centre inside the drawing's box
  const net = window.atmpView.network, box = document.getElementById("network");
  return net.body.nodeIndices.every(id => {
    const at = net.canvasToDOM(net.getPosition(id));
    return at.x >= 0 && at.y >= 0 && at.x <= box.clientWidth && at.y <= box.clientHeight;
  });
}"""


def test_nodes_come_back_where_they_were_after_a_filter_is_reset(visit):
    page = visit("index.html")
    before = page.page.evaluate(POSITIONS)
    page.page.evaluate("window.atmpView.network.moveTo({position: {x: 5000, y: 5000}, scale: 2})")
    page.page.select_option("#filter-therapies", "cell-therapy")
    assert page.drawn() == 4
    assert page.page.evaluate(IN_VIEW)  # the view is fitted to the nodes shown
    page.page.select_option("#filter-therapies", "")
    after = page.page.evaluate(POSITIONS)
    assert after.keys() == before.keys()
    for key, place in before.items():
        assert after[key] == pytest.approx(place, abs=0.01), key
    assert len({(round(p["x"]), round(p["y"])) for p in after.values()}) == 6  # none piled on another
    assert page.page.evaluate(IN_VIEW)


def test_search_for_a_hidden_actor_brings_the_others_back_in_place(visit):
    page = visit("index.html")
    before = page.page.evaluate(POSITIONS)
    page.page.select_option("#filter-region", "brussels-capital-region")
    page.page.fill("#search", "alphagen")
    page.page.press("#search", "Enter")
    assert page.drawn() == 6
    after = page.page.evaluate(POSITIONS)
    for key, place in before.items():
        assert after[key] == pytest.approx(place, abs=0.01), key


LABELS = "window.atmpView.labels"


def boxes_overlap(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_names_are_drawn_at_first_view_without_overlap(visit):
    page = visit("index.html")
    page.page.wait_for_timeout(300)
    labels = page.page.evaluate(LABELS)
    assert sorted(label["text"] for label in labels["drawn"]) == sorted(
        ["Alpha Therapeutics", "Beta Manufacturing", IMG, SCRIPT, "Epsilon Capital", "Zeta Reagents"])
    drawn = labels["drawn"]
    assert not any(boxes_overlap(a["box"], b["box"]) for i, a in enumerate(drawn) for b in drawn[i + 1:])


def test_when_crowded_only_the_largest_are_named(visit):
    page = visit("index.html")
    page.page.evaluate("window.atmpView.network.moveTo({scale: 0.02})")  # every node near one point
    page.page.wait_for_timeout(200)
    labels = page.page.evaluate(LABELS)
    drawn, left = labels["drawn"], labels["left"]
    assert drawn and left
    assert not any(boxes_overlap(a["box"], b["box"]) for i, a in enumerate(drawn) for b in drawn[i + 1:])
    assert max(label["size"] for label in drawn) == max(label["size"] for label in drawn + left)
    for skipped in left:  # left out for a larger (or as large) name in its place
        assert any(boxes_overlap(skipped["box"], named["box"]) and named["size"] >= skipped["size"]
                   for named in drawn), skipped


# -- languages: French and Dutch translate the chrome, titles and filters; the choice is remembered

UI_TEXTS = """() => {  // what a reader sees of the title, navigation, headings, labels and menus
  const gaps = document.location.pathname.endsWith("gaps.html");  // its title and content are the report's own
  const shown = node => node.nodeType !== 1 ? node.textContent
    : (node.nodeName === "SELECT" || getComputedStyle(node).display === "none") ? "" : node.innerText;
  const parts = gaps ? [] : [document.title];
  const chrome = gaps ? "header.site nav a, header.site label"
    : "header.site nav a, header.site label, h1, h2, h3, label, th, select[data-filter] option, #therapy-select option";
  document.querySelectorAll(chrome).forEach(el => parts.push(
    el.nodeName === "OPTION" ? el.textContent : Array.from(el.childNodes).map(shown).join("")));
  return parts.join(" | ");
}"""
SAME_WORDS = {  # words an interface text has in English and in that language alike
    "fr": {"atmp", "type", "sources", "description", "relations", "collaboration", "date", "dates", "phase",
           "indication", "lei", "rdf", "acquisition", "affiliation", "note", "alias", "vivo", "post", "virus"},
    "nl": {"atmp", "website", "project", "product", "start", "details", "lei", "rdf", "downloads", "spin", "off",
           "actor", "alias", "vivo", "virus", "data", "hta", "per", "partner"},
}
LANGUAGE_PAGES = ["index.html", "value-chain.html", "consortium.html", "products.html", "actors.html",
                  "actors/alpha.html", "gaps.html"]


def words(text):
    import re
    return {word.lower() for word in re.findall(r"[^\W\d_]{3,}", text)}


@pytest.fixture(scope="module")
def data_words():
    """The words of the data's names (actors, types, partnerships, products, trials): names, not
    interface words, and some have no French or Dutch form."""
    from rdflib.namespace import RDFS, SKOS
    graph = hostile_graph()
    return {w for p in (RDFS.label, SKOS.altLabel) for _, _, o in graph.triples((None, p, None))
            if getattr(o, "language", None) in (None, "en") for w in words(str(o))}


@pytest.mark.parametrize("name", LANGUAGE_PAGES)
def test_french_and_dutch_leave_no_english_word_in_the_chrome(visit, gap_page, data_words, name):
    page = visit(name)
    english = words(page.page.evaluate(UI_TEXTS)) - data_words
    assert english
    for lang in ("fr", "nl"):
        page.page.select_option("#language", lang)
        shown = page.page.evaluate(UI_TEXTS)
        left = words(shown) & (english - SAME_WORDS[lang])
        assert not left, (lang, sorted(left), shown)
        assert page.page.evaluate("document.documentElement.lang") == lang
    page.page.select_option("#language", "en")
    assert words(page.page.evaluate(UI_TEXTS)) - data_words == english


def test_the_chosen_language_is_remembered_across_pages(visit):
    first = visit("index.html")
    first.page.select_option("#language", "nl")
    assert first.page.text_content("#status") == "Getoond: 6 van 6"
    first.page.click("header.site nav a[href='products.html']")  # another page, the same reader
    first.page.wait_for_load_state()
    assert first.page.evaluate("document.body.classList.contains('nl')")
    assert first.page.title() == "atmp-kg: producten en studies"
    assert first.page.inner_text("header.site nav a[aria-current]") == "Producten en studies"
    assert first.page.input_value("#language") == "nl"


# -- phones: at 400 px wide no page scrolls sideways (wide tables scroll inside their own box) ----

@pytest.mark.parametrize("name", ["index.html", "value-chain.html", "consortium.html", "products.html", "actors.html",
                                  "actors/alpha.html", "gaps.html"])
def test_no_page_is_wider_than_a_phone(browser, site, gap_page, name):
    page = browser.new_page(viewport={"width": 400, "height": 800})
    try:
        page.goto((site / name).as_uri())
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
    finally:
        page.close()


# -- accessibility: axe-core (tests/vendor/axe-core) finds nothing serious or critical -------------

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
A11Y_PAGES = ["index.html", "value-chain.html", "consortium.html", "products.html", "actors.html",
              "actors/alpha.html", "gaps.html"]


def axe_violations(page):
    """axe-core's serious and critical violations on ``page``, as ``rule: [target, ...]``."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # run by the test, outside the page's policy
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
                          "v => ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' '))})))")
    return {v["id"]: v["targets"] for v in found if v["impact"] in ("serious", "critical")}


@pytest.mark.parametrize("name", A11Y_PAGES)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_axe_finds_no_serious_violation(visit, gap_page, name, lang):
    page = visit(name)
    if lang != "en":
        page.page.select_option("#language", lang)
    assert axe_violations(page.page) == {}


FOCUSED = """() => {  // the focused element and whether its focus shows (an outline)
  const el = document.activeElement, style = getComputedStyle(el);
  return {id: el.id, tag: el.tagName, text: el.textContent,
          visible: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2};
}"""


def test_the_keyboard_reaches_search_filters_and_the_node_list_with_a_visible_focus(visit):
    page = visit("index.html")
    seen = []
    for _ in range(40):  # Tab through the page from its start
        page.page.keyboard.press("Tab")
        focused = page.page.evaluate(FOCUSED)
        seen.append(focused)
        assert focused["visible"], focused
        if focused["tag"] == "SUMMARY":
            break
    ids = [f["id"] for f in seen]
    assert ids.index("search") < ids.index("filter-therapies") < ids.index("filter-region")
    assert seen[-1]["tag"] == "SUMMARY"  # the list of drawn actors, the drawing's text
    page.page.keyboard.press("Enter")  # opens it
    page.page.wait_for_timeout(100)
    page.page.keyboard.press("Tab")
    first = page.page.evaluate(FOCUSED)
    assert first["tag"] == "BUTTON" and first["text"] == SCRIPT and first["visible"]  # A to Z: "<" first
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("window.atmpView.network.getSelectedNodes()") == [page.node_id(ID + "actor/delta")]
    assert page.page.text_content("#details h2") == SCRIPT
    page.page.select_option("#filter-region", "brussels-capital-region")  # the list follows the filters
    assert page.page.eval_on_selector_all("#node-list-items button", "bs => bs.map(b => b.textContent)") == [SCRIPT]


def test_the_search_results_are_reached_with_the_down_arrow(visit):
    page = visit("index.html")
    page.page.focus("#search")
    page.page.keyboard.type("alpha")
    page.page.keyboard.press("ArrowDown")
    assert page.page.evaluate(FOCUSED)["text"] == "Alpha Therapeutics"
    page.page.keyboard.press("Enter")
    assert page.page.text_content("#details h2") == "Alpha Therapeutics"


def test_the_drawing_has_a_name_in_each_language(visit):
    page = visit("index.html")
    assert page.page.get_attribute("#network", "role") == "img"
    assert page.page.get_attribute("#network", "aria-label").startswith("Network of the actors")
    page.page.select_option("#language", "fr")
    assert page.page.get_attribute("#network", "aria-label").startswith("Réseau des acteurs")
