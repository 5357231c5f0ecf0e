"""atmp-kg reconcile: the registry readers on small files in each registry's format
(tests/data/registries/, see tests/data/README.md), matching, checks, the review file and its
merge, bad input, and the online path against a local server."""

import csv
import http.server
import json
import shutil
import threading
import zipfile

import pytest
from click.testing import CliRunner
from conftest import DATA
from registry_server import Reply, Server

from atmp_kg.cli import main
from atmp_kg.reconcile import reconcile
from atmp_kg.reconcile.names import domain, name_key
from atmp_kg.reconcile.records import read_actors

GRAPH = DATA / "reconcile"
REGISTRIES = DATA / "registries"


def rows_of(registry, path, graph=GRAPH):
    rows, found = reconcile(registry, graph, path)
    return rows, found


def by(rows, actor, field=None):
    return [row for row in rows if row["actor"] == actor and (field is None or row["field"] == field)]


def test_name_keys_drop_legal_forms_case_accents_and_punctuation():
    assert name_key("Bone Therapeutics S.A.") == name_key("BONE THERAPEUTICS") == "bone therapeutics"
    assert name_key("N.V. Galapagos") == name_key("Galapagos NV") == "galapagos"
    assert name_key("Université de Liège") == "universite de liege"
    assert name_key("SA") == ""  # a legal form alone is no name
    assert domain("https://www.Example.org/en/") == domain("example.org") == "example.org"


# -- the enterprise register ---------------------------------------------------------------

def test_kbo_finds_a_renamed_company_by_its_former_name():
    rows, _ = rows_of("kbo", REGISTRIES / "kbo")
    [alpha] = by(rows, "alpha", "enterprise_number")
    assert (alpha["value"], alpha["status"]) == ("0810.000.181", "suggested")
    assert '"Oldname Bio" (former)' in alpha["evidence"] and "website alpha.example.org" in alpha["evidence"]
    assert alpha["url"].endswith("ondernemingsnummer=0810000181") and alpha["date"] == "2025-10-31"


def test_kbo_two_enterprises_of_one_name_are_told_apart_by_their_city():
    rows, _ = rows_of("kbo", REGISTRIES / "kbo")
    liege, gent = by(rows, "beta", "enterprise_number")
    assert (liege["value"], liege["status"]) == ("0810.000.280", "suggested")
    assert (gent["value"], gent["status"]) == ("0810.000.379", "ambiguous")
    assert int(liege["score"]) > int(gent["score"]) and "another city: Gand" in gent["evidence"]


def test_kbo_two_enterprises_of_one_name_are_ambiguous_without_a_seat(tmp_path):
    graph = shutil.copytree(GRAPH, tmp_path / "graph")
    text = (graph / "actors.csv").read_text().replace("beta,cdmo,Beta Bio,,,,liege,", "beta,cdmo,Beta Bio,,,,,")
    (graph / "actors.csv").write_text(text)
    rows, _ = rows_of("kbo", REGISTRIES / "kbo", graph)
    assert [row["status"] for row in by(rows, "beta", "enterprise_number")] == ["ambiguous", "ambiguous"]


def test_a_close_runner_up_makes_even_a_high_score_ambiguous():
    from atmp_kg.reconcile.match import rank
    from atmp_kg.reconcile.records import Record

    actor = read_actors(GRAPH)["beta"]

    def record(value, city):
        return Record("enterprise_number", value, "Beta Bio", [("Beta Bio", "name", "fr")], "https://example.org/",
                      "t", "p", cities=(city,), country="BE")

    close = rank(actor, [record("a", "Liège"), record("b", "Luik")])
    assert [(c.score, c.status) for c in close] == [(75, "ambiguous"), (75, "ambiguous")]
    apart = rank(actor, [record("a", "Liège"), record("b", "Gand")])
    assert [(c.score, c.status) for c in apart] == [(75, "suggested"), (50, "ambiguous")]


def test_kbo_matches_a_french_only_name_through_the_actors_french_name():
    rows, _ = rows_of("kbo", REGISTRIES / "kbo")
    [chu] = by(rows, "chu", "enterprise_number")
    assert (chu["value"], chu["status"]) == ("0810.000.478", "suggested")
    assert "(name, fr)" in chu["evidence"]


def test_kbo_skips_and_reports_an_enterprise_number_with_a_wrong_check_digit():
    rows, found = rows_of("kbo", REGISTRIES / "kbo")
    assert "0810.000.370" not in {row["value"] for row in rows}
    assert found.skipped == [f"{REGISTRIES / 'kbo' / 'denomination.csv'} row 10: enterprise number 0810.000.370 "
                             "fails its mod-97 check; skipped"]


def test_kbo_checks_the_enterprise_numbers_of_the_graph():
    rows, _ = rows_of("kbo", REGISTRIES / "kbo")
    [delta] = by(rows, "delta")  # not in the open data: stopped
    assert (delta["status"], delta["current"], delta["value"], delta["candidate_status"]) == (
        "check", "0810.000.676", "", "absent")
    [epsilon] = by(rows, "epsilon")
    assert epsilon["status"] == "check" and epsilon["value"] == epsilon["current"]
    assert "juridical situation 012 (Situation de l'exemple)" in epsilon["evidence"]


def test_kbo_seat_fills_an_unknown_seat_from_the_seat_in_force():
    rows, _ = rows_of("kbo", REGISTRIES / "kbo")
    [seat] = by(rows, "gamma", "place")
    assert (seat["value"], seat["status"]) == ("gent", "suggested")  # the Liège seat was struck off
    assert by(rows, "alpha", "place") == []  # a known seat is never proposed


def test_kbo_reads_the_published_zip_like_the_folder(tmp_path):
    archive = tmp_path / "KboOpenData_0140_2025_11_Full.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted((REGISTRIES / "kbo").iterdir()):
            out.write(path, path.name)
    assert rows_of("kbo", archive)[0] == rows_of("kbo", REGISTRIES / "kbo")[0]


# -- ROR, GLEIF, Wikidata ------------------------------------------------------------------

def test_ror_proposes_the_successor_of_a_deprecated_record():
    rows, found = rows_of("ror", REGISTRIES / "ror-v2-dump.json")
    [uni] = by(rows, "uni")
    assert (uni["status"], uni["current"], uni["value"], uni["candidate_status"]) == (
        "check", "0abcdef23", "0ghjkmn67", "inactive")
    [inst] = by(rows, "inst")  # the namesake in Lyon scores too low to be proposed
    assert (inst["value"], inst["status"], inst["url"]) == ("0pqrstv14", "suggested", "https://ror.org/0pqrstv14")
    assert found.complete and not rows_of("ror", REGISTRIES / "ror-v2-api.json")[1].complete


def test_gleif_golden_copy_and_api_answer_give_the_same_candidate():
    csv_rows, _ = rows_of("gleif", REGISTRIES / "gleif-golden-copy.csv")
    api_rows, _ = rows_of("gleif", REGISTRIES / "gleif-api.json")
    assert by(csv_rows, "alpha") == by(api_rows, "alpha")
    [alpha] = by(csv_rows, "alpha")
    assert (alpha["value"], alpha["status"]) == ("5493ALPHAFIXTURE0071", "suggested")
    [zeta] = by(csv_rows, "zeta")  # a lapsed LEI
    assert (zeta["status"], zeta["candidate_status"]) == ("check", "ACTIVE/LAPSED")
    [beta] = by(csv_rows, "beta")
    assert "fails the mod-97 check: ignored" in beta["evidence"]


def test_wikidata_candidates_and_an_item_that_now_describes_something_else():
    rows, _ = rows_of("wikidata", REGISTRIES / "wikidata-results.json")
    alpha = by(rows, "alpha")
    assert [(row["value"], row["status"]) for row in alpha] == [("Q1000001", "suggested"), ("Q1000002", "ambiguous")]
    assert "another country: US" in alpha[1]["evidence"] and "fails the mod-97 check" in alpha[1]["evidence"]
    [omega] = by(rows, "omega")
    assert (omega["status"], omega["value"]) == ("check", "") and "Omega Football Club" in omega["evidence"]


def test_wikidata_query_binds_names_as_literals():
    from atmp_kg.reconcile.wikidata import query

    actors = read_actors(GRAPH)
    actors["alpha"].names.append(('Evil" } ; DROP ALL ; #', "alias"))
    text = query(list(actors.values()))
    assert '"Evil\\" } ; DROP ALL ; #"@en' in text and '"Centre Hospitalier Universitaire d\'Exemple"@fr' in text
    assert '"0810.000.676" "0810.000.775" "0810000676" "0810000775"' in text
    assert "<http://www.wikidata.org/entity/Q1000009>" in text


# -- the command, the review file and its merge --------------------------------------------

def run(*args):
    return CliRunner().invoke(main, ["reconcile", *map(str, args)])


def decide(path, decision_of):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["decision"] = decision_of(row)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_accepted_identifiers_enter_the_graph_with_their_record_and_rejections_stay_rejected(tmp_path):
    graph = shutil.copytree(GRAPH, tmp_path / "graph")
    review = tmp_path / "review"
    result = run("kbo", "--from", REGISTRIES / "kbo", "--graph", graph, "--review", review)
    assert result.exit_code == 0, result.output
    assert "5 suggested, 1 ambiguous, 2 to check" in result.output
    path = review / "reconcile-kbo.csv"
    decide(path, lambda row: {"suggested": "accept", "ambiguous": "reject"}.get(row["status"], ""))
    before = (graph / "actors.csv").read_text()
    merged = CliRunner().invoke(main, ["review", str(path), "--graph", str(graph), "--apply"])
    assert merged.exit_code == 0, merged.output
    actors = {row["id"]: row for row in csv.DictReader((graph / "actors.csv").open())}
    assert actors["alpha"]["enterprise_number"] == "0810.000.181"
    assert actors["alpha"]["sources"] == "src-a|enterprise-number-0810-000-181"
    assert actors["gamma"]["place"] == "gent"
    assert actors["delta"]["enterprise_number"] == "0810.000.676"  # a pending check changes nothing
    sources = {row["id"]: row for row in csv.DictReader((graph / "sources.csv").open())}
    assert sources["enterprise-number-0810-000-181"]["url"].endswith("ondernemingsnummer=0810000181")
    untouched = [line for line in before.splitlines() if line.startswith(("uni,", "omega,", "zeta,"))]
    assert all(line in (graph / "actors.csv").read_text().splitlines() for line in untouched)
    assert "reconcile-kbo.csv,actors,beta,enterprise_number,0810.000.379" in (review / "rejected.csv").read_text()


def test_a_rejected_candidate_is_not_proposed_again(tmp_path):
    review = tmp_path / "review"
    assert run("ror", "--from", REGISTRIES / "ror-v2-dump.json", "--graph", GRAPH, "--review", review).exit_code == 0
    path = review / "reconcile-ror.csv"
    decide(path, lambda row: "reject" if row["actor"] == "inst" else "")
    listed = CliRunner().invoke(main, ["review", str(path), "--graph", str(GRAPH), "--apply"])
    assert listed.exit_code == 0, listed.output
    assert run("ror", "--from", REGISTRIES / "ror-v2-dump.json", "--graph", GRAPH, "--review", review).exit_code == 0
    assert [row["actor"] for row in csv.DictReader(path.open())] == ["uni"]


def test_decisions_written_earlier_are_kept_when_the_file_is_made_again(tmp_path):
    review = tmp_path / "review"
    assert run("ror", "--from", REGISTRIES / "ror-v2-dump.json", "--graph", GRAPH, "--review", review).exit_code == 0
    path = review / "reconcile-ror.csv"
    decide(path, lambda row: "accept" if row["actor"] == "inst" else "")
    assert run("ror", "--from", REGISTRIES / "ror-v2-dump.json", "--graph", GRAPH, "--review", review).exit_code == 0
    assert {row["actor"]: row["decision"] for row in csv.DictReader(path.open())} == {"inst": "accept", "uni": ""}


def cut_zip(tmp_path):
    archive = tmp_path / "kbo.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted((REGISTRIES / "kbo").iterdir()):
            out.write(path, path.name)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    return archive


def cut_csv(tmp_path):
    folder = shutil.copytree(REGISTRIES / "kbo", tmp_path / "kbo")
    text = (folder / "denomination.csv").read_text(encoding="utf-8")
    (folder / "denomination.csv").write_text(text[: text.index("Beta Bio") + 4], encoding="utf-8")
    return folder


def missing_column(tmp_path):
    folder = shutil.copytree(REGISTRIES / "kbo", tmp_path / "kbo")
    text = (folder / "address.csv").read_text(encoding="utf-8")
    (folder / "address.csv").write_text(text.replace('"MunicipalityFR",', '"Gemeente",', 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("registry", "make", "message"), [
    ("kbo", lambda tmp: REGISTRIES / "ror-v2-dump.json", "not the enterprise register's open data"),
    ("kbo", cut_zip, "not a readable zip"),
    ("kbo", cut_csv, "the file ends inside a quoted cell"),
    ("kbo", missing_column, "address.csv row 1: missing column(s) MunicipalityFR"),
    ("ror", lambda tmp: REGISTRIES / "ror-v2-truncated.json", "(the document ends too early: cut short?)"),
    ("gleif", lambda tmp: REGISTRIES / "wikidata-results.json", "not a GLEIF API answer"),
    ("wikidata", lambda tmp: REGISTRIES / "gleif-api.json", "not a SPARQL JSON result"),
])
def test_a_wrong_or_cut_file_is_a_clear_error_and_nothing_is_written(tmp_path, registry, make, message):
    review = tmp_path / "review"
    review.mkdir()
    earlier = review / f"reconcile-{registry}.csv"
    earlier.write_text("actor,field\nkept,as it was\n")
    result = run(registry, "--from", make(tmp_path), "--graph", GRAPH, "--review", review)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert earlier.read_text() == "actor,field\nkept,as it was\n"
    assert sorted(path.name for path in review.iterdir()) == [earlier.name]


def test_from_or_online_is_required():
    result = run("ror", "--graph", GRAPH)
    assert result.exit_code == 2 and "either --from PATH" in result.output
    assert run("kbo", "--online", "--graph", GRAPH).exit_code == 2


# -- online, against a local server --------------------------------------------------------

class RorService(http.server.BaseHTTPRequestHandler):
    """A ROR API v2 on 127.0.0.1: a search answers the fixture's API answer; an id its record;
    the first request gets 429 with Retry-After."""

    seen = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        RorService.seen.append((self.path, self.headers.get("User-Agent")))
        if len(RorService.seen) == 1:
            self.send_response(429)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        dump = json.loads((REGISTRIES / "ror-v2-dump.json").read_text())
        if "query=" in self.path:
            body = (REGISTRIES / "ror-v2-api.json").read_bytes()
        else:
            body = json.dumps(next(item for item in dump if item["id"].endswith(self.path.rsplit("/", 1)[1]))).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_online_ror_is_polite_and_gives_what_the_dump_gives(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RorService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    RorService.seen.clear()
    try:
        api = f"http://127.0.0.1:{server.server_port}/v2/organizations"
        review = tmp_path / "review"
        result = run("ror", "--online", "--api", api, "--graph", GRAPH, "--review", review, "--quiet")
        assert result.exit_code == 0, result.output
        requests = len(RorService.seen)
        again = run("ror", "--online", "--api", api, "--graph", GRAPH, "--review", review, "--quiet")
        assert again.exit_code == 0 and len(RorService.seen) == requests  # answered from the cache
    finally:
        server.shutdown()
    assert all(agent.startswith("atmp-kg/") for _, agent in RorService.seen)
    assert RorService.seen[0][0] == RorService.seen[1][0]  # retried after the 429
    online = {(row["actor"], row["value"], row["status"]) for row in csv.DictReader(
        (review / "reconcile-ror.csv").open())}
    assert online == {("inst", "0pqrstv14", "suggested"), ("uni", "0ghjkmn67", "check")}


# -- online Wikidata and GLEIF, against the local registry server -----------------------------

def decided_rows(path):
    return sorted((row["actor"], row["field"], row["value"], row["status"], row["candidate_status"])
                  for row in csv.DictReader(path.open(encoding="utf-8")))


def online_twice(registry, api, tmp_path, server):
    """Reconcile ``registry`` online twice against ``api``; the second run must ask nothing."""
    review = tmp_path / "review"
    result = run(registry, "--online", "--api", api, "--graph", GRAPH, "--review", review, "--quiet")
    assert result.exit_code == 0, result.output
    asked = len(server.requests)
    again = run(registry, "--online", "--api", api, "--graph", GRAPH, "--review", review, "--quiet")
    assert again.exit_code == 0 and len(server.requests) == asked  # answered from the cache
    return review / f"reconcile-{registry}.csv"


def from_file(registry, path, tmp_path):
    review = tmp_path / "from-file"
    assert run(registry, "--from", path, "--graph", GRAPH, "--review", review, "--quiet").exit_code == 0
    return review / f"reconcile-{registry}.csv"


def test_online_wikidata_is_polite_and_gives_what_the_saved_answer_gives(tmp_path):
    with Server() as server:
        answer = (REGISTRIES / "wikidata-results.json").read_bytes()
        server.script("/sparql", Reply(429, headers={"Retry-After": "0"}),
                      Reply(200, answer, {"Content-Type": "application/sparql-results+json"}))
        path = online_twice("wikidata", server.url("/sparql"), tmp_path, server)
    (first, query, agent), (retried, again, _) = server.requests[:2]
    assert (first, query) == (retried, again) and agent.startswith("atmp-kg/")  # retried after the 429
    assert '"Oldname Bio"@en' in query["query"] and query["format"] == "json"  # the names, bound as literals
    assert decided_rows(path) == decided_rows(from_file("wikidata", REGISTRIES / "wikidata-results.json", tmp_path))


def gleif_api(records):
    """A GLEIF lei-records API over ``records`` (its JSON:API items): a record by its LEI, a full-text
    search on names (words in any case), a search by registered number; 429 to the first request."""
    by_lei = {item["attributes"]["lei"]: item for item in records}
    answered = []

    def names(item):
        entity = item["attributes"]["entity"]
        return [entity["legalName"]["name"], *(other["name"] for other in entity["otherNames"])]

    def answer(path, query):
        answered.append(path)
        if len(answered) == 1:
            return Reply(429, headers={"Retry-After": "0"})
        lei = path.rsplit("/", 1)[1]
        if lei in by_lei:
            return Reply(200, json.dumps({"data": by_lei[lei]}).encode())
        if "filter[fulltext]" in query:
            words = set(query["filter[fulltext]"].lower().split())
            found = [item for item in records if any(words <= set(name.lower().split()) for name in names(item))]
        else:
            found = [item for item in records
                     if item["attributes"]["entity"]["registeredAs"] == query.get("filter[entity.registeredAs]")]
        return Reply(200, json.dumps({"data": found}).encode())

    return answer


def test_online_gleif_is_polite_and_gives_what_the_golden_copy_gives(tmp_path):
    records = json.loads((REGISTRIES / "gleif-api-records.json").read_text(encoding="utf-8"))["data"]
    with Server() as server:
        server.route(gleif_api(records))
        path = online_twice("gleif", server.url("/api/v1/lei-records"), tmp_path, server)
    paths = [request_path for request_path, _, _ in server.requests]
    assert paths[0] == paths[1] and all(agent.startswith("atmp-kg/") for _, _, agent in server.requests)
    assert "/api/v1/lei-records/5493ZETAFIXTURE00085" in paths  # the LEI the graph holds, checked
    assert {"filter[fulltext]": "Alpha Therapeutics", "page[size]": "20"} in server.hits("/api/v1/lei-records")
    online = decided_rows(path)
    assert online == decided_rows(from_file("gleif", REGISTRIES / "gleif-golden-copy.csv", tmp_path))
    assert ("zeta", "lei", "", "check", "ACTIVE/LAPSED") in online
