"""``atmp-kg release`` and the release a build states: graph/release.csv in void.ttl and in every
page's footer, the changes since the previous release in the build and the release, checksums
of every file, and the refusals that keep a published release as it is (fixtures:
tests/data/changes, releases 0.1.0 and 0.2.0)."""

import hashlib
import shutil

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, XSD

from atmp_kg.changes.versions import read_version
from atmp_kg.cli import main
from atmp_kg.pipeline import build, write
from atmp_kg.rdf.namespaces import DCAT
from atmp_kg.release import write_archive
from atmp_kg.write.describe import DATASET, release_iri
from tests.conftest import DATA, ONTOLOGY, inputs_for

OLD, NEW = DATA / "changes" / "old", DATA / "changes" / "new"


def release(out, graph, *extra):
    return CliRunner().invoke(main, ["release", "--ontology", str(ONTOLOGY), "--graph", str(graph), "--out", str(out),
                                     "-q", *extra])


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """releases/0.1.0 (the first) and releases/0.2.0 (revising it, with its archive)."""
    out = tmp_path_factory.mktemp("site") / "releases"
    for graph, extra in ((OLD, ()), (NEW, ("--archive",))):
        done = release(out, graph, *extra)
        assert done.exit_code == 0, done.output
    return out


def test_a_release_holds_the_build_its_changes_and_the_checksum_of_every_file(releases):
    folder = releases / "0.2.0"
    listed = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    assert set(listed) == set(files) - {"SHA256SUMS"}
    assert all(hashlib.sha256(files[name].read_bytes()).hexdigest() == digest for name, digest in listed.items())
    for name in ("atmp-kg.ttl", "atmp-kg.nt", "atmp-kg.jsonld", "void.ttl", "index.html", "gaps.html",
                 "gaps/coverage.csv", "changes.html", "changes.csv", "changes.trig", "CHANGES.md"):
        assert name in listed, name
    assert ".atmp-kg-build" not in listed  # a release is no build folder that a later build may replace
    changelog = (folder / "CHANGES.md").read_text()
    assert changelog.startswith("# Changes from 0.1.0 to 0.2.0")
    assert "- Alpha Biologics: renamed on 2024-03" in changelog
    assert "first release" in (releases / "0.1.0" / "CHANGES.md").read_text()
    archive = releases / "atmp-kg-0.2.0.tar.gz"
    digest, name = (releases / "atmp-kg-0.2.0.tar.gz.sha256").read_text().split()
    assert name == archive.name and hashlib.sha256(archive.read_bytes()).hexdigest() == digest


def test_the_pages_and_the_description_say_which_release_and_what_changed(releases):
    folder = releases / "0.2.0"
    footer = "Data: release 0.2.0, issued 2024-06-15, revises release 0.1.0; as of 2024-06-01."
    for page in ("index.html", "actors.html", "value-chain.html", "consortium.html", "gaps.html", "changes.html",
                 "actors/alpha.html"):
        assert f'<footer class="site">{footer}</footer>' in (folder / page).read_text(), page
    line = ('<p id="changes-since">What changed since release 0.1.0: 1 actor added, 1 actor renamed, 1 actor acquired, '
            "1 capability lost, 1 phase changed, 1 figure changed, 1 source added")
    assert line + ' (<a href="changes.html">every change</a>).</p>' in (folder / "index.html").read_text()
    assert line + ', 2 gaps opened (<a href="changes.html">every change</a>).</p>' in (folder / "gaps.html").read_text()
    void = Graph().parse(folder / "void.ttl")
    assert void.value(DATASET, DCAT["version"]) == Literal("0.2.0")
    assert void.value(DATASET, DCTERMS.issued) == Literal("2024-06-15", datatype=XSD.date)
    assert void.value(DATASET, PROV.wasRevisionOf) == release_iri("0.1.0")
    assert void.value(URIRef("https://w3id.org/atmp-kg/ontology"), OWL.versionIRI) == URIRef(
        "https://w3id.org/atmp-kg/ontology/0.2.0")
    period = void.value(DATASET, DCTERMS.temporal)
    assert void.value(period, DCAT["endDate"]) == Literal("2024-06-01", datatype=XSD.date)
    assert len(set(void.objects(DATASET, DCAT["distribution"]))) == 4  # one per dump
    first = Graph().parse(releases / "0.1.0" / "void.ttl")
    assert first.value(DATASET, PROV.wasRevisionOf) is None
    assert first.value(DATASET, DCAT["version"]) == Literal("0.1.0")


def test_a_build_without_the_previous_release_omits_the_line_and_the_changes(tmp_path):
    result = build(inputs_for(NEW))
    write(result, tmp_path / "dist")
    home = (tmp_path / "dist" / "index.html").read_text()
    assert "changes-since" not in home and not (tmp_path / "dist" / "changes.html").exists()
    assert "Data: release 0.2.0, issued 2024-06-15, revises release 0.1.0; as of 2024-06-01." in home
    write(build(inputs_for(DATA / "tiny")), tmp_path / "tiny")  # no release.csv: unreleased
    void = Graph().parse(tmp_path / "tiny" / "void.ttl")
    assert "Data: unreleased" in (tmp_path / "tiny" / "gaps.html").read_text()
    assert void.value(DATASET, OWL.versionInfo) == Literal("unreleased")
    assert void.value(DATASET, DCAT["version"]) is None


def test_a_build_with_a_previous_release_is_the_same_bytes_each_time(releases, tmp_path):
    previous = read_version(releases / "0.1.0")
    for name in ("a", "b"):
        write(build(inputs_for(NEW)), tmp_path / name, previous=previous)
    for page in ("index.html", "gaps.html", "changes.html", "changes.csv", "changes.trig", "void.ttl"):
        assert (tmp_path / "a" / page).read_bytes() == (tmp_path / "b" / page).read_bytes(), page
    assert (tmp_path / "a" / "changes.csv").read_bytes() == (releases / "0.2.0" / "changes.csv").read_bytes()


def test_a_published_release_is_never_replaced_and_a_release_needs_its_previous(releases, tmp_path):
    before = (releases / "0.2.0" / "SHA256SUMS").read_bytes()
    again = release(releases, NEW)
    assert again.exit_code == 2 and "exists already" in again.output
    assert (releases / "0.2.0" / "SHA256SUMS").read_bytes() == before
    lone = tmp_path / "releases"
    missing = release(lone, NEW)
    assert missing.exit_code == 2 and "revises 0.1.0" in missing.output and not (lone / "0.2.0").exists()
    unreleased = release(lone, DATA / "tiny")
    assert unreleased.exit_code == 2 and "no release.csv" in unreleased.output
    over = CliRunner().invoke(main, ["build", "--ontology", str(ONTOLOGY), "--graph", str(NEW), "--out",
                                     str(releases / "0.1.0"), "-q"])  # a build never replaces a release
    assert over.exit_code == 2 and "not a build of atmp-kg" in over.output
    assert (releases / "0.2.0" / "SHA256SUMS").read_bytes() == before and (releases / "0.1.0" / "SHA256SUMS").exists()


@pytest.mark.parametrize(("cells", "message"), [
    ("0.2.0,2024-13-01,", "release.csv row 2, column date: date '2024-13-01' must be ISO"),
    ("0.2/0,2024-06-15,", "release.csv row 2, column version: version '0.2/0' must be letters"),
    ("0.2.0,2024-06-15,0.2.0", "release.csv row 2, column previous: a release cannot revise itself"),
])
def test_a_bad_release_file_names_its_row_and_column_and_writes_nothing(tmp_path, cells, message):
    graph = tmp_path / "graph"
    shutil.copytree(NEW, graph)
    (graph / "release.csv").write_text(f"version,date,previous\n{cells}\n")
    done = CliRunner().invoke(main, ["build", "--ontology", str(ONTOLOGY), "--graph", str(graph),
                                     "--out", str(tmp_path / "dist"), "-q"])
    assert done.exit_code == 1 and message in done.output
    assert not (tmp_path / "dist").exists()


def test_the_archive_is_the_same_bytes_for_the_same_files(releases, tmp_path):
    for name in ("a", "b"):
        write_archive(releases / "0.1.0", tmp_path / f"{name}.tar.gz", "0.1.0", "2024-01-31")
    assert (tmp_path / "a.tar.gz").read_bytes() == (tmp_path / "b.tar.gz").read_bytes()


def test_the_gap_report_command_says_which_release_too(tmp_path):
    done = CliRunner().invoke(main, ["gaps", "--ontology", str(ONTOLOGY), "--graph", str(NEW), "--out", str(tmp_path),
                                     "-q"])
    assert done.exit_code == 0, done.output
    footer = "Data: release 0.2.0, issued 2024-06-15, revises release 0.1.0; as of 2024-06-01."
    assert f'<footer class="site">{footer}</footer>' in (tmp_path / "gaps.html").read_text()
