"""The collaboration-gap report on tests/data/ecosystem, whose answers are known by construction
(see tests/data/README.md, section ecosystem/)."""

import csv
import datetime
import doctest
import json
import re
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import DATA, inputs_for

from atmp_kg.analyse import measures
from atmp_kg.analyse.gaps import Settings, gap_report, records_of
from atmp_kg.analyse.network import query_text, sorted_rows
from atmp_kg.analyse.suggestions import collaborating
from atmp_kg.cli import main
from atmp_kg.pipeline import build, write
from atmp_kg.site.gapview import report_files, view_data
from atmp_kg.sparql.backends import backend
from atmp_kg.write.describe import counts

ECOSYSTEM = DATA / "ecosystem"
ACTOR = "https://w3id.org/atmp-kg/id/actor/"
COVERED = {  # the (stage, therapy) cells of tests/data/ecosystem/capabilities.csv
    ("discovery-research", "cell-therapy"), ("discovery-research", "in-vivo-gene-therapy"),
    ("discovery-research", "phage"), ("preclinical", "cell-therapy"), ("preclinical", "exosome"),
    ("preclinical", "in-vivo-gene-therapy"), ("preclinical", "gene-editing"),
    ("starting-materials", "in-vivo-gene-therapy"), ("process-development", "in-vivo-gene-therapy"),
    ("gmp-manufacturing", "cell-therapy"), ("gmp-manufacturing", "in-vivo-gene-therapy"),
    ("gmp-manufacturing", "gene-modified-cell-therapy"), ("quality-control", "in-vivo-gene-therapy"),
    ("clinical-trials", "cell-therapy"), ("clinical-trials", "in-vivo-gene-therapy"),
}


@pytest.fixture(scope="module")
def ecosystem_build():
    return build(inputs_for(ECOSYSTEM), reasoner="owlrl")


@pytest.fixture(scope="module")
def report(ecosystem_build):
    return gap_report(backend(ecosystem_build.inferred, engine="oxigraph"))


@pytest.fixture(scope="module")
def dist(ecosystem_build, tmp_path_factory):
    """The build's dist/ folder, as `atmp-kg build` writes it."""
    return write(ecosystem_build, tmp_path_factory.mktemp("out") / "dist")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def in_language(page, language="en"):
    """The page's HTML as a reader of ``language`` sees it: the language switch's spans of the
    other languages left out, those of ``language`` unwrapped."""
    from html.parser import HTMLParser

    class Shown(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=False)
            self.out, self.stack = [], []  # per open span: (hidden, unwrapped)

        def handle_starttag(self, tag, attrs):
            hidden = bool(self.stack) and self.stack[-1][0]
            classes = (dict(attrs).get("class") or "").split()
            if tag == "span" and "i18n" in classes:
                self.stack.append((hidden or language not in classes, True))
                return
            if tag == "span":
                self.stack.append((hidden, False))
            if not hidden:
                self.out.append(self.get_starttag_text())

        def handle_endtag(self, tag):
            if tag == "span" and self.stack:
                hidden, unwrapped = self.stack.pop()
                if unwrapped or hidden:
                    return
            if not (self.stack and self.stack[-1][0]):
                self.out.append(f"</{tag}>")

        def handle_data(self, data):
            if not (self.stack and self.stack[-1][0]):
                self.out.append(data)

        def handle_entityref(self, name):
            self.handle_data(f"&{name};")

        def handle_charref(self, name):
            self.handle_data(f"&#{name};")

    shown = Shown()
    shown.feed(page)
    return "".join(shown.out)


def cell(rows, stage, therapy):
    return next(r for r in rows if r["stage"] == stage and r["therapy"] == therapy)


# ---------------------------------------------------------------- 1. coverage

def test_coverage_csv_has_one_row_per_stage_and_therapy_with_gaps_and_single_points(dist):
    rows = read_csv(dist / "gaps" / "coverage.csv")
    assert len(rows) == 16 * 8
    by_status = {status: {(r["stage"], r["therapy"]) for r in rows if r["status"] == status}
                 for status in ("gap", "single point of failure", "not covered by the data")}
    recorded = {(s, t) for s, _ in COVERED for _, t in COVERED}  # 7 stages x 6 therapies hold claims
    assert by_status["gap"] == recorded - COVERED
    assert by_status["single point of failure"] == COVERED - {("clinical-trials", "cell-therapy")}
    assert by_status["not covered by the data"] == {(r["stage"], r["therapy"]) for r in rows} - recorded
    assert ("gmp-manufacturing", "phage") in by_status["gap"]
    assert ("regulatory", "cell-therapy") in by_status["not covered by the data"]  # no regulatory claim at all
    assert ("preclinical", "oncolytic-virus") in by_status["not covered by the data"]  # no such therapy claim


def test_actors_without_any_capability_are_listed_for_curators_and_the_page_says_no_data(dist):
    assert [r["actor_id"] for r in read_csv(dist / "gaps" / "unknown-capabilities.csv")] == ["uni"]
    page = in_language((dist / "gaps.html").read_text(encoding="utf-8"))
    assert 'id="cell-regulatory--cell-therapy" data-therapy="cell-therapy" class="no-data">no data</td>' in page
    assert 'id="cell-gmp-manufacturing--phage" data-therapy="phage" class="gap"' in page
    assert "is not covered by the data: nobody collected it, which says nothing of a gap (86 cells)" in page
    french = in_language((dist / "gaps.html").read_text(encoding="utf-8"), "fr")
    assert 'class="no-data">pas de données</td>' in french and "(86 cases)" in french
    assert '<h2 id="unknown-capabilities">' in page


def test_coverage_counts_actors_per_region(dist):
    rows = read_csv(dist / "gaps" / "coverage.csv")
    trials = cell(rows, "clinical-trials", "cell-therapy")
    assert [trials[r] for r in ("wallonia", "brussels-capital-region", "flanders", "beyond", "total")] == \
        ["1", "0", "0", "1", "2"]
    assert trials["status"] == "covered" and trials["regional_status"] == "single point of failure"
    assert trials["actor_ids"] == "epsilon|zeta"
    discovery = cell(rows, "discovery-research", "cell-therapy")
    assert (discovery["brussels-capital-region"], discovery["regional"]) == ("1", "1")
    vectors = cell(rows, "starting-materials", "in-vivo-gene-therapy")
    assert (vectors["flanders"], vectors["regional"], vectors["regional_status"]) == ("1", "0", "gap")


def test_the_report_reads_in_french_and_dutch_with_the_ontology_s_labels(dist):
    page = (dist / "gaps.html").read_text(encoding="utf-8")
    french, dutch = in_language(page, "fr"), in_language(page, "nl")
    assert "<h1>Lacunes de collaboration dans la chaîne de valeur des ATMP</h1>" in french
    assert "<h1>Samenwerkingslacunes in de ATMP-waardeketen</h1>" in dutch
    assert '<th scope="col" data-therapy="cell-therapy">thérapie cellulaire</th>' in french
    assert '<th scope="col" data-therapy="cell-therapy">celtherapie</th>' in dutch
    for heading in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", french + dutch):
        assert not {"Coverage", "Continuity", "Partner", "Former", "Brokers", "Isolated", "Brief"} & set(
            re.findall(r"[A-Za-z]+", heading)), heading


def test_coverage_cells_link_to_their_actors(dist):
    page = (dist / "gaps.html").read_text(encoding="utf-8")
    match = re.search(r'<td id="cell-clinical-trials--cell-therapy"[^>]*>(.*?)</td>', page)
    assert match and 'href="#actor-zeta"' in match.group(1) and 'href="#actor-epsilon"' in match.group(1)
    assert 'id="actor-zeta"' in page and 'id="actor-epsilon"' in page
    assert 'id="cell-process-development--phage" data-therapy="phage" class="gap"' in page
    assert 'id="cell-gmp-manufacturing--in-vivo-gene-therapy" data-therapy="in-vivo-gene-therapy" class="spof"' in page


# ---------------------------------------------------------------- 2. continuity

def test_continuity_names_the_nearest_actor_for_stages_without_regional_actor(dist):
    rows = read_csv(dist / "gaps" / "continuity.csv")
    gene = {r["stage"]: r for r in rows if r["therapy"] == "in-vivo-gene-therapy"}
    assert set(gene) == {"starting-materials", "quality-control", "clinical-trials", "regulatory",
                         "hta-reimbursement", "supply-chain", "post-approval"}
    assert (gene["starting-materials"]["nearest_region"], gene["starting-materials"]["nearest_actor_ids"],
            gene["starting-materials"]["hops_from_regional_actor"]) == ("flanders", "iota", "1")
    assert (gene["clinical-trials"]["nearest_region"], gene["clinical-trials"]["nearest_actor_ids"]) == \
        ("beyond", "epsilon")
    assert gene["regulatory"]["nearest_region"] == "none"
    assert not any(r["stage"] in ("tools-equipment", "data", "training", "financing") for r in rows)


# ---------------------------------------------------------------- 3. network structure

def test_top_broker_and_structural_holes(dist):
    rows = read_csv(dist / "gaps" / "network.csv")
    assert len(rows) == 11
    top = rows[0]
    assert (top["rank"], top["actor_id"]) == ("1", "uni")
    assert float(top["betweenness"]) > float(rows[1]["betweenness"])
    # uni's three contacts (alpha, gamma, eta) do not know each other: effective size 3, constraint 1/3
    assert float(top["effective_size"]) == 3.0
    assert float(top["constraint"]) == pytest.approx(1 / 3, abs=1e-6)


def test_isolated_actor(dist):
    assert [r["actor_id"] for r in read_csv(dist / "gaps" / "isolated.csv")] == ["theta"]
    theta = next(r for r in read_csv(dist / "gaps" / "network.csv") if r["actor_id"] == "theta")
    assert (theta["degree"], theta["constraint"], theta["effective_size"]) == ("0", "", "")


def test_communities_line_up_with_pillars(dist):
    actors = {r["actor_id"]: r for r in read_csv(dist / "gaps" / "network.csv")}
    assert actors["alpha"]["community"] == actors["beta"]["community"]
    assert actors["alpha"]["community"] != actors["theta"]["community"]
    pillars = {r["pillar"]: r for r in read_csv(dist / "gaps" / "pillars.csv")}
    assert set(pillars) == {"pit-cell", "pit-gene", "pit-exo-phage"}
    assert (pillars["pit-gene"]["members"], pillars["pit-gene"]["main_community"],
            pillars["pit-gene"]["main_community_share"]) == ("2", actors["alpha"]["community"], "1.0")
    communities = {r["community"]: r for r in read_csv(dist / "gaps" / "communities.csv")}
    assert communities[actors["alpha"]["community"]]["main_pillar"] == "Gene pillar"


def test_pillar_members_include_the_partnership_s_projects_on_the_pillar_s_therapies():
    from rdflib import Graph

    from atmp_kg.analyse.gaps import read_pillars

    graph = Graph().parse(format="turtle", data="""
        @prefix atmp: <https://w3id.org/atmp-kg/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix t: <urn:therapy:> .
        <urn:pit> a atmp:Partnership .
        <urn:exo-pillar> a atmp:Pillar ; org:subOrganizationOf <urn:pit> ; rdfs:label "Exo"@en ;
            atmp:coversTherapy t:exosome, t:phage .
        <urn:cell-pillar> a atmp:Pillar ; org:subOrganizationOf <urn:pit> ; rdfs:label "Cell"@en ;
            atmp:coversTherapy t:cell .
        <urn:exo-project> a atmp:Project ; org:subOrganizationOf <urn:pit> ; atmp:coversTherapy t:exosome .
        <urn:other-project> a atmp:Project ; atmp:coversTherapy t:cell .
        [] org:member <urn:a> ; org:organization <urn:exo-project> .
        [] org:member <urn:b> ; org:organization <urn:cell-pillar> .
        [] org:member <urn:c> ; org:organization <urn:other-project> .
        [] org:member <urn:d> ; org:organization <urn:pit> .
    """)
    pillars = read_pillars(backend(graph))
    assert {name: pillar["members"] for name, pillar in pillars.items()} == {
        "urn:exo-pillar": {"urn:a"}, "urn:cell-pillar": {"urn:b"}}  # c: not the partnership's; d: no pillar


def test_large_graphs_use_the_sampled_methods_and_the_report_says_so(ecosystem_build):
    settings = Settings(exact_limit=5, sample_size=4, seed=7)
    report = gap_report(backend(ecosystem_build.inferred, engine="oxigraph"), settings)
    assert "k=4 sampled source nodes (seed 7)" in report.methods["brokers"]
    assert "Louvain" in report.methods["communities"]
    assert "k=4 sampled source nodes (seed 7)" in report_files(report)["gaps.html"]


def test_sampled_betweenness_is_reproducible_with_its_seed():
    graph = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=1)
    first = measures.betweenness(graph, exact_limit=10, k=15, seed=3)
    assert first == measures.betweenness(graph, exact_limit=10, k=15, seed=3)
    assert first["values"] != measures.betweenness(graph)["values"]


@pytest.mark.parametrize("exact_limit", [1000, 10], ids=["exact", "sampled"])
def test_betweenness_gives_networkx_values_exact_and_sampled(exact_limit):
    graph = nx.relabel_nodes(nx.connected_watts_strogatz_graph(60, 4, 0.3, seed=5), lambda i: f"actor-{i:02d}")
    graph.add_edge("pendant", "actor-07")
    graph.add_node("alone")
    ours = measures.betweenness(graph, exact_limit=exact_limit, k=15, seed=3)["values"]
    theirs = nx.betweenness_centrality(graph, normalized=True, **({"k": 15, "seed": 3} if exact_limit == 10 else {}))
    assert ours.keys() == theirs.keys()
    assert max(abs(ours[node] - theirs[node]) for node in graph) < 1e-12
    assert ours["actor-07"] > 0 and ours["alone"] == ours["pendant"] == 0


def test_louvain_above_the_limit_finds_the_planted_groups_the_same_every_run():
    # three 6-cliques, each joined to the next by one edge, plus a lone node: four communities by construction
    graph = nx.relabel_nodes(nx.disjoint_union_all([nx.complete_graph(6)] * 3), lambda i: f"n{i:02d}")
    graph.add_edges_from([("n05", "n06"), ("n11", "n12")])
    graph.add_node("alone")
    found = measures.communities(graph, exact_limit=5, seed=3)
    assert "Louvain" in found["method"]
    planted = [[f"n{i:02d}" for i in range(start, start + 6)] for start in (0, 6, 12)]
    assert found["communities"] == planted + [["alone"]]
    assert found["modularity"] == pytest.approx(nx.community.modularity(graph, found["communities"]))
    assert all(measures.communities(graph, exact_limit=5, seed=3) == found for _ in range(3))


def test_rows_sorted_here_equal_on_the_order_by_follow_the_selected_variables():
    # an actor with two English labels: two network-actors rows equal on ?actor ?type ?stage ?therapy
    from rdflib import Graph
    graph = Graph().parse(data=f"""
        @prefix atmp: <https://w3id.org/atmp-kg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        atmp:CDMO rdfs:subClassOf atmp:Actor .
        <{ACTOR}x> a atmp:Actor , atmp:CDMO ; rdfs:label "Zeta"@en , "Alpha"@en .""", format="turtle")
    rows = sorted_rows(backend(graph, engine="oxigraph"), "network-actors")
    assert [row["label"] for row in rows] == ["Alpha", "Zeta"]
    with pytest.raises(ValueError, match="actor-profile.rq"):  # ORDER BY an expression: not sorted here
        sorted_rows(backend(graph, engine="oxigraph"), "actor-profile")


@pytest.mark.parametrize("cutoff", [None, 0, 1, 2, 3])
def test_hops_and_common_neighbours_match_networkx(cutoff):
    graph = nx.connected_watts_strogatz_graph(80, 4, 0.3, seed=2)
    graph.add_edge(0, 99)  # a pendant
    graph.add_node(100)  # alone
    neighbours = {node: list(adjacent) for node, adjacent in graph.adjacency()}
    for node in (0, 99, 100, 41):
        hops, shared = measures.hops_and_common_neighbours(neighbours, node, cutoff)
        assert hops == nx.single_source_shortest_path_length(graph, node, cutoff=cutoff)
        expected = {other: len(list(nx.common_neighbors(graph, node, other))) for other in graph if other != node}
        assert {other: count for other, count in shared.items() if other != node} == \
            {other: count for other, count in expected.items() if count}
        assert shared.get(node, 0) == graph.degree(node)  # node shares each of its neighbours with itself


def test_analyse_functions_do_not_change_the_graph_and_their_examples_hold():
    graph = nx.barbell_graph(4, 1)
    before = (sorted(graph.nodes(data=True)), sorted(graph.edges(data=True)))
    measures.betweenness(graph), measures.structural_holes(graph), measures.communities(graph)
    assert (sorted(graph.nodes(data=True)), sorted(graph.edges(data=True))) == before
    assert doctest.testmod(measures).failed == 0


# ---------------------------------------------------------------- 4. suggestions

def test_top_suggestion_for_alpha_and_its_reason(dist):
    rows = [r for r in read_csv(dist / "gaps" / "suggestions.csv") if r["actor_id"] == "alpha"]
    assert [r["partner_id"] for r in rows] == ["iota", "kappa"]
    top = rows[0]
    assert (top["rank"], top["match"], top["hops"], top["common_partners"]) == ("1", "adjacent stage", "2", "1")
    assert top["reason"] == ("Alpha Gene does preclinical in vivo gene therapy; Iota Vectors supplies starting "
                             "materials for in vivo gene therapy; no shared project; 1 common partner "
                             "(Beta Manufacturing)")
    assert rows[1]["match"] == "complementary therapy"


def suggestion_reasons(page, lang):
    """``{(actor id, partner id): reason}`` of the page's suggestion table as a reader of ``lang`` sees it."""
    rows = re.findall(r'<tr data-actor="([a-z-]+)" data-claims="[^"]*"><td>.*?</td><td class=num>\d+</td>'
                      r'<td><a href="#actor-([a-z-]+)">.*?</a></td>(?:<td[^>]*>[^<]*</td>){3}<td>(.*?)</td>',
                      in_language(page, lang))
    return {(actor, partner): reason for actor, partner, reason in rows}


def test_the_reasons_of_suggestions_read_in_each_language_with_the_ontology_s_labels(dist):
    page = (dist / "gaps.html").read_text(encoding="utf-8")
    english, french, dutch = (suggestion_reasons(page, lang) for lang in ("en", "fr", "nl"))
    assert english == {(r["actor_id"], r["partner_id"]): r["reason"]
                       for r in read_csv(dist / "gaps" / "suggestions.csv")}  # the page says what the CSV says
    assert french["alpha", "iota"] == (
        "Alpha Gene fait du développement préclinique en thérapie génique in vivo ; Iota Vectors fournit des matières "
        "de départ en thérapie génique in vivo ; aucun projet commun ; 1 partenaire commun (Beta Manufacturing)")
    assert dutch["beta", "delta"] == (
        "Beta Manufacturing doet GMP-productie van in-vivo-gentherapie; Delta Testing doet kwaliteitscontrole en "
        "vrijgave van in-vivo-gentherapie; geen gemeenschappelijk project; niet verbonden binnen 4 stappen")
    view = json.loads(re.search(r'id="gap-network-data">(.*?)</script>', page).group(1))
    tips = {(e["from"], e["to"]): e["tip"] for e in view["edges"] if e["suggested"]}
    assert tips["alpha", "kappa"] == {"en": "suggested: " + english["alpha", "kappa"],
                                      "fr": "suggéré : " + french["alpha", "kappa"],
                                      "nl": "voorgesteld: " + dutch["alpha", "kappa"]}


def test_every_wording_of_a_reason_has_french_and_dutch():
    from atmp_kg.analyse import suggestions
    from atmp_kg.site import i18n

    texts = {*suggestions.STAGE_VERBS.values(), suggestions.OTHER_STAGE}
    names = dict.fromkeys("abcd", "X")
    for shared, common, hops in ((["https://w3id.org/atmp-kg/id/collaboration/pit"], "cd", 1), ([], "c", 2),
                                 ([], "", None), ([], "", 3)):
        best = (0, ("preclinical", "cell-therapy"), ("training", "cell-therapy"))
        texts |= {part.text for part in suggestions.reason_parts(names, "a", "b", best, common, hops, shared, 4)}
    assert len(texts) == 12 + 6 and all(i18n.known(text) for text in texts)


def test_each_suggestion_names_the_two_claims_behind_it_with_their_sources(dist):
    top = next(r for r in read_csv(dist / "gaps" / "suggestions.csv") if r["actor_id"] == "alpha")
    assert (top["actor_capability"], top["actor_sources"]) == (
        "preclinical x in-vivo-gene-therapy", "https://example.org/ecosystem")
    assert (top["partner_capability"], top["partner_sources"]) == (
        "starting-materials x in-vivo-gene-therapy", "https://example.org/ecosystem")
    page = (dist / "gaps.html").read_text(encoding="utf-8")
    assert ("<li>Iota Vectors: starting-materials x in-vivo-gene-therapy "
            '<a href="https://example.org/ecosystem" rel="noopener">[1]</a></li>') in page


def test_a_partner_matched_only_through_a_pillar_ranks_below_one_that_shares_a_therapy():
    from atmp_kg.analyse.gaps import Stage, Therapy
    from atmp_kg.analyse.suggestions import partner_suggestions

    stages = (Stage("discovery-research", 1, "01", "discovery"), Stage("preclinical", 2, "02", "preclinical"))
    therapies = (Therapy("exosome", "exosome"), Therapy("phage", "phage"))
    pillars = {"exo-phage": {"label": "P", "partnership": "pit", "therapies": {"exosome", "phage"},
                             "members": set()}}
    graph = nx.Graph()
    for node, cells in {"a": [("preclinical", "exosome")], "near": [("preclinical", "phage")],
                        "far": [("discovery-research", "exosome")], "x": [], "y": []}.items():
        graph.add_node(node, label=node, types=["developer"], capabilities=cells)
    for a, b in (("a", "near"), ("a", "x"), ("x", "y"), ("y", "far")):  # near: 1 hop; far: 3 hops
        graph.add_edge(a, b, kinds=["shared-membership"], collaborations=["umbrella"], sources=[])
    found = [(s.partner, s.match) for s in partner_suggestions(graph, stages, therapies, pillars, {"umbrella"},
                                                               Settings()) if s.actor == "a"]
    assert found == [("far", "adjacent stage"), ("near", "same pillar")]


def test_suggestions_leave_out_actors_that_already_collaborate(dist):
    beta = [r["partner_id"] for r in read_csv(dist / "gaps" / "suggestions.csv") if r["actor_id"] == "beta"]
    assert beta == ["delta"]  # iota (starting materials) and alpha already work with beta


def test_large_graphs_seek_partners_nearby_with_the_same_ranking(report, ecosystem_build):
    nearby = gap_report(backend(ecosystem_build.inferred, engine="oxigraph"), Settings(exact_limit=5, large_hops=2))
    assert "within 2 hops" in nearby.methods["partner suggestions"]
    assert "every actor" in report.methods["partner suggestions"]
    assert nearby.suggestions and all(s.hops != "" and s.hops <= 2 for s in nearby.suggestions)
    assert any(s.hops == "" or s.hops > 2 for s in report.suggestions)  # the full search reaches farther

    def partners(suggestions):
        found = {}
        for s in suggestions:
            found.setdefault(s.actor, []).append((s.partner, s.hops))
        return found
    full, near = partners(report.suggestions), partners(nearby.suggestions)
    for actor, ranked in full.items():
        close = [pair for pair in ranked if pair[1] != "" and pair[1] <= 2]
        assert near.get(actor, [])[:len(close)] == close, actor


def test_sharing_an_umbrella_is_not_collaborating_but_a_project_is():
    pillar, project = "urn:pillar", "urn:project"
    graph = nx.Graph()
    graph.add_edge("a", "b", kinds=["shared-membership"], collaborations=[pillar], sources=[])
    graph.add_edge("a", "c", kinds=["shared-membership"], collaborations=[pillar, project], sources=[])
    graph.add_edge("a", "d", kinds=["collaboration"], collaborations=[], sources=[])
    assert not collaborating(graph, "a", "b", {pillar})
    assert collaborating(graph, "a", "c", {pillar}) and collaborating(graph, "a", "d", {pillar})
    assert not collaborating(graph, "b", "c", {pillar})


# ---------------------------------------------------------------- 5-6. report, view, CLI

def test_every_table_is_a_csv_and_names_how_it_was_made(report, dist):
    assert sorted(p.name for p in (dist / "gaps").iterdir()) == sorted(f"{n}.csv" for n in report.tables)
    page = (dist / "gaps.html").read_text(encoding="utf-8")
    for name, table in report.tables.items():
        assert read_csv(dist / "gaps" / f"{name}.csv") == [
            {k: str(v) for k, v in row.items()} for row in records_of(table)]
        assert table.method and ("queries/" in table.method or "networkx" in table.method)
        assert f'href="gaps/{name}.csv"' in page
    for query in re.findall(r"queries/([a-z-]+)\.rq", " ".join(t.method for t in report.tables.values())):
        assert (ECOSYSTEM.parent.parent.parent / "queries" / f"{query}.rq").exists()


def test_view_draws_suggested_links_dashed(report):
    data = view_data(report)
    suggested = {(e["from"], e["to"]) for e in data["edges"] if e["suggested"]}
    documented = {(e["from"], e["to"]) for e in data["edges"] if not e["suggested"]}
    assert ("alpha", "iota") in suggested and ("beta", "delta") in suggested
    assert ("alpha", "beta") in documented and not suggested & documented
    assert {n["id"] for n in data["nodes"]} >= {"theta", "uni"}


def test_big_reports_show_a_part_on_the_page_and_say_where_the_rest_is(report, monkeypatch):
    from atmp_kg.site import gapview

    monkeypatch.setattr(gapview, "PAGE_SUGGESTION_ROWS", 2)
    monkeypatch.setattr(gapview, "CELL_ACTORS", 1)
    monkeypatch.setattr(gapview, "VIEW_ACTORS", 3)
    page = gapview.html_report(report)
    suggestions = page[page.index('id="suggestions"'):page.index('id="view"')]
    shown = len([s for s in report.suggestions if s.rank <= gapview.PAGE_SUGGESTIONS])
    assert suggestions.count("<tr data-actor=") == 2 and f"The first 2 of {shown} rows" in suggestions
    crowded = [r for r in records_of(report.tables["coverage"]) if int(r["total"]) > 1]
    assert crowded and page.count('more in <a href="gaps/coverage.csv">') == len(crowded)
    data = view_data(report)
    betweenness = {r["actor_id"]: r["betweenness"] for r in records_of(report.tables["network"])}
    top = sorted(betweenness, key=lambda a: (-betweenness[a], report.network.nodes[ACTOR + a]["label"], a))[:3]
    assert {n["id"] for n in data["nodes"]} == set(top)
    assert all(e["from"] in top and e["to"] in top for e in data["edges"])
    assert "The 3 most central of" in page


def test_the_brief_names_gaps_single_points_brokers_and_the_best_suggestions_once_each(report):
    page = in_language(report_files(report)["gaps.html"])
    brief = page[page.index('<section id="brief"'):page.index("</section>")]
    assert "Brief: the ATMP value chain as of 2024-01-17" in brief
    assert "<li><strong>27</strong> gaps</li>" in brief
    assert "<li><strong>14</strong> single points of failure</li>" in brief
    assert "<li><strong>in vivo gene therapy</strong>: starting materials, quality control" in brief
    assert 'href="#actor-uni">Uni Fixture</a> (0.51)' in brief  # the top broker
    assert "Data: as of 2024-01-17." in brief  # unreleased data
    from atmp_kg.read.release import Release
    released = in_language(report_files(report, release=Release("0.3.0", "2024-02-01", "0.2.0"))["gaps.html"])
    assert '<p class="muted">Data: release 0.3.0, as of 2024-01-17.' in released
    suggested = re.findall(r'<li><a href="#actor-(\w+)">[^<]*</a> \+ <a href="#actor-(\w+)">', brief)
    assert suggested and len({frozenset(pair) for pair in suggested}) == len(suggested)  # each pair once


def test_printing_the_report_gives_the_one_page_brief(browser, tmp_path):
    shipped = gap_report(backend(build(inputs_for(DATA.parent.parent / "graph")).inferred, engine="oxigraph"))
    path = tmp_path / "gaps.html"
    path.write_text(report_files(shipped)["gaps.html"], encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    pdf = page.pdf(format="A4")
    page.emulate_media(media="print")
    printed = page.evaluate("[...document.querySelectorAll('body > *, main *')].filter(e => e.checkVisibility())"
                            ".map(e => e.closest('main > *, body > *').id || e.tagName)")
    page.close()
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    assert set(printed) == {"brief", "MAIN"}  # the brief is all that is printed


def test_filters_apply_to_the_tables_and_the_drawing_and_show_all_again(report, browser, tmp_path):
    path = tmp_path / "gaps.html"
    path.write_text(report_files(report)["gaps.html"], encoding="utf-8")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())

    def visible(selector, attribute):
        return page.evaluate(f"[...document.querySelectorAll('{selector}')].filter(e => e.checkVisibility())"
                             f".map(e => e.dataset.{attribute})")

    def drawn():
        return sorted(page.evaluate("gapNetwork.body.data.nodes.get().filter(n => !n.hidden).map(n => n.id)"))

    assert len(drawn()) == 11 and page.text_content("#filter-status") == "All 11 actors."
    page.select_option("#gap-filters select[name=therapy]", "cell-therapy")
    assert visible("#coverage-table thead th[data-therapy]", "therapy") == ["cell-therapy"]
    assert set(visible("#continuity-table tr[data-therapy]", "therapy")) == {"cell-therapy"}
    assert drawn() == ["beta", "epsilon", "gamma", "zeta"]  # who holds a cell therapy capability
    assert all("cell-therapy" in claims for claims in visible("tr[data-claims]", "claims"))
    page.select_option("#gap-filters select[name=region]", "wallonia")
    assert drawn() == ["beta", "zeta"] and page.text_content("#filter-status") == "2 of 11 actors match the filters."
    assert set(visible("#actors + ul li[data-actor]", "actor")) == {"beta", "zeta"}
    page.click("#gap-filters button[type=reset]")
    page.wait_for_function("document.getElementById('filter-status').textContent === 'All 11 actors.'")
    assert len(drawn()) == 11 and len(visible("#coverage-table thead th[data-therapy]", "therapy")) == 8
    page.select_option("#gap-filters select[name=pillar]", "pit-exo-phage")
    assert visible("#coverage-table thead th[data-therapy]", "therapy") == ["exosome", "phage"]
    assert drawn() == ["eta"]
    page.close()
    assert errors == []


def test_a_planned_row_beside_a_current_one_for_the_same_cell_keeps_the_current_claim(tmp_path):
    graph = tmp_path / "graph"
    shutil.copytree(DATA / "tiny", graph)
    (graph / "capabilities.csv").write_text(
        "actor,stages,therapies,source,status,valid_from,note\n"
        "beta,gmp-manufacturing,cell-therapy,src-a,,,\n"
        "beta,gmp-manufacturing,cell-therapy,src-b,planned,2030,a new plant announced\n", encoding="utf-8")
    report = gap_report(backend(build(inputs_for(graph)).store))
    assert cell(records_of(report.tables["coverage"]), "gmp-manufacturing", "cell-therapy")["actor_ids"] == "beta"
    later = gap_report(backend(build(inputs_for(graph)).store), Settings(as_of=datetime.date(2031, 1, 1)))
    assert cell(records_of(later.tables["coverage"]), "gmp-manufacturing", "cell-therapy")["actor_ids"] == "beta"


def test_on_the_shipped_data_no_former_actor_public_body_or_group_member_is_suggested():
    shipped = DATA.parent.parent / "graph"
    report = gap_report(backend(build(inputs_for(shipped)).store))
    former = {r["actor_id"] for r in records_of(report.tables["former"])}
    assert {"zna", "gza-ziekenhuizen"} <= former  # merged into ZAS on 2024-07-01
    types = {r["id"]: set(r["type"].split("|")) for r in read_csv(shipped / "actors.csv")}
    funders_only = {a for a, kinds in types.items() if kinds <= {"public-body", "cluster", "investor"}}
    group = nx.Graph()  # the parts of one group on the day, read from the table: linked by these relations
    group.add_edges_from((r["subject"], r["object"]) for r in read_csv(shipped / "relations.csv")
                         if r["relation"] in ("subsidiary-of", "acquired-by", "unit-of")
                         and not (r["valid_to"] and r["valid_to"] <= report.as_of))  # a subsidiary sold since
    pairs = {(s.actor.rsplit("/", 1)[-1], s.partner.rsplit("/", 1)[-1]) for s in report.suggestions}
    assert pairs and not {a for pair in pairs for a in pair} & former
    assert not {partner for _, partner in pairs} & funders_only
    assert not [(a, b) for a, b in pairs if a in group and b in group and nx.has_path(group, a, b)]


def test_names_are_escaped_in_the_page(tmp_path):
    graph = tmp_path / "graph"
    shutil.copytree(ECOSYSTEM, graph)
    actors = (graph / "actors.csv").read_text(encoding="utf-8")
    (graph / "actors.csv").write_text(actors.replace("Beta Manufacturing", '"Beta ""Bio"" & <3 Co"'),
                                      encoding="utf-8")
    page = report_files(gap_report(backend(build(inputs_for(graph)).inferred, engine="oxigraph")))["gaps.html"]
    assert "Beta &quot;Bio&quot; &amp; &lt;3 Co" in page
    assert 'Beta "Bio" & <3' not in page.split("<script", 1)[0]


def test_report_is_deterministic(ecosystem_build, report):
    again = gap_report(backend(ecosystem_build.inferred, engine="oxigraph"))
    assert report_files(again) == report_files(report)


def test_cli_gaps_writes_only_the_report(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "keep.txt").write_text("other output", encoding="utf-8")
    result = CliRunner().invoke(main, ["gaps", "--graph", str(ECOSYSTEM), "--out", str(out), "--top", "1"])
    assert result.exit_code == 0, result.output
    assert "top broker: Uni Fixture" in result.output and "isolated actors: 1" in result.output
    assert (out / "keep.txt").exists() and (out / "gaps.html").exists()
    suggestions = read_csv(out / "gaps" / "suggestions.csv")
    assert {r["rank"] for r in suggestions} == {"1"}


def test_cli_gaps_reports_a_missing_folder_with_exit_code_2(tmp_path):
    result = CliRunner().invoke(main, ["gaps", "--graph", str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "no such folder" in result.output
    assert not (tmp_path / "gaps.html").exists()


@pytest.mark.browser
@pytest.mark.parametrize("laid_out", [False, True], ids=["browser-physics", "positions-from-python"])
def test_page_shows_the_network_with_dashed_suggestions_in_a_browser(report, tmp_path, monkeypatch, laid_out,
                                                                      browser):
    from atmp_kg.site import gapview

    if laid_out:  # as for a big landscape: positions computed in Python, physics off
        monkeypatch.setattr(gapview, "LAYOUT_THRESHOLD", 2)
        assert all("x" in n and "y" in n for n in view_data(report)["nodes"])
    (tmp_path / "gaps.html").write_text(gapview.html_report(report), encoding="utf-8")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((tmp_path / "gaps.html").as_uri())
    page.wait_for_function("window.gapNetwork !== undefined")
    dashed = page.evaluate("gapNetwork.body.data.edges.get().filter(e => e.dashes).length")
    nodes = page.evaluate("gapNetwork.body.data.nodes.length")
    physics = page.evaluate("gapNetwork.physics.options.enabled")
    page.select_option("#language", "fr")  # a suggested link's tooltip says why in the chosen language
    tip = page.evaluate("""() => {
      const tip = gapNetwork.body.data.edges.get().filter(e => e.dashes)[0].title;
      document.body.appendChild(tip);
      return tip.innerText;
    }""")
    page.close()
    assert errors == []
    assert (dashed, nodes, physics) == (3, 11, not laid_out)
    assert tip.startswith("suggéré : Alpha Gene ") and "; no shared" not in tip


def test_sparql_only_queries_give_the_same_rows_as_the_tables(ecosystem_build, report):
    select = backend(ecosystem_build.inferred, engine="oxigraph")
    matrix = {(r["stage"].rsplit("/", 1)[1], r["therapy"].rsplit("/", 1)[1]):
              (r["wallonia"], r["brussels"], r["flanders"], r["beyond"], r["total"])
              for r in select(query_text("gaps-coverage-matrix"))}
    coverage = {(r["stage"], r["therapy"]): tuple(str(r[k]) for k in (
                "wallonia", "brussels-capital-region", "flanders", "beyond", "total"))
                for r in records_of(report.tables["coverage"])}
    assert matrix == coverage
    continuity = {(r["therapy"].rsplit("/", 1)[1], r["stage"].rsplit("/", 1)[1])
                  for r in select(query_text("gaps-continuity"))}
    assert continuity == {(r["therapy"], r["stage"]) for r in records_of(report.tables["continuity"])}


def test_structural_holes_equal_networkx_on_a_graph_with_a_dense_group():
    graph = nx.gnp_random_graph(40, 0.12, seed=5)
    graph.add_edges_from(nx.complete_graph(range(100, 112)).edges())
    graph.add_edges_from([(0, 100), (1, 101)])
    graph.add_node("alone")
    result = measures.structural_holes(graph)
    expected_constraint, expected_size = nx.constraint(graph), nx.effective_size(graph)
    for node in graph:
        if graph.degree(node):
            assert result["constraint"][node] == pytest.approx(expected_constraint[node], abs=1e-9)
            assert result["effective_size"][node] == pytest.approx(expected_size[node], abs=1e-9)
    assert (result["constraint"]["alone"], result["effective_size"]["alone"]) == (None, None)


def test_structural_holes_and_communities_do_not_depend_on_the_order_the_graph_was_built_in():
    from test_views import shuffled_copies

    graph = nx.relabel_nodes(nx.gnp_random_graph(60, 0.15, seed=7), lambda n: f"actor-{n:02d}")
    results = [(measures.structural_holes(copy), measures._louvain(copy, measures.SEED))
               for copy in shuffled_copies(graph, 6)]
    for holes, groups in results:
        assert holes["constraint"] == results[0][0]["constraint"]  # equal to the last bit
        assert sorted(map(sorted, groups)) == sorted(map(sorted, results[0][1]))


def test_the_build_s_shared_network_gives_the_same_report():
    # the build makes the explorer's network (with the actors' other names) once and hands it
    # to the gap report: the report's files must be those of its own network
    from atmp_kg.site.files import explorer_network

    select = backend(build(inputs_for(DATA / "explorer")).inferred, engine="oxigraph")
    named = explorer_network(select)
    assert any(data["aliases"] for _, data in named.nodes(data=True))
    assert report_files(gap_report(select, network=named)) == report_files(gap_report(select))


# ---------------------------------------------------------------- as of one date (tests/data/history)
# MaSTherCell is absorbed by Catalent on 2020-01-15, Closed Lab closes in March 2021, Young Bio is
# founded in May 2022 (each a GMP manufacturer of cell therapy, next to Dev Cells' process
# development); Catalent's quality-control claim ends on 2022-01-01; Sub Vectors and Sub Testing
# are parts of Parent Holding; Trial Hospital runs Dev Cells' trial; Public Agency is a public
# body; Nowhere Bio has no known seat. The newest source is dated 2024-06-01.

HISTORY = DATA / "history"


@pytest.fixture(scope="module")
def history_select():
    return backend(build(inputs_for(HISTORY), reasoner="owlrl").inferred, engine="oxigraph")


def history_report(select, day=None, **settings):
    from atmp_kg.analyse.history import parse_as_of

    return gap_report(select, Settings(as_of=parse_as_of(day) if day else None, **settings))


def partners_of(report, actor):
    return [s.partner.rsplit("/", 1)[-1] for s in report.suggestions if s.actor == ACTOR + actor]


def coverage_cell(report, stage, therapy):
    return cell(records_of(report.tables["coverage"]), stage, therapy)


def test_the_report_is_as_of_the_newest_source_date_by_default_and_says_so(history_select):
    report = history_report(history_select)
    assert report.as_of == "2024-06-01"
    assert 'id="as-of">As of 2024-06-01: only the actors' in in_language(report_files(report)["gaps.html"])
    assert 'id="as-of">Op 2024-06-01: alleen' in in_language(report_files(report)["gaps.html"], "nl")


def test_an_absorbed_actor_is_suggested_before_its_absorption_and_named_with_its_successor_after(
        history_select):
    before, after = history_report(history_select, "2019-01-01"), history_report(history_select)
    assert partners_of(before, "dev") == ["closed", "mast"]
    assert partners_of(after, "dev") == ["young"]
    assert ACTOR + "mast" not in after.network and ACTOR + "mast" in before.network
    former = {r["actor_id"]: r for r in records_of(after.tables["former"])}
    assert former["mast"]["now"] == "MaSTherCell, now part of Catalent"
    assert former["closed"]["now"] == "Closed Lab, closed 2021-03"
    assert "MaSTherCell, now part of Catalent" in report_files(after)["gaps.html"]


def test_closed_and_not_yet_founded_actors_count_only_while_they_are_active(history_select):
    gmp = {day: coverage_cell(history_report(history_select, day), "gmp-manufacturing", "cell-therapy")
           for day in ("2019-01-01", "2020-06-01", "2021-06-01", "2024-06-01")}
    assert {day: row["actor_ids"] for day, row in gmp.items()} == {
        "2019-01-01": "closed|mast", "2020-06-01": "closed", "2021-06-01": "", "2024-06-01": "young"}
    assert gmp["2021-06-01"]["status"] == "gap"


def test_a_claim_counts_until_its_valid_to_date(history_select):
    qc = {day: coverage_cell(history_report(history_select, day), "quality-control", "cell-therapy")["total"]
          for day in ("2021-12-31", "2022-01-01")}
    assert qc == {"2021-12-31": 1, "2022-01-01": 0}
    assert "cat" in partners_of(history_report(history_select, "2021-12-31"), "hosp")
    assert "cat" not in partners_of(history_report(history_select), "hosp")


def test_two_parts_of_one_group_are_never_suggested_to_each_other(history_select):
    report = history_report(history_select)
    network = report.network
    assert not network.has_edge(ACTOR + "sub1", ACTOR + "sub2")  # adjacent stages, only a common parent
    assert partners_of(report, "sub1") == [] and partners_of(report, "sub2") == []


def test_public_bodies_are_suggested_only_when_asked_for(history_select):
    assert "pub" not in partners_of(history_report(history_select), "hosp")
    assert partners_of(history_report(history_select, suggest_public_bodies=True), "hosp") == ["pub"]


def test_a_trial_site_collaborates_with_the_trial_s_sponsor(history_select):
    report = history_report(history_select)
    assert "trial" in report.network.edges[ACTOR + "dev", ACTOR + "hosp"]["kinds"]
    assert "hosp" not in {r["actor_id"] for r in records_of(report.tables["isolated"])}
    assert collaborating(report.network, ACTOR + "dev", ACTOR + "hosp", set())


def test_an_actor_without_a_known_seat_counts_as_unknown_never_beyond(history_select):
    report = history_report(history_select)
    row = coverage_cell(report, "preclinical", "gene-editing")
    assert (row["beyond"], row["unknown"], row["total"]) == (0, 1, 1)
    assert coverage_cell(report, "quality-control", "in-vivo-gene-therapy")["flanders"] == 1
    matrix = {(r["stage"].rsplit("/", 1)[-1], r["therapy"].rsplit("/", 1)[-1]): r
              for r in history_select(query_text("gaps-coverage-matrix"))}
    assert (matrix["preclinical", "gene-editing"]["beyond"], matrix["preclinical", "gene-editing"]["unknown"]) \
        == ("0", "1")
    assert "1 actor(s) have an unknown seat" in report_files(report)["gaps.html"]


def test_as_of_options_check_their_date_and_the_build_prints_it(tmp_path):
    bad = CliRunner().invoke(main, ["gaps", "--graph", str(HISTORY), "--out", str(tmp_path), "--as-of", "2019-13-01"])
    assert bad.exit_code == 2 and "not an ISO date" in bad.output
    built = CliRunner().invoke(main, ["build", "--graph", str(HISTORY), "--out", str(tmp_path / "dist"),
                                      "--as-of", "2019-01-01"])
    assert built.exit_code == 0, built.output
    assert "as of 2019-01-01: 10 active actor(s), 1 former" in built.output
    assert "young,Young Bio,not yet founded" in (tmp_path / "dist" / "gaps" / "former.csv").read_text()
    asked = CliRunner().invoke(main, ["gaps", "--graph", str(HISTORY), "--out", str(tmp_path / "g"),
                                      "--suggest-public-bodies"])
    assert asked.exit_code == 0, asked.output
    assert "hosp,Trial Hospital,1,pub," in (tmp_path / "g" / "gaps" / "suggestions.csv").read_text()


def test_without_a_dated_source_the_day_comes_from_the_data_never_the_clock():
    from atmp_kg.analyse import history

    answers = {"gaps-sources": [], "gaps-periods": [{"claim": "c", "start": "2012-05", "end": "2016"}],
               "gaps-history": [{"actor": "a", "kind": "closed", "date": "2015-03", "ends": "true"}]}

    def select(text):
        return next(rows for name, rows in answers.items() if query_text(name).startswith(text))

    day = history.timeline(select)
    assert day.day.isoformat() == "2016-01-01"  # the newest dated fact
    assert not day.active("a") and not day.valid("c")
    answers["gaps-history"], answers["gaps-periods"] = [], []
    assert history.timeline(select).day.isoformat() == "9999-12-31"


def test_an_actor_seated_only_in_belgium_counts_as_unknown_not_beyond(tmp_path, history_select):
    graph = shutil.copytree(HISTORY, tmp_path / "history")
    with (graph / "actors.csv").open("a", encoding="utf-8") as actors:
        actors.write("be-only,developer,Somewhere in Belgium,belgium,,src-h\n")
    with (graph / "capabilities.csv").open("a", encoding="utf-8") as capabilities:
        capabilities.write("be-only,preclinical,phage,src-h,\n")
    select = backend(build(inputs_for(graph), reasoner="owlrl").inferred, engine="oxigraph")
    row = coverage_cell(history_report(select), "preclinical", "phage")
    assert (row["beyond"], row["unknown"], row["total"]) == (0, 1, 1)
    matrix = {(r["stage"].rsplit("/", 1)[-1], r["therapy"].rsplit("/", 1)[-1]): r
              for r in select(query_text("gaps-coverage-matrix"))}
    assert (matrix["preclinical", "phage"]["beyond"], matrix["preclinical", "phage"]["unknown"]) == ("0", "1")
    before, after = counts(history_select)["regions"], counts(select)["regions"]  # the build summary's
    assert (after["unknown"], after["beyond Belgium"]) == (before["unknown"] + 1, before["beyond Belgium"])
