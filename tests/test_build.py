"""The build end to end: CLI exit codes and summary, deterministic bytes, atomic dist/,
outputs that re-parse with rdflib and with the stricter pyoxigraph."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY, ROOT
from graphs import assert_isomorphic, from_oxigraph
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from atmp_kg.cli import main
from atmp_kg.rdf.namespaces import ATMP, ID
from atmp_kg.sparql.library import rows

RDF_OUTPUTS = {"atmp-kg.ttl": "turtle", "atmp-kg-inferred.ttl": "turtle", "atmp-kg.nt": "nt",
               "atmp-kg.jsonld": "json-ld", "validation.ttl": "turtle", "void.ttl": "turtle"}
OXIGRAPH_FORMATS = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
                    "json-ld": pyoxigraph.RdfFormat.JSON_LD}


def run_build(out, seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "-q", "--graph", str(DATA / "tiny"),
                           "--out", str(out)], env=env, capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "dist"
    result = CliRunner().invoke(main, ["build", "--graph", str(DATA / "tiny"), "--ontology", str(ONTOLOGY),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_summary_reports_counts_and_times(dist):
    _, output = dist
    assert "actors: 3" in output
    assert "capabilities: 3" in output
    # alpha and beta hold capabilities; alpha a QID and an enterprise number, uni a ROR id; all seated in Liège
    assert ("coverage of the actors: with a capability 2 (67%), with an unknown seat 0 (0%), Wikidata 1 (33%), "
            "ROR 1 (33%), LEI 0 (0%), enterprise number 1 (33%)") in output
    assert "0 violation(s)" in output
    assert "described things with a source: 20/20" in output
    assert "time: load" in output


@pytest.mark.parametrize("name", sorted(RDF_OUTPUTS))
def test_output_reparses_with_rdflib_and_pyoxigraph(dist, name):
    out, _ = dist
    path = out / name
    graph = Graph().parse(path, format=RDF_OUTPUTS[name])
    assert len(graph) > 0
    quads = pyoxigraph.parse(path.read_bytes(), format=OXIGRAPH_FORMATS[RDF_OUTPUTS[name]])
    assert_isomorphic(graph, from_oxigraph(quads), f"first rdflib, second pyoxigraph reading {name}")


def test_dumps_hold_the_same_graph(dist):
    """Triple for triple, datatypes and language tags included (a count would not notice a
    writer that drops them)."""
    out, _ = dist
    turtle = Graph().parse(out / "atmp-kg.ttl")
    ntriples = Graph().parse(out / "atmp-kg.nt")
    jsonld = Graph().parse(out / "atmp-kg.jsonld", format="json-ld")
    assert_isomorphic(turtle, ntriples, "first atmp-kg.ttl, second atmp-kg.nt")
    assert_isomorphic(turtle, jsonld, "first atmp-kg.ttl, second atmp-kg.jsonld")
    literals = [o for o in turtle.objects() if isinstance(o, Literal)]
    assert any(o.datatype == XSD.decimal for o in literals) and any(o.language == "fr" for o in literals)
    inferred = Graph().parse(out / "atmp-kg-inferred.ttl")
    assert len(inferred) > len(turtle)


def test_jsonld_context_is_published(dist):
    out, _ = dist
    context = json.loads((out / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    document = json.loads((out / "atmp-kg.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == context
    assert context["atmp"] == "https://w3id.org/atmp-kg/ontology#"


def test_void_counts_triples(dist):
    out, _ = dist
    void = Graph().parse(out / "void.ttl")
    inferred = Graph().parse(out / "atmp-kg-inferred.ttl")
    triples = [int(o) for o in void.objects(None, void.namespace_manager.expand_curie("void:triples"))]
    assert triples == [len(inferred)]


@pytest.mark.slow
def test_same_bytes_whatever_the_hash_seed(tmp_path):
    digests = []
    for seed in (1, 2):
        out = tmp_path / f"dist{seed}"
        result = run_build(out, seed)
        assert result.returncode == 0, result.stderr
        digests.append({str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.rglob("*")) if p.is_file()})  # the site has sub-folders
    assert digests[0] == digests[1]


def test_build_py_help_explains_exit_codes():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Exit codes" in result.stdout


def test_validate_command_exit_codes(tmp_path):
    ok = CliRunner().invoke(main, ["validate", "--graph", str(DATA / "tiny"), "--ontology", str(ONTOLOGY)])
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output
    missing = CliRunner().invoke(main, ["validate", "--graph", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "no such folder" in missing.output


def test_validate_exits_1_on_shacl_violations():
    """``tests/data/scale/violations`` reads and maps cleanly but breaks every kind of shape."""
    result = CliRunner().invoke(main, ["validate", "--graph", str(DATA / "scale" / "violations"),
                                       "--ontology", str(ONTOLOGY)])
    assert result.exit_code == 1, result.output
    violations = [line for line in result.output.splitlines() if ": Violation: " in line]
    assert len(violations) >= 40
    assert f"error: {len(violations)} SHACL violation(s)" in result.output
    assert "<https://w3id.org/atmp-kg/id/actor/bad> foaf:homepage: website must be an http(s) address" in result.output
    assert "conforms" not in result.output
    assert "Traceback" not in result.output


def test_a_failing_views_process_fails_the_build_and_keeps_the_old_output(tiny_build, tmp_path, monkeypatch):
    from atmp_kg import pipeline

    out = pipeline.write(tiny_build, tmp_path / "dist")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise ValueError("the explorer broke")
    monkeypatch.setattr(pipeline, "site_file_items", broken)  # the forked views process inherits it
    with pytest.raises(RuntimeError, match="the explorer broke"):
        pipeline.write(tiny_build, out)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # no staging folder left behind


def test_a_rebuild_replaces_the_output_and_leaves_no_folder_behind(tiny_build, tmp_path, monkeypatch):
    # the replaced output is removed by a process of its own; a leftover of a removal that was
    # stopped is removed by the next build
    from atmp_kg import pipeline
    from atmp_kg.write import staging

    removals, remove_later = [], staging.remove_later
    monkeypatch.setattr(staging, "remove_later", lambda folder: removals.append(remove_later(folder)))
    out = pipeline.write(tiny_build, tmp_path / "dist")
    (out / "stale.txt").write_text("from an older build")
    leftover = tmp_path / ".dist.old.stopped"
    leftover.mkdir()
    (leftover / "index.html").write_text("half removed")
    pipeline.write(tiny_build, out)
    assert len(removals) == 1 and removals[0].wait(timeout=60) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
    assert (out / "index.html").exists() and not (out / "stale.txt").exists()


def test_forked_work_returns_its_value_or_its_error():
    from atmp_kg.infer.processes import Forked

    with Forked(lambda: {"network": [1, 2, 3]}, "a sum") as job:
        assert job.wait() == {"network": [1, 2, 3]} and job.seconds >= 0

    def broken():
        raise ValueError("no network")
    with Forked(broken, "the actor network") as job, pytest.raises(RuntimeError, match="the actor network failed"):
        job.wait()


def test_a_nice_forked_process_runs_at_a_lower_priority_and_leaves_this_one_alone():
    import os

    from atmp_kg.infer.processes import Forked

    before = os.nice(0)
    with Forked(lambda: os.nice(0), "a nice child", nice=5) as job:
        assert job.wait() == min(before + 5, 19)
    assert os.nice(0) == before


def test_the_build_command_leaves_the_garbage_collector_on(tmp_path):
    """``atmp-kg build`` turns the cyclic collector off while it builds; a program that runs it
    in-process (as these tests do) gets it back on, whether the build succeeds or fails."""
    import gc

    for graph in (DATA / "tiny", tmp_path / "missing"):
        CliRunner().invoke(main, ["build", "-q", "--graph", str(graph), "--ontology", str(ONTOLOGY),
                                  "--out", str(tmp_path / "dist")])
        assert gc.isenabled()


def test_the_summary_counted_while_writing_is_the_summary(tiny_build, tmp_path):
    """``atmp-kg build`` has the explorer's process count the summary while it writes."""
    from dataclasses import replace

    from atmp_kg.pipeline import write
    from atmp_kg.sparql.backends import backend
    from atmp_kg.write.describe import counts

    result = replace(tiny_build)  # a copy: the shared fixture stays as it was
    expected = counts(backend(result.store))
    write(result, tmp_path / "dist", summary=True)
    assert result.counted == expected and result.summary() == expected


def test_a_partner_of_unknown_type_is_an_actor_of_every_view(tmp_path):
    # a consortium partner that no source types: kept, as an actor of unknown type
    graph = Path(shutil.copytree(DATA / "tiny", tmp_path / "tiny"))
    with (graph / "actors.csv").open("a", encoding="utf-8") as actors:
        actors.write("gamma,,Gamma Partner,,,,,,,,,src-a\n")
    with (graph / "memberships.csv").open("a", encoding="utf-8") as memberships:
        memberships.write("gamma,pit,partner,,,src-a\n")
    result = CliRunner().invoke(main, ["build", "--graph", str(graph), "--ontology", str(ONTOLOGY),
                                       "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    assert "actor of unknown type 1" in result.output
    store = Graph().parse(tmp_path / "dist" / "atmp-kg-inferred.ttl")
    assert (ID["actor/gamma"], RDF.type, ATMP.ActorOfUnknownType) in store
    assert (ID["actor/gamma"], RDF.type, ATMP.Actor) in store
    members = {str(row["actor"]) for row in rows("consortium-members", graph=store)}
    assert str(ID["actor/gamma"]) in members
    assert "Gamma Partner" in (tmp_path / "dist" / "consortium.html").read_text(encoding="utf-8")
