"""The synthetic landscape generator, and the default engines giving the reference engines' answers.

Fixtures: ``tests/data/tiny`` (3 actors), ``tests/data/scale/violations`` (tiny plus a Turtle file
that breaks every kind of SHACL constraint in the shapes), and a small generated landscape.
No timing here: speed is measured by ``bench/run.py``.
"""

import json
import multiprocessing
import subprocess
import sys
import time

import pytest
from conftest import DATA, ROOT, bench_module, inputs_for, require_browser
from graphs import assert_isomorphic
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from atmp_kg.analyse.network import actor_network
from atmp_kg.errors import DataError, UsageError
from atmp_kg.infer import engines, triples
from atmp_kg.infer.reason import entailments
from atmp_kg.infer.validate import validate
from atmp_kg.pipeline import build, write
from atmp_kg.rdf.ntriples import nt_lines
from atmp_kg.read.load import load
from atmp_kg.sparql.backends import backend
from atmp_kg.sparql.results import Result

generate = bench_module("generate")


@pytest.fixture(scope="module")
def landscape(tmp_path_factory):
    """A generated landscape of about 3,000 data triples (seed 7)."""
    return generate.generate(tmp_path_factory.mktemp("landscape"), 3_000, seed=7)


FIXTURES = {"tiny": lambda _: DATA / "tiny", "landscape": lambda request: request.getfixturevalue("landscape")}


@pytest.fixture(params=sorted(FIXTURES))
def fixture_dir(request):
    return FIXTURES[request.param](request)


# -- generator ---------------------------------------------------------------------------

def test_generator_is_deterministic_per_seed(tmp_path):
    first = generate.generate(tmp_path / "a", 2_000, seed=3)
    again = generate.generate(tmp_path / "b", 2_000, seed=3)
    other = generate.generate(tmp_path / "c", 2_000, seed=4)
    files = sorted(p.name for p in first.iterdir())
    assert files == sorted(f"{table}.csv" for table in generate.COLUMNS)
    assert all((first / f).read_bytes() == (again / f).read_bytes() for f in files)
    assert any((first / f).read_bytes() != (other / f).read_bytes() for f in files)


def test_generated_landscape_passes_the_shapes_with_every_actor_type(landscape):
    loaded = load(inputs_for(landscape))
    result = validate(loaded)  # pySHACL, the reference
    assert result.violations == []
    types = {str(o).rsplit("#", 1)[-1] for o in loaded.data.objects(None, None) if "ontology#" in str(o)}
    assert {"DeveloperCompany", "CDMO", "ServiceProvider", "Supplier", "University", "ResearchUnit", "Hospital",
            "ResearchCentre", "Cluster", "PublicBody", "Investor", "Capability", "Project", "Pillar",
            "TherapyProduct", "ClinicalTrial"} <= types
    assert 2_400 < len(loaded.data) < 3_600  # about the requested size
    sources = {str(o) for o in loaded.data.objects() if str(o).startswith("https://example.org/")}
    assert sources and all(url.startswith("https://example.org/synthetic/") for url in sources)


def test_parse_size():
    assert [generate.parse_size(s) for s in ("10k", "1M", "2500", "1.5k")] == [10_000, 1_000_000, 2_500, 1_500]


# -- reasoning ---------------------------------------------------------------------------

def test_rules_engine_entails_what_owlrl_entails(fixture_dir):
    loaded = load(inputs_for(fixture_dir))
    owlrl = entailments(loaded.schema, loaded.data, "owlrl")
    rules = entailments(loaded.schema, loaded.data, "rules")
    assert rules == owlrl, (sorted(owlrl - rules)[:5], sorted(rules - owlrl)[:5])
    assert len(rules) > 0


# -- validation --------------------------------------------------------------------------

def test_turbo_validation_gives_pyshacls_findings_and_report():
    loaded = load(inputs_for(DATA / "scale" / "violations"))
    reference = validate(loaded)
    turbo = engines.choose("pyshacl-turbo")
    data = turbo.shacl_input(loaded, "\n".join(nt_lines(loaded.schema) + nt_lines(loaded.data)))
    quick = validate(loaded, data, turbo.shacl())

    def rows(result):
        return sorted((f.origin, f.focus, f.path, f.message, f.severity, f.value) for f in result.findings)

    assert not reference.conforms and len(reference.violations) >= 40
    assert any("no specific type" in f.message for f in reference.violations)
    assert rows(quick) == rows(reference)
    assert_isomorphic(reference.report, quick.report)
    assert engines.choose().validator == "pyshacl-turbo"


def test_turbo_validation_of_sound_data_gives_pyshacls_report(landscape):
    loaded = load(inputs_for(landscape))
    reference = validate(loaded)
    turbo = engines.choose("pyshacl-turbo")
    quick = validate(loaded, turbo.shacl_input(loaded, "\n".join(nt_lines(loaded.schema) + nt_lines(loaded.data))),
                     turbo.shacl())
    assert reference.conforms and quick.conforms and quick.findings == reference.findings == []
    assert_isomorphic(reference.report, quick.report)


def test_default_engines_report_violations_like_the_reference_engines():
    inputs = inputs_for(DATA / "scale" / "violations")
    with pytest.raises(DataError) as reference:
        build(inputs, validator="pyshacl", reasoner="owlrl")
    with pytest.raises(DataError) as default:
        build(inputs)
    assert default.value.problems == reference.value.problems
    with pytest.raises(DataError) as prepared:  # as `atmp-kg build`: the index and network made meanwhile
        build(inputs, prepare=True)
    assert prepared.value.problems == reference.value.problems


# -- whole builds ------------------------------------------------------------------------

@pytest.fixture
def both_builds(fixture_dir, tmp_path):
    inputs = inputs_for(fixture_dir)
    embedded = build(inputs, validator="pyshacl", reasoner="owlrl")  # the reference engines
    quick = build(inputs, prepare=True)  # as `atmp-kg build` runs it
    write(embedded, tmp_path / "embedded")
    write(quick, tmp_path / "fast")
    return embedded, quick, tmp_path / "embedded", tmp_path / "fast"


def test_default_engines_write_the_reference_bytes(both_builds):
    embedded, quick, slow_dir, fast_dir = both_builds
    assert (embedded.engines, quick.engines) == (engines.Engines("pyshacl", "owlrl"),
                                                 engines.Engines("pyshacl-turbo", "rules"))
    files = sorted(p.relative_to(slow_dir) for p in slow_dir.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fast_dir) for p in fast_dir.rglob("*") if p.is_file())
    assert any(f.suffix == ".ttl" and f.parent.name == "actors" for f in files)
    for name in files:
        assert (slow_dir / name).read_bytes() == (fast_dir / name).read_bytes(), name


def test_default_engines_answer_queries_and_count_alike(both_builds):
    embedded, quick, _, _ = both_builds
    assert quick.sizes() == embedded.sizes() == (len(embedded.asserted_triples()), len(embedded.inferred))
    assert quick.summary() == embedded.summary()
    slow_select, fast_select = backend(embedded.inferred, engine="oxigraph"), backend(quick.inferred, engine="oxigraph")
    for path in sorted((ROOT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if "SERVICE <" in text:  # federated: it would reach the network; tests never run it
            continue
        assert sorted_rows(fast_select(text)) == sorted_rows(slow_select(text)), path.name
    slow_net, fast_net = actor_network(slow_select), actor_network(fast_select)
    assert dict(fast_net.nodes(data=True)) == dict(slow_net.nodes(data=True))
    assert {frozenset(e): d for *e, d in fast_net.edges(data=True)} == \
        {frozenset(e): d for *e, d in slow_net.edges(data=True)}


def test_each_engine_alone_writes_the_same_bytes(tmp_path):
    inputs = inputs_for(DATA / "tiny")
    write(build(inputs), tmp_path / "auto")
    for validator, reasoner in (("pyshacl", "rules"), ("pyshacl-turbo", "owlrl")):
        out = tmp_path / f"{validator}-{reasoner}"
        write(build(inputs, validator=validator, reasoner=reasoner), out)
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            relative = path.relative_to(out)
            assert path.read_bytes() == (tmp_path / "auto" / relative).read_bytes(), (validator, reasoner, relative)


def test_turtle_is_deterministic(fixture_dir, tmp_path):
    for name in ("a", "b"):  # and the same whether the build made the index and network or the write
        write(build(inputs_for(fixture_dir), prepare=name == "b"), tmp_path / name)
    for path in sorted(p for p in (tmp_path / "a").rglob("*") if p.is_file()):
        relative = path.relative_to(tmp_path / "a")
        assert path.read_bytes() == (tmp_path / "b" / relative).read_bytes(), relative


def test_dumps_written_in_pieces_equal_the_whole_text(monkeypatch):
    # pieces of one line and of 7 bytes cut through the two-byte "é" and "É": same text as one piece
    from atmp_kg.rdf import ntriples, turtle

    lines = sorted(nt_lines([(URIRef(f"https://example.org/{n}"), RDFS.label, Literal(text, lang="fr"))
                             for n, text in enumerate(["Région wallonne", "École", "plain"])]))
    whole = turtle.turtle_of_lines(lines)
    monkeypatch.setattr(ntriples, "CHUNK_LINES", 1)
    monkeypatch.setattr(turtle, "CHUNK_BYTES", 7)
    assert "".join(ntriples.lines_chunks(lines)) == ntriples.lines_text(lines)
    assert "".join(turtle.turtle_chunks(lines)) == whole
    assert '"Région wallonne"@fr' in whole and whole.startswith("@prefix ")



def test_sorted_lines_label_blank_nodes_canonically_and_keep_each_line_once():
    # the fast engine sorts the lines it made for the engines: blank-node labels must not
    # matter (two labellings, same output), a literal that merely holds "_:" stays as it is,
    # a line given twice (schema and data) is written once
    from rdflib import BNode, Graph

    from atmp_kg.rdf import ntriples

    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")

    def lines_with(first, second):
        triples = [(a, RDFS.seeAlso, first), (first, RDFS.label, Literal("Liste", lang="fr")),
                   (first, RDFS.seeAlso, second), (second, RDFS.label, Literal("fin")),
                   (b, RDFS.comment, Literal("written _:x in text")), (a, RDFS.label, Literal("A"))]
        return nt_lines(triples) + nt_lines(triples[-2:])

    one = ntriples.sorted_lines(lines_with(BNode("n1"), BNode("n2")))
    other = ntriples.sorted_lines(list(reversed(lines_with(BNode("zz9"), BNode("aa0")))))
    assert one == other == sorted(one) and len(one) == 6
    assert '<https://example.org/b> <http://www.w3.org/2000/01/rdf-schema#comment> "written _:x in text" .' in one
    assert not any("_:n1" in line or "_:zz9" in line for line in one)
    parsed = Graph().parse(data="\n".join(lines_with(BNode("q"), BNode("r"))), format="nt")
    assert one == ntriples.sorted_nt_lines(parsed)


def test_n_triples_text_made_in_two_processes_holds_every_line_in_order():
    schema = [(URIRef("https://example.org/s"), RDFS.label, Literal("schéma"))]
    data = [(URIRef(f"https://example.org/{i}"), RDFS.label, Literal(f"line\n{i}", lang="fr")) for i in range(7)]
    assert triples.nt_text(schema, data) == "\n".join(nt_lines(schema + data))  # odd count: halves of 4 and 4
    assert triples.nt_text(schema, []) == nt_lines(schema)[0] and triples.nt_text([], []) == ""


def test_inferred_lines_merged_into_sorted_asserted_ones_equal_all_lines_sorted():
    # the fast build sorts the asserted lines once and merges the entailed ones in: the same
    # lines as sorting them all, a line in both written once, and blank nodes labelled over the
    # whole graph when entailed lines hold some
    from rdflib import BNode

    from atmp_kg.infer.triples import Triples
    from atmp_kg.pipeline import BuildResult
    from atmp_kg.rdf import ntriples

    a, b, c = (URIRef(f"https://example.org/{x}") for x in "abc")
    one, other = BNode("raw1"), BNode("raw2")
    asserted = nt_lines([(a, RDFS.seeAlso, one), (one, RDFS.label, Literal("x")), (a, RDFS.seeAlso, other),
                         (other, RDFS.label, Literal("y")), (c, RDFS.label, Literal("C"))])
    for entailed, count in ((nt_lines([(b, RDFS.label, Literal("B")), (c, RDFS.label, Literal("C"))]), 6),
                            (nt_lines([(b, RDFS.label, Literal("B")), (one, RDFS.seeAlso, b)]), 7)):
        result = BuildResult(Triples(set(), set(), set(), None, "\n".join(asserted), "\n".join(entailed)),
                             None, engines.choose())
        expected = ntriples.sorted_lines(asserted + entailed)
        assert result.sorted_inferred_lines(result.sorted_asserted_lines()) == expected
        assert result.sorted_inferred_lines() == expected and len(expected) == count  # C once


def test_turtle_of_some_subjects_equals_the_turtle_of_their_lines_alone(fixture_dir):
    # cut from one serialisation of the whole graph: prefixed subjects (the ontology's), blank
    # nodes (its lists), literals with line breaks, subjects that are a prefix of others
    from atmp_kg.rdf.ntriples import sorted_nt_lines
    from atmp_kg.rdf.turtle import Turtle, turtle_of_lines

    result = build(inputs_for(fixture_dir))
    extra = [(URIRef("https://example.org/a"), RDFS.comment, Literal("two\nlines\n\tand a tab")),
             (URIRef("https://example.org/ab"), RDFS.label, Literal("École", lang="fr"))]
    lines = sorted_nt_lines(set(result.inferred_triples()) | set(extra))
    turtle = Turtle(lines)
    subjects = sorted({line.split(" ", 1)[0] for line in lines})
    assert any(s.startswith("_:") for s in subjects) and len(subjects) > 50
    assert "<https://w3id.org/atmp-kg/ontology#Actor>" in subjects and "\natmp:Actor " in "".join(turtle.chunks())
    for picked in (subjects[::7], subjects[3::11], ["<https://example.org/a>", "<https://example.org/ab>"],
                   ["<https://w3id.org/atmp-kg/ontology#Actor>", "<https://example.org/none>"]):
        alone = [line for line in lines if line.split(" ", 1)[0] in set(picked)]
        assert turtle.of(set(picked)) == turtle_of_lines(alone), picked[:3]
    assert "".join(turtle.chunks()) == turtle_of_lines(lines)


def test_the_engines_asked_for_are_the_engines_that_run(monkeypatch):
    """--reasoner owlrl runs owlrl and --validator pyshacl runs pySHACL; never silently another."""
    import pyshacl

    from atmp_kg.infer import reason

    ran = []
    closure, shacl = reason._owlrl_closure, pyshacl.validate
    monkeypatch.setattr(reason, "_owlrl_closure", lambda *a: ran.append("owlrl") or closure(*a))
    monkeypatch.setattr(pyshacl, "validate", lambda *a, **k: ran.append("pyshacl") or shacl(*a, **k))
    inputs = inputs_for(DATA / "tiny")
    build(inputs)
    assert ran == []
    build(inputs, validator="pyshacl", reasoner="owlrl")
    assert sorted(ran) == ["owlrl", "pyshacl"]


def test_engines_are_chosen_once_and_unknown_ones_refused(monkeypatch):
    assert engines.choose() == engines.Engines("pyshacl-turbo", "rules")
    assert engines.choose("pyshacl", "owlrl") == engines.Engines("pyshacl", "owlrl")
    for validator, reasoner in (("turbo", "auto"), ("auto", "hermit")):
        with pytest.raises(UsageError):
            engines.choose(validator, reasoner)
    monkeypatch.setattr(engines, "_turbo_installed", lambda: False)
    assert engines.choose().validator == "pyshacl"
    with pytest.raises(UsageError, match="not installed"):
        engines.choose("pyshacl-turbo")


# -- benchmark ---------------------------------------------------------------------------

@pytest.mark.slow
def test_benchmark_runs_end_to_end_at_the_smallest_size(tmp_path):
    run = bench_module("run")
    out = tmp_path / "results.md"
    run.main(["--sizes", "600", "--data", str(tmp_path / "data"), "--out", str(out)])
    text = out.read_text(encoding="utf-8")
    assert "| 600 | reference |" in text and "| 600 | default |" in text and "ratio reference / default" in text
    steps = ("load", "validate", "reason", "write", "network", "lookups (median)", "analytics (slowest)",
             "full build CPU s", "peak MB")
    for step in steps:
        assert step in text.split("## Reasoning")[0]
    assert "| yes |" in text.split("## Reasoning")[1]  # owlrl and rules entail the same


def test_benchmark_times_lookups_on_stand_ins_where_the_defaults_are_not_in_the_landscape(monkeypatch):
    import pyoxigraph
    run = bench_module("run")
    atmp, org, e = "https://w3id.org/atmp-kg/ontology#", "http://www.w3.org/ns/org#", "https://example.org/"

    def store_of(*triples):
        store = pyoxigraph.Store()
        for s, p, o in triples:
            store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(s), pyoxigraph.NamedNode(p), pyoxigraph.NamedNode(o)))
        return store
    # x holds three capabilities, y one; partnership q has two memberships, p one
    landscape = [(e + "x", atmp + "hasCapability", e + f"x{n}") for n in range(3)] + [
        (e + "y", atmp + "hasCapability", e + "y1"), (e + "m1", org + "organization", e + "p"),
        (e + "m2", org + "organization", e + "q"), (e + "m3", org + "organization", e + "q")]
    store = store_of(*landscape)
    assert run.stand_ins(store) == {"_actor": e + "x", "_partnership": e + "q", "_subject": e + "q"}
    bound = []
    monkeypatch.setattr("atmp_kg.sparql.backends.Oxigraph.select",
                        lambda _, text, values=None: bound.append(values) or Result((), ()))
    run.time_queries(store, run.stand_ins(store))
    assert {str(value) for values in bound for value in values.values()} >= {e + "x", e + "q"}
    # a default that names something of the landscape is kept
    biowin = "https://w3id.org/atmp-kg/id/actor/biowin"
    with_biowin = store_of(*landscape, (biowin, atmp + "hasCapability", e + "b1"))
    bound.clear()
    run.time_queries(with_biowin, run.stand_ins(with_biowin))
    profile = [values for values in bound if "_actor" in values and str(values["_actor"]) == biowin]
    assert len(profile) == run.QUERY_REPEATS  # actor-profile's own default, three runs
    assert run.stand_ins(store_of()) == {}  # nothing of the kind: no stand-in


def test_benchmark_cpu_seconds_count_the_work_of_forked_processes():
    run = bench_module("run")

    def busy():  # 0.3 CPU-s in a forked process, as the build's views and network processes
        while time.process_time() < 0.3:
            pass
    before = run.cpu_seconds()
    child = multiprocessing.get_context("fork").Process(target=busy)
    child.start()
    child.join()
    assert run.cpu_seconds() - before >= 0.3


def test_benchmark_repeat_reports_each_steps_median_and_the_spread(tmp_path, monkeypatch):
    run = bench_module("run")
    walls = iter([3.0, 1.0, 2.0])
    facts = {"asserted": 10, "inferred": 20, "actors": 2, "edges": 1, "reasoner": "rules"}

    def measure(kind, graph_dir, engine):  # three builds of known speeds; the reasoning once
        if kind == "reason":
            return {"seconds": {"rules": 0.1}, "facts": {"entailed": 1, "same": True}, "peak MB": 1.0}
        wall = next(walls)
        return {"seconds": {"load": wall / 10, "full build": wall}, "facts": facts, "peak MB": 100 * wall}
    monkeypatch.setattr(run, "measure", measure)
    results = run.benchmark([600], ["default"], 0, 0, 0, tmp_path, progress=lambda _: None, repeat=3)
    (row,) = results["builds"]
    assert list(row["seconds"].items()) == [("load", 0.2), ("full build", 2.0)]  # in the order timed
    assert (row["peak MB"], row["full builds"]) == (300.0, [1.0, 2.0, 3.0])
    assert "median of 3 builds (full build 1.00-3.00 s)" in run.facts_lines(results["builds"])
    with pytest.raises(SystemExit):
        run.main(["--repeat", "0", "--out", str(tmp_path / "r.md")])


# -- helpers -----------------------------------------------------------------------------

def sorted_rows(rows):
    """Rows in a stable order; GROUP_CONCAT lists (``actors``) as sets: SPARQL leaves their order open."""
    def normal(row):
        return {k: " ".join(sorted(v.split(" "))) if k == "actors" else v for k, v in row.items()}
    return sorted(json.dumps(normal(row), sort_keys=True) for row in rows)


def test_peak_memory_counts_the_whole_process_tree_and_passes_the_exit_code(capfd):
    peak_memory = bench_module("peak_memory")
    child = ("import sys, time; b = bytearray(60_000_000); b[::4096] = b'x' * len(b[::4096]); "  # touch every page
             "time.sleep(0.6); sys.exit(3)")
    code = peak_memory.main(["--every", "0.05", "--", sys.executable, "-c", child])
    assert code == 3
    reported = capfd.readouterr().err
    megabytes = int(reported.split("process tree ")[1].split(" MB")[0].replace(",", ""))
    assert 60 <= megabytes < 400, reported


@pytest.mark.browser
def test_the_big_view_benchmark_draws_every_actor_of_its_landscape():
    require_browser()  # a process of its own: Playwright's sync API runs one loop per process
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "views_5k.py"), "--nodes", "300", "--runs", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "synthetic landscape: 300 actors" in done.stdout and "nodes drawn: 300" in done.stdout


def test_both_processes_write_every_actors_pages_as_one_process_makes_them(tmp_path, monkeypatch):
    from atmp_kg import pipeline
    from atmp_kg.site.files import site_file_items, site_timeline
    from atmp_kg.site.markup import release_footer
    from atmp_kg.site.pages import TripleIndex

    monkeypatch.setattr(pipeline, "PAGE_BATCH", 1)  # the fixture's few actors spread over both processes
    result = build(inputs_for(DATA / "explorer"))
    write(result, tmp_path / "dist")
    select = backend(result.store)
    when = site_timeline(select)
    footer = release_footer(result.release, when.day.isoformat() if when else None)  # as the build's pages say
    made_alone = {name: text for name, text in site_file_items(TripleIndex(result.inferred_triples()), select,
                                                               when=when, footer=footer)
                  if name.startswith("actors/")}
    folder = tmp_path / "dist" / "actors"
    written = {f"actors/{path.name}": path.read_text(encoding="utf-8") for path in folder.iterdir()}
    assert written == made_alone


ORDER_BY = {"network-actors": ("actor", "type", "stage", "therapy"),
            "network-edges": ("subject", "object", "kind", "source"),
            "network-shared-memberships": ("actor", "other", "collaboration"),
            "gaps-coverage": ("stage", "therapy", "actor")}


@pytest.mark.parametrize("name", sorted(ORDER_BY))
def test_rows_sorted_here_come_in_the_order_of_the_querys_order_by(landscape, name):
    from atmp_kg.analyse import network  # its sorted_rows, not this module's helper of the same name

    select = backend(build(inputs_for(landscape)).store)
    ours, engines = network.sorted_rows(select, name), select(network.query_text(name))
    assert len(ours) > 50 and sorted(ours, key=repr) == sorted(engines, key=repr)  # the same rows
    assert [[row.get(key) for key in ORDER_BY[name]] for row in ours] == \
        [[row.get(key) for key in ORDER_BY[name]] for row in engines]  # in the same order (ties aside)


def test_batches_give_each_item_to_one_of_the_processes_that_take_them():
    from atmp_kg.infer.processes import Batches, Forked

    batches = Batches(list(range(10)), 3)
    mine = iter(batches)
    first = [next(mine) for _ in range(3)]  # this process takes the first batch, then a forked one the rest
    with Forked(lambda: list(batches), "the rest") as other:
        theirs = other.wait()
    assert (first, theirs, list(mine)) == ([0, 1, 2], list(range(3, 10)), [])

    batches = Batches(list(range(300)), 2)
    with Forked(lambda: list(batches), "a share") as other:  # both taking at the same time
        mine = list(batches)
        theirs = other.wait()
    assert sorted(mine + theirs) == list(range(300))  # each item once, none lost


def test_batches_taken_from_both_ends_meet_without_losing_or_repeating_an_item():
    from atmp_kg.infer.processes import Batches, Forked

    batches = Batches(list(range(10)), 3)
    front, back = iter(batches), batches.from_back()
    assert [next(front) for _ in range(3)] + [next(back) for _ in range(3)] == [0, 1, 2, 7, 8, 9]
    assert (list(back), list(front)) == ([4, 5, 6, 3], [])  # the back takes 4-6, then 3 (all that is left)

    batches = Batches(list(range(301)), 2)
    with Forked(lambda: list(batches), "the front") as other:  # both taking at the same time
        mine = list(batches.from_back())
        theirs = other.wait()
    assert sorted(mine + theirs) == list(range(301))
    assert theirs == list(range(len(theirs)))  # the front: one run from the first item, in order
    assert sorted(mine) == list(range(len(theirs), 301))  # the back: the rest, one run to the last
