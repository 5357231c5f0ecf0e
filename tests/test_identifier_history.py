"""graph/identifiers.csv: identifiers with their time and history, mapped as dated, sourced claims
whose current ones give the plain links the queries use; its agreement with actors.csv; and the
history `atmp-kg review` writes for an accepted reconciliation check (tests/data/README.md)."""

import csv
import shutil

import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY
from rdflib import Literal, URIRef

from atmp_kg.cli import main
from atmp_kg.errors import DataError
from atmp_kg.pipeline import build
from atmp_kg.rdf.namespaces import ADMS, ATMP, ID, SCHEMA
from atmp_kg.read.load import Inputs, load
from atmp_kg.reconcile.records import read_actors
from atmp_kg.sparql.library import rows

HEADER = "actor,scheme,value,source,valid_from,valid_to,status,note\n"
# beta's ROR id deprecated on 2024-03-01 for its successor, from one source; alpha's LEI from two
HISTORY = HEADER + ("beta,ror,0abcdef23,src-a,,2024-03-01,deprecated,made inactive\n"
                    "beta,ror,https://ror.org/0ghjkmn67,src-a,2024-03-01,,,\n"
                    "alpha,lei,969500ABCDEFGHIJKL46,src-a,,,,\n"
                    "alpha,lei,969500ABCDEFGHIJKL46,src-b,2020,,current,\n")
REGISTRIES = DATA / "registries"


def tiny_with(tmp_path, identifiers, actors_edit=None):
    graph = shutil.copytree(DATA / "tiny", tmp_path / "tiny")
    (graph / "identifiers.csv").write_text(identifiers, encoding="utf-8")
    if actors_edit:
        path = graph / "actors.csv"
        path.write_text(actors_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return graph


def mapped(graph):
    return load(Inputs(ONTOLOGY, graph)).data


def problems_of(graph):
    with pytest.raises(DataError) as raised:
        mapped(graph)
    return raised.value.problems


def test_an_identifier_is_a_dated_sourced_claim_and_only_current_ones_link(tmp_path):
    graph = mapped(tiny_with(tmp_path, HISTORY))
    beta, alpha = ID["actor/beta"], ID["actor/alpha"]
    old, new = ID["identifier/beta--ror--0abcdef23"], ID["identifier/beta--ror--0ghjkmn67"]
    assert {(beta, ADMS.identifier, old), (beta, ADMS.identifier, new)} <= set(graph)
    assert graph.value(old, SCHEMA.endDate) == Literal("2024-03-01", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))
    assert graph.value(old, ATMP.status) == ID["identifier-status/deprecated"]
    assert graph.value(new, SCHEMA.startDate) is not None and graph.value(new, ATMP.status) is None
    assert str(graph.value(new, URIRef("http://www.w3.org/2004/02/skos/core#notation"))) == "0ghjkmn67"
    # the past identifier gives no link; the current one does, like an actors.csv cell
    assert set(graph.objects(beta, SCHEMA.sameAs)) == {URIRef("https://ror.org/0ghjkmn67")}
    # two rows of one identifier: one claim with both sources; an LEI links to GLEIF's record too
    lei = ID["identifier/alpha--lei--969500abcdefghijkl46"]
    assert set(graph.objects(lei, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))) == {
        ID["source/src-a"], ID["source/src-b"]}
    assert (alpha, ATMP.lei, Literal("969500ABCDEFGHIJKL46")) in graph
    assert (alpha, SCHEMA.sameAs, URIRef("https://rdf.gleif.org/L1/L-969500ABCDEFGHIJKL46")) in graph


def test_a_row_from_another_source_ends_an_identifier_another_row_gives_as_current(tmp_path):
    graph = mapped(tiny_with(tmp_path, HEADER + "beta,lei,969500ABCDEFGHIJKL46,src-a,2019,,current,\n"
                                                 "beta,lei,969500ABCDEFGHIJKL46,src-b,,2023-01-05,lapsed,\n"))
    claim = ID["identifier/beta--lei--969500abcdefghijkl46"]
    assert graph.value(claim, ATMP.status) == ID["identifier-status/lapsed"]
    assert (ID["actor/beta"], ATMP.lei, None) not in graph and (ID["actor/beta"], SCHEMA.sameAs, None) not in graph


def test_an_lei_in_actors_csv_links_to_gleif(tmp_path):
    graph = mapped(tiny_with(tmp_path, HEADER, lambda text: text.replace(
        "enterprise_number,sources", "enterprise_number,lei,sources").replace(
        "0403.170.701,src-a", "0403.170.701,969500ABCDEFGHIJKL46,src-a").replace(",,src-a\n", ",,,src-a\n").replace(
        "00afp2z80,,src-b", "00afp2z80,,,src-b")))
    assert set(graph.objects(ID["actor/alpha"], SCHEMA.sameAs)) == {
        URIRef("http://www.wikidata.org/entity/Q42"), URIRef("https://rdf.gleif.org/L1/L-969500ABCDEFGHIJKL46")}


def test_the_queries_give_the_current_identifiers_and_the_whole_history(tmp_path):
    store = build(Inputs(ONTOLOGY, tiny_with(tmp_path, HISTORY))).store

    def answer(name):
        return [tuple(None if term is None else str(term).replace(str(ID), "") for term in row.values())
                for row in rows(name, graph=store)]

    current = answer("actor-identifiers")
    assert ("actor/beta", "ror", "0ghjkmn67", "https://ror.org/0ghjkmn67") in current
    assert not [row for row in current if row[2] == "0abcdef23"]  # a past identifier is not current
    history = [(actor, scheme, value, start, end, status, holds, set(sources.split()))
               for actor, scheme, value, start, end, status, holds, sources in answer("actor-identifier-history")]
    source = {"source/src-a"}
    assert history == [
        ("actor/alpha", "enterprise-number", "0403.170.701", None, None, "", "true", source),  # actors.csv
        ("actor/alpha", "lei", "969500ABCDEFGHIJKL46", "2020", None, "", "true", source | {"source/src-b"}),
        ("actor/alpha", "wikidata", "Q42", None, None, "", "true", source),
        ("actor/beta", "ror", "0abcdef23", None, "2024-03-01", "deprecated", "false", source),
        ("actor/beta", "ror", "0ghjkmn67", "2024-03-01", None, "", "true", source),
        ("actor/uni", "ror", "00afp2z80", None, None, "", "true", {"source/src-b"})]


def validate(graph):
    return CliRunner().invoke(main, ["validate", "--graph", str(graph), "--ontology", str(ONTOLOGY)])


def test_the_shapes_accept_gleif_links_and_identifier_claims_and_refuse_broken_ones(tmp_path):
    graph = tiny_with(tmp_path, HISTORY)
    assert validate(graph).exit_code == 0, validate(graph).output
    (graph / "extra.ttl").write_text(
        "<https://w3id.org/atmp-kg/id/actor/beta> <https://schema.org/sameAs> <https://rdf.gleif.org/L1/L-NOTANLEI> .\n"
        "<https://w3id.org/atmp-kg/id/identifier/orphan> a <https://w3id.org/atmp-kg/ontology#IdentifierClaim> ;\n"
        "  <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/atmp-kg/id/source/src-a> .\n", encoding="utf-8")
    result = validate(graph)
    assert result.exit_code == 1
    for message in ("GLEIF's record of an LEI", "identifier claim needs exactly one actor",
                    "identifier claim needs exactly one value", "identifier claim needs a scheme"):
        assert message in result.output, result.output


@pytest.mark.parametrize(("rows", "edit", "expected"), [
    # actors.csv holds one ROR id, identifiers.csv another as current
    ("uni,ror,0ghjkmn67,src-a,,,,\n", None,
     "identifiers.csv row 2, column value: '0ghjkmn67' holds here, but tiny/actors.csv row 4, column ror holds "
     "'00afp2z80'"),
    # identifiers.csv ends the ROR id actors.csv still gives as current
    ("uni,ror,00afp2z80,src-a,,2024-03-01,deprecated,\n", None,
     "identifiers.csv row 2, column valid_to: ends '00afp2z80', but tiny/actors.csv row 4, column ror still holds it"),
    # two current identifiers of one scheme
    ("beta,ror,0abcdef23,src-a,,,,\nbeta,ror,0ghjkmn67,src-a,,,,\n", None,
     "identifiers.csv row 3, column value: '0ghjkmn67': beta already holds '0abcdef23'"),
    # two rows of one identifier that disagree on its end
    ("beta,ror,0abcdef23,src-a,,2024-03-01,,\nbeta,ror,0abcdef23,src-b,,2024-04-01,,\n", None,
     "identifiers.csv row 3, column valid_to: '2024-04-01', but tiny/identifiers.csv row 2, column valid_to gives "
     "'2024-03-01'"),
])
def test_identifiers_csv_and_actors_csv_must_agree(tmp_path, rows, edit, expected):
    problems = problems_of(tiny_with(tmp_path, HEADER + rows, edit))
    assert any(expected in problem for problem in problems), problems


def test_the_reconciler_sees_the_current_identifiers_of_both_tables(tmp_path):
    actors = read_actors(tiny_with(tmp_path, HISTORY))
    assert actors["beta"].identifiers == {"ror": "0ghjkmn67"}  # not the deprecated one
    assert actors["uni"].identifiers == {"ror": "00afp2z80"}


# -- the history an accepted check writes ----------------------------------------------------

def reconciled(tmp_path, registry, source, accept):
    graph = shutil.copytree(DATA / "reconcile", tmp_path / "graph")
    review = tmp_path / "review"
    result = CliRunner().invoke(main, ["reconcile", registry, "--from", str(REGISTRIES / source), "--graph",
                                       str(graph), "--review", str(review), "-q"])
    assert result.exit_code == 0, result.output
    path = review / f"reconcile-{registry}.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["decision"] = "accept" if accept(row) else ""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    merged = CliRunner().invoke(main, ["review", str(path), "--graph", str(graph), "--apply"])
    return graph, merged


def table(graph, name):
    with open(graph / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_an_accepted_deprecated_ror_id_is_ended_and_its_successor_added(tmp_path):
    graph, merged = reconciled(tmp_path, "ror", "ror-v2-dump.json", lambda row: row["actor"] == "uni")
    assert merged.exit_code == 0, merged.output
    uni = next(row for row in table(graph, "actors") if row["id"] == "uni")
    assert uni["ror"] == "" and uni["sources"] == "src-a"  # the cell is emptied, not overwritten
    assert [(r["value"], r["source"], r["valid_from"], r["valid_to"], r["status"]) for r in table(
        graph, "identifiers")] == [("0abcdef23", "ror-0abcdef23", "", "2025-03-10", "deprecated"),
                                   ("0ghjkmn67", "ror-0abcdef23", "", "", "")]
    assert "https://ror.org/0abcdef23" in {row["url"] for row in table(graph, "sources")}
    assert read_actors(graph)["uni"].identifiers == {"ror": "0ghjkmn67"}
    # the same decisions again: nothing new
    again = CliRunner().invoke(main, ["review", str(tmp_path / "review" / "reconcile-ror.csv"), "--graph",
                                      str(graph), "--apply"])
    assert again.exit_code == 0, again.output
    assert len(table(graph, "identifiers")) == 2


def test_an_accepted_lapsed_lei_is_ended_with_the_record_as_its_source(tmp_path):
    graph, merged = reconciled(tmp_path, "gleif", "gleif-golden-copy.csv", lambda row: row["actor"] == "zeta")
    assert merged.exit_code == 0, merged.output
    assert next(row for row in table(graph, "actors") if row["id"] == "zeta")["lei"] == ""
    assert [(r["value"], r["valid_to"], r["status"]) for r in table(graph, "identifiers")] == [
        ("5493ZETAFIXTURE00085", "2023-01-05", "lapsed")]
    assert "lei" not in read_actors(graph)["zeta"].identifiers


def test_an_accepted_check_without_a_record_is_refused_and_nothing_changes(tmp_path):
    before = (DATA / "reconcile" / "actors.csv").read_bytes()
    graph, merged = reconciled(tmp_path, "kbo", "kbo", lambda row: row["actor"] == "delta")
    assert merged.exit_code == 1, merged.output
    assert "no registry record to cite for the end of 0810.000.676" in merged.output
    assert (graph / "actors.csv").read_bytes() == before and not (graph / "identifiers.csv").exists()


def test_an_enterprise_number_row_gives_its_claim_and_while_it_holds_the_registration(tmp_path):
    graph = mapped(tiny_with(tmp_path, HEADER + "beta,enterprise-number,0810.000.181,src-a,2015,,,\n"
                                                 "uni,enterprise-number,0810.000.181,src-b,,2020-06-30,stopped,\n"))
    claim = ID["identifier/beta--enterprise-number--0810-000-181"]
    assert graph.value(claim, URIRef("http://www.w3.org/2004/02/skos/core#notation")) == Literal("0810.000.181")
    assert graph.value(ID["actor/beta"], URIRef("http://www.w3.org/ns/regorg#registration")) is not None
    ended = ID["identifier/uni--enterprise-number--0810-000-181"]
    assert graph.value(ended, ATMP.status) == ID["identifier-status/stopped"]
    assert graph.value(ID["actor/uni"], URIRef("http://www.w3.org/ns/regorg#registration")) is None
