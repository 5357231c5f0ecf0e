"""`atmp-kg harvest`: each registry reader on small files in the registry's published format
(tests/data/registries, README there), the ATMP filter, matching (an enterprise number under
another name, names without accents or legal forms), rejections, bad input, online paging
against a local server, and the proposals merged by `atmp-kg review`."""

import csv
import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY
from registry_server import Reply, Server
from xlsx_file import write_xlsx

from atmp_kg.cli import main
from atmp_kg.fetch import Client, FetchError
from atmp_kg.harvest import clinicaltrials
from atmp_kg.harvest.atmp import classify
from atmp_kg.harvest.run import harvest
from atmp_kg.review.rejected import Rejection, record

REGISTRIES = DATA / "registries"
STUDIES = REGISTRIES / "clinicaltrials" / "studies.json"


@pytest.fixture
def graph(tmp_path):
    """A writable copy of the registries' fixture graph (tiny/ plus a product and a trial)."""
    target = tmp_path / "graph"
    shutil.copytree(REGISTRIES / "graph", target)
    return target


def run(graph, *args):
    return CliRunner().invoke(main, ["harvest", *args, "--graph", str(graph), "--review",
                                     str(graph.parent / "review"), "--quiet", "--explain"])


def rows(folder, table):
    path = folder / f"{table}.csv"
    return list(csv.DictReader(path.open(encoding="utf-8"))) if path.exists() else []


def by_match(folder, table):
    return {(row.get("id") or row.get("actor") or row.get("product") or row.get("subject"), row["match"]): row
            for row in rows(folder, table)}


# -- the ATMP filter -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Autologous anti-CD19 CAR-T cells", ("gene-modified-cell-therapy", "car-t")),
    ("AAV5 vector expressing factor IX", ("in-vivo-gene-therapy", "aav")),
    ("CRISPR-Cas9 edited CD34+ cells", ("gene-editing", "crispr")),
    ("Allogeneic mesenchymal stromal cells", ("cell-therapy", "mesenchymal")),
    ("Mesenchymal cell-derived exosomes", ("exosome", "exosome")),
    ("Personalised bacteriophage cocktail", ("phage", "bacteriophage")),
    ("Allogeneic hematopoietic stem cell transplantation", None),
    ("Ex vivo expanded limbal stem cells", ("cell-therapy", "stem cell")),
    ("Autologous stem cell transplant after high-dose melphalan", None),
    ("Platelet-rich plasma injection", None),
    ("Pembrolizumab", None),
    ("Stem cell transplantation, then CAR-T consolidation", ("gene-modified-cell-therapy", "car-t")),
    ("Scar-tissue massage", None),  # 'car-t' inside a word is not CAR-T
])
def test_the_atmp_filter_keeps_the_documented_terms_and_leaves_out_the_excluded(text, expected):
    assert classify(text) == expected


# -- ClinicalTrials.gov ----------------------------------------------------------------------

def test_clinicaltrials_keeps_atmp_trials_in_belgium_and_matches_the_graph(graph):
    result = run(graph, "clinicaltrials", "--from", str(STUDIES))
    assert result.exit_code == 0, result.output
    assert "5 record(s) read, 2 kept (ATMP; BE)" in result.output
    assert "trials: 1 new, 0 same, 3 differ" in result.output
    folder = graph.parent / "review" / "clinicaltrials"
    trials = rows(folder, "trials")
    assert {row["id"] for row in trials} == {"2019-001234-56", "NCT05000005"}  # HSCT, drug, France-only left out
    matches = sorted(row["match"] for row in trials if row["id"] == "2019-001234-56")
    assert matches == ['differs from 2019-001234-56: phase phase-1 -> phase-1-2',
                       'differs from 2019-001234-56: sites "" -> beta|hopital-delta',
                       'differs from 2019-001234-56: start ""'
                       ' -> 2023-03-15']  # an estimated end is no end; its status is a dated row of its own
    statuses = rows(folder, "trial-statuses")  # the trial's status, verified 2024-05
    assert [(row["trial"], row["status"], row["date"], row["source"], row["match"]) for row in statuses] == [
        ("2019-001234-56", "recruiting", "2024-05", "ctgov-nct05000001", "new")]
    assert "the graph has no status of 2019-001234-56" in statuses[0]["explain"]
    assert all(row["sources"] == "ctgov-nct05000001" for row in trials if row["id"] == "2019-001234-56")
    mesenchymal = next(row for row in trials if row["id"] == "NCT05000005")  # no phase, no start: left empty
    assert (mesenchymal["match"], mesenchymal["sponsor"], mesenchymal["phase"], mesenchymal["start"],
            mesenchymal["therapy"], mesenchymal["product"]) == ("new", "uni", "", "", "cell-therapy", "")
    assert (mesenchymal["status"], mesenchymal["status_date"], mesenchymal["end"], mesenchymal["note"]) == (
        "terminated", "2022-11", "2022-10-14", 'the registry\'s reason for stopping: "Funding ended"')
    assert "'Universite Fixture' is uni, found by name 'Université Fixture'" in mesenchymal["explain"]
    actors = by_match(folder, "actors")
    assert actors["hopital-delta", "new"]["place"] == "liege" and actors["hopital-delta", "new"]["type"] == ""
    assert actors["hopital-delta", "new"]["sources"] == "ctgov-nct05000001|ctgov-nct05000005"
    assert rows(folder, "phases") == [{"product": "alphacar", "phase": "phase-1-2", "date": "2023-03-15",
                                       "source": "ctgov-nct05000001", "note": "", "match": "new", "decision": "",
                                       "explain": rows(folder, "phases")[0]["explain"]}]
    sources = {row["id"]: row for row in rows(folder, "sources")}
    assert sources["ctgov-nct05000001"]["url"] == "https://clinicaltrials.gov/study/NCT05000001"
    assert sources["ctgov-nct05000001"]["date"] == "2024-05-20"
    assert sources["ctgov-nct05000005"]["note"] == ""  # the status is in the trial's own columns


@pytest.mark.parametrize("history, proposed", [
    ("", True),  # no status yet
    ("active-not-recruiting,2024-01,src-a", True),
    ("active-not-recruiting,2022,src-a\nrecruiting,2023-01,src-a", False),  # the latest is the registry's
    ("recruiting,2022,src-a\nactive-not-recruiting,2023-01,src-a", True),  # an earlier one is no match
])
def test_a_status_other_than_the_graph_s_latest_is_a_new_dated_row(graph, history, proposed):
    rows_ = "".join(f"2019-001234-56,{line},\n" for line in history.splitlines())
    (graph / "trial-statuses.csv").write_text("trial,status,date,source,note\n" + rows_, encoding="utf-8")
    assert run(graph, "clinicaltrials", "--from", str(STUDIES)).exit_code == 0
    folder = graph.parent / "review" / "clinicaltrials"
    found = [(row["trial"], row["status"], row["date"], row["match"]) for row in rows(folder, "trial-statuses")]
    assert found == ([("2019-001234-56", "recruiting", "2024-05", "new")] if proposed else [])
    assert not [row for row in rows(folder, "trials") if row["match"].startswith("differs") and
                any(column in row["match"] for column in ("status", "note"))]


def study_with(status):
    """The fixture's terminated study (NCT05000005, a site in Belgium) with ``status`` as its statusModule."""
    text = (REGISTRIES / "clinicaltrials" / "page-3.json").read_text(encoding="utf-8")
    study = json.loads(text)["studies"][0]
    study["protocolSection"]["statusModule"] = status
    return study


@pytest.mark.parametrize("status, expected", [
    ({"overallStatus": "ENROLLING_BY_INVITATION", "statusVerifiedDate": "2024-02",
      "lastUpdatePostDateStruct": {"date": "2024-03-01"}},
     ("recruiting", "2024-02", "", "enrolling by invitation only")),
    ({"overallStatus": "COMPLETED", "lastUpdatePostDateStruct": {"date": "2023-01-10"},
      "primaryCompletionDateStruct": {"date": "2022-12", "type": "ACTUAL"}},
     ("completed", "2023-01-10", "2022-12", "")),  # no study completion: the primary one; no verified date
    ({"overallStatus": "ACTIVE_NOT_RECRUITING", "statusVerifiedDate": "2024-06",
      "primaryCompletionDateStruct": {"date": "2024-01-15", "type": "ACTUAL"},
      "completionDateStruct": {"date": "2027-12", "type": "ESTIMATED"}}, ("active-not-recruiting", "2024-06", "", "")),
    ({"overallStatus": "WITHDRAWN", "statusVerifiedDate": "2021-09", "whyStopped": " Sponsor decision "},
     ("withdrawn", "2021-09", "", 'the registry\'s reason for stopping: "Sponsor decision"')),
    ({"overallStatus": "AVAILABLE", "statusVerifiedDate": "2021-09"}, ("", "", "", "")),  # expanded access
])
def test_a_trial_gets_its_status_its_date_and_an_actual_end_from_the_record(status, expected):
    found = clinicaltrials.record(study_with(status), {"BE"}, 1, "page-3.json")
    [trial] = [cells for table, cells in found.rows if table == "trials"]
    assert (trial["status"], trial["status_date"], trial["end"], trial["note"]) == expected


def test_country_all_keeps_trials_anywhere(graph):
    result = run(graph, "clinicaltrials", "--from", str(STUDIES), "--country", "all")
    assert result.exit_code == 0 and "3 kept (ATMP; any country)" in result.output
    ids = {row["id"] for row in rows(graph.parent / "review" / "clinicaltrials", "trials")}
    assert "NCT05000003" in ids


def test_since_keeps_records_updated_on_or_after_the_day(graph):
    result = run(graph, "clinicaltrials", "--from", str(STUDIES), "--since", "2023-01-01")
    assert result.exit_code == 0 and "1 kept" in result.output
    assert {row["id"] for row in rows(graph.parent / "review" / "clinicaltrials", "trials")} == {"2019-001234-56"}


def test_the_same_files_give_the_same_bytes(graph, tmp_path):
    run(graph, "clinicaltrials", "--from", str(STUDIES))
    folder = graph.parent / "review" / "clinicaltrials"
    first = {path.name: path.read_bytes() for path in folder.iterdir()}
    run(graph, "clinicaltrials", "--from", str(STUDIES))
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == first


# -- CORDIS ---------------------------------------------------------------------------------

def cordis_zip(tmp_path):
    path = tmp_path / "cordis-HORIZONprojects-csv.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("project.csv", "organization.csv"):
            archive.write(REGISTRIES / "cordis" / name, name)
    return path


@pytest.mark.parametrize("form", ["folder", "zip"])
def test_cordis_proposes_the_project_its_belgian_participants_roles_and_amounts(graph, tmp_path, form):
    given = REGISTRIES / "cordis" if form == "folder" else cordis_zip(tmp_path)
    result = run(graph, "cordis", "--from", str(given))
    assert result.exit_code == 0, result.output
    assert "3 record(s) read, 1 kept" in result.output  # solar project and German-only CAR-T project left out
    folder = graph.parent / "review" / "cordis"
    [project] = rows(folder, "collaborations")
    assert (project["id"], project["acronym"], project["start"], project["end"], project["therapies"],
            project["match"]) == ("exocure-101000001", "EXOCURE", "2023-01-01", "2026-12-31", "exosome", "new")
    roles = {(row["actor"], row["role"]) for row in rows(folder, "memberships")}
    assert roles == {("alpha", "coordinator"), ("uni", "partner"), ("gamma-cells-srl", "partner"),
                     ("eta-regulatory-bv", "partner")}  # the French participant is not in BE
    amounts = {(row["subject"], row["measure"]): row["value"] for row in rows(folder, "figures")}
    assert amounts == {("exocure-101000001", "budget"): "3200000",
                       ("exocure-101000001", "amount-allocated"): "2999999.5",
                       ("alpha", "amount-allocated"): "1200000", ("uni", "amount-allocated"): "900000",
                       ("gamma-cells-srl", "amount-allocated"): "400000.5"}
    source = rows(folder, "sources")[0]
    assert (source["url"], source["date"]) == ("https://cordis.europa.eu/project/id/101000001", "2024-03-05")


def test_a_participant_is_matched_by_its_vat_number_under_another_name(graph):
    run(graph, "cordis", "--from", str(REGISTRIES / "cordis"))
    actors = by_match(graph.parent / "review" / "cordis", "actors")
    alpha = actors["alpha", "differs from alpha: aliases Alpha|AT -> Alpha|AT|ALPHA BIOTECH SA"]
    assert "found by enterprise number 0403.170.701" in alpha["explain"] and alpha["name"] == "Alpha Therapeutics"
    gamma = actors["gamma-cells-srl", "new"]
    assert (gamma["enterprise_number"], gamma["place"], gamma["type"]) == ("0417.497.106", "liege", "")
    assert actors["uni", "same as uni"]  # UNIVERSITE FIXTURE: its name without case or accents


# -- EMA ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["epar.xlsx", "epar.csv"])
def test_ema_proposes_advanced_therapies_with_their_dated_authorisations(graph, name):
    result = run(graph, "ema", "--from", str(REGISTRIES / "ema" / name))
    assert result.exit_code == 0, result.output
    folder = graph.parent / "review" / "ema"
    products = {(row["id"], row["match"]) for row in rows(folder, "products")}
    assert products == {("betagen", "new"), ("refusa", "new"),
                        ("alphacar", "differs from alphacar: aliases ALPHA-19 -> ALPHA-19|alphacabtagene autoleucel"),
                        ("alphacar", 'differs from alphacar: legal_class "" -> gene-therapy')}  # not Plainmab, Vetcell
    phases = {(row["product"], row["phase"], row["date"]) for row in rows(folder, "phases")}
    assert phases == {("alphacar", "authorised", "2022-05-10"), ("betagen", "authorised", "2019-01-01"),
                      ("betagen", "withdrawn", "2023-02-01")}  # refused: no phase, said in its source's note
    sources = {row["id"]: row for row in rows(folder, "sources")}
    assert sources["ema-refusa"]["note"] == "EMA status refused; refused 2021-07-15"
    assert sources["ema-betagen"]["url"] == "https://www.ema.europa.eu/en/medicines/human/EPAR/betagen"
    assert sources["ema-betagen"]["date"] == "2023-11-20"


def test_the_excel_and_the_csv_table_give_the_same_proposals(graph):
    run(graph, "ema", "--from", str(REGISTRIES / "ema" / "epar.xlsx"))
    folder = graph.parent / "review" / "ema"
    from_excel = {path.name: path.read_bytes() for path in folder.iterdir()}
    run(graph, "ema", "--from", str(REGISTRIES / "ema" / "epar.csv"))
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == from_excel


# -- rejections, review --------------------------------------------------------------------

def test_rejected_rows_are_not_proposed_again(graph):
    review = graph.parent / "review"
    record(review, [Rejection("cordis", "actors", "gamma-cells-srl"),
                    Rejection("cordis", "actors", "alpha", "aliases", "Alpha|AT|ALPHA BIOTECH SA")])
    result = run(graph, "cordis", "--from", str(REGISTRIES / "cordis"))
    assert "2 proposal(s) rejected before, left out" in result.output
    actors = {row["id"] for row in rows(review / "cordis", "actors") if row["match"] != "same as " + row["id"]}
    assert actors == {"eta-regulatory-bv"}
    members = {row["actor"] for row in rows(review / "cordis", "memberships")}
    assert members == {"alpha", "uni", "eta-regulatory-bv"}  # nor the rows naming the rejected actor


def test_accepted_proposals_merge_only_when_they_pass_the_build(graph):
    review = graph.parent / "review"
    for source, given in (("cordis", REGISTRIES / "cordis"), ("ema", REGISTRIES / "ema" / "epar.xlsx"),
                          ("clinicaltrials", STUDIES)):
        assert run(graph, source, "--from", str(given)).exit_code == 0
    decide(review / "cordis", given_type=MISTYPED)
    before = (graph / "actors.csv").read_bytes()
    refused = CliRunner().invoke(main, ["review", str(review / "cordis"), "--graph", str(graph), "--ontology",
                                        str(ONTOLOGY), "--apply"])
    assert refused.exit_code == 1 and "graph/actors.csv row 5, column type" in refused.output
    assert (graph / "actors.csv").read_bytes() == before
    for source in ("cordis", "ema", "clinicaltrials"):
        decide(review / source, given_type="developer")
        merged = CliRunner().invoke(main, ["review", str(review / source), "--graph", str(graph), "--ontology",
                                           str(ONTOLOGY), "--apply"])
        assert merged.exit_code == 0, merged.output
    trial = next(row for row in csv.DictReader((graph / "trials.csv").open()) if row["id"] == "2019-001234-56")
    assert (trial["phase"], trial["start"], trial["sites"], trial["sources"]) == (
        "phase-1-2", "2023-03-15", "beta|hopital-delta", "src-a|ctgov-nct05000001")  # columns the file lacked, added
    assert list(csv.DictReader((graph / "trial-statuses.csv").open())) == [  # a table the graph lacked, made
        {"trial": "2019-001234-56", "status": "recruiting", "date": "2024-05", "source": "ctgov-nct05000001",
         "note": ""}]
    stopped = next(row for row in csv.DictReader((graph / "trials.csv").open()) if row["id"] == "NCT05000005")
    assert (stopped["status"], stopped["status_date"], stopped["end"]) == ("terminated", "2022-11", "2022-10-14")
    again = run(graph, "cordis", "--from", str(REGISTRIES / "cordis"))
    assert "actors: 0 new" in again.output and "memberships: 0 new, 4 same" in again.output


MISTYPED = "company"  # not an actor type


def decide(folder, given_type):
    """Accept every row of a proposal folder, as a person would in a spreadsheet, giving each new
    actor whose type the registry did not give (or that was ``MISTYPED``) ``given_type``."""
    for path in folder.glob("*.csv"):
        if path.name == "sources.csv":
            continue
        table = list(csv.DictReader(path.open(encoding="utf-8")))
        for row in table:
            row["decision"] = "accept"
            if path.name == "actors.csv" and row["match"] == "new" and row["type"] in ("", MISTYPED):
                row["type"] = given_type
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(table[0]))
            writer.writeheader()
            writer.writerows(table)


# -- bad input -----------------------------------------------------------------------------

def bad_files(tmp_path):
    studies = STUDIES.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(studies[: studies.index('"NCT05000003"') + 5], encoding="utf-8")
    organisations = tmp_path / "cordis"
    shutil.copytree(REGISTRIES / "cordis", organisations)
    lines = (organisations / "organization.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].replace('"vatNumber";', "")
    (organisations / "organization.csv").write_text(header + "".join(lines[1:]), encoding="utf-8")
    no_flag = tmp_path / "old-epar.xlsx"
    with (REGISTRIES / "ema" / "epar.csv").open(encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    write_xlsx(no_flag, [[c for i, c in enumerate(r) if i != 18] for r in table])
    not_xlsx = tmp_path / "epar.xlsx"
    not_xlsx.write_text("Category;Name of medicine\n", encoding="utf-8")
    return {
        "another format": ("clinicaltrials", REGISTRIES / "cordis" / "project.csv",
                           "project.csv: not a JSON file of records"),
        "truncated JSON": ("clinicaltrials", cut,
                           "cut.json line 59 column 43: not valid JSON: record 3: Unterminated string"),
        "missing column": ("cordis", organisations, "organization.csv row 1: column vatNumber missing"),
        "no advanced therapy column": ("ema", no_flag, "old-epar.xlsx row 9: column 'Advanced therapy' missing"),
        "not an xlsx": ("ema", not_xlsx, "epar.xlsx: not an Excel .xlsx file"),
    }


@pytest.mark.parametrize("case", ["another format", "truncated JSON", "missing column", "no advanced therapy column",
                                  "not an xlsx"])
def test_bad_input_is_exit_2_naming_the_file_and_writes_nothing(graph, tmp_path, case):
    source, path, message = bad_files(tmp_path)[case]
    folder = graph.parent / "review" / source
    folder.mkdir(parents=True)
    (folder / "trials.csv").write_text("an earlier proposal\n", encoding="utf-8")
    result = run(graph, source, "--from", str(path))
    assert result.exit_code == 2 and message in result.output, result.output
    assert [p.name for p in folder.iterdir()] == ["trials.csv"]  # the earlier proposals stay as they were
    assert (folder / "trials.csv").read_text() == "an earlier proposal\n"


def test_a_study_without_its_number_is_named_by_its_position(graph, tmp_path):
    path = tmp_path / "studies.json"
    path.write_text(json.dumps({"studies": [{"protocolSection": {"identificationModule": {"briefTitle": "x"}}}]}))
    result = run(graph, "clinicaltrials", "--from", str(path))
    assert result.exit_code == 2 and "studies.json: record 1: no protocolSection.identificationModule.nctId" \
        in result.output


# -- online ---------------------------------------------------------------------------------

def pages_server(server, broken_page=None):
    """Serve the three fixture pages by their pageToken: 429 (Retry-After) once on page 2, a 500
    once on page 3; ``broken_page`` is cut in the middle of its JSON."""
    pages = {None: "page-1.json", "NF0g5JGBlPMuwQY": "page-2.json", "NF0g5JGBlPMuwQZ": "page-3.json"}
    first = {"page-2.json": Reply(429, headers={"Retry-After": "2"}), "page-3.json": Reply(500)}

    def answer(path, query):
        name = pages[query.get("pageToken")]
        body = (REGISTRIES / "clinicaltrials" / name).read_bytes()
        if name == broken_page:
            return Reply(200, body[: len(body) // 2])
        return first.pop(name, None) or Reply(200, body)
    server.route(answer)


def online(graph, server, tmp_path, waits):
    client = Client(cache_dir=tmp_path / "cache", timeout=2, retries=3, sleep=waits.append)
    return harvest("clinicaltrials", client=client, countries={"BE"}, graph_dir=graph,
                   review_dir=graph.parent / "review", explain=True)


def test_online_pages_are_followed_with_retries_and_give_what_the_file_gives(graph, tmp_path, monkeypatch):
    run(graph, "clinicaltrials", "--from", str(STUDIES))
    folder = graph.parent / "review" / "clinicaltrials"
    from_file = {path.name: path.read_bytes() for path in folder.iterdir()}
    with Server() as server:
        monkeypatch.setattr(clinicaltrials, "API", server.url("/api/v2/studies"))
        pages_server(server)
        waits = []
        result = online(graph, server, tmp_path, waits)
        tokens = [query.get("pageToken") for query in server.hits("/api/v2/studies")]
        assert server.requests[0][2].startswith("atmp-kg/")
        assert 'AREA[LocationCountry]("Belgium")' in server.hits("/api/v2/studies")[0]["filter.advanced"]
    assert waits == [2.0, 1.0]  # Retry-After on page 2, backoff after the 500 on page 3
    assert tokens == [None, "NF0g5JGBlPMuwQY", "NF0g5JGBlPMuwQY", "NF0g5JGBlPMuwQZ", "NF0g5JGBlPMuwQZ"]
    assert (result.read, result.kept) == (5, 2)  # every study once: nothing lost, nothing twice
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == from_file


def test_a_broken_page_stops_the_run_naming_it_and_the_next_run_resumes_from_the_cache(graph, tmp_path, monkeypatch):
    with Server() as server:
        monkeypatch.setattr(clinicaltrials, "API", server.url("/api/v2/studies"))
        pages_server(server, broken_page="page-3.json")
        with pytest.raises(FetchError) as error:
            online(graph, server, tmp_path, [])
        assert "page 3 of the studies: a broken answer" in str(error.value)
        assert "the 2 page(s) before it are cached: run the same command again" in str(error.value)
        assert not (graph.parent / "review" / "clinicaltrials").exists()
        pages_server(server)  # the registry answers again
        server.requests.clear()
        result = online(graph, server, tmp_path, [])
        tokens = [query.get("pageToken") for query in server.hits("/api/v2/studies")]
    assert tokens == ["NF0g5JGBlPMuwQZ", "NF0g5JGBlPMuwQZ"]  # pages 1 and 2 from the cache; page 3 after its 500
    assert (result.read, result.kept) == (5, 2)


@pytest.mark.parametrize("options, message", [
    ([], "give either --from FILE (a downloaded file) or --online"),
    (["--from", str(STUDIES), "--online"], "give either --from FILE"),
    (["--from", str(STUDIES), "--country", "XX"], "--country 'XX': give ISO codes"),
    (["--from", str(STUDIES), "--since", "2024-13-01"], "'2024-13-01' is not an ISO date"),
])
def test_wrong_options_are_exit_2_and_say_what_to_give(graph, options, message):
    result = run(graph, "clinicaltrials", *options)
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (graph.parent / "review").exists()
