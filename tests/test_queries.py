"""The named query library, ``atmp-kg queries`` / ``atmp-kg query`` and the violation checks,
on ``tests/data/queries`` whose answers are known by construction (see tests/data/README.md)."""

import csv
import io
import json
import shutil
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pyoxigraph
import pytest
from click.testing import CliRunner
from conftest import DATA, ROOT, inputs_for
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from shipped import comparable, shipped_build  # noqa: F401 (shipped_build: a fixture)

from atmp_kg.cli import main
from atmp_kg.errors import DataError, LoadError, UsageError
from atmp_kg.pipeline import build, write
from atmp_kg.sparql.backends import Endpoint, backend
from atmp_kg.sparql.library import (
    QUERIES_DIR,
    bind,
    dataframe,
    find_query,
    library,
    load_graph,
    parameter_value,
    read_query,
    rows,
    select,
    with_values,
)
from atmp_kg.sparql.results import Result, from_json, to_csv, to_json, to_table, to_tsv

FIXTURE = DATA / "queries"
ID = "https://w3id.org/atmp-kg/id/"
# the fixture's slugs for the parameters whose defaults name real things (ATMP-PIT, BioWin, PDC*line Pharma)
FIXTURE_PARAMS = {"actor-profile": {"actor": "alpha"}, "complementary-partners": {"actor": "beta"},
                  "find-by-identifier": {"identifier": "0403.170.701"},
                  "partnership-members": {"partnership": "pit"},
                  "partnership-figures": {"partnership": "pit"}, "sources-behind": {"subject": "pit"}}
QUERIES = library()
LOCAL = [q for q in QUERIES if not q.is_federated]
HOSTILE = ['x" } ; DROP ALL ; #', "a\nb\r\tc", "} UNION { ?s ?p ?o }", "<http://e.org/a> } #", 'a\\u0022b\\',
           "\\U0000007D }", "\x010041 \\\\u0022", "# comment", 'é "quoted" \'single\' {braces}']


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    write(build(inputs_for(FIXTURE), reasoner="owlrl"), out)
    return out


@pytest.fixture(scope="module")
def graph(dist):
    return load_graph(dist, engine="rdflib")


@pytest.fixture(scope="module")
def store(dist):
    return load_graph(dist, engine="oxigraph")


def short(term):
    """``id:actor/alpha`` style text for comparing rows with the expected ones."""
    if term is None:
        return None
    text = str(term)
    for namespace, prefix in ((ID, ""), ("https://w3id.org/atmp-kg/ontology#", "atmp:")):
        if text.startswith(namespace):
            return prefix + text[len(namespace):]
    if isinstance(term, Literal) and term.datatype and str(term.datatype).endswith(("#decimal", "#integer")):
        return text.rstrip("0").rstrip(".") if "." in text else text
    return text


def answer(graph, name, **params):
    query = find_query(name)
    result = backend(graph).select(query.text, bind(query, params or FIXTURE_PARAMS.get(name))).rdflib()
    return [tuple(short(term) for term in row) for row in result.rows]


# -- the library ----------------------------------------------------------------------

def test_library_has_at_least_20_queries_besides_the_network_ones():
    names = [q.name for q in QUERIES]
    assert len([n for n in names if not n.startswith("network-")]) >= 20
    assert {"network-actors", "network-edges", "network-shared-memberships"} <= set(names)
    assert len([q for q in QUERIES if q.is_violation]) >= 5
    assert [q.name for q in QUERIES if q.is_federated] == ["wikidata-federated"]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_query_parses_and_has_its_header(query):
    assert query.title and query.description
    prepareQuery(query.text)  # rdflib's parser; never runs it (the federated one needs the network)
    if not query.is_federated:
        list(pyoxigraph.Store().query(with_values(query.text, query.parameters)))
    for name, default in query.parameters.items():
        assert f"?{name}" in query.text and isinstance(default, (URIRef, Literal))


def test_every_library_query_is_tagged_lookup_or_analytics():
    assert {q.name: len(set(q.tags) & {"lookup", "analytics"}) for q in QUERIES} == {q.name: 1 for q in QUERIES}
    lookups = {q.name for q in QUERIES if "lookup" in q.tags}
    assert "actor-profile" in lookups and all(q.parameters for q in QUERIES if q.name in lookups)


def test_tags_header_is_read_as_a_list(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("#+ title: t\n#+ description: d\n#+ tags: lookup, mine\nSELECT * WHERE { ?s ?p ?o }\n")
    assert read_query(path).tags == ("lookup", "mine")


def test_queries_readme_lists_every_query_and_documents_the_header():
    readme = (QUERIES_DIR / "README.md").read_text(encoding="utf-8")
    for query in QUERIES:
        assert f"`{query.name}`" in readme, query.name
    assert "#+ param:" in readme and "#+ title:" in readme and "#+ description:" in readme


def test_a_header_whose_parameters_differ_from_the_body_is_refused(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("#+ title: t\n#+ description: d\nSELECT * WHERE { ?_actor ?p ?o }\n", encoding="utf-8")
    with pytest.raises(LoadError, match="parameters used"):
        read_query(path)
    path.write_text("#+ description: d\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(LoadError, match="title"):
        read_query(path)


# -- each query's rows on the fixture -------------------------------------------------

def test_actors_at_stage_for_therapy(graph):
    assert answer(graph, "actors-at-stage-for-therapy") == [
        ("actor/beta", "Beta Manufacturing", "therapy/in-vivo-gene-therapy", "place/wallonia", "source/src-a")]
    assert answer(graph, "actors-at-stage-for-therapy", stage="gmp-manufacturing", therapy="cell-therapy") == [
        ("actor/beta", "Beta Manufacturing", "therapy/cell-therapy", "place/wallonia", "source/src-a"),
        ("actor/beta", "Beta Manufacturing", "therapy/cell-therapy", "place/wallonia", "source/src-c"),
        ("actor/gamma", "Gamma Cells", "therapy/cell-therapy", "place/brussels-capital-region", "source/src-c")]
    # a narrower therapy type counts for the broader one (skos:broader*)
    assert answer(graph, "actors-at-stage-for-therapy", stage="discovery-research", therapy="in-vivo-gene-therapy") == [
        ("actor/alpha", "Alpha Therapeutics", "therapy/gene-editing", "place/wallonia", "source/src-b")]


COVERED_IN_WALLONIA = {("discovery-research", "cell-therapy"), ("discovery-research", "gene-editing"),
                       ("preclinical", "in-vivo-gene-therapy"), ("process-development", "cell-therapy"),
                       ("gmp-manufacturing", "cell-therapy"), ("gmp-manufacturing", "in-vivo-gene-therapy"),
                       ("clinical-trials", "cell-therapy")}


def test_coverage_matrix(graph):
    matrix = answer(graph, "coverage-matrix")
    assert len(matrix) == 2 * 16 * 8  # two regions in the fixture, every stage x therapy cell
    nonzero = {(region, stage, therapy): count for region, _, stage, therapy, count in matrix if count != "0"}
    assert nonzero == {**{("place/wallonia", f"stage/{s}", f"therapy/{t}"): "1" for s, t in COVERED_IN_WALLONIA},
                       ("place/brussels-capital-region", "stage/gmp-manufacturing", "therapy/cell-therapy"): "1"}
    assert [row[1] for row in matrix[:9]] == ["1"] * 8 + ["2"]  # value-chain order


def test_value_chain_gaps(graph):
    gaps = answer(graph, "value-chain-gaps")
    assert len(gaps) == 16 * 8 - len(COVERED_IN_WALLONIA)
    cells = {(stage.split("/")[1], therapy.split("/")[1]) for therapy, _, stage in gaps}
    assert not cells & COVERED_IN_WALLONIA
    assert ("quality-control", "in-vivo-gene-therapy") in cells  # delta does it, but in Paris
    brussels = answer(graph, "value-chain-gaps", region="brussels-capital-region")
    assert len(brussels) == 16 * 8 - 1 and ("therapy/cell-therapy", "5", "stage/gmp-manufacturing") not in brussels


def test_single_actor_cells(graph):
    cells = answer(graph, "single-actor-cells")
    assert {(stage.split("/")[1], therapy.split("/")[1]) for _, stage, therapy, _ in cells} == COVERED_IN_WALLONIA
    assert ("5", "stage/gmp-manufacturing", "therapy/cell-therapy", "actor/beta") in cells
    assert answer(graph, "single-actor-cells", region="brussels-capital-region") == [
        ("5", "stage/gmp-manufacturing", "therapy/cell-therapy", "actor/gamma")]


def profile(source, **params):
    """actor-profile's rows as ``{aspect: {(value, detail): (count, sorted sources)}}``; fails if a
    fact comes twice or its count is not the number of its sources."""
    aspects = {}
    query = find_query("actor-profile")
    for row in backend(source).select(query.text, bind(query, params or FIXTURE_PARAMS["actor-profile"])).rdflib().rows:
        aspect, value, detail, count, sources = (short(term) for term in row)
        value += f"@{row[1].language}" if getattr(row[1], "language", None) else ""
        listed = tuple(sorted(short(URIRef(iri)) for iri in sources.split(" ")))
        assert int(count) == len(listed) == len(set(listed)), (aspect, value, detail)
        assert (value, detail) not in aspects.setdefault(aspect, {}), (aspect, value, detail)
        aspects[aspect][value, detail] = (int(count), listed)
    return aspects


def test_actor_profile(graph):
    aspects = profile(graph)
    assert aspects["capability"] == {("stage/preclinical", "therapy/in-vivo-gene-therapy"): (1, ("source/src-a",)),
                                     ("stage/discovery-research", "therapy/gene-editing"): (1, ("source/src-b",))}
    assert aspects["membership"] == {("collaboration/pit-gene", "role/coordinator"): (1, ("source/src-a",))}
    assert aspects["relation"] == {("actor/uni", "atmp:CollaborationClaim"): (1, ("source/src-a",)),
                                   ("actor/uni", "atmp:SpinOffClaim"): (2, ("source/src-b", "source/src-c"))}
    assert aspects["relation-of"] == {("actor/beta", "atmp:ManufacturingClaim"): (1, ("source/src-a",)),
                                      ("actor/epsilon", "atmp:InvestmentClaim"): (1, ("source/src-c",))}
    assert aspects["product"] == {("product/prod-a", "phase/phase-1"): (1, ("source/src-a",)),
                                  ("product/prod-b", "phase/preclinical"): (1, ("source/src-b",))}
    assert aspects["trial"] == {("trial/NCT01234567", "phase/phase-1"): (1, ("source/src-a",))}
    assert aspects["site"] == {("site/alpha-lab", "atmp:Laboratory"): (1, ("source/src-a",))}
    assert {value for value, _ in aspects["identifier"]} == {
        "http://www.wikidata.org/entity/Q42", "https://example.org/alpha", "0403.170.701"}
    assert {value for value, _ in aspects["place"]} == {
        "place/liege", "place/province-liege", "place/wallonia", "place/belgium"}  # transitive locatedIn
    assert {value for value, _ in aspects["type"]} == {"atmp:DeveloperCompany", "atmp:Company"}
    # each name once, with both sources of the actor's row (the alias equal to the name is a plain literal)
    assert aspects["name"] == {(name, None): (2, ("source/src-a", "source/src-b"))
                               for name in ("Alpha Therapeutics@en", "Alpha Therapeutics", "AT")}


def test_actor_profile_lists_an_lei_once_with_gleif_s_iri_as_its_detail(graph, store):
    for source in (graph, store):  # rdflib and Oxigraph
        assert profile(source, actor="delta")["identifier"] == {
            ("969500ABCDEFGHIJKL46", "https://rdf.gleif.org/L1/L-969500ABCDEFGHIJKL46"): (1, ("source/src-c",))}


def test_actor_profile_of_a_hospital_and_a_university_has_their_trials(graph):
    hospital, university = profile(graph, actor="chu"), profile(graph, actor="uni")
    assert hospital["trial-site"] == {("trial/NCT01234567", "phase/phase-1"): (1, ("source/src-a",)),
                                      ("trial/NCT07654321", "phase/phase-2"): (1, ("source/src-b",))}
    assert university["trial"] == {("trial/NCT07654321", "phase/phase-2"): (1, ("source/src-b",))}
    assert "product-trial" not in university  # it sponsors the trial of its product itself


def test_partnership_members_and_figures(graph):
    assert answer(graph, "partnership-members") == [
        ("collaboration/pit", "Fixture partnership", "actor/hub", "Fixture Cluster", "role/lead", "source/src-a"),
        ("collaboration/pit", "Fixture partnership", "actor/uni", "Fixture University", "role/partner", "source/src-b"),
        ("collaboration/pit-cell", "Cell pillar", "actor/beta", "Beta Manufacturing", "role/partner", "source/src-a"),
        ("collaboration/pit-cell", "Cell pillar", "actor/chu", "Fixture Hospital", "role/partner", "source/src-a"),
        ("collaboration/pit-gene", "Gene pillar", "actor/alpha", "Alpha Therapeutics", "role/coordinator",
         "source/src-a"),
        ("collaboration/pit-wp1", "Work package 1", "actor/delta", "Delta Testing", "role/partner", "source/src-c")]
    figures = [row[:6] for row in answer(graph, "partnership-figures")]
    assert figures == [
        ("collaboration/pit", "measure/budget", "81000000", "EUR", "2024/2026", "source/src-a"),
        ("collaboration/pit", "measure/partner-count", "26", "count", None, "source/src-a"),
        ("collaboration/pit", "measure/partner-count", "34", "count", None, "source/src-b"),
        ("collaboration/pit", "measure/public-funding-share", "60", "percent", None, "source/src-a")]


def test_cdmos_hospitals_products_trials(graph):
    assert answer(graph, "cdmo-capabilities") == [
        ("actor/beta", "Beta Manufacturing", "therapy/cell-therapy", "site/beta-plant", "source/src-a"),
        ("actor/beta", "Beta Manufacturing", "therapy/cell-therapy", "site/beta-plant", "source/src-c"),
        ("actor/beta", "Beta Manufacturing", "therapy/in-vivo-gene-therapy", "site/beta-plant", "source/src-a"),
        ("actor/gamma", "Gamma Cells", "therapy/cell-therapy", "site/gamma-plant", "source/src-c")]
    assert answer(graph, "hospitals-running-trials") == [  # no status; NCT01234567 starts after the data date
        ("therapy/cell-therapy", "actor/chu", "Fixture Hospital", None, None, None, "source/src-a"),
        ("therapy/cell-therapy", "actor/chu", "Fixture Hospital", "trial/NCT07654321", None, None, "source/src-b")]
    assert answer(graph, "hospitals-running-trials", asOf="2024-03")[-1] == (
        "therapy/in-vivo-gene-therapy", "actor/chu", "Fixture Hospital", "trial/NCT01234567", None, None,
        "source/src-a")
    assert [(phase, product) for phase, product, *_ in answer(graph, "products-by-phase")] == [
        ("phase/phase-2", "product/prod-c"), ("phase/phase-1", "product/prod-a"),
        ("phase/preclinical", "product/prod-b")]
    assert [row[:2] + row[7:9] for row in answer(graph, "clinical-trials")] == [
        ("trial/NCT01234567", "NCT01234567", "actor/chu", "2024-03"),
        ("trial/NCT07654321", "NCT07654321", "actor/chu", "2023")]


def test_collaboration_gaps(graph):
    assert answer(graph, "actors-without-collaboration") == [
        ("actor/epsilon", "Epsilon Fund"), ("actor/gamma", "Gamma Cells")]
    assert answer(graph, "complementary-pairs") == [
        ("therapy/cell-therapy", "actor/beta", "stage/process-development", "actor/gamma", "stage/gmp-manufacturing"),
        ("therapy/in-vivo-gene-therapy", "actor/beta", "stage/gmp-manufacturing", "actor/delta",
         "stage/quality-control")]


@pytest.mark.parametrize("engine", ["graph", "store"])
def test_complementary_partners_are_the_pairs_seen_from_each_actor(request, engine):
    source = request.getfixturevalue(engine)
    pairs = answer(source, "complementary-pairs")
    assert answer(source, "complementary-partners") == [  # beta, the fixture's parameter
        ("therapy/cell-therapy", "stage/process-development", "stage/gmp-manufacturing", "Gamma Cells",
         "actor/gamma"),
        ("therapy/in-vivo-gene-therapy", "stage/gmp-manufacturing", "stage/quality-control", "Delta Testing",
         "actor/delta")]
    for actor in ("alpha", "beta", "gamma", "delta", "uni"):
        seen = sorted((t, s, ps, p) for t, s, ps, _, p in answer(source, "complementary-partners", actor=actor))
        assert seen == sorted([(t, us, ds, d) for t, u, us, d, ds in pairs if u == f"actor/{actor}"]
                              + [(t, ds, us, u) for t, u, us, d, ds in pairs if d == f"actor/{actor}"])


def test_provenance_queries(graph):
    behind = answer(graph, "sources-behind")
    assert [(fact, kind, source) for fact, kind, source, *_ in behind] == [
        ("figure/pit--budget--src-a--2024-2026", "figure", "source/src-a"),
        ("figure/pit--partner-count--src-a", "figure", "source/src-a"),
        ("figure/pit--partner-count--src-b", "figure", "source/src-b"),
        ("figure/pit--public-funding-share--src-a", "figure", "source/src-a"),
        ("membership/pit--hub--lead", "membership", "source/src-a"),
        ("membership/pit--uni--partner", "membership", "source/src-b"),
        ("collaboration/pit", "subject", "source/src-a")]
    single = dict(answer(graph, "single-source-facts"))
    assert len(single) == 9 + 5 + 6 + 6 - 2  # capabilities, figures, memberships, relations; two have two sources
    assert "capability/beta--gmp-manufacturing--cell-therapy" not in single
    assert "relation/alpha--spin-off-of--uni" not in single
    assert single["relation/epsilon--invested-in--alpha"] == "source/src-c"
    assert answer(graph, "conflicting-figures") == [
        ("collaboration/pit", "measure/partner-count", None, "26", "source/src-a", "34", "source/src-b")]


def test_places_sites_spin_offs_identifiers(graph):
    assert [label for _, label, *_ in answer(graph, "actors-in-place")] == [
        "Alpha Therapeutics", "Beta Manufacturing", "Epsilon Fund", "Fixture Cluster", "Fixture Hospital",
        "Fixture University"]
    assert [actor for actor, *_ in answer(graph, "actors-in-place", place="brussels")] == ["actor/gamma"]
    assert answer(graph, "actors-by-region-and-type") == [
        (None, "atmp:ServiceProvider", "1"), ("place/brussels-capital-region", "atmp:CDMO", "1"),
        ("place/wallonia", "atmp:CDMO", "1"), ("place/wallonia", "atmp:Cluster", "1"),
        ("place/wallonia", "atmp:DeveloperCompany", "1"), ("place/wallonia", "atmp:Hospital", "1"),
        ("place/wallonia", "atmp:Investor", "1"), ("place/wallonia", "atmp:University", "1")]
    assert [row[:3] for row in answer(graph, "sites-of-kind")] == [
        ("site/beta-plant", "Beta GMP plant", "actor/beta"), ("site/gamma-plant", "Gamma GMP plant", "actor/gamma")]
    assert [site for site, *_ in answer(graph, "sites-of-kind", kind="Laboratory")] == ["site/alpha-lab"]
    assert answer(graph, "spin-offs") == [("actor/uni", "actor/alpha", "2019", "source/src-b"),
                                          ("actor/uni", "actor/alpha", "2019", "source/src-c")]
    assert answer(graph, "actor-identifiers") == [
        ("actor/alpha", "enterprise-number", "0403.170.701", None),
        ("actor/alpha", "website", "https://example.org/alpha", "https://example.org/alpha"),
        ("actor/alpha", "wikidata", "Q42", "http://www.wikidata.org/entity/Q42"),
        ("actor/delta", "lei", "969500ABCDEFGHIJKL46", "https://rdf.gleif.org/L1/L-969500ABCDEFGHIJKL46"),
        ("actor/uni", "ror", "00afp2z80", "https://ror.org/00afp2z80")]
    assert answer(graph, "identifier-coverage") == [  # type, actors, Wikidata, ROR, LEI, enterprise number
        ("atmp:CDMO", "2", "0", "0", "0", "0"), ("atmp:Cluster", "1", "0", "0", "0", "0"),
        ("atmp:DeveloperCompany", "1", "1", "0", "0", "1"), ("atmp:Hospital", "1", "0", "0", "0", "0"),
        ("atmp:Investor", "1", "0", "0", "0", "0"), ("atmp:ServiceProvider", "1", "0", "0", "1", "0"),
        ("atmp:University", "1", "0", "1", "0", "0")]
    assert answer(graph, "find-by-identifier") == [("actor/alpha", "Alpha Therapeutics")]
    assert answer(graph, "find-by-identifier", identifier="NCT07654321") == [
        ("trial/NCT07654321", "Fixture trial of UF-C1")]


def test_network_queries_still_answer(graph):
    actors = {row[0] for row in answer(graph, "network-actors")}
    assert actors == {f"actor/{a}" for a in ("alpha", "beta", "uni", "chu", "gamma", "delta", "hub", "epsilon")}
    assert len(answer(graph, "network-edges")) == 7  # one row per relation claim and source


@pytest.mark.parametrize("query", [q for q in QUERIES if q.is_violation], ids=lambda q: q.name)
def test_violation_queries_give_no_rows_on_sound_data(graph, query):
    assert answer(graph, query.name) == []


@pytest.mark.parametrize("query", [q for q in LOCAL if not q.is_violation], ids=lambda q: q.name)
def test_every_default_finds_something_in_the_shipped_data(request, query):
    """`atmp-kg query NAME` without --param answers with rows on the shipped data (checks aside:
    they find nothing on sound data; the federated query needs the network)."""
    store = request.getfixturevalue("shipped_build").store
    assert select(query, graph=store).rows, f"{query.name}: no rows with its defaults"


@pytest.mark.parametrize("written", ["0403.170.701", "0403170701", "BE0403170701", "be 0403.170.701",
                                     "403170701", "403.170.701", " 0403 170 701 "])
def test_an_enterprise_number_is_found_however_it_is_written(graph, store, written):
    for engine in (graph, store):
        assert answer(engine, "find-by-identifier", identifier=written) == [("actor/alpha", "Alpha Therapeutics")]


@pytest.mark.parametrize("written", ["0403.170.702", "04031707011", "0403-170-701x", "969500abcdefghijkl46"])
def test_other_numbers_are_not_taken_for_an_enterprise_number(graph, written):
    expected = [("actor/delta", "Delta Testing")] if written.startswith("9695") else []  # an LEI, in capitals
    assert answer(graph, "find-by-identifier", identifier=written) == expected


# -- engines and binding ----------------------------------------------------------------

@pytest.mark.parametrize("query", LOCAL, ids=lambda q: q.name)
def test_rdflib_and_oxigraph_give_the_same_rows(graph, store, query):
    """rdflib binds with initBindings, Oxigraph reads the trailing VALUES clause: same rows, same order."""
    bindings = bind(query, FIXTURE_PARAMS.get(query.name))
    from_rdflib = backend(graph).select(query.text, bindings).rdflib()
    from_oxigraph = backend(store).select(query.text, bindings).rdflib()
    assert from_rdflib.variables == from_oxigraph.variables
    assert comparable(from_rdflib) == comparable(from_oxigraph)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_literals_and_change_nothing(graph, store, value):
    before, size = set(graph), len(store)
    for query in LOCAL:
        for name in query.parameters:
            bindings = bind(query, {name: value})
            assert bindings[name] == Literal(value)
            for engine in (graph, store):
                assert backend(engine).select(query.text, bindings).rdflib().rows == (), (query.name, engine)
    assert set(graph) == before and len(store) == size
    echo = with_values("SELECT ?_x WHERE { }", {"_x": Literal(value)})
    assert "\n" not in echo.split("VALUES")[1].strip()  # one line: a value cannot end the clause
    for engine in (graph, store):  # the value comes back exactly, whatever it holds
        assert backend(engine).select(echo).rdflib().rows == ((Literal(value),),), engine


def test_parameter_values_read_as_rdf_terms():
    stage = URIRef(ID + "stage/gmp-manufacturing")
    assert parameter_value("preclinical", stage) == URIRef(ID + "stage/preclinical")
    assert parameter_value("<https://example.org/x>", stage) == URIRef("https://example.org/x")
    assert parameter_value("https://example.org/x", stage) == URIRef("https://example.org/x")
    assert parameter_value("https://example.org/a b", stage) == Literal("https://example.org/a b")
    assert parameter_value("Laboratory", URIRef("https://w3id.org/atmp-kg/ontology#ManufacturingSite")) == URIRef(
        "https://w3id.org/atmp-kg/ontology#Laboratory")
    assert parameter_value("12", Literal("1", lang="en")) == Literal("12", lang="en")


# -- output formats ---------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "actor-profile", "partnership-figures", "clinical-trials", "hospitals-running-trials"])
def test_csv_tsv_and_json_parse_back_to_the_same_rows(store, name):
    result = select(name, FIXTURE_PARAMS.get(name), graph=store)
    assert result.rows
    assert from_json(to_json(result)) == result
    table = list(csv.reader(io.StringIO(to_csv(result), newline="")))
    assert table[0] == list(result.variables)
    assert table[1:] == [["" if term is None else str(term) for term in row] for row in result.rows]
    lines = to_tsv(result).rstrip("\n").split("\n")
    assert lines[0].split("\t") == [f"?{name}" for name in result.variables]
    for line, row in zip(lines[1:], result.rows, strict=True):
        for cell, term in zip(line.split("\t"), row, strict=True):
            if term is None:
                assert cell == ""
            else:
                parsed = Graph().parse(data=f"<http://e.org/s> <http://e.org/p> {cell} .", format="nt")
                assert next(parsed.objects()) == term


def test_json_keeps_languages_datatypes_and_unbound():
    result = Result(("a", "b"), ((Literal("x\"y\n", lang="fr"), None), (Literal("2", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#integer")), URIRef("https://example.org/é"))))
    document = json.loads(to_json(result))
    assert document["head"]["vars"] == ["a", "b"]
    assert document["results"]["bindings"][0] == {"a": {"type": "literal", "value": "x\"y\n", "xml:lang": "fr"}}
    assert from_json(to_json(result)) == result
    assert "(2 rows)" in to_table(result)


def test_rows_and_dataframe(store):
    found = rows("spin-offs", graph=store)[:1]
    assert found == [{"parent": URIRef(ID + "actor/uni"), "spinOff": URIRef(ID + "actor/alpha"),
                      "date": found[0]["date"], "source": URIRef(ID + "source/src-b")}]
    pytest.importorskip("pandas")
    frame = dataframe("hospitals-running-trials", graph=store)
    assert list(frame.columns) == ["therapy", "hospital", "label", "trial", "status", "statusDate", "source"]
    assert frame["trial"].tolist() == [None, ID + "trial/NCT07654321"]


# -- endpoint (loopback only) -----------------------------------------------------------

class _SparqlHandler(BaseHTTPRequestHandler):
    store = None
    received = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        query = urllib.parse.parse_qs(body)["query"][0]
        self.received.append(query)
        try:
            answer = self.store.query(query)
            payload = answer.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
        except SyntaxError as error:
            payload = str(error).encode("utf-8")
            self.send_response(400)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint(store):
    _SparqlHandler.store, _SparqlHandler.received = store, []
    server = HTTPServer(("127.0.0.1", 0), _SparqlHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()
    server.server_close()


def test_endpoint_gives_the_same_rows_with_parameters_in_values(store, endpoint):
    remote = select("actors-at-stage-for-therapy", {"therapy": "cell-therapy"}, endpoint=endpoint)
    local = select("actors-at-stage-for-therapy", {"therapy": "cell-therapy"}, graph=store)
    assert remote == local and len(remote.rows) == 3
    sent = _SparqlHandler.received[-1]  # the values open the WHERE group, where engines start from them
    assert (f'WHERE {{ VALUES (?_asOf ?_stage ?_therapy) {{ ("" <{ID}stage/gmp-manufacturing> '
            f'<{ID}therapy/cell-therapy>) }}' in sent)
    hostile = select("find-by-identifier", {"identifier": HOSTILE[0]}, endpoint=endpoint)
    assert hostile.rows == ()
    with pytest.raises(LoadError, match="HTTP 400"):
        Endpoint(endpoint).select("SELECT nonsense")
    with pytest.raises(LoadError, match="cannot reach"):
        Endpoint("http://127.0.0.1:9/sparql", timeout=5).select("SELECT * WHERE { ?s ?p ?o }")


# -- errors and the command line ------------------------------------------------------

def test_unknown_query_or_parameter_raise_usage_errors():
    with pytest.raises(UsageError, match="unknown query 'nope'.*actor-profile"):
        find_query("nope")
    with pytest.raises(UsageError, match="no parameter 'colour'.*stage, therapy"):
        bind(find_query("actors-at-stage-for-therapy"), {"colour": "red"})


def test_cli_lists_the_queries():
    result = CliRunner().invoke(main, ["queries"])
    assert result.exit_code == 0
    for query in QUERIES:
        assert query.name in result.output
    assert "--param stage=...  (default <https://w3id.org/atmp-kg/id/stage/gmp-manufacturing>)" in result.output


def test_cli_runs_a_query_by_name_or_path_in_each_format(dist):
    runner = CliRunner()
    ran = runner.invoke(main, ["query", "spin-offs", "--dist", str(dist), "--format", "json"])
    assert ran.exit_code == 0, ran.output
    assert from_json(ran.output).rows[0][:2] == (URIRef(ID + "actor/uni"), URIRef(ID + "actor/alpha"))
    path = str(QUERIES_DIR / "actors-at-stage-for-therapy.rq")
    ran = runner.invoke(main, ["query", path, "--dist", str(dist), "--engine", "rdflib", "--format", "csv",
                               "-p", "therapy=cell-therapy", "--param", "stage=<" + ID + "stage/gmp-manufacturing>"])
    assert ran.exit_code == 0, ran.output
    assert [row[0] for row in csv.reader(io.StringIO(ran.output))][1:] == [ID + "actor/beta"] * 2 + [ID + "actor/gamma"]
    ran = runner.invoke(main, ["query", "spin-offs", "--dist", str(dist)])
    assert "id:actor/uni" in ran.output and "(2 rows)" in ran.output


ADHOC = "PREFIX atmp: <https://w3id.org/atmp-kg/ontology#>\nSELECT ?cdmo WHERE { ?cdmo a atmp:CDMO } ORDER BY ?cdmo\n"


def test_cli_runs_an_adhoc_query_from_a_file_text_or_standard_input(dist, tmp_path):
    """A query of one's own needs no header: a file, --text or '-' (standard input) just runs."""
    path = tmp_path / "mine.rq"
    path.write_text(ADHOC, encoding="utf-8")
    runner = CliRunner()
    for arguments, stdin in ((["query", str(path)], None), (["query", "--text", ADHOC], None),
                             (["query", "-"], ADHOC), (["query", "-t", ADHOC, "--engine", "rdflib"], None)):
        ran = runner.invoke(main, [*arguments, "--dist", str(dist), "--format", "csv"], input=stdin)
        assert ran.exit_code == 0, (arguments, ran.output)
        assert ran.output.splitlines() == ["cdmo", ID + "actor/beta", ID + "actor/gamma"], arguments


def test_an_adhoc_query_may_declare_parameters_and_use_other_underscore_variables(dist, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("#+ param: _kind = <https://w3id.org/atmp-kg/ontology#CDMO>\n"
                    "SELECT ?thing ?_other WHERE { ?thing a ?_kind OPTIONAL { ?thing ?_other ?x FILTER(false) } }"
                    " ORDER BY ?thing\n", encoding="utf-8")
    ran = CliRunner().invoke(main, ["query", str(path), "-p", "kind=Hospital", "--dist", str(dist), "--format", "csv"])
    assert ran.exit_code == 0, ran.output
    assert ran.output.splitlines()[:2] == ["thing,_other", ID + "actor/chu,"]
    path.write_text("#+ param: _kind = <urn:x:k>\nSELECT ?thing WHERE { ?thing a ?kind }\n", encoding="utf-8")
    assert "parameters used" in CliRunner().invoke(main, ["query", str(path), "--dist", str(dist)]).output


@pytest.mark.parametrize("arguments", [["query"], ["query", "spin-offs", "--text", ADHOC]])
def test_cli_needs_exactly_one_query(dist, arguments):
    result = CliRunner().invoke(main, arguments + ["--dist", str(dist)])
    assert result.exit_code == 2 and "give one query" in result.output


@pytest.mark.parametrize("arguments, message", [
    (["query", "nope"], "unknown query 'nope'"),
    (["query", "spin-offs", "--param", "colour=red"], "query 'spin-offs' has no parameter 'colour'"),
    (["query", "spin-offs", "--param", "colour"], "expected NAME=VALUE"),
])
def test_cli_usage_errors_exit_2_with_a_clear_message(dist, arguments, message):
    result = CliRunner().invoke(main, arguments + ["--dist", str(dist)])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_without_a_build_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["query", "spin-offs", "--dist", str(tmp_path / "none")])
    assert result.exit_code == 2 and "run 'atmp-kg build' first" in result.output


# -- the build runs the violation queries ------------------------------------------------

BROKEN = sorted((DATA / "queries-violations").glob("*.ttl"))


def test_every_violation_query_has_a_broken_fixture():
    assert {path.stem for path in BROKEN} == {q.name for q in QUERIES if q.is_violation}


@pytest.mark.parametrize("validator, prepare", [("pyshacl", False), ("pyshacl-turbo", False), ("pyshacl-turbo", True)])
@pytest.mark.parametrize("broken", BROKEN, ids=lambda p: p.stem)
def test_build_fails_with_the_rows_of_the_broken_rule(tmp_path, broken, validator, prepare):
    graph_dir = tmp_path / "graph"
    shutil.copytree(FIXTURE, graph_dir)
    shutil.copy(broken, graph_dir / broken.name)
    with pytest.raises(DataError) as raised:  # prepare: as `atmp-kg build`, the queries run during validation
        build(inputs_for(graph_dir), validator=validator, prepare=prepare)
    assert raised.value.problems
    assert all(problem.startswith(f"{broken.stem}: ") for problem in raised.value.problems)


def test_cli_build_exits_1_and_prints_the_violation_rows(tmp_path):
    graph_dir = tmp_path / "graph"
    shutil.copytree(FIXTURE, graph_dir)
    shutil.copy(DATA / "queries-violations" / "shared-identifier-violation.ttl", graph_dir)
    result = CliRunner().invoke(main, ["build", "--ontology", str(ROOT / "ontology"), "--graph", str(graph_dir),
                                       "--out", str(tmp_path / "dist"), "--quiet", "--reasoner", "rules"])
    assert result.exit_code == 1
    assert "shared-identifier-violation: identifier=http://www.wikidata.org/entity/Q42, actors=2" in result.output
    assert not (tmp_path / "dist").exists()


def test_a_query_file_that_is_not_a_select_is_refused(tmp_path, store, graph):
    path = tmp_path / "ask.rq"
    path.write_text("#+ title: t\n#+ description: d\nASK { ?s ?p ?o }\n", encoding="utf-8")
    for engine in (store, graph):
        with pytest.raises(UsageError, match="only SELECT"):
            select(path, graph=engine)
    path.write_text("#+ title: t\n#+ description: d\nSELECT WHERE nonsense\n", encoding="utf-8")
    for engine in (store, graph):
        with pytest.raises(LoadError, match="cannot be run"):
            select(path, graph=engine)


def test_no_named_query_uses_filter_not_exists():
    # Oxigraph evaluates FILTER NOT EXISTS once per solution: on the 10k synthetic landscape
    # gaps-continuity takes 98 s with it and 0.01 s with MINUS (docs/design-notes.md)
    assert [q.name for q in QUERIES if "NOT EXISTS" in q.text] == []


def test_values_open_the_where_group_and_skip_comment_lines():
    text = "#+ description: a { in a comment\nSELECT ?x WHERE {\n  ?x ?p ?o .\n}\n"
    bound = with_values(text, {"x": URIRef("https://example.org/a")})
    assert bound == ("#+ description: a { in a comment\nSELECT ?x WHERE { VALUES (?x) { (<https://example.org/a>) }\n"
                     "  ?x ?p ?o .\n}\n")
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(*(pyoxigraph.NamedNode(f"https://example.org/{n}") for n in "abc")))
    store.add(pyoxigraph.Quad(*(pyoxigraph.NamedNode(f"https://example.org/{n}") for n in "dbc")))
    assert backend(store).select(text, {"x": URIRef("https://example.org/a")}).rdflib().rows == ((URIRef("https://example.org/a"),),)


def test_oxigraph_rows_keep_each_kind_of_term_apart():
    # IRIs are made once per text: a literal or a blank node with the same text stays what it is
    iri, text = pyoxigraph.NamedNode("https://example.org/a"), "https://example.org/a"
    store = pyoxigraph.Store()
    for value in (iri, pyoxigraph.Literal(text), pyoxigraph.Literal(text, language="en"),
                  pyoxigraph.Literal("1", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                  pyoxigraph.BlankNode("b1")):
        store.add(pyoxigraph.Quad(iri, iri, value))
    result = backend(store).select("SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?o").rdflib()
    assert [row[0] for row in result.rows] == [URIRef(text)] * 5
    assert [row[2] for row in result.rows] == [None] * 5
    objects = [row[1] for row in result.rows]
    assert [type(term).__name__ for term in objects] == ["BNode", "URIRef", "Literal", "Literal", "Literal"]
    assert set(objects[2:]) == {Literal(text), Literal(text, lang="en"), Literal(1)}
    assert result.rows[0][0] is result.rows[1][0]  # one object per IRI


def test_complementary_queries_leave_out_actors_that_collaborate():
    # a, b and c: process development then GMP manufacturing, cell therapy; a works with b already
    data = """@prefix atmp: <https://w3id.org/atmp-kg/ontology#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix id: <https://w3id.org/atmp-kg/id/> . @prefix stage: <https://w3id.org/atmp-kg/id/stage/> .
    @prefix therapy: <https://w3id.org/atmp-kg/id/therapy/> .
    id:a rdfs:label "A"@en ; atmp:hasCapability id:a1 ; atmp:collaboratesWith id:b .
    id:b rdfs:label "B"@en ; atmp:hasCapability id:b1 ; atmp:collaboratesWith id:a .
    id:c rdfs:label "C"@en ; atmp:hasCapability id:c1 .
    id:a1 atmp:stage stage:process-development ; atmp:therapy therapy:cell-therapy .
    id:b1 atmp:stage stage:gmp-manufacturing ; atmp:therapy therapy:cell-therapy .
    id:c1 atmp:stage stage:gmp-manufacturing ; atmp:therapy therapy:cell-therapy .
    """
    store = pyoxigraph.Store()
    store.load(path=str(ROOT / "ontology" / "vocabularies.ttl"))
    store.load(data.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    pairs = [(short(up), short(down)) for _, up, _, down, _ in select("complementary-pairs", graph=store).rows]
    assert pairs == [("a", "c")]
    for actor, partners in (("a", ["c"]), ("b", []), ("c", ["a"])):
        found = select("complementary-partners", {"actor": URIRef(ID + actor)}, graph=store).rows
        assert [short(row[-1]) for row in found] == partners


# -- time: as of one date (tests/data/queries-time) ---------------------------------------------
# Sources dated 2019-01-10, 2022-02-01 and 2024-06-01 (the data date). MaSTherCell (mast, a CDMO
# founded in 2011, GMP manufacturing of cell therapy, a plant from 2015, in the hub from 2018 to
# 2021) is acquired by Catalent (cat) in 2020-02 and absorbed into it on 2022-06-30. Catalent
# manufactures cell therapy from 2021-03 to 2025-01-01, its quality control ends on 2022-01-01 and its in vivo
# gene therapy manufacturing is planned from 2026. Renamed Bio (ren, GMP cell therapy) is renamed in
# 2021-10, bought by Catalent in 2021-11 (a relation) and enters liquidation on 2023-05-15. Dev
# Cells (dev) develops DC-1 (prod-w: phase 3 in
# 2016, authorised 2018-03-23, withdrawn 2023-12-13), DC-2 (prod-d: phase 1 in 2019-05,
# discontinued in 2022), DC-3 (prod-u: phase 2 in products.csv, no phase claims) and DC-4 (prod-f:
# phase 1 from 2025-03, after the data date); it is
# founded in 2012 (a change event, not an ownership change). St Fixture Hospital (hos) claims clinical
# trials of cell therapy from 2020 and is the site of four trials: NCT00000001 (DC-1, dev's, from 2016,
# completed as of 2019-01, no end given), NCT00000002 (DC-2, from 2019-05, terminated as of 2022, with a
# note), NCT00000003 (DC-3, from 2023-09, not yet recruiting as of 2023-06 in trial-history.ttl, then
# recruiting as of 2024-05) and 2020-001234-56 (hos's own in vivo gene therapy trial, from 2020-03,
# active, not recruiting as of 2023, ending on 2024-06-01, the data date).

TIMELINE = DATA / "queries-time"


@pytest.fixture(scope="module")
def timeline_graph():
    return build(inputs_for(TIMELINE), reasoner="owlrl").inferred


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def timeline(request, timeline_graph):
    return backend(timeline_graph, engine=request.param)


def ask(source, name, **params):
    query = find_query(name)
    return [tuple(short(term) for term in row) for row in source.select(query.text, bind(query, params)).rdflib().rows]


def test_products_by_phase_shows_the_phase_as_of_the_date(timeline):
    def phases(**day):
        return [(phase, product) for phase, product, *_ in ask(timeline, "products-by-phase", **day)]
    assert phases() == [  # the data date, 2024-06-01: DC-1 withdrawn after its authorisation
        ("phase/discontinued", "product/prod-d"), ("phase/withdrawn", "product/prod-w"),
        ("phase/phase-2", "product/prod-u"), (None, "product/prod-f")]
    assert phases(asOf="2023-12-13") == phases()  # a claim counts from its own day
    assert phases(asOf="2023-12-12") == [
        ("phase/discontinued", "product/prod-d"), ("phase/authorised", "product/prod-w"),
        ("phase/phase-2", "product/prod-u"), (None, "product/prod-f")]
    assert phases(asOf="2020-06-01") == [
        ("phase/authorised", "product/prod-w"), ("phase/phase-2", "product/prod-u"),
        ("phase/phase-1", "product/prod-d"), (None, "product/prod-f")]
    assert phases(asOf="2017") == [  # DC-2 has no phase before its first claim; DC-3's undated phase always holds
        ("phase/phase-3", "product/prod-w"), ("phase/phase-2", "product/prod-u"), (None, "product/prod-d"),
        (None, "product/prod-f")]
    assert phases(asOf="2025-03")[-1] == ("phase/phase-1", "product/prod-f")
    assert phases(asOf="not a date") == []


def test_current_phases_dated_from_the_claims_undated_from_the_products(timeline):
    assert ask(timeline, "current-phases") == [
        ("2024-06-01", "product/prod-w", "DC-1", "phase/withdrawn", "2023-12-13", "dated",
         "Withdrawn after the confirmatory trial failed", "source/src-c"),
        ("2024-06-01", "product/prod-d", "DC-2", "phase/discontinued", "2022", "dated",
         "Development stopped for lack of funding", "source/src-b"),
        ("2024-06-01", "product/prod-u", "DC-3", "phase/phase-2", None, "undated", None, "source/src-a")]
    assert ask(timeline, "current-phases", asOf="2019-06") == [
        ("2019-06-01", "product/prod-w", "DC-1", "phase/authorised", "2018-03-23", "dated", None, "source/src-a"),
        ("2019-06-01", "product/prod-d", "DC-2", "phase/phase-1", "2019-05", "dated", None, "source/src-a"),
        ("2019-06-01", "product/prod-u", "DC-3", "phase/phase-2", None, "undated", None, "source/src-a")]
    assert [row[1:4] for row in ask(timeline, "current-phases", asOf="2017-01-01")] == [
        ("product/prod-w", "DC-1", "phase/phase-3"), ("product/prod-u", "DC-3", "phase/phase-2")]


def test_ended_products_and_ownership_changes_by_date(timeline):
    assert ask(timeline, "ended-products") == [
        ("2022", "product/prod-d", "DC-2", "actor/dev", "phase/discontinued",
         "Development stopped for lack of funding", "source/src-b"),
        ("2023-12-13", "product/prod-w", "DC-1", "actor/dev", "phase/withdrawn",
         "Withdrawn after the confirmatory trial failed", "source/src-c")]
    assert ask(timeline, "ownership-changes") == [
        ("2020-02", "actor/mast", "MaSTherCell", "acquired", "false", "actor/cat", "Catalent",
         "Catalent took over MaSTherCell", "source/src-a"),
        ("2021-10", "actor/ren", "Renamed Bio", "renamed", "false", None, None, None, "source/src-b"),
        ("2021-11", "actor/ren", "Renamed Bio", "acquired", "false", "actor/cat", "Catalent",
         "Catalent bought Renamed Bio", "source/src-b"),  # a relation; MaSTherCell's is an event already
        ("2022-06-30", "actor/mast", "MaSTherCell", "absorbed", "true", "actor/cat", "Catalent",
         "MaSTherCell merged into Catalent", "source/src-b"),
        ("2023-05-15", "actor/ren", "Renamed Bio", "liquidation", "true", None, None,
         "Renamed Bio entered liquidation", "source/src-c")]


def test_actor_timeline_orders_events_periods_and_phases_by_date(timeline):
    assert ask(timeline, "actor-timeline", actor="mast") == [
        ("2011", "founded", "actor/mast", None, None, None, "source/src-a"),
        ("2015", "site-start", "site/mast-plant", None, None, None, "source/src-a"),
        ("2018", "membership-start", "membership/hub--mast--partner", "role/partner", "collaboration/hub", None,
         "source/src-a"),
        ("2020-02", "change", "event/mast--acquired--2020-02", "change-kind/acquired", "actor/cat",
         "Catalent took over MaSTherCell", "source/src-a"),
        ("2020-02", "relation-date", "relation/mast--acquired-by--cat", "atmp:AcquisitionClaim", "actor/cat", None,
         "source/src-a"),
        ("2021", "membership-end", "membership/hub--mast--partner", "role/partner", "collaboration/hub", None,
         "source/src-a"),
        ("2022-06-30", "change", "event/mast--absorbed--2022-06-30", "change-kind/absorbed", "actor/cat",
         "MaSTherCell merged into Catalent", "source/src-b")]
    assert [row[:2] + row[4:5] for row in ask(timeline, "actor-timeline", actor="cat")] == [
        ("2020-02", "change-of", "actor/mast"), ("2020-02", "relation-date", "actor/mast"),
        ("2021-03", "capability-start", "therapy/cell-therapy"), ("2021-11", "relation-date", "actor/ren"),
        ("2022-01-01", "capability-end", "therapy/cell-therapy"), ("2022-06-30", "change-of", "actor/mast"),
        ("2025-01-01", "capability-end", "therapy/cell-therapy"),
        ("2026", "capability-planned", "therapy/in-vivo-gene-therapy")]
    assert [row[:2] + row[3:5] for row in ask(timeline, "actor-timeline", actor="dev") if row[1] != "trial-status"] == [
        ("2012", "change", "change-kind/founded", None),
        ("2016", "phase", "phase/phase-3", "product/prod-w"),
        ("2018-03-23", "phase", "phase/authorised", "product/prod-w"),
        ("2019-05", "phase", "phase/phase-1", "product/prod-d"),
        ("2022", "phase", "phase/discontinued", "product/prod-d"),
        ("2023-12-13", "phase", "phase/withdrawn", "product/prod-w"),
        ("2025-03", "phase", "phase/phase-1", "product/prod-f")]


def test_capabilities_count_only_while_valid_and_their_actor_active(timeline):
    def actors(**day):
        return [row[0] for row in ask(timeline, "actors-at-stage-for-therapy", therapy="cell-therapy", **day)]
    assert actors() == ["actor/cat"]  # MaSTherCell absorbed, Renamed Bio in liquidation
    assert actors(asOf="2020-06-01") == ["actor/mast", "actor/ren"]  # Catalent starts in 2021-03
    assert actors(asOf="2022-07-01") == ["actor/cat", "actor/ren"]
    assert actors(asOf="2010") == ["actor/ren"]  # MaSTherCell is founded in 2011
    assert actors(asOf="2025-01-01") == []  # Catalent's claim ends
    assert ask(timeline, "actors-at-stage-for-therapy", asOf="2030") == []  # planned is never valid
    assert ask(timeline, "cdmo-capabilities") == [
        ("actor/cat", "Catalent", "therapy/cell-therapy", None, "source/src-b")]
    assert ask(timeline, "cdmo-capabilities", asOf="2020-06-01") == [
        ("actor/mast", "MaSTherCell", "therapy/cell-therapy", "site/mast-plant", "source/src-a")]
    assert ask(timeline, "cdmo-capabilities", asOf="2014") == [  # its plant opens in 2015
        ("actor/mast", "MaSTherCell", "therapy/cell-therapy", None, "source/src-a")]
    assert [row[0] for row in ask(timeline, "cdmo-capabilities", stage="quality-control", asOf="2021-12-31")] == [
        "actor/cat"]
    assert ask(timeline, "cdmo-capabilities", stage="quality-control", asOf="2022-01-01") == []


def test_clinical_trials_show_the_latest_status_with_its_date_and_the_end(timeline):
    assert [row[1:2] + row[9:13] for row in ask(timeline, "clinical-trials")] == [
        ("2020-001234-56", "2024-06-01", "trial-status/active-not-recruiting", "2023", "source/src-c"),
        ("NCT00000001", None, "trial-status/completed", "2019-01", "source/src-a"),
        ("NCT00000002", None, "trial-status/terminated", "2022", "source/src-b"),
        ("NCT00000003", None, "trial-status/recruiting", "2024-05", "source/src-c")]  # not its 2023-06 status


def test_hospitals_run_only_the_trials_that_started_and_have_not_ended_on_the_day(timeline):
    def running(**day):
        return [(therapy, trial, status, date) for therapy, _, _, trial, status, date, _ in
                ask(timeline, "hospitals-running-trials", **day)]
    capability = ("therapy/cell-therapy", None, None, None)
    assert running() == [  # the data date, 2024-06-01: the gene therapy trial ends on it
        capability, ("therapy/cell-therapy", "trial/NCT00000003", "trial-status/recruiting", "2024-05")]
    assert running(asOf="2024-05-31") == running() + [
        ("therapy/in-vivo-gene-therapy", "trial/2020-001234-56", "trial-status/active-not-recruiting", "2023")]
    assert running(asOf="2023-10")[1] == (  # the status dated on or before the day, not the later one
        "therapy/cell-therapy", "trial/NCT00000003", "trial-status/not-yet-recruiting", "2023-06")
    assert running(asOf="2021-12-31") == [  # statuses not yet known: shown without one
        capability, ("therapy/cell-therapy", "trial/NCT00000002", None, None),
        ("therapy/in-vivo-gene-therapy", "trial/2020-001234-56", None, None)]
    assert running(asOf="2022") == [  # terminated as of 2022-01-01
        capability, ("therapy/in-vivo-gene-therapy", "trial/2020-001234-56", None, None)]
    assert running(asOf="2018-06") == [("therapy/cell-therapy", "trial/NCT00000001", None, None)]
    assert running(asOf="2019-01") == []  # completed; DC-2's trial starts in 2019-05, the capability in 2020
    assert running(asOf="not a date") == []


def test_actor_timeline_lists_the_statuses_of_the_trials_an_actor_sponsors_or_runs(timeline):
    statuses = [row[:2] + row[3:6] for row in ask(timeline, "actor-timeline", actor="hos") if row[1] == "trial-status"]
    assert statuses == [  # 2020-001234-56 once, though hos sponsors it and is its site
        ("2019-01", "trial-status", "trial-status/completed", "trial/NCT00000001", None),
        ("2022", "trial-status", "trial-status/terminated", "trial/NCT00000002", "Stopped for lack of funding"),
        ("2023", "trial-status", "trial-status/active-not-recruiting", "trial/2020-001234-56", None),
        ("2023-06", "trial-status", "trial-status/not-yet-recruiting", "trial/NCT00000003", None),
        ("2024-05", "trial-status", "trial-status/recruiting", "trial/NCT00000003", None)]
    assert [row[4] for row in ask(timeline, "actor-timeline", actor="dev") if row[1] == "trial-status"] == [
        "trial/NCT00000001", "trial/NCT00000002", "trial/NCT00000003", "trial/NCT00000003"]  # not hos's own
