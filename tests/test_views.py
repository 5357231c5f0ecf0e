"""The explorer without a browser: escaping, the pages' content, the network payload, the value
chain and partnership views, profiles and the Gephi/Cytoscape downloads."""

import base64
import datetime
import functools
import hashlib
import io
import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest
from explorer_data import HOSTILE_LABELS, ID, IMG, SCRIPT, explorer_build, hostile_graph
from rdflib import Graph, URIRef

from atmp_kg.pipeline import write
from atmp_kg.site import downloads
from atmp_kg.site.consortium import consortia
from atmp_kg.site.drawing import PayloadParts, network_payload, network_payload_json
from atmp_kg.site.files import explorer_network, site_files
from atmp_kg.site.labels import site_terms
from atmp_kg.site.layout import LAYOUT_THRESHOLD, force_layout
from atmp_kg.site.markup import asset_files, escape, inline_script, json_for_script, json_pieces, json_script, page
from atmp_kg.sparql.backends import backend

ALPHA, BETA, GAMMA, DELTA, EPSILON, ZETA = (ID + f"actor/{s}" for s in ("alpha", "beta", "gamma", "delta",
                                                                       "epsilon", "zeta"))


@pytest.fixture(scope="module")
def hostile_site():
    return site_files(hostile_graph())


@pytest.fixture(scope="module")
def select():
    return backend(explorer_build().inferred, engine="oxigraph")


@pytest.fixture(scope="module")
def network(select):
    return explorer_network(select)


class Elements(HTMLParser):
    """Collects (tag, attributes, text) of every element, for assertions on parsed pages."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append([tag, dict(attrs), ""])
        if tag not in ("meta", "link", "input", "br", "img"):
            self.stack.append(self.elements[-1])

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for element in self.stack:
            element[2] += data


def parse(text):
    parser = Elements()
    parser.feed(text)
    return parser.elements


class LanguageText(HTMLParser):
    """The text of the element with id ``element_id`` as a reader of ``lang`` sees it: the
    language switch's variants (``class="i18n"``) of other languages left out."""

    def __init__(self, element_id, lang="en"):
        super().__init__(convert_charrefs=True)
        self.element_id, self.lang, self.text = element_id, lang, ""
        self.depth = self.skip = 0  # inside the element; inside a variant of another language

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("meta", "link", "input", "br", "img"):
            return
        if self.depth or attrs.get("id") == self.element_id:
            self.depth += 1
            classes = set((attrs.get("class") or "").split())
            shown_in = (classes - {"i18n"}) or {attrs.get("lang")}  # the languages it is shown in
            other = "i18n" in classes and self.lang not in shown_in
            if self.skip or other:
                self.skip += 1

    def handle_endtag(self, tag):
        if self.depth and tag not in ("meta", "link", "input", "br", "img"):
            self.depth -= 1
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.text += data


def cell(site, page, element_id, lang="en"):
    parser = LanguageText(element_id, lang)
    parser.feed(site[page])
    return parser.text


# -- escaping ---------------------------------------------------------------------------------

@pytest.mark.parametrize("hostile", [IMG, SCRIPT, "\" onmouseover=\"alert(1)", "a & b <!-- c", "x\u2028y\u2029z"])
def test_json_for_script_is_inert_in_html_and_round_trips(hostile):
    text = json_for_script({"name": hostile, hostile: [hostile]})
    assert not set(text) & set("<>&\u2028\u2029")
    assert json.loads(text) == {"name": hostile, hostile: [hostile]}


def test_escape_makes_markup_text():
    assert escape(IMG) == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape('"\'') == "&quot;&#x27;"
    assert escape(None) == ""


def test_page_escapes_its_title_and_forbids_network_loads():
    html = page(SCRIPT, "<p>body</p>")
    assert SCRIPT not in html and escape(SCRIPT) in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert "default-src &#x27;none&#x27;" in policy and "connect-src &#x27;none&#x27;" in policy


def test_inline_script_refuses_a_closing_tag_and_vis_network_has_none():
    for code in ("var a = '</script>';", "var a = '<!--';", "var a = 1;\r\n"):
        with pytest.raises(ValueError):
            inline_script(code)
    assert "</script" not in asset_files()["assets/vis-network.min.js"].lower()
    assert json_script("x", {"a": SCRIPT}).count("</script>") == 1


class Scripts(HTMLParser):
    """The Content-Security-Policy of a page, the text of each of its inline scripts that a
    browser would run, and its event-handler attributes (``on...=``)."""

    DATA_TYPES = ("application/json", "application/ld+json")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.policies, self.inline, self.handlers, self.current = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [(tag, name) for name in attributes if name.startswith("on")]
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(attributes["content"])
        if tag == "script" and "src" not in attributes and attributes.get("type") not in self.DATA_TYPES:
            self.current = ""

    def handle_data(self, data):
        if self.current is not None:
            self.current += data

    def handle_endtag(self, tag):
        if tag == "script" and self.current is not None:
            self.inline.append(self.current)
            self.current = None


def script_policy(text):
    """``(script-src sources, the hash sources of the page's inline scripts, handlers)`` of a page."""
    parser = Scripts()
    parser.feed(text)
    parser.close()
    (policy,) = parser.policies
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
              for s in parser.inline]
    return directives, hashes, parser.handlers


@pytest.fixture(scope="module")
def built_pages(tmp_path_factory):
    """Every HTML page of the explorer fixture's build as written, of the hostile graph's site,
    and the gap report page, by name."""
    from atmp_kg.analyse.gaps import gap_report
    from atmp_kg.site.gapview import report_files

    dist = write(explorer_build(), tmp_path_factory.mktemp("csp") / "dist")
    pages = {path.relative_to(dist).as_posix(): path.read_text(encoding="utf-8") for path in dist.rglob("*.html")}
    pages.update({f"hostile/{name}": text for name, text in site_files(hostile_graph()).items()
                  if name.endswith(".html")})
    pages["gaps.html"] = report_files(gap_report(backend(explorer_build().inferred, engine="oxigraph")))["gaps.html"]
    return pages


def test_every_page_runs_only_its_own_inline_scripts(built_pages):
    assert {"index.html", "value-chain.html", "consortium.html", "products.html", "actors.html", "actors/alpha.html",
            "hostile/actors/gamma.html", "gaps.html"} <= set(built_pages)
    for name, text in built_pages.items():
        directives, hashes, handlers = script_policy(text)
        sources = directives["script-src"]
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, name
        assert "'unsafe-hashes'" not in sources and "*" not in sources, name
        assert not [s for s in sources if s.endswith(":")], name  # no scheme (data:, file:, https:)
        assert sorted(s for s in sources if s.startswith("'sha256-")) == sorted(set(hashes)), name
        assert directives["script-src-attr"] == ["'none'"] and directives["default-src"] == ["'none'"], name
        assert handlers == [], name
    assert len(script_policy(built_pages["gaps.html"])[1]) == 4  # vis-network, drawing, filters, language switch
    assert len(script_policy(built_pages["value-chain.html"])[1]) == 2  # its script and the language switch


def test_no_hostile_name_appears_unescaped_on_any_page(hostile_site):
    pages = {name: text for name, text in hostile_site.items() if name.endswith(".html")}
    assert len(pages) == 5 + 6
    for name, text in pages.items():
        for raw in (IMG, SCRIPT, "<img src=x onerror=alert(2)>", "<script>alert"):
            assert raw not in text, (name, raw)
        # the only scripts are vis-network (linked), the language switch, data and our own code
        for tag, attributes, content in parse(text):
            if tag == "script" and attributes.get("type") == "application/json":
                json.loads(content)
            assert tag != "img", name
    profile = parse(hostile_site["actors/gamma.html"])
    assert [text for tag, _, text in profile if tag == "h1"] == [IMG + "Université Gamma"]  # en + fr spans
    assert any(IMG in text for tag, _, text in parse(hostile_site["value-chain.html"]) if tag == "a")


def test_hostile_names_reach_the_drawing_as_data(hostile_site):
    data = next(json.loads(text) for tag, attributes, text in parse(hostile_site["index.html"])
                if attributes.get("id") == "network-data")
    labels = {node["iri"]: node["label"] for node in data["nodes"]}
    assert labels[GAMMA] == IMG and labels[DELTA] == SCRIPT
    assert data["terms"]["types"]["hospital"]["label"] == HOSTILE_LABELS[
        "https://w3id.org/atmp-kg/ontology#Hospital"]


# -- the network payload ------------------------------------------------------------------

def test_payload_has_every_actor_with_names_aliases_and_links(network, select):
    payload = network_payload(network, site_terms(select), href=lambda iri: "actors/x.html")
    assert len(payload["nodes"]) == 6 and len(payload["edges"]) == 5
    alpha = next(n for n in payload["nodes"] if n["iri"] == ALPHA)
    assert alpha["aliases"] == ["AT", "Alphagen"] and alpha["former_names"] == ["Old Alpha"]
    assert alpha["label_fr"] == "Alpha Thérapeutique" and alpha["type"] == "developer"
    sizes = {n["iri"]: n["size"] for n in payload["nodes"]}
    assert sizes[ZETA] == min(sizes.values()) and sizes[ALPHA] == max(sizes.values())
    assert all("x" not in n for n in payload["nodes"])  # small graph: the browser lays it out


def test_filter_menus_count_actors_and_follow_the_value_chain_order(network, select):
    filters = network_payload(network, site_terms(select))["filters"]
    assert {o["code"]: o["count"] for o in filters["region"]} == {
        "wallonia": 3, "brussels-capital-region": 1, "beyond": 2}
    assert {o["code"]: o["count"] for o in filters["therapies"]}["cell-therapy"] == 4
    assert [o["code"] for o in filters["stages"]] == [
        "discovery-research", "preclinical", "starting-materials", "gmp-manufacturing", "quality-control",
        "clinical-trials"]


def test_edges_carry_their_kinds(network, select):
    payload = network_payload(network, site_terms(select))
    iri = {n["id"]: n["iri"] for n in payload["nodes"]}
    kinds = {frozenset((iri[e["from"]], iri[e["to"]])): e["kinds"] for e in payload["edges"]}
    assert kinds[frozenset((ALPHA, BETA))] == ["shared-membership", "manufacturing"]
    assert kinds[frozenset((BETA, EPSILON))] == ["acquisition"]


def test_large_networks_get_positions_from_python():
    big = nx.path_graph(LAYOUT_THRESHOLD + 20)
    big = nx.relabel_nodes(big, {i: f"{ID}actor/n{i:04d}" for i in big})
    for node in big:
        big.nodes[node].update(label=node[-5:], types=["developer"])
    payload = network_payload(big, {"stage_order": []})
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in payload["nodes"])
    assert len({(n["x"], n["y"]) for n in payload["nodes"]}) == len(big)


def test_force_layout_is_deterministic_and_keeps_neighbours_closer():
    graph = nx.connected_caveman_graph(4, 6)
    first, second = force_layout(graph), force_layout(graph)
    assert first == second

    def distance(a, b):
        return ((first[a][0] - first[b][0]) ** 2 + (first[a][1] - first[b][1]) ** 2) ** 0.5
    inside = sum(distance(a, b) for a, b in graph.edges()) / graph.number_of_edges()
    apart = distance(0, 18)  # two nodes in different caves, not adjacent
    assert inside < apart



def test_a_neighbourhood_drawn_in_place_equals_the_drawing_of_its_own_graph():
    graph = nx.Graph()
    graph.add_edges_from([("hub", f"leaf-{i}") for i in range(12)] + [("leaf-1", "leaf-2"), ("leaf-2", "far"),
                                                                      ("far", "farther"), ("leaf-3", "leaf-3")])
    for node in graph:
        graph.nodes[node].update(label=node, types=["developer"])
    for edge in graph.edges:
        graph.edges[edge].update(kinds=["collaboration"])
    terms = {"stage_order": []}
    for centre in ("hub", "leaf-2", "far"):  # a hub (more neighbours than its neighbourhood's members have), a leaf
        members = {centre, *graph[centre]}
        drawn = network_payload(graph, terms, menus=False, within=members)
        assert drawn == network_payload(graph.subgraph(members).copy(), terms, menus=False)
    drawn = network_payload(graph, terms, menus=False, within={"leaf-1", "leaf-2", "leaf-3"})
    names = [n["iri"] for n in drawn["nodes"]]
    assert {(names[e["from"]], names[e["to"]]) for e in drawn["edges"]} == {("leaf-1", "leaf-2"), ("leaf-3", "leaf-3")}



def test_neighbourhoods_drawn_with_shared_parts_equal_each_drawn_alone():
    # what the profile pages do: one PayloadParts for thousands of drawings
    graph = nx.Graph()
    graph.add_edges_from([("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("d", "e")])
    for i, node in enumerate(sorted(graph)):
        graph.nodes[node].update(label=node.upper(), types=[["developer"], ["cdmo"], ["hospital"]][i % 3],
                                 aliases=[f"{node}-alias"], therapies=["cell"] if i % 2 else ["gene"])
    for i, edge in enumerate(sorted(graph.edges)):
        graph.edges[edge].update(kinds=[["collaboration"], ["spin-off", "collaboration"], ["shared-membership"]][i % 3],
                                 collaborations=[f"project-{i}"])
    terms = {"stage_order": []}
    href = lambda iri: f"{iri}.html"  # noqa: E731
    parts = PayloadParts(graph, href)
    for centre in sorted(graph):
        members = {centre, *graph[centre]}
        shared = network_payload(graph, terms, href=href, menus=False, within=members, parts=parts)
        assert shared == network_payload(graph, terms, href=href, menus=False, within=members)
        names = [n["iri"] for n in shared["nodes"]]
        assert [(n["label"], n["aliases"], n["href"]) for n in shared["nodes"]] == [
            (graph.nodes[n]["label"], graph.nodes[n]["aliases"], f"{n}.html") for n in names]
        for edge in shared["edges"]:  # each edge its own kinds and collaborations
            data = graph.edges[names[edge["from"]], names[edge["to"]]]
            assert (sorted(edge["kinds"]), edge["collaborations"]) == (sorted(data["kinds"]), data["collaborations"])

def test_neighbourhood_json_joined_from_pieces_equals_the_payload_encoded():
    # the profile pages join each neighbourhood's JSON from pieces made once per node and edge:
    # the same text as encoding the payload, whatever the labels hold, with or without positions
    graph = nx.Graph()
    graph.add_edges_from([("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")])
    labels = {"a": 'Quote " and </script>', "b": "Wallonie é\u2028", "c": "Back\\slash & <b>", "d": "id"}
    for node, label in labels.items():
        graph.nodes[node].update(label=label, types=["cdmo"], aliases=[f"{label} (alias)"], therapies=["cell"],
                                 region="wallonia")
    for i, edge in enumerate(sorted(graph.edges)):
        graph.edges[edge].update(kinds=["collaboration", "spin-off"][: 1 + i % 2], collaborations=[f"p-{i}"])
    terms = {"stage_order": [], "types": {"cdmo": {"label": "CDMO <i>", "label_fr": "CDMO"}},
             "kinds": {"spin-off": {"label": "spin-off", "label_fr": "essaimage"}}}
    href = lambda iri: f"{iri}.html"  # noqa: E731
    parts = PayloadParts(graph, href)
    placed = {node: (1.5 * i, -2.25 * i) for i, node in enumerate(sorted(graph))}
    for centre in sorted(graph):
        members = {centre, *graph[centre]}
        for positions in (None, placed):
            encoded = json_for_script(network_payload(graph, terms, href=href, positions=positions, menus=False,
                                                      within=members))
            assert network_payload_json(graph, terms, href=href, positions=positions, within=members,
                                        parts=parts) == encoded
            assert "</script>" not in encoded and json.loads(encoded)["nodes"][0]["label"] == labels[min(members)]
    relabelled = {**terms, "types": {"cdmo": {"label": "contract manufacturer", "label_fr": "CDMO"}}}
    assert network_payload_json(graph, relabelled, href=href, within={"a", "b"}, parts=parts) == json_for_script(
        network_payload(graph, relabelled, href=href, menus=False, within={"a", "b"}))  # other terms, same parts
    with pytest.raises(ValueError, match="cannot mark"):
        json_pieces({"label": "\0id\0"}, ("id",))  # a value holding the marker: refused, not cut wrongly


def shuffled_copies(graph, count, seed=3):
    """``graph`` rebuilt ``count`` times with its nodes and edges inserted in shuffled orders
    (what differing string hashes do to graphs built from sets)."""
    import random

    rng, copies = random.Random(seed), []
    for _ in range(count):
        nodes, edges = list(graph.nodes(data=True)), list(graph.edges())
        rng.shuffle(nodes)
        rng.shuffle(edges)
        copy = nx.Graph()
        copy.add_nodes_from(nodes)
        copy.add_edges_from((b, a) if rng.random() < 0.5 else (a, b) for a, b in edges)
        copies.append(copy)
    return copies


def test_force_layout_does_not_depend_on_the_order_the_graph_was_built_in():
    graph = nx.relabel_nodes(nx.connected_caveman_graph(5, 7), lambda n: f"actor-{n:02d}")
    layouts = [force_layout(copy) for copy in shuffled_copies(graph, 4)]
    assert all(layout == layouts[0] for layout in layouts)


# -- value chain and partnerships ---------------------------------------------------------

def chain_cells(site, therapy, lang="en"):
    """``{stage: (data-count, data-status, class, text as a reader of lang sees it)}`` of a
    therapy's row on the value-chain page."""
    return {a["data-stage"]: (a["data-count"], a["data-status"], a.get("class"),
                              cell(site, "value-chain.html", a["id"], lang))
            for tag, a, _ in parse(site["value-chain.html"]) if tag == "td" and a["id"].startswith(therapy + "--")}


def chain_summary(site, therapy, lang="en"):
    return cell(site, "value-chain.html", f"coverage-{therapy}", lang)


def test_value_chain_has_every_stage_in_order_and_shows_empty_columns(hostile_site):
    elements = parse(hostile_site["value-chain.html"])
    cell = [e for e in elements if e[1].get("data-therapy") == "cell-therapy"]
    assert cell
    stages = [a["data-stage"] for tag, a, _ in elements if tag == "th" and "data-stage" in a]
    assert stages[:15][:3] == ["discovery-research", "preclinical", "starting-materials"]
    assert stages[:15][-4:] == ["tools-equipment", "data", "training", "financing"]
    cells = chain_cells(hostile_site, "cell-therapy")
    assert len(cells) == 16
    assert {stage for stage, (count, *_) in cells.items() if count != "0"} == {
        "discovery-research", "starting-materials", "gmp-manufacturing", "quality-control", "clinical-trials"}
    assert cells["preclinical"][1:] == ("gap", "empty", "no actor")  # claimed for in vivo gene therapy only
    assert "5 of 16 stages covered" in chain_summary(hostile_site, "cell-therapy")


def test_value_chain_says_a_stage_without_any_claim_is_not_covered_by_the_data(hostile_site):
    # the fixture claims 6 stages; the others, and every stage of a therapy without any claim
    # (exosome), are not covered by the data: nobody collected them, which says nothing of a gap
    cells = chain_cells(hostile_site, "cell-therapy")
    unknown = {stage for stage, (_, status, *_) in cells.items() if status == "not covered by the data"}
    assert unknown == set(cells) - {"discovery-research", "preclinical", "starting-materials", "gmp-manufacturing",
                                    "quality-control", "clinical-trials"}
    assert all(cells[stage][2:] == ("no-data", "not covered by the data") for stage in unknown)
    assert {status for _, status, *_ in chain_cells(hostile_site, "exosome").values()} == {"not covered by the data"}
    assert "5 of 16 stages covered. 10 not covered by the data." in chain_summary(hostile_site, "cell-therapy")
    assert "10 niet gedekt door de gegevens" in chain_summary(hostile_site, "cell-therapy", "nl")
    legend = cell(hostile_site, "value-chain.html", "legend")
    assert "gap: no actor active on the day" in legend and "not covered by the data: no capability claim" in legend


def test_consortium_tree_from_any_partnership(select):
    (tree,) = consortia(select)
    assert tree["iri"] == ID + "collaboration/pit" and tree["members"] == [(EPSILON, "funder", [ID + "source/src-a"])]
    pillars = {child["iri"]: child for child in tree["children"]}
    assert set(pillars) == {ID + "collaboration/pit-cell", ID + "collaboration/pit-gene"}
    (wp,) = pillars[ID + "collaboration/pit-cell"]["children"]
    assert wp["kind"] == "WorkPackage"
    assert [(actor, role) for actor, role, _ in wp["members"]] == [(ALPHA, "partner"), (BETA, "lead")]


def test_every_partnership_gets_its_tree_and_drawing(hostile_site):
    (first, second) = consortia(backend(hostile_graph(), engine="oxigraph"))
    assert second["iri"] == ID + "collaboration/pit2" and second["children"] == []
    assert second["members"] == [(ZETA, "partner", [])]
    text = hostile_site["consortium.html"]
    assert 'id="network-data"' in text and 'id="network-2-data"' in text


def test_consortium_page_lists_partners_with_roles(hostile_site):
    elements = parse(hostile_site["consortium.html"])
    items = {a.get("id"): text for tag, a, text in elements if tag == "li" and a.get("data-kind")}
    assert "Beta Manufacturing" in items["wp-1"] and "lead" in items["wp-1"]
    assert SCRIPT in items["wp-1"]  # the hostile work-package name, as text


# -- profiles -------------------------------------------------------------------------------

def test_profile_shows_facts_with_sources_relations_and_rdf(hostile_site):
    text = hostile_site["actors/alpha.html"]
    elements = parse(text)
    facts = next(t for tag, a, t in elements if a.get("id") == "facts")
    assert "Alphagen" in facts and "Old Alpha" in facts and "0403.170.701" in facts
    assert 'href="https://example.org/a"' in text  # its source, linked
    relations = next(t for tag, a, t in elements if a.get("id") == "relations-table")
    assert "Beta Manufacturing" in relations and SCRIPT in relations  # delta's hostile name, as text
    assert next(t for tag, a, t in elements if a.get("id") == "iri") == ALPHA
    assert 'href="alpha.ttl"' in text and 'href="beta.html"' in text
    description = Graph().parse(data=hostile_site["actors/alpha.ttl"], format="turtle")
    assert (URIRef(ALPHA), None, None) in description
    assert (URIRef(ID + "source/src-a"), None, None) in description


def test_profile_links_only_web_addresses():
    from atmp_kg.site.facts import link
    assert link("javascript:alert(1)", "x") == "x"
    assert link("https://example.org/?a=1&b=2", IMG) == (
        '<a href="https://example.org/?a=1&amp;b=2" rel="noopener">&lt;img src=x onerror=alert(1)&gt;</a>')


# -- downloads ------------------------------------------------------------------------------

def test_downloads_reparse_with_networkx(network):
    files = downloads.network_files(network)
    gexf = nx.read_gexf(io.BytesIO(files["atmp-kg-network.gexf"].encode("utf-8")))
    graphml = nx.read_graphml(io.BytesIO(files["atmp-kg-network.graphml"].encode("utf-8")))
    cytoscape = nx.cytoscape_graph(json.loads(files["atmp-kg-network.cyjs"]))
    for parsed in (gexf, graphml, cytoscape):
        assert set(parsed) == set(network)
        assert {frozenset(e) for e in parsed.edges()} == {frozenset(e) for e in network.edges()}
    assert gexf.nodes[ALPHA]["label"] == "Alpha Therapeutics"
    assert graphml.nodes[ALPHA]["aliases"] == "AT|Alphagen"
    assert cytoscape.nodes[BETA]["types"] == "cdmo"
    assert graphml.edges[BETA, EPSILON]["kinds"] == "acquisition"


def test_gephi_files_are_written_as_networkx_writes_them():
    # written directly (networkx builds an XML tree first, 5x slower at scale): the same text as
    # networkx's writers but the GEXF creator, with markup characters, non-ASCII, line breaks and
    # tabs in values, nodes and links without attributes, positions, and an empty network
    import re

    flat = nx.Graph()
    flat.add_node("https://example.org/a", label='Liège & <"Co">\n\ttab', region="wallonia", x=1.5, y=-2.25,
                  active=False)
    flat.add_node("https://example.org/b", active=True)
    flat.add_edge("https://example.org/a", "https://example.org/b", weight=2.0, kinds="x&y|é")
    flat.add_edge("https://example.org/b", "https://example.org/c")
    for network in (flat, nx.Graph()):
        made_by_networkx = "\n".join(nx.generate_gexf(network, prettyprint=True)) + "\n"
        made_by_networkx = re.sub(r' lastmodifieddate="[^"]*"', "", made_by_networkx)
        made_by_networkx = re.sub(r"<creator>NetworkX [^<]*</creator>", "<creator>atmp-kg</creator>", made_by_networkx)
        assert downloads.gexf(network) == made_by_networkx
        made_by_networkx = "\n".join(nx.generate_graphml(network, prettyprint=True)) + "\n"
        made_by_networkx = made_by_networkx.replace(">False<", ">false<").replace(">True<", ">true<")  # xsd:boolean
        assert downloads.graphml(network) == made_by_networkx
    assert 'label="Li&#232;ge &amp; &lt;&quot;Co&quot;&gt;&#10;&#09;tab"' in downloads.gexf(flat)


def test_cytoscape_json_is_written_as_json_writes_it():
    # written directly (json's indented encoder is its slow Python one): the same text as
    # json.dumps(indent=1, sort_keys=True) for markup, quotes, non-ASCII, line breaks, control
    # characters, every kind of number, booleans, None, nesting and empty containers
    flat = nx.Graph()
    flat.add_node("https://example.org/a", label='Liège & <"Co">\n\ttab\x01', x=1.5, y=-2.25)
    flat.add_node("https://example.org/b", label="", x=1e-07, y=float("inf"))
    flat.add_edge("https://example.org/a", "https://example.org/b", weight=2.0, kinds="x&y|é")
    document = {"b": [True, False, None, 3, -0.0, float("nan"), [], {}, [[1, "\u2028"]]], "a": {"z": {}, "y": [1.25]}}
    for value in (json.loads(downloads.cytoscape(flat)), document, [], {}, "text", 7):
        assert downloads.indented_json(value) == json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)
    with pytest.raises(TypeError, match="keys must be strings"):
        downloads.indented_json({1: "one"})


def test_downloads_are_reproducible(network):
    assert downloads.network_files(network) == downloads.network_files(explorer_network(
        backend(explorer_build().inferred, engine="oxigraph")))
    assert "lastmodifieddate" not in downloads.network_files(network)["atmp-kg-network.gexf"]


# -- the build writes the site ----------------------------------------------------------------

def test_build_writes_the_site_into_dist_only(tmp_path):
    out = tmp_path / "dist"
    write(explorer_build(), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
    for name in ("index.html", "value-chain.html", "consortium.html", "actors.html", "actors/alpha.html",
                 "actors/zeta.ttl", "assets/vis-network.min.js", "atmp-kg-network.gexf", "atmp-kg.ttl"):
        assert (out / name).is_file(), name
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in ("atmp-kg-network.gexf", "atmp-kg-network.graphml", "atmp-kg-network.cyjs"):
        assert f'href="{name}"' in index
    assert not re.search(r'(src|href)="(https?:)?//', index)  # nothing from the network


def test_profile_keeps_every_date_and_note_of_a_relation_stated_twice(tiny_copy):
    from conftest import inputs_for

    from atmp_kg.pipeline import build

    with open(tiny_copy / "relations.csv", "a", encoding="utf-8") as table:
        table.write("alpha,collaborates-with,uni,2021,src-b,second source\n"
                    "alpha,collaborates-with,uni,2022,src-a,third source\n")
    site = site_files(build(inputs_for(tiny_copy)).inferred)
    relations = next(t for tag, a, t in parse(site["actors/alpha.html"]) if a.get("id") == "relations-table")
    assert "2021; 2022" in relations and "second source; third source" in relations


# -- time: former actors and each profile's timeline (tests/data/explorer-time) ----------------
# MaSTherCell (founded 2011, member of the hub 2018 to 2020-01-15; GMP manufacturing of cell
# therapies, undated) is absorbed by Catalent on 2020-01-15; Catalent manufactures from 2020-01-15
# and was a member of the hub from 2019 to 2022-06; Dev Cells, a member of the hub without dates,
# develops CellX (phase 1 on 2019-01-10, phase 2 in 2022-09), did quality control from 2019-03 to
# 2023-09 and plans a process-development capability from 2026-01. The newest source is dated
# 2024-06-01.

@pytest.fixture(scope="module")
def time_site():
    return site_files(built("explorer-time"))


@functools.lru_cache(maxsize=1)
def time_site_on(day):
    """The explorer-time site as of ``day``."""
    return site_files(built("explorer-time"), as_of=day)


def index_payload(site):
    data = next(t for tag, a, t in parse(site["index.html"]) if a.get("id") == "network-data")
    return json.loads(data)


def timeline_table(site, slug):
    return next(t for tag, a, t in parse(site[f"actors/{slug}.html"]) if a.get("id") == "timeline-table")


MAST_FORMER = {"label": "absorbed 2020-01-15, now part of Catalent",  # what became of MaSTherCell, as drawn
               "label_fr": "absorbé 2020-01-15, désormais dans Catalent",
               "label_nl": "opgeslorpt 2020-01-15, nu deel van Catalent"}


def test_a_former_actor_is_marked_in_the_payload_with_the_day_and_its_successor_in_each_language(time_site):
    payload = index_payload(time_site)
    assert payload["as_of"] == "2024-06-01"
    former = {n["label"]: n.get("former") for n in payload["nodes"]}
    assert former == {"MaSTherCell": MAST_FORMER, "Catalent": None, "Dev Cells": None}


def test_the_network_page_has_the_switch_and_says_how_many_are_hidden(time_site):
    elements = parse(time_site["index.html"])
    switch = next(a for tag, a, t in elements if a.get("id") == "show-former")
    assert switch.get("type") == "checkbox" and "checked" not in switch
    legend = next(t for tag, a, t in elements if a.get("id") == "legend-former")
    assert legend.startswith("1 former actor(s), not active on 2024-06-01")


def test_the_actor_list_greys_and_hides_former_actors_until_asked(time_site):
    page = time_site["actors.html"]
    assert '<tr class="former"><td><a href="actors/mast.html">' in page
    assert "#show-former:not(:checked) ~ table tr.former { display:none; }" in page
    assert '<tr><td><a href="actors/cat.html">' in page
    assert "MaSTherCell (absorbed 2020-01-15, now part of Catalent)" in cell(time_site, "actors.html", "actors")
    assert "MaSTherCell (absorbé 2020-01-15, désormais dans Catalent)" in cell(time_site, "actors.html", "actors", "fr")


def test_a_former_actor_s_timeline_has_its_change_with_the_successor_and_sources(time_site):
    profile = parse(time_site["actors/mast.html"])
    assert "absorbed 2020-01-15" in next(t for tag, a, t in profile if a.get("id") == "former")
    assert cell(time_site, "actors/mast.html", "former", "nl").endswith(": opgeslorpt 2020-01-15, nu deel van Catalent")
    table = cell(time_site, "actors/mast.html", "timeline-table")
    founded, member, absorbed = (table.index(text) for text in ("2011", "member of", "absorbed"))
    assert founded < member < absorbed
    assert "now part of Catalent; merged into its acquirer" in table
    assert "nu deel van Catalent" in cell(time_site, "actors/mast.html", "timeline-table", "nl")
    assert 'href="cat.html"' in time_site["actors/mast.html"].split('id="timeline"')[1]
    assert "from 2018" in table and "until 2020-01-15" in table
    assert "last seen 2024-06-01" in table  # the undated capability: its source's date
    assert "Fixture timeline" in table


def test_a_developer_s_timeline_has_its_products_phases_in_date_order_and_planned_claims(time_site):
    table = timeline_table(time_site, "dev")
    assert table.index("2019-01-10CellX: phase 1first patient dosedFixture phases") < table.index(
        "2022-09CellX: phase 2")
    assert table.index("2022-09CellX: phase 2") < table.index("2026-01")
    assert "planned" in table[table.index("2026-01"):]


def test_the_site_is_as_of_the_given_day(time_site):
    site = time_site_on(datetime.date(2019, 6, 1))
    payload = index_payload(site)
    assert payload["as_of"] == "2019-06-01" and not any(n.get("former") for n in payload["nodes"])
    assert 'id="show-former"' not in site["index.html"]
    assert timeline_table(site, "dev") == timeline_table(time_site, "dev")  # it holds every date
    assert '"former"' in time_site["actors/dev.html"] and '"former"' not in site["actors/dev.html"]


def test_the_value_chain_counts_only_active_actors_and_their_valid_capabilities(time_site):
    cells = chain_cells(time_site, "cell-therapy")
    count, status, css, text = cells["gmp-manufacturing"]
    assert (count, status, css) == ("1", "covered", None)  # Catalent; MaSTherCell is a former actor
    assert "MaSTherCell (former actor: absorbed 2020-01-15, now part of Catalent)" in text
    assert cells["quality-control"][:3] == ("0", "gap", "empty")  # ended 2023-09
    assert "Dev Cells (ended 2023-09)" in cells["quality-control"][3]
    assert cells["process-development"][:3] == ("0", "gap", "empty")  # planned
    assert "Dev Cells (planned from 2026-01)" in cells["process-development"][3]
    assert chain_summary(time_site, "cell-therapy") == "1 of 16 stages covered. 13 not covered by the data."
    page = time_site["value-chain.html"]
    assert '<li class="former"><a href="actors/mast.html">' in page and 'href="actors/cat.html">Catalent</a>)' in page
    assert page.count('<li class="not-valid"><a href="actors/dev.html">') == 2
    assert "As of 2024-06-01: only the actors active on that day" in page
    dutch = chain_cells(time_site, "cell-therapy", "nl")
    assert "MaSTherCell (vroegere actor: opgeslorpt 2020-01-15, nu deel van Catalent)" in dutch["gmp-manufacturing"][3]
    assert "Dev Cells (beëindigd 2023-09)" in dutch["quality-control"][3]


def test_the_value_chain_is_as_of_the_site_s_day():
    # on 2019-06-01 MaSTherCell is active, Catalent's capability has not started, Dev Cells does
    # quality control
    cells = chain_cells(time_site_on(datetime.date(2019, 6, 1)), "cell-therapy")
    assert cells["gmp-manufacturing"][:3] == ("1", "covered", None)
    assert "Catalent (from 2020-01-15)" in cells["gmp-manufacturing"][3]
    assert "former" not in cells["gmp-manufacturing"][3]
    assert cells["quality-control"][:3] == ("1", "covered", None)
    assert cells["quality-control"][3] == "Dev Cells"


def member_items(site, lang="en"):
    """``{actor name: (class, text as a reader of lang sees it)}`` of the members in the partnership list."""
    page = site["consortium.html"]
    ids = iter(range(page.count("<li")))
    page = re.sub(r"<li(?=[ >])", lambda _: f'<li id="li-{next(ids)}"', page)
    found = {}
    for tag, a, _ in parse(page):
        if tag == "li" and not a.get("data-kind"):
            text = cell({"page": page}, "page", a["id"], lang)
            found[text.split(" (")[0]] = (a.get("class"), text)
    return found


def test_the_partnerships_page_marks_former_members_and_past_memberships(time_site):
    members = member_items(time_site)
    assert members["MaSTherCell"] == ("former", "MaSTherCell (partner; past membership; from 2018, until 2020-01-15; "
                                                "former actor: absorbed 2020-01-15, now part of Catalent)")
    assert members["Catalent"] == ("past", "Catalent (partner; past membership; from 2019, until 2022-06)")
    assert members["Dev Cells"] == (None, "Dev Cells (partner)")
    assert "not active on 2024-06-01" in cell(time_site, "consortium.html", "grey-note")
    assert "vroegere deelname" in cell(time_site, "consortium.html", "hub", "nl")
    payload = json.loads(next(t for tag, a, t in parse(time_site["consortium.html"]) if a.get("id") == "network-data"))
    nodes = {n["id"]: n for n in payload["nodes"]}
    assert {n["label"]: n.get("former") for n in nodes.values() if n["level"] == 3} == {
        "MaSTherCell": MAST_FORMER, "Catalent": None, "Dev Cells": None}
    dashed = {nodes[e["to"]]["label"]: e["kinds"] for e in payload["edges"] if e["dashes"]}
    assert dashed == {"MaSTherCell": ["partner", "past"], "Catalent": ["partner", "past"]}


def test_the_partnerships_page_is_as_of_the_site_s_day():
    site = time_site_on(datetime.date(2019, 6, 1))
    members = member_items(site)
    assert members["MaSTherCell"] == (None, "MaSTherCell (partner)")
    assert members["Catalent"] == (None, "Catalent (partner)")
    assert 'id="grey-note"' not in site["consortium.html"]


def test_downloads_carry_each_actor_s_status_on_the_day(time_site):
    mast, cat = ID + "actor/mast", ID + "actor/cat"
    gexf = nx.read_gexf(io.BytesIO(time_site["atmp-kg-network.gexf"].encode("utf-8")))
    graphml = nx.read_graphml(io.BytesIO(time_site["atmp-kg-network.graphml"].encode("utf-8")))
    cytoscape = nx.cytoscape_graph(json.loads(time_site["atmp-kg-network.cyjs"]))
    for parsed in (gexf, graphml, cytoscape):
        assert {key: parsed.nodes[mast][key] for key in ("active", "ending", "ending_date", "successor")} == {
            "active": False, "ending": "absorbed", "ending_date": "2020-01-15", "successor": cat}
        assert (parsed.nodes[cat]["active"], parsed.nodes[cat]["ending"]) == (True, "")
    assert re.search(r'<attribute id="\d+" title="active" type="boolean" />', time_site["atmp-kg-network.gexf"])
    graphml_text = time_site["atmp-kg-network.graphml"]
    key = re.search(r'<key id="(d\d+)" for="node" attr.name="active" attr.type="boolean" />', graphml_text).group(1)
    assert f'<data key="{key}">false</data>' in graphml_text  # xsd:boolean, as Gephi and yEd read it
    assert '"active": false' in time_site["atmp-kg-network.cyjs"]
    earlier = time_site_on(datetime.date(2019, 6, 1))["atmp-kg-network.cyjs"]
    assert nx.cytoscape_graph(json.loads(earlier)).nodes[mast]["active"] is True


# -- products and trials (tests/data/explorer): AGT-1 of alpha, in vivo gene therapy, preclinical
# from 2021-03, phase 1 from 2023-05-10, phase 2 from 2025-02 (after the data's day, 2024-01-17);
# BC-1 of beta, cell therapy, phase 1 without a date; trial NCT01234567 of AGT-1, sponsored by
# alpha, run at delta and gamma.

@functools.lru_cache(maxsize=2)
def built(fixture):
    from conftest import DATA, inputs_for

    from atmp_kg.pipeline import build

    return build(inputs_for(DATA / fixture), reasoner="owlrl").inferred


@pytest.mark.parametrize("fixture", ["explorer", "explorer-time"])
@pytest.mark.parametrize("day", [None, datetime.date(2019, 6, 1), datetime.date(2022, 12, 31),
                                 datetime.date(2023, 5, 10), datetime.date(2026, 1, 1)])
def test_current_phases_are_those_of_the_named_query(fixture, day):
    from rdflib import Literal

    from atmp_kg.analyse.network import query_text
    from atmp_kg.site.facts import TripleIndex
    from atmp_kg.site.products import current_phases

    graph = built(fixture)
    rows = backend(graph, engine="oxigraph").select(
        query_text("current-phases"), {"_asOf": Literal(day.isoformat() if day else "")}).records()
    queried = {row["product"]: (row["phase"], row.get("since", "")) for row in rows}
    day = day or datetime.date.fromisoformat(rows[0]["asOf"])
    found = current_phases(TripleIndex(graph), day)
    assert {str(p): (str(c.phase), c.since) for p, c in found.items()} == queried
    assert queried  # every case has a current phase to compare


def test_products_page_lists_products_and_trials_by_therapy_with_the_phase_of_the_day(hostile_site):
    gene = cell(hostile_site, "products.html", "products-in-vivo-gene-therapy")
    assert "sourcesphase 1 (since 2023-05-10)AGT-1 (Alphavec)Alpha Therapeutics" in gene
    assert "phase 2" not in gene and "preclinical" not in gene
    assert "sourcesphase 1BC-1Beta Manufacturing" in cell(hostile_site, "products.html", "products-cell-therapy")
    trials = cell(hostile_site, "products.html", "trials-in-vivo-gene-therapy")
    assert "NCT01234567 AGT-1 in inherited retinal disease" in trials
    page = hostile_site["products.html"]
    assert page.index('id="therapy-cell-therapy"') < page.index('id="therapy-in-vivo-gene-therapy"')
    row = page.split('id="trials-in-vivo-gene-therapy"')[1]
    assert row.index('href="actors/alpha.html"') < row.index('href="actors/delta.html"') < row.index(
        'href="actors/gamma.html"')


def test_products_page_is_as_of_the_build_s_day():
    site = site_files(hostile_graph(), as_of=datetime.date(2022, 1, 1), profiles=False, descriptions=False)
    gene = cell(site, "products.html", "products-in-vivo-gene-therapy")
    assert "preclinical (since 2021-03" in gene and "phase 1" not in gene


def test_every_page_links_to_the_products_page(hostile_site):
    for name in ("index.html", "value-chain.html", "consortium.html", "actors.html", "products.html",
                 "actors/alpha.html"):
        links = [a.get("href") for tag, a, t in parse(hostile_site[name]) if tag == "a"]
        assert any(href.endswith("products.html") for href in links), name


def test_profiles_list_the_actor_s_products_and_trials(hostile_site):
    products = cell(hostile_site, "actors/alpha.html", "products-table")
    assert "AGT-1" in products and "phase 1 (since 2023-05-10" in products
    assert "sponsor" in cell(hostile_site, "actors/alpha.html", "trials-table")
    for site_actor in ("delta", "gamma"):
        assert "NCT01234567" in cell(hostile_site, f"actors/{site_actor}.html", "trials-table")
        assert "trial site" in cell(hostile_site, f"actors/{site_actor}.html", "trials-table")
        assert 'id="products-table"' not in hostile_site[f"actors/{site_actor}.html"]
    assert "BC-1" in cell(hostile_site, "actors/beta.html", "products-table")
    assert 'id="products"' not in hostile_site["actors/zeta.html"]
