"""Each folder of tests/data/bad breaks one rule of the tiny fixture: the build must name the
file, row and column, exit with the documented code, and leave the previous dist/ and the inputs
untouched. The cases that are not files put over the fixture (output folders, FIFOs, link loops,
missing inputs, a cut ontology) are the focused tests below."""

import hashlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager

import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY, ROOT

from atmp_kg.cli import main

BAD = DATA / "bad"
CASES = sorted(path.name for path in BAD.iterdir() if path.is_dir())


def snapshot(folder):
    """Every file (its hash) and folder (``/``) under ``folder``; links as their target."""
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink()
            else os.readlink(p) if p.is_symlink() else "/" if p.is_dir() else "special"
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def good_dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("good") / "dist"
    result = CliRunner().invoke(main, ["build", "-q", "--graph", str(DATA / "tiny"),
                                       "--ontology", str(ONTOLOGY), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def broken_copy(case, tmp_path):
    """The tiny fixture with the files of ``bad/<case>`` put over it."""
    graph = tmp_path / "tiny"
    shutil.copytree(DATA / "tiny", graph)
    for path in (BAD / case).iterdir():
        if path.name != "expected.txt":
            shutil.copy(path, graph / path.name)
    return graph


def test_every_case_has_expectations():
    assert len(CASES) >= 15
    for case in CASES:
        assert (BAD / case / "expected.txt").exists(), case


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_and_loses_nothing(case, tmp_path, good_dist):
    expected_code, *fragments = (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    out = tmp_path / "dist"
    shutil.copytree(good_dist, out)
    graph = broken_copy(case, tmp_path)
    before, inputs = snapshot(out), snapshot(graph)
    result = CliRunner().invoke(main, ["build", "-q", "--graph", str(graph),
                                       "--ontology", str(ONTOLOGY), "--out", str(out)])
    assert result.exit_code == int(expected_code), result.output
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"
    assert "Traceback" not in result.output
    assert snapshot(out) == before and snapshot(graph) == inputs
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dist")], "staging left behind"


def test_excel_belgian_export_builds(tmp_path):
    """UTF-8 with BOM, ';' separators and accented names, as Excel writes them in Belgium."""
    graph = tmp_path / "tiny"
    shutil.copytree(DATA / "tiny", graph)
    rows = ["id;type;name;name_fr;place;sources",
            "alpha;developer;Alpha Therapeutics;;liege;src-a",
            "beta;cdmo;Beta Manufacturing;;liege;src-a",
            "uni;university;Université de Liège;Université de Liège;liege;src-b",
            "vesale;hospital;Hôpital Vésale;;liege;src-a"]
    (graph / "actors.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8-sig"))
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "-q", "--graph", str(graph), "--ontology", str(ONTOLOGY),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "atmp-kg.ttl").read_text(encoding="utf-8")
    assert '"Hôpital Vésale"@en' in text
    assert '"Université de Liège"@fr' in text


# -- focused cases: each leaves dist/ and the inputs as they were ----------------------------

@pytest.fixture
def work(tmp_path, good_dist):
    """A copy of the tiny graph, of the ontology and of a good build, in ``tmp_path``."""
    shutil.copytree(DATA / "tiny", tmp_path / "graph")
    shutil.copytree(ONTOLOGY, tmp_path / "ontology", ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(good_dist, tmp_path / "dist")
    return tmp_path


@contextmanager
def unchanged(*folders):
    """Assert that nothing under ``folders`` changes."""
    before = [snapshot(folder) for folder in folders]
    yield
    assert [snapshot(folder) for folder in folders] == before


def build(work, *extra, graph=None, ontology=None, out=None):
    return CliRunner().invoke(main, ["build", "-q", "--graph", str(graph or work / "graph"),
                                     "--ontology", str(ontology or work / "ontology"),
                                     "--out", str(out or work / "dist"), *extra])


def assert_refused(result, code, *fragments):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"


@pytest.mark.parametrize("place", ["graph", "inside-graph", "holds-graph", "ontology", "inside-ontology"])
def test_out_may_not_be_hold_or_lie_inside_an_input_folder(work, place):
    out = {"graph": work / "graph", "inside-graph": work / "graph" / "dist", "holds-graph": work,
           "ontology": work / "ontology", "inside-ontology": work / "ontology" / "site"}[place]
    (work / ".atmp-kg-build").write_text("")  # a folder that looks like a build still holds the inputs
    with unchanged(work):
        result = build(work, out=out)
    assert_refused(result, 2, "may not be, hold or lie inside the input folder")


def test_out_that_is_not_a_build_is_never_replaced(work):
    mine = work / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("two years of work")
    with unchanged(work):
        result = build(work, out=mine)
    assert_refused(result, 2, f"{mine}: this folder is not a build of atmp-kg")


def test_an_empty_folder_or_a_build_made_before_the_mark_is_replaced(work):
    (work / "empty").mkdir()
    assert build(work, out=work / "empty").exit_code == 0
    assert (work / "empty" / ".atmp-kg-build").is_file()
    (work / "dist" / ".atmp-kg-build").unlink()  # as a build of an earlier version left it
    result = build(work)
    assert result.exit_code == 0, result.output
    assert (work / "dist" / ".atmp-kg-build").is_file()


def test_out_naming_a_file(work):
    (work / "notes.txt").write_text("mine")
    with unchanged(work):
        result = build(work, out=work / "notes.txt")
    assert_refused(result, 2, "notes.txt: not a folder")


def test_out_that_cannot_be_written(work):
    (work / "notes.txt").write_text("mine")
    with unchanged(work):
        result = build(work, out=work / "notes.txt" / "dist")
    assert_refused(result, 2, "cannot write the output")
    if os.geteuid() != 0:  # root writes anywhere
        locked = work / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            with unchanged(work):
                result = build(work, out=locked / "dist")
            assert_refused(result, 2, "cannot write the output", "Permission denied")
        finally:
            locked.chmod(0o700)


def test_a_failed_write_keeps_dist_and_leaves_no_staging_folder(work, monkeypatch):
    from atmp_kg import pipeline

    def full_disk(folder, files):
        raise OSError(28, "No space left on device", str(folder))
    monkeypatch.setattr(pipeline, "write_files", full_disk)
    with unchanged(work):
        result = build(work)
    assert_refused(result, 2, "cannot write the output: No space left on device")


def test_stale_staging_folders_are_removed_by_the_next_build(work):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    dead, alive = int(finished.stdout), os.getpid()
    folders = {name: work / name for name in (f".dist.new.{dead}.killed", f".dist.new.{alive}.running",
                                               ".dist.new.k3x9q2ab", ".dist.new.f7w2m1cd")}
    for folder in folders.values():
        folder.mkdir()
        (folder / "index.html").write_text("half a build")
    day_old = folders[".dist.new.k3x9q2ab"].stat().st_mtime - 2 * 24 * 3600  # of an earlier version, old
    os.utime(folders[".dist.new.k3x9q2ab"], (day_old, day_old))
    assert build(work).exit_code == 0
    left = {p.name for p in work.iterdir() if p.name.startswith(".dist.new")}  # .dist.old.*: being removed
    assert left == {".dist.new.f7w2m1cd", f".dist.new.{alive}.running"}


@pytest.mark.parametrize("case", ["graph", "inside-graph", "foreign-gaps-folder", "foreign-gaps-page"])
def test_gaps_out_never_replaces_what_it_did_not_write(work, case):
    out = {"graph": work / "graph", "inside-graph": work / "graph" / "report"}.get(case, work / "mine")
    if case == "foreign-gaps-folder":
        (out / "gaps").mkdir(parents=True)
        (out / "gaps" / "budget.xlsx").write_text("mine")
    if case == "foreign-gaps-page":
        out.mkdir()
        (out / "gaps.html").write_text("<p>my own notes on gaps</p>")
    with unchanged(work):
        result = CliRunner().invoke(main, ["gaps", "-q", "--graph", str(work / "graph"),
                                           "--ontology", str(work / "ontology"), "--out", str(out)])
    assert_refused(result, 2, "input folder" if "graph" in case else "refusing to replace it")


def test_gaps_replaces_its_earlier_report(work):
    args = ["gaps", "-q", "--graph", str(work / "graph"), "--ontology", str(work / "ontology"),
            "--out", str(work / "report")]
    assert CliRunner().invoke(main, args).exit_code == 0
    first = snapshot(work / "report" / "gaps"), (work / "report" / "gaps.html").read_bytes()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (snapshot(work / "report" / "gaps"), (work / "report" / "gaps.html").read_bytes()) == first


@pytest.mark.parametrize("graph", ["empty", "ontology"])
def test_a_graph_folder_without_the_tables_is_an_error(work, graph):
    (work / "empty").mkdir()
    with unchanged(work):
        result = build(work, graph=work / graph)
    assert_refused(result, 2, f"{work / graph}: no actors.csv")


@pytest.mark.parametrize("shapes", ["missing", "empty", "prefixes-only"])
def test_validation_cannot_be_turned_off_by_missing_shapes(work, shapes):
    path = work / "ontology" / "shapes.ttl"
    if shapes == "missing":
        path.unlink()
    else:
        path.write_text("" if shapes == "empty" else "@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
    with unchanged(work):
        result = build(work)
    message = "no shapes.ttl" if shapes == "missing" else "shapes.ttl: no SHACL shape"
    assert_refused(result, 2, message)


def test_a_cut_ontology_file_is_a_syntax_error_with_its_line(work):
    path = work / "ontology" / "atmp.ttl"
    text = path.read_text(encoding="utf-8")
    cut = text.index('"', len(text) // 2) + 3  # inside a string
    path.write_text(text[:cut], encoding="utf-8")
    with unchanged(work):
        result = build(work)
    line = text[:cut].count("\n") + 1
    assert_refused(result, 2, f"atmp.ttl line {line}: Turtle syntax error")


@pytest.mark.parametrize("name", ["figures.csv", "extra.ttl"])
def test_a_symbolic_link_loop_in_the_graph_folder(work, name):
    graph = work / "graph"
    (graph / name).unlink(missing_ok=True)
    os.symlink(f"loop-{name}", graph / name)
    os.symlink(name, graph / f"loop-{name}")
    with unchanged(work):
        result = build(work)
    assert_refused(result, 2, f"{name}: cannot read (Too many levels of symbolic links)")


@pytest.mark.parametrize("name", ["graph/actors.csv", "graph/extra.ttl", "ontology/shapes.ttl", "ontology/atmp.ttl"])
def test_a_fifo_input_is_refused_without_waiting(work, name):
    path = work / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    with unchanged(work):
        result = subprocess.run([sys.executable, "-m", "atmp_kg.cli", "build", "-q", "--graph", str(work / "graph"),
                                 "--ontology", str(work / "ontology"), "--out", str(work / "dist")],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"{path}: cannot read: not a regular file" in result.stderr


def test_a_device_input_is_refused(work):
    (work / "graph" / "actors.csv").unlink()
    os.symlink("/dev/null", work / "graph" / "actors.csv")
    with unchanged(work):
        result = build(work)
    assert_refused(result, 2, "actors.csv: cannot read: not a regular file")


def test_a_cell_longer_than_the_csv_field_limit(work):
    description = "x" * 131_073
    (work / "graph" / "actors.csv").write_text(
        "id,type,name,description,sources\n"
        f"alpha,developer,Alpha Therapeutics,{description},src-a\n"
        "beta,cdmo,Beta Manufacturing,,src-a\nuni,university,Uni,,src-b\n", encoding="utf-8")
    with unchanged(work):
        result = build(work)
    assert_refused(result, 1, "graph/actors.csv row 2, column description: 131,073 characters; "
                              "a cell holds at most 32,767")


@pytest.mark.parametrize("command", ["query", "gaps"])
def test_an_endpoint_that_is_not_a_url(work, command):
    args = ["query", "spin-offs"] if command == "query" else ["gaps", "-q", "--out", str(work / "report")]
    with unchanged(work):
        result = CliRunner().invoke(main, [*args, "--endpoint", "not a url"])
    assert_refused(result, 2, "'not a url' is not the http(s) address of a SPARQL endpoint")


def test_report_csv_cells_never_run_as_spreadsheet_formulas(work):
    """OWASP's advice: a text cell that starts with = + - @ (or a tab, a carriage return) gets a
    leading '; numbers stay numbers. The RDF keeps the names as they are."""
    from atmp_kg.analyse.gaps import Table, csv_text
    from atmp_kg.infer.validate import Finding
    from atmp_kg.write.spreadsheet import findings_csv

    actors = work / "graph" / "actors.csv"
    actors.write_text(actors.read_text(encoding="utf-8").replace("Beta Manufacturing", "=HYPERLINK(\"x\")"),
                      encoding="utf-8")
    assert build(work).exit_code == 0
    network = (work / "dist" / "gaps" / "network.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(\"\"x\"\")" in network and ",=HYPERLINK" not in network
    assert '"=HYPERLINK(\\"x\\")"@en' in (work / "dist" / "atmp-kg.ttl").read_text(encoding="utf-8")
    table = Table("t", "t", "", ("name", "value", "note"), (("@SUM(A1)", -1, "+1"), ("-x", 2.5, "ok")))
    assert csv_text(table) == "name,value,note\n'@SUM(A1),-1,'+1\n'-x,2.5,ok\n"
    finding = Finding(focus="https://w3id.org/x", path="", message="=1+1", severity="Warning", shape="",
                      value="\tcmd", origin="graph/actors.csv row 2")
    assert findings_csv([finding]).splitlines()[1] == "graph/actors.csv row 2,Warning,https://w3id.org/x,,'=1+1,'\tcmd,"
