"""Each folder of tests/data/bad breaks one rule of the tiny fixture: the build must name the
file, row and column, exit with the documented code, and leave the previous dist/ untouched."""

import hashlib
import shutil

import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY

from atmp_kg.cli import main

BAD = DATA / "bad"
CASES = sorted(path.name for path in BAD.iterdir() if path.is_dir())


def snapshot(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


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
    before = snapshot(out)
    result = CliRunner().invoke(main, ["build", "-q", "--graph", str(broken_copy(case, tmp_path)),
                                       "--ontology", str(ONTOLOGY), "--out", str(out)])
    assert result.exit_code == int(expected_code), result.output
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"
    assert snapshot(out) == before
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
