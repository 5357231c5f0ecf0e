"""``atmp-kg diff``: what changed between two versions, by identity, on fixtures whose changes are
known by construction (tests/data/changes: ``old/`` and ``new/`` differ by exactly the changes
listed in tests/data/README.md)."""

import csv
import io
import shutil
import subprocess

import pyoxigraph
import pytest
from click.testing import CliRunner

from atmp_kg.analyse.gaps import gap_report
from atmp_kg.changes import gapdiff
from atmp_kg.changes.compare import compare
from atmp_kg.changes.patch import ADDED, REMOVED
from atmp_kg.changes.versions import built_version, nt_line, read_version
from atmp_kg.cli import main
from atmp_kg.pipeline import build, write
from atmp_kg.rdf.ntriples import sorted_lines
from atmp_kg.sparql.backends import backend
from tests.conftest import DATA, ONTOLOGY, inputs_for

OLD, NEW = DATA / "changes" / "old", DATA / "changes" / "new"
ID = "https://w3id.org/atmp-kg/id/"
EXPECTED = [  # (kind, subject, what, old, new): every change old/ -> new/, in the outputs' order
    ("actor added", ID + "actor/gamma", "contract development and manufacturing organisation", "", "Gamma Group"),
    ("actor renamed", ID + "actor/alpha", "renamed on 2024-03", "Alpha Therapeutics", "Alpha Biologics"),
    ("actor acquired", ID + "actor/beta", "acquired by Gamma Group on 2024-05", "", ""),
    ("capability lost", ID + "actor/beta", "GMP manufacturing x cell therapy", "held", "until 2024-05-31"),
    ("phase changed", ID + "product/prod-a", "phase", "phase 1 (since 2022-09)", "phase 2 (since 2024-02)"),
    ("figure changed", ID + "collaboration/pit", "budget", "81000000 EUR", "85000000 EUR"),
    ("source added", ID + "source/src-c", "source", "", "https://example.org/c"),
    ("gap opened", "gmp-manufacturing x cell-therapy", "Wallonia and Brussels", "single point of failure (1 actor)",
     "gap (0 actors)"),
    ("gap opened", "gmp-manufacturing x cell-therapy", "all regions", "single point of failure (1 actor)",
     "gap (0 actors)"),
]


def version_of(graph_dir, name):
    result = build(inputs_for(graph_dir))
    return built_version(name, result.sorted_asserted_lines(), gap_report(backend(result.store)))


def rows(comparison):
    return [(c.kind, c.subject, c.what, c.old, c.new) for c in comparison.changes]


def csv_rows(path):
    """The rows of a changes.csv as (kind, subject IRI, what, old, new), and as dicts."""
    with open(path, newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    return [(r["kind"], r["subject_iri"], r["what"], r["old"], r["new"]) for r in table], table


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """``old/`` and ``new/`` written as builds (folders with dumps and gap reports)."""
    root = tmp_path_factory.mktemp("builds")
    for name, graph in (("old", OLD), ("new", NEW)):
        write(build(inputs_for(graph)), root / name)
    return root


def test_each_known_change_is_found_once_and_nothing_else():
    comparison = compare(version_of(OLD, "old"), version_of(NEW, "new"))
    assert rows(comparison) == EXPECTED
    sources = {c.kind: c.sources for c in comparison.changes}
    assert sources["actor acquired"] == (ID + "source/src-c",)
    assert sources["phase changed"] == (ID + "source/src-c",)  # the source of the new phase


def test_an_identifier_ended_in_identifiers_csv_is_told_as_its_actors_identifiers(tmp_path):
    old = shutil.copytree(DATA / "tiny", tmp_path / "old")
    new = shutil.copytree(DATA / "tiny", tmp_path / "new")
    actors = new / "actors.csv"
    actors.write_text(actors.read_text(encoding="utf-8").replace(",00afp2z80,", ",,"), encoding="utf-8")
    (new / "identifiers.csv").write_text("actor,scheme,value,source,valid_from,valid_to,status,note\n"
                                         "uni,ror,00afp2z80,src-a,,2024-03-01,deprecated,\n"
                                         "uni,ror,0ghjkmn67,src-a,,,,\n", encoding="utf-8")
    assert [row[:3] for row in rows(compare(version_of(old, "old"), version_of(new, "new")))] == [
        ("identifier added", ID + "actor/uni", "ROR 0ghjkmn67"),
        ("identifier removed", ID + "actor/uni", "ROR 00afp2z80")]


def test_reordered_rows_and_columns_are_no_change(tmp_path):
    """Every table of old/ with its rows reversed and its columns in reverse order: the same graph."""
    shuffled = tmp_path / "graph"
    shutil.copytree(OLD, shuffled)
    for path in shuffled.glob("*.csv"):
        separator = ";" if path.read_text(encoding="utf-8").startswith("id;") else ","
        with open(path, newline="", encoding="utf-8") as handle:
            table = list(csv.reader(handle, delimiter=separator))
        header, body = table[0], table[1:]
        order = list(reversed(range(len(header))))
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=separator, lineterminator="\n")
            writer.writerows([[row[i] for i in order] for row in [header, *reversed(body)]])
    assert (shuffled / "relations.csv").read_text() != (OLD / "relations.csv").read_text()
    comparison = compare(version_of(OLD, "old"), version_of(shuffled, "shuffled"))
    assert rows(comparison) == [] and comparison.added == comparison.removed == []


def test_a_build_folder_and_its_dumps_in_every_format_compare_as_one_version(builds, tmp_path):
    folder = read_version(builds / "old")
    assert folder.release == "0.1.0" and set(folder.gaps) == {"coverage", "suggestions"}
    for dump in ("atmp-kg.nt", "atmp-kg.ttl", "atmp-kg.jsonld", "atmp-kg-inferred.ttl"):
        comparison = compare(folder, read_version(builds / "old" / dump))
        if dump == "atmp-kg-inferred.ttl":  # the entailments are triples the asserted graph lacks
            assert comparison.added and not comparison.removed
        else:
            assert rows(comparison) == [], dump
    # the same N-Triples with the ontology's blank nodes named otherwise: labelled canonically again
    relabelled = tmp_path / "relabelled.nt"
    relabelled.write_text((builds / "old" / "atmp-kg.nt").read_text().replace("_:c", "_:other"))
    assert "_:other" in relabelled.read_text()
    assert compare(folder, read_version(relabelled)).added == []


def test_two_builds_give_the_known_changes_and_the_patch_turns_old_into_new(builds, tmp_path):
    out = tmp_path / "changes"
    done = CliRunner().invoke(main, ["diff", str(builds / "old"), str(builds / "new"), "--out", str(out)])
    assert done.exit_code == 0, done.output
    found, table = csv_rows(out / "changes.csv")
    assert found == EXPECTED
    assert table[1]["subject"] == "Alpha Biologics" and table[1]["sources"] == "https://example.org/a | https://example.org/c"
    page = (out / "changes.html").read_text(encoding="utf-8")
    assert "What changed since release 0.1.0" in page and '<a href="https://example.org/c">Fixture source C</a>' in page
    assert "2 gaps opened" in page and "1 actor renamed" in page
    # the patch: delete one graph from the old version, insert the other: the new version
    store = pyoxigraph.Store()
    store.load(path=str(builds / "old" / "atmp-kg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.load(path=str(out / "changes.trig"), format=pyoxigraph.RdfFormat.TRIG)
    store.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{REMOVED}> {{ ?s ?p ?o }} }}; "
                 f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ADDED}> {{ ?s ?p ?o }} }}; "
                 f"DROP GRAPH <{REMOVED}>; DROP GRAPH <{ADDED}>")
    expected = pyoxigraph.Store()
    expected.load(path=str(builds / "new" / "atmp-kg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert sorted_lines(map(nt_line, store)) == sorted_lines(map(nt_line, expected))  # blank nodes labelled alike


def test_since_a_git_revision_builds_it_and_finds_the_same_changes(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(OLD, repo / "graph")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "graph"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "old"], check=True)
    subprocess.run([*git, "tag", "v0.1"], check=True)
    shutil.rmtree(repo / "graph")
    shutil.copytree(NEW, repo / "graph")
    out = tmp_path / "changes"
    args = ["diff", "--since", "v0.1", "--graph", str(repo / "graph"), "--ontology", str(ONTOLOGY), "--out", str(out)]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    assert csv_rows(out / "changes.csv")[0] == EXPECTED
    unknown = CliRunner().invoke(main, [*args[:2], "v9.9", *args[3:]])
    assert unknown.exit_code == 2 and "v9.9" in unknown.output


def test_diff_refuses_what_it_cannot_read_or_may_not_replace(builds, tmp_path):
    runner = CliRunner()
    stranger = tmp_path / "out"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("mine")
    done = runner.invoke(main, ["diff", str(builds / "old"), str(builds / "new"), "--out", str(stranger)])
    assert done.exit_code == 2 and "notes.txt" in done.output
    assert [p.name for p in stranger.iterdir()] == ["notes.txt"]
    missing = runner.invoke(main, ["diff", str(builds / "old"), str(tmp_path / "nowhere"),
                                   "--out", str(tmp_path / "c")])
    assert missing.exit_code == 2 and "nowhere" in missing.output
    one = runner.invoke(main, ["diff", str(builds / "old")])
    assert one.exit_code == 2 and "OLD and NEW" in one.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> ")
    bad = runner.invoke(main, ["diff", str(builds / "old"), str(broken), "--out", str(tmp_path / "c")])
    assert bad.exit_code == 2 and "broken.ttl" in bad.output


def test_gap_report_changes_are_keyed_by_codes_never_by_row_order():
    def cell(stage, therapy, status, total, regional_status="gap", regional="0"):
        return {"stage": stage, "therapy": therapy, "stage_label": stage.upper(), "therapy_label": therapy.upper(),
                "status": status, "total": total, "regional_status": regional_status, "regional": regional}

    def suggestion(actor, partner):
        return {"actor_id": actor, "actor": actor.title(), "partner_id": partner, "partner": partner.title(),
                "reason": f"{partner} is next"}

    old = {"coverage": [cell("s1", "t1", "gap", "0"), cell("s1", "t2", "covered", "2"),
                        cell("s2", "t1", "single point of failure", "1")],
           "suggestions": [suggestion("a", "b"), suggestion("a", "c")]}
    new = {"coverage": [cell("s2", "t1", "covered", "2"), cell("s1", "t2", "gap", "0"),
                        cell("s1", "t1", "single point of failure", "1")],
           "suggestions": [suggestion("a", "d"), suggestion("a", "b")]}
    found = sorted((c.kind, c.subject, c.what, c.old, c.new) for c in gapdiff.changes(old, new))
    assert found == [
        ("coverage changed", "s2 x t1", "all regions", "single point of failure (1 actor)", "covered (2 actors)"),
        ("gap closed", "s1 x t1", "all regions", "gap (0 actors)", "single point of failure (1 actor)"),
        ("gap opened", "s1 x t2", "all regions", "covered (2 actors)", "gap (0 actors)"),
        ("suggestion appeared", ID + "actor/a", "partner: D", "", "d is next"),
        ("suggestion vanished", ID + "actor/a", "partner: C", "c is next", ""),
    ]
    assert gapdiff.changes(old, {"coverage": list(reversed(old["coverage"])),
                                 "suggestions": list(reversed(old["suggestions"]))}) == []
    assert gapdiff.changes(old, {}) == []  # a dump alone has no gap report: nothing to say


def test_changes_csv_cells_never_run_as_formulas(tmp_path):
    """A renamed actor whose new name starts with '=': the CSV cell is made inert, the page escapes it."""
    graph = tmp_path / "graph"
    shutil.copytree(OLD, graph)
    actors = (graph / "actors.csv").read_text(encoding="utf-8").replace("Alpha Therapeutics", '"=HYPERLINK(1) & ""x"""')
    (graph / "actors.csv").write_text(actors, encoding="utf-8")
    from atmp_kg.changes.files import changes_files

    files = changes_files(compare(version_of(OLD, "old"), version_of(graph, "new")))
    row = next(csv.DictReader(io.StringIO(files["changes.csv"])))
    assert row["kind"] == "actor renamed" and row["new"] == "'=HYPERLINK(1) & \"x\""
    assert "=HYPERLINK(1) &amp; &quot;x&quot;" in files["changes.html"]


def test_relations_memberships_and_identifiers_are_told_by_their_own_kind(tmp_path):
    """tiny/ with one relation dropped, a Wikidata QID given to beta and uni's membership ended."""
    graph = tmp_path / "graph"
    shutil.copytree(DATA / "tiny", graph)
    relations = (graph / "relations.csv").read_text(encoding="utf-8")
    (graph / "relations.csv").write_text(relations.replace("alpha,collaborates-with,uni,,src-a,\n", ""))
    actors = (graph / "actors.csv").read_text(encoding="utf-8")
    (graph / "actors.csv").write_text(actors.replace("beta,cdmo,Beta Manufacturing,,,,liege,,,",
                                                     "beta,cdmo,Beta Manufacturing,,,,liege,,Q43,"))
    memberships = (graph / "memberships.csv").read_text(encoding="utf-8")
    ended = memberships.replace("uni,pit,partner,,,src-b", "uni,pit,partner,,2024-01-31,src-b")
    (graph / "memberships.csv").write_text(ended)
    assert rows(compare(version_of(DATA / "tiny", "old"), version_of(graph, "new"))) == [
        ("identifier added", ID + "actor/beta", "Wikidata Q43", "", "Wikidata Q43"),
        ("membership ended", ID + "actor/uni", "partner of Fixture partnership", "held", "until 2024-01-31"),
        ("relation removed", ID + "actor/alpha", "collaborates with Université Fixture", "held", ""),
    ]


@pytest.mark.parametrize("with_data_filter", [True, False])
def test_a_revision_archive_extracts_inside_its_folder_only(tmp_path, monkeypatch, with_data_filter):
    import io
    import tarfile

    from atmp_kg.changes.versions import _extract

    if not with_data_filter:  # a Python before 3.11.4
        monkeypatch.delattr(tarfile, "data_filter", raising=False)

    def archive(name):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            member = tarfile.TarInfo(name)
            member.size = 2
            tar.addfile(member, io.BytesIO(b"ok"))
        return buffer.getvalue()

    _extract(archive("graph/actors.csv"), tmp_path / "in")
    assert (tmp_path / "in" / "graph" / "actors.csv").read_bytes() == b"ok"
    with pytest.raises(tarfile.TarError):
        _extract(archive("../escaped.csv"), tmp_path / "in")
    assert not (tmp_path / "escaped.csv").exists()
