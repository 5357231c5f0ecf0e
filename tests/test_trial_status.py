"""A trial's time in graph/trials.csv: ``status`` and ``status_date`` as a dated, sourced
atmp:TrialStatusClaim, ``end`` as schema:endDate, ``note`` on the status; the dated status history of
graph/trial-statuses.csv, one claim with a trials.csv status of the same day, read as of a day by the
queries; the shapes that hold them;
the explorer's products and trials page showing each trial's status on the site's day, in English,
French and Dutch (on tests/data/queries-time, described in tests/data/README.md). The bad cells are
cases of tests/data/bad (``trial-*``); the queries are tested in tests/test_queries.py."""

import datetime
from html.parser import HTMLParser

import pytest
from conftest import DATA, inputs_for
from rdflib import Literal, URIRef, namespace
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from atmp_kg.infer.validate import validate
from atmp_kg.pipeline import build
from atmp_kg.rdf.namespaces import ATMP, SCHEMA
from atmp_kg.read.load import load
from atmp_kg.site.files import site_files
from atmp_kg.sparql.backends import backend
from atmp_kg.sparql.library import bind, find_query

ID = "https://w3id.org/atmp-kg/id/"
TRIALS = """id,title,sponsor,start,end,status,status_date,note,sources
NCT01234567,Stopped trial,alpha,2020-01,2022-06-30,terminated,2022-07,stopped early: funding ran out,src-a
NCT01234568,Running trial,alpha,2021,,recruiting,2023-05-02,,src-a|src-b
NCT01234569,Trial of no status,alpha,2021,,,,registered late,src-b
"""


@pytest.fixture
def loaded(tiny_copy):
    (tiny_copy / "trials.csv").write_text(TRIALS, encoding="utf-8")
    return load(inputs_for(tiny_copy))


def test_a_status_is_a_dated_claim_from_the_rows_sources(loaded):
    data = loaded.data
    trial = URIRef(ID + "trial/NCT01234567")
    claim = URIRef(ID + "trial-status-claim/NCT01234567--terminated--2022-07")
    assert set(data.objects(trial, ATMP.hasTrialStatus)) == {claim}
    assert set(data.predicate_objects(claim)) == {
        (RDF.type, ATMP.TrialStatusClaim), (ATMP.trialStatusOf, trial),
        (ATMP.trialStatus, URIRef(ID + "trial-status/terminated")),
        (DCTERMS.date, Literal("2022-07", datatype=namespace.XSD.gYearMonth)),
        (PROV.wasDerivedFrom, URIRef(ID + "source/src-a")),
        (SKOS.note, Literal("stopped early: funding ran out", lang="en"))}
    assert data.value(trial, SCHEMA.endDate) == Literal("2022-06-30", datatype=namespace.XSD.date)
    assert loaded.origins[claim].endswith("trials.csv row 2")


def test_each_source_of_the_row_backs_the_status_and_a_note_without_status_stays_on_the_trial(loaded):
    data = loaded.data
    claim = URIRef(ID + "trial-status-claim/NCT01234568--recruiting--2023-05-02")
    assert set(data.objects(claim, PROV.wasDerivedFrom)) == {URIRef(ID + "source/src-a"), URIRef(ID + "source/src-b")}
    assert data.value(URIRef(ID + "trial/NCT01234568"), SCHEMA.endDate) is None
    quiet = URIRef(ID + "trial/NCT01234569")
    assert list(data.objects(quiet, ATMP.hasTrialStatus)) == []
    assert data.value(quiet, SKOS.note) == Literal("registered late", lang="en")


def test_trials_csv_without_the_new_columns_still_builds(tiny_copy):
    (tiny_copy / "trials.csv").write_text("id,title,sponsor,start,sources\nNCT01234567,Old trial,alpha,2020,src-a\n",
                                          encoding="utf-8")
    loaded = load(inputs_for(tiny_copy))
    assert (URIRef(ID + "trial/NCT01234567"), RDF.type, ATMP.ClinicalTrial) in loaded.data
    assert not validate(loaded).violations


# -- trial-statuses.csv: the dated status history of a trial ----------------------------------

# NCT01234567 at the hospital ``hos``, from 2022: not yet recruiting as of 2022-11, recruiting as of
# 2023-05 (in both files, from src-a and src-b), terminated on 2024-01-10; the data date is 2024-01-17
HISTORY_TRIALS = """id,title,sponsor,sites,start,status,status_date,sources
NCT01234567,Trial with a history,alpha,hos,2022,recruiting,2023-05,src-a
"""
HISTORY = """trial,status,date,source,note
NCT01234567,not-yet-recruiting,2022-11,src-b,
NCT01234567,recruiting,2023-05,src-b,
NCT01234567,terminated,2024-01-10,src-a,stopped early by its sponsor
"""


@pytest.fixture
def history(tiny_copy):
    with (tiny_copy / "actors.csv").open("a", encoding="utf-8") as actors:
        actors.write("hos,hospital,Fixture Hospital,,,,liege,,,,,src-a\n")
    (tiny_copy / "trials.csv").write_text(HISTORY_TRIALS, encoding="utf-8")
    (tiny_copy / "trial-statuses.csv").write_text(HISTORY, encoding="utf-8")
    return tiny_copy


def test_each_dated_status_row_is_a_claim_and_a_status_in_both_files_is_one_claim(history):
    loaded = load(inputs_for(history))
    data, trial = loaded.data, URIRef(ID + "trial/NCT01234567")
    claims = {ID + "trial-status-claim/NCT01234567--" + end for end in
              ("not-yet-recruiting--2022-11", "recruiting--2023-05", "terminated--2024-01-10")}
    assert set(map(str, data.objects(trial, ATMP.hasTrialStatus))) == claims
    both = URIRef(ID + "trial-status-claim/NCT01234567--recruiting--2023-05")
    assert set(data.objects(both, PROV.wasDerivedFrom)) == {URIRef(ID + "source/src-a"), URIRef(ID + "source/src-b")}
    ended = URIRef(ID + "trial-status-claim/NCT01234567--terminated--2024-01-10")
    assert set(data.predicate_objects(ended)) == {
        (RDF.type, ATMP.TrialStatusClaim), (ATMP.trialStatusOf, trial),
        (ATMP.trialStatus, URIRef(ID + "trial-status/terminated")),
        (DCTERMS.date, Literal("2024-01-10", datatype=namespace.XSD.date)),
        (PROV.wasDerivedFrom, URIRef(ID + "source/src-a")),
        (SKOS.note, Literal("stopped early by its sponsor", lang="en"))}
    assert loaded.origins[ended].endswith("trial-statuses.csv row 4")
    assert not validate(loaded).violations


def ask(graph, engine, name, **params):
    query = find_query(name)
    rows = backend(graph, engine=engine).select(query.text, bind(query, params)).rdflib().rows
    return [tuple(str(term).removeprefix(ID) if term is not None else None for term in row) for row in rows]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_the_queries_read_the_latest_dated_status_on_or_before_the_day(history, engine):
    graph = build(inputs_for(history), reasoner="owlrl").inferred

    def running(**day):
        return [(trial, status, date) for _, _, _, trial, status, date, _ in
                ask(graph, engine, "hospitals-running-trials", **day) if trial is not None]
    assert running(asOf="2023-01") == [("trial/NCT01234567", "trial-status/not-yet-recruiting", "2022-11")]
    assert running(asOf="2023-12-31") == [("trial/NCT01234567", "trial-status/recruiting", "2023-05")]
    assert running() == []  # the data date, 2024-01-17: terminated a week before
    assert [row[10:12] for row in ask(graph, engine, "clinical-trials")] == [("trial-status/terminated", "2024-01-10")]


def findings(loaded, change=None):
    if change is not None:
        change(loaded.data)
    return {finding.message for finding in validate(loaded).violations}


CLAIM = URIRef(ID + "trial-status-claim/NCT01234567--terminated--2022-07")


@pytest.mark.parametrize("change, message", [
    (lambda data: data.remove((CLAIM, DCTERMS.date, None)), "trial status claim needs one date"),
    (lambda data: data.add((CLAIM, DCTERMS.date, Literal("July 2022"))), "trial status claim needs one date"),
    (lambda data: data.remove((CLAIM, PROV.wasDerivedFrom, None)), "needs at least one source"),
    (lambda data: data.remove((CLAIM, ATMP.trialStatusOf, None)), "trial status claim needs exactly one trial"),
    (lambda data: data.set((CLAIM, ATMP.trialStatus, URIRef(ID + "phase/phase-1"))),
     "trial status claim needs a status from the trial-statuses scheme"),
    (lambda data: data.add((URIRef(ID + "trial/NCT01234568"), SCHEMA.endDate, Literal("soon"))),
     "trial has at most one end"),
])
def test_the_shapes_hold_a_status_to_one_trial_status_date_and_source(loaded, change, message):
    assert findings(loaded) == set()
    assert any(text.startswith(message) for text in findings(loaded, change)), findings(loaded)


# -- the explorer's products and trials page ---------------------------------------------------

class TrialCells(HTMLParser):
    """``{(trial number, language): [cell text, ...]}`` of the trial rows of a page: a cell's text as a
    reader of each language sees it (the language switch's spans of other languages left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cells, self.shown, self.number = {}, None, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.cells, self.number = [], None
        elif tag == "td" and self.cells is not None:
            self.cells.append({lang: "" for lang in ("en", "fr", "nl")})
        elif tag == "span":
            classes = set((attrs.get("class") or "").split())
            self.shown.append(classes & {"en", "fr", "nl"} if "i18n" in classes else {"en", "fr", "nl"})
            if (attrs.get("id") or "").startswith("trial-"):
                self.number = attrs["id"].removeprefix("trial-")

    def handle_endtag(self, tag):
        if tag == "span" and self.shown:
            self.shown.pop()
        elif tag == "tr" and self.number:
            for lang in ("en", "fr", "nl"):
                self.rows[self.number, lang] = [cell[lang].strip() for cell in self.cells]
            self.cells = None

    def handle_data(self, data):
        if self.cells:
            for lang in set.intersection({"en", "fr", "nl"}, *self.shown):
                self.cells[-1][lang] += data


@pytest.fixture(scope="module")
def time_graph():
    return build(inputs_for(DATA / "queries-time"), reasoner="owlrl").inferred


def statuses(graph, day=None):
    """The status cell (the column before the sources) of each trial on the products page."""
    parser = TrialCells()
    parser.feed(site_files(graph, profiles=False, descriptions=False, as_of=day)["products.html"])
    return {key: cells[-2] for key, cells in parser.rows.items()}


def test_the_products_page_shows_each_trial_s_status_on_the_site_s_day_in_three_languages(time_graph):
    shown = statuses(time_graph)  # the data date, 2024-06-01
    assert {number: text for (number, lang), text in shown.items() if lang == "en"} == {
        "NCT00000001": "completed (as of 2019-01)", "NCT00000002": "terminated (as of 2022)",
        "NCT00000003": "recruiting (as of 2024-05)",
        "2020-001234-56": "active, not recruiting (as of 2023)"}
    assert shown["NCT00000003", "fr"] == "en recrutement (au 2024-05)"
    assert shown["NCT00000003", "nl"] == "werft deelnemers (op 2024-05)"
    earlier = statuses(time_graph, datetime.date(2023, 10, 1))
    assert earlier["NCT00000003", "en"] == "not yet recruiting (as of 2023-06)"  # its status then
    assert earlier["NCT00000001", "en"] == "completed (as of 2019-01)"
    assert statuses(time_graph, datetime.date(2018, 6, 1))["NCT00000001", "en"] == ""  # not yet known
