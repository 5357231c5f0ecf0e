"""Figures as claims: comparable claims meet in conflicting-figures (same subject, measure, unit and
period), an amount printed in a second currency is its own claim and no conflict, and a place can
be a figure's subject (a country's share, the world market). The last test reads the shipped data:
the launch releases of ATMP-PIT count its partners differently (26 in English, 29 companies + 1
research centre + 4 universities in French)."""

import shutil

from conftest import DATA, ROOT, inputs_for

from atmp_kg.pipeline import build
from atmp_kg.sparql.backends import backend
from atmp_kg.sparql.library import find_query

ID = "https://w3id.org/atmp-kg/id/"


def conflicts(select):
    return sorted((row["subject"].removeprefix(ID), row["measure"].rsplit("/", 1)[-1], row["value"],
                   row["otherValue"]) for row in select(find_query("conflicting-figures").text))


def test_a_second_currency_is_no_conflict_and_places_carry_figures(tmp_path):
    graph = tmp_path / "graph"
    shutil.copytree(DATA / "tiny", graph)
    with open(graph / "figures.csv", "a", encoding="utf-8") as figures:
        figures.write("pit,budget,88900000,USD,,src-a,the same budget in US dollars\n"
                      "pit,budget,90000000,EUR,,src-b,a source that disagrees\n"
                      "liege,atmp-developer-count,3,count,,src-a,\n")
    select = backend(build(inputs_for(graph)).store)
    assert conflicts(select) == [("collaboration/pit", "budget", "81000000", "90000000"),
                                 ("collaboration/pit", "partner-count", "26", "34")]
    amounts = select("PREFIX schema: <https://schema.org/> SELECT ?figure ?currency WHERE { "
                     "?figure schema:currency ?currency } ORDER BY ?figure")
    assert [(row["figure"].removeprefix(ID), row["currency"]) for row in amounts] == [
        ("figure/pit--budget--src-a", "EUR"), ("figure/pit--budget--src-a--usd", "USD"),
        ("figure/pit--budget--src-b", "EUR")]
    on_place = select("PREFIX atmp: <https://w3id.org/atmp-kg/ontology#> SELECT ?subject WHERE { "
                      "?figure atmp:measure <https://w3id.org/atmp-kg/id/measure/atmp-developer-count> ; "
                      "atmp:figureOf ?subject }")
    assert [row["subject"].removeprefix(ID) for row in on_place] == ["place/liege"]


def test_the_launch_releases_partner_counts_meet_in_conflicting_figures():
    found = conflicts(backend(build(inputs_for(ROOT / "graph")).store))
    partner_counts = {(value, other) for subject, measure, value, other in found
                      if (subject, measure) == ("collaboration/atmp-pit", "partner-count")}
    assert partner_counts == {("26", "34")}
    assert not any(measure == "budget" and subject == "collaboration/atmp-pit" for subject, measure, *_ in found)
