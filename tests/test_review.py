"""`atmp-kg review`: decided proposals merged into graph/ only after the build's validation, every
untouched row byte-identical, rejections remembered; on any problem graph/ stays as it was.
Fixtures: copies of tests/data/tiny with proposal folders written here, as a person leaves them."""

import csv
import io
import shutil

import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY

from atmp_kg.cli import main
from atmp_kg.errors import DataError
from atmp_kg.review import Change, apply_changes, decided, is_rejected, rejected
from atmp_kg.review.csvfile import CsvFile
from atmp_kg.review.proposals import read_proposals, write_proposals
from atmp_kg.review.tables import columns

NEW_SOURCE = {"id": "reg-gamma", "url": "https://registry.example.org/gamma", "title": "Gamma record",
              "publisher": "Fixture registry", "language": "en", "date": "2025-02-01", "note": ""}


def table_csv(table, rows, extra=("match", "decision")):
    out = io.StringIO()
    header = columns(table) + list(extra)
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in header})
    return out.getvalue()


@pytest.fixture
def setup(tmp_path):
    """``(graph, review, proposals)``: a copy of tiny/, and review/fixture/ beside it."""
    graph = tmp_path / "graph"
    shutil.copytree(DATA / "tiny", graph)
    folder = tmp_path / "review" / "fixture"
    folder.mkdir(parents=True)
    (folder / "sources.csv").write_text(table_csv("sources", [NEW_SOURCE], ()), encoding="utf-8")
    return graph, tmp_path / "review", folder


def snapshot(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def review(folder, graph, *options):
    return CliRunner().invoke(main, ["review", str(folder), "--graph", str(graph), "--ontology", str(ONTOLOGY),
                                     *options])


GAMMA = {"id": "gamma", "type": "cdmo", "name": "Gamma Cells", "place": "liege", "sources": "reg-gamma"}
BETA_WEBSITE = {"id": "beta", "type": "cdmo", "name": "Beta Manufacturing", "website": "https://beta.example.org",
                "sources": "reg-gamma", "match": 'differs from beta: website "" -> https://beta.example.org'}


def test_accepted_rows_are_merged_and_every_other_row_stays_byte_identical(setup):
    graph, _, folder = setup
    (folder / "actors.csv").write_text(table_csv("actors", [
        {**GAMMA, "match": "new", "decision": "accept"},
        {**BETA_WEBSITE, "decision": "Accept"},
        {"id": "delta", "type": "developer", "name": "Delta", "sources": "reg-gamma", "match": "new"},
    ]), encoding="utf-8")
    before = snapshot(graph)
    result = review(folder, graph, "--apply")
    assert result.exit_code == 0, result.output
    assert "1 pending" in result.output and "pending: fixture/actors.csv row 4: new actors row delta" in result.output
    assert "merged: actors: new row gamma" in result.output
    assert 'merged: actors: beta: website "" -> https://beta.example.org' in result.output
    after = snapshot(graph)
    assert {name for name in after if after[name] != before[name]} == {"actors.csv", "sources.csv"}
    old_lines, new_lines = before["actors.csv"].splitlines(), after["actors.csv"].splitlines()
    assert len(new_lines) == len(old_lines) + 1
    changed = [(old, new) for old, new in zip(old_lines, new_lines, strict=False) if old != new]
    assert changed == [(b"beta,cdmo,Beta Manufacturing,,,,liege,,,,,src-a",
                        b"beta,cdmo,Beta Manufacturing,,,,liege,https://beta.example.org,,,,src-a|reg-gamma")]
    assert new_lines[-1] == b"gamma,cdmo,Gamma Cells,,,,liege,,,,,reg-gamma"
    assert after["sources.csv"].startswith(before["sources.csv"])
    assert after["sources.csv"].endswith(b"reg-gamma,https://registry.example.org/gamma,Gamma record,"
                                         b"Fixture registry,2025-02-01,en,\n")


def test_without_apply_nothing_is_merged_and_the_pending_rows_are_listed(setup):
    graph, review_dir, folder = setup
    (folder / "actors.csv").write_text(table_csv("actors", [{**GAMMA, "match": "new", "decision": "accept"}]),
                                       encoding="utf-8")
    before = snapshot(graph)
    result = review(folder, graph)
    assert result.exit_code == 0 and "1 accepted" in result.output and "--apply" in result.output
    assert snapshot(graph) == before and not (review_dir / "rejected.csv").exists()


def test_a_merge_the_validation_refuses_changes_nothing_and_names_file_row_and_column(setup):
    graph, review_dir, folder = setup
    (folder / "relations.csv").write_text(table_csv("relations", [
        {"subject": "alpha", "relation": "collaborates-with", "object": "nobody", "source": "reg-gamma",
         "match": "new", "decision": "accept"}]), encoding="utf-8")
    (folder / "actors.csv").write_text(table_csv("actors", [{**GAMMA, "match": "new", "decision": "reject"}]),
                                       encoding="utf-8")
    before = snapshot(graph)
    result = review(folder, graph, "--apply")
    assert result.exit_code == 1
    assert "graph/relations.csv row 5, column object" in result.output and "nobody" in result.output
    assert "is unchanged" in result.output
    assert snapshot(graph) == before
    assert not (review_dir / "rejected.csv").exists()  # nothing recorded either


def test_a_stale_differs_row_is_refused(setup):
    graph, _, folder = setup
    (folder / "actors.csv").write_text(table_csv("actors", [
        {"id": "alpha", "type": "developer", "name": "Alpha Therapeutics", "website": "https://new.example.org",
         "sources": "reg-gamma", "match": 'differs from alpha: website "" -> https://new.example.org',
         "decision": "accept"}]), encoding="utf-8")
    before = snapshot(graph)
    result = review(folder, graph, "--apply")
    assert result.exit_code == 1
    assert 'fixture/actors.csv row 2: actors.csv row 2, column website: holds https://example.org/alpha, not ""' \
        in result.output
    assert snapshot(graph) == before


def test_a_source_id_taken_by_another_url_is_refused(setup):
    graph, _, folder = setup
    (folder / "sources.csv").write_text(table_csv("sources", [{**NEW_SOURCE, "id": "src-a"}], ()), encoding="utf-8")
    (folder / "actors.csv").write_text(table_csv("actors", [{**GAMMA, "sources": "src-a", "match": "new",
                                                             "decision": "accept"}]), encoding="utf-8")
    before = snapshot(graph)
    result = review(folder, graph, "--apply")
    assert result.exit_code == 1 and "source 'src-a' is in sources.csv row 2 with another URL" in result.output
    assert snapshot(graph) == before


def test_rejections_are_recorded_once_and_applying_again_changes_nothing(setup):
    graph, review_dir, folder = setup
    (folder / "actors.csv").write_text(table_csv("actors", [
        {**GAMMA, "match": "new", "decision": "accept"},
        {**BETA_WEBSITE, "decision": "reject"}]), encoding="utf-8")
    assert review(folder, graph, "--apply").exit_code == 0
    merged = snapshot(graph)
    again = review(folder, graph, "--apply")
    assert again.exit_code == 0 and "already in graph/: actors: new row gamma" in again.output
    assert snapshot(graph) == merged
    found = rejected(review_dir)
    assert [r.what() for r in found] == [("actors", "beta", "website", "https://beta.example.org")]
    assert found[0].name == "fixture"
    assert is_rejected(found, "actors", "beta", "website", "https://beta.example.org")
    assert not is_rejected(found, "actors", "beta", "website", "https://other.example.org")


@pytest.mark.parametrize("cell, message", [
    ("yes", "fixture/actors.csv row 2, column decision: 'yes': write accept, reject or leave it empty"),
    ("accept|reject", "column decision"),
])
def test_a_decision_that_is_not_accept_or_reject_is_an_error(setup, cell, message):
    graph, _, folder = setup
    (folder / "actors.csv").write_text(table_csv("actors", [{**GAMMA, "match": "new", "decision": cell}]),
                                       encoding="utf-8")
    result = review(folder, graph, "--apply")
    assert result.exit_code == 1 and message in result.output


def test_a_match_cell_that_disagrees_with_its_row_is_an_error(setup):
    graph, _, folder = setup
    (folder / "actors.csv").write_text(table_csv("actors", [
        {"id": "beta", "type": "cdmo", "name": "Beta", "website": "https://edited.example.org", "sources": "reg-gamma",
         "match": 'differs from beta: website "" -> https://beta.example.org', "decision": "accept"}]),
        encoding="utf-8")
    result = review(folder, graph, "--apply")
    assert result.exit_code == 1 and "fixture/actors.csv row 2, column website: the match says" in result.output


def test_a_missing_folder_is_exit_2(tmp_path):
    result = review(tmp_path / "nothing", tmp_path)
    assert result.exit_code == 2 and "no such folder of proposals" in result.output


def test_proposals_round_trip_and_formula_cells_are_inert_in_the_spreadsheet(tmp_path):
    folder = tmp_path / "review" / "x"
    row = {**GAMMA, "name": "=HYPERLINK(\"http://evil\")", "match": "new", "explain": "kept"}
    write_proposals(folder, {"actors": [row], "trials": []}, [NEW_SOURCE])
    assert sorted(p.name for p in folder.iterdir()) == ["actors.csv", "sources.csv"]
    assert "'=HYPERLINK" in (folder / "actors.csv").read_text(encoding="utf-8")
    proposals, sources = read_proposals(folder)
    assert proposals[0].row["name"] == "=HYPERLINK(\"http://evil\")" and proposals[0].kind == "new"
    assert proposals[0].explain == "kept" and sources["reg-gamma"]["url"] == NEW_SOURCE["url"]
    decisions = decided(folder)
    assert decisions.pending and not decisions.changes


def test_a_semicolon_file_with_bom_and_crlf_keeps_its_form(tmp_path):
    path = tmp_path / "places.csv"
    original = '\ufeffid;kind;name;sources\r\n"belgium";country;"Belgium" ;src-a\r\nnamur;municipality;Namur;\r\n'
    path.write_text(original, encoding="utf-8", newline="")
    table = CsvFile(path)
    table.set(2, "sources", "src-b")
    table.append({"id": "liege", "kind": "municipality", "name": "Liège; city", "sources": "src-a"})
    assert table.text() == ('\ufeffid;kind;name;sources\r\n"belgium";country;"Belgium" ;src-a\r\n'
                            'namur;municipality;Namur;src-b\r\nliege;municipality;"Liège; city";src-a\r\n')


def test_the_python_api_merges_a_change_and_refuses_a_missing_row(tmp_path):
    graph = tmp_path / "graph"
    shutil.copytree(DATA / "tiny", graph)
    applied = apply_changes(graph, [Change("actors", "beta", "wikidata", "", "Q1", sources=(NEW_SOURCE,))],
                            ontology_dir=ONTOLOGY)
    assert applied.made == ["sources: new row reg-gamma (https://registry.example.org/gamma)",
                            'actors: beta: wikidata "" -> Q1']
    assert "beta,cdmo,Beta Manufacturing,,,,liege,,Q1,,,src-a|reg-gamma" in (graph / "actors.csv").read_text()
    with pytest.raises(DataError) as error:
        apply_changes(graph, [Change("actors", "omega", "wikidata", "", "Q2", origin="here")], ontology_dir=ONTOLOGY)
    assert error.value.problems == ["here: no row omega in actors.csv (its key columns: id)"]
