"""Benchmark: each build step and peak memory at each size, the reference engines (pySHACL and
owlrl) against the default ones (pyshacl-turbo and the rules reasoner).

    python bench/run.py                          # 10k, 100k, 1M; writes bench/results.md
    python bench/run.py --sizes 2k --out /tmp/r.md --reference-up-to 2k
    python bench/run.py --sizes 1M --repeat 3     # each step's median of three builds

For every size a synthetic landscape is generated (``bench/generate.py``, seeded) and built once
per engine (``--repeat N``: N times, each step's median reported, since a shared machine's speed
moves by 5-10% from one run to the next), each in its own Python process so that its peak memory
(max RSS) is its own. The child process times every step the pipeline times (load, validate,
reason, write and whatever later steps ``pipeline.write`` times, such as gaps or views), then the
actor network, the betweenness of ``atmp_kg.analyse.measures``, and every named query in
``queries/``. A second table times the OWL 2 RL reasoning alone, owlrl against the rules engine,
and checks that both entail the same triples. Results go to stdout and to a Markdown file with the
machine and date.
"""

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from generate import generate, parse_size  # noqa: E402

MAIN_STEPS = ("load", "validate", "reason", "write")
QUERY_REPEATS = 3
QUADRATIC_QUERIES = ("complementary-pairs",)  # every pair of actors with complementary capabilities
QUADRATIC_UP_TO = 500_000  # triples; above this those queries are not timed
# a parameter whose default names nothing in the landscape (the real actors and partnerships are
# not in a synthetic one) is timed on its busiest stand-in instead: the first row of these queries
STAND_INS = {
    "_actor": "SELECT ?x WHERE { ?x <https://w3id.org/atmp-kg/ontology#hasCapability> ?c } "
              "GROUP BY ?x ORDER BY DESC(COUNT(?c)) ?x LIMIT 1",
    "_partnership": "SELECT ?x WHERE { ?m <http://www.w3.org/ns/org#organization> ?x } "
                    "GROUP BY ?x ORDER BY DESC(COUNT(?m)) ?x LIMIT 1",
}
STAND_INS["_subject"] = STAND_INS["_partnership"]
WHOLE_BUILD = ("full build", "full build CPU")  # wall clock and CPU seconds, the table's last columns


ENGINES = {"reference": {"validator": "pyshacl", "reasoner": "owlrl"}, "default": {}}  # build() options


# -- child: one configuration in its own process --------------------------------------------

def run_build(graph_dir, engine):
    """Time one full build of ``graph_dir`` with ``engine``; returns a dict of seconds and facts."""
    from atmp_kg.analyse.network import actor_network
    from atmp_kg.infer.reason import fewer_gc_passes
    from atmp_kg.pipeline import Timer, build, write
    from atmp_kg.read.load import Inputs
    from atmp_kg.sparql.backends import backend

    timer = Timer()
    gc.disable()  # as `atmp-kg build` (see atmp_kg.cli); this process ends with the measurement
    start, cpu_start = time.perf_counter(), cpu_seconds()
    with tempfile.TemporaryDirectory() as out, fewer_gc_passes():
        result = build(Inputs(ontology_dir=ROOT / "ontology", graph_dir=graph_dir), timer=timer, prepare=True,
                       **ENGINES[engine])
        write(result, Path(out) / "dist", timer=timer)
        build_seconds, build_cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
        # as `atmp-kg query` runs them: a process holding the built store, not the whole build
        timed = measure("queries", Path(out) / "dist", "oxigraph")
        queries = timed["times"]
    seconds = dict(timer.seconds)
    seconds["full build"] = build_seconds  # wall clock: views run alongside gaps and write
    seconds["full build CPU"] = build_cpu  # the work itself, which the cores share
    select = backend(result.store)
    start = time.perf_counter()
    network = actor_network(select)
    seconds["network"] = time.perf_counter() - start
    asserted, inferred = result.sizes()
    facts = {"asserted": asserted, "inferred": inferred, "engine": engine, "validator": result.engines.validator,
             "reasoner": result.reasoner, "actors": network.number_of_nodes(), "edges": network.number_of_edges()}
    from atmp_kg.analyse import measures

    start = time.perf_counter()
    facts["betweenness method"] = measures.betweenness(network)["method"]
    seconds["betweenness"] = time.perf_counter() - start
    if timed["stand-ins"]:
        facts["parameters standing in"] = ", ".join(f"{name[1:]} = {iri.rsplit('/', 1)[-1]}"
                                                    for name, iri in timed["stand-ins"].items())
    for kind, times in queries.items():  # lookups (target 100 ms), analytics (2 s)
        seconds[f"{kind} (median)"] = statistics.median(times.values())
        seconds[f"{kind} (slowest)"] = max(times.values())
        facts[f"slowest of the {kind}"] = max(times, key=times.get)
    return {"seconds": seconds, "facts": facts}


def cpu_seconds():
    """User + system CPU seconds of this process and of its children that have ended (the
    build's forked processes: each is waited for before the build returns)."""
    return sum(usage.ru_utime + usage.ru_stime
               for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))


def stand_ins(store):
    """``{parameter: IRI}`` for the parameters of ``STAND_INS`` whose default in some named query
    names nothing in ``store`` (no triple about it): the busiest thing of that kind there."""
    from atmp_kg.sparql.library import library

    absent = {name for query in library() for name, default in query.parameters.items()
              if name in STAND_INS and not _about(store, default)}
    found = {name: [row[0].value for row in store.query(STAND_INS[name])] for name in sorted(absent)}
    return {name: rows[0] for name, rows in found.items() if rows}


def _about(store, iri):
    """Whether ``store`` holds a triple about ``iri``."""
    import pyoxigraph

    return next(iter(store.quads_for_pattern(pyoxigraph.NamedNode(str(iri)), None, None)), None) is not None


def time_queries(store, parameters=None):
    """``{"lookups" | "analytics": {query name: median seconds}}``: each named query of
    ``queries/`` on ``store`` (Oxigraph), bound to its default parameters
    (``atmp_kg.sparql.library.bind``) as ``atmp-kg query NAME`` runs it, grouped by its tag; a default
    that names nothing in ``store`` is replaced by its stand-in in ``parameters`` (``{"_actor":
    IRI}``, see ``stand_ins``). Federated queries are left out (SERVICE would reach the network),
    and above ``QUADRATIC_UP_TO`` triples those whose answer grows with the square of the actors."""
    from rdflib import URIRef

    from atmp_kg.sparql.backends import backend
    from atmp_kg.sparql.library import bind, library

    parameters = parameters or {}
    times = {}
    for query in library():
        if query.is_federated or (query.name in QUADRATIC_QUERIES and len(store) > QUADRATIC_UP_TO):
            continue
        values = {name: URIRef(parameters[name]) for name, default in query.parameters.items()
                  if name in parameters and not _about(store, default)}
        runs = []
        for _ in range(QUERY_REPEATS):
            start = time.perf_counter()
            backend(store).select(query.text, bind(query, values)).rdflib()
            runs.append(time.perf_counter() - start)
        kind = "lookups" if "lookup" in query.tags else "analytics"
        times.setdefault(kind, {})[query.name] = statistics.median(runs)
    return times


def run_reasoners(graph_dir, engines):
    """Seconds of each reasoning engine alone on ``graph_dir``, and whether they agree."""
    from atmp_kg.infer.reason import entailments
    from atmp_kg.read.load import Inputs, load

    loaded = load(Inputs(ontology_dir=ROOT / "ontology", graph_dir=graph_dir), data=set())
    seconds, results = {}, {}
    for engine in engines:
        start = time.perf_counter()
        results[engine] = entailments(loaded.schema, loaded.data, engine)
        seconds[engine] = time.perf_counter() - start
    agree = len({frozenset(r) for r in results.values()}) == 1
    return {"seconds": seconds, "facts": {"entailed": len(next(iter(results.values()))), "same": agree}}


def child(args):
    if args.child == "build":
        report = run_build(Path(args.graph), args.engine)
    elif args.child == "queries":
        from atmp_kg.sparql.library import load_graph
        store = load_graph(args.graph, engine=args.engine)
        parameters = stand_ins(store)
        report = {"times": time_queries(store, parameters), "stand-ins": parameters}
    else:
        report = run_reasoners(Path(args.graph), args.engine.split(","))
    # Linux: kilobytes; the build's own peak plus that of its forked views process (an upper bound)
    report["peak MB"] = sum(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF,
                                                                          resource.RUSAGE_CHILDREN)) / 1024
    print(json.dumps(report))


# -- parent: sizes x engines, each in a subprocess -----------------------------------------

def measure(kind, graph_dir, engine):
    """Run one configuration in a child process; its report plus its peak memory (MB)."""
    command = [sys.executable, __file__, "--child", kind, "--graph", str(graph_dir), "--engine", engine]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.run(command, capture_output=True, env=env, text=True)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{process.stderr[-3000:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


def label(size):
    return f"{size // 1_000_000}M" if size >= 1_000_000 and size % 1_000_000 == 0 else (
        f"{size // 1000}k" if size % 1000 == 0 else str(size))


def benchmark(sizes, engines, reference_up_to, owlrl_up_to, seed, data_dir, progress=print, repeat=1):
    """All measurements: ``{"builds": [...], "reasoning": [...]}``; each build ``repeat`` times."""
    builds, reasoning = [], []
    for size in sizes:
        graph_dir = Path(data_dir) / label(size)
        generate(graph_dir, size, seed)
        for engine in engines:
            if engine == "reference" and size > reference_up_to:
                continue
            reports = []
            for run in range(repeat):
                progress(f"build {label(size)} {engine}" + (f" ({run + 1} of {repeat})" if repeat > 1 else "") + "...")
                reports.append(measure("build", graph_dir, engine))
            builds.append({"size": size, "engine": engine, **medians(reports)})
        reasoners = ["owlrl", "rules"] if size <= owlrl_up_to else ["rules"]
        progress(f"reason {label(size)} {'/'.join(reasoners)}...")
        reasoning.append({"size": size, **measure("reason", graph_dir, ",".join(reasoners))})
    return {"builds": builds, "reasoning": reasoning}


def medians(reports):
    """One report for several builds of the same graph: each step's median seconds, the largest
    peak memory, the first build's facts (the same in every build but which query was slowest),
    and ``full builds``: every build's wall clock, sorted."""
    steps = dict.fromkeys(step for report in reports for step in report["seconds"])  # in the order timed
    seconds = {step: statistics.median(report["seconds"][step] for report in reports if step in report["seconds"])
               for step in steps}
    return {"seconds": seconds, "facts": reports[0]["facts"], "peak MB": max(r["peak MB"] for r in reports),
            "full builds": sorted(report["seconds"]["full build"] for report in reports)}


def build_table(builds):
    """Markdown table: one row per size and engine, one column per step; ratio rows."""
    steps = list(MAIN_STEPS)
    for row in builds:
        steps += [s for s in row["seconds"] if s not in steps and s not in WHOLE_BUILD]
    header = ["size", "engine", "triples (asserted / inferred)"] + steps + ["full build", "full build CPU s", "peak MB"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    by_size = {}
    for row in builds:
        seconds = row["seconds"]
        full = row["full"] = seconds["full build"]
        by_size.setdefault(row["size"], {})[row["engine"]] = row
        cells = [label(row["size"]), row["engine"], f"{row['facts']['asserted']:,} / {row['facts']['inferred']:,}"]
        cells += [_seconds(seconds.get(s)) for s in steps]
        cells += [_seconds(full), _seconds(seconds.get("full build CPU")), f"{row['peak MB']:,.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    for size, rows in by_size.items():
        if {"reference", "default"} <= set(rows):
            slow, quick = rows["reference"], rows["default"]
            cells = [label(size), "ratio reference / default", ""]
            cells += [_ratio(slow["seconds"].get(s), quick["seconds"].get(s)) for s in steps]
            cells += [_ratio(slow["full"], quick["full"]),
                      _ratio(slow["seconds"].get("full build CPU"), quick["seconds"].get("full build CPU")),
                      _ratio(slow["peak MB"], quick["peak MB"])]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def reasoning_table(reasoning):
    lines = ["| size | entailed triples | owlrl s | rules s | owlrl / rules | same entailments |",
             "|---|---|---|---|---|---|"]
    for row in reasoning:
        seconds, facts = row["seconds"], row["facts"]
        owlrl = seconds.get("owlrl")
        same = ("yes" if facts["same"] else "NO") if owlrl is not None else "(owlrl not run)"
        lines.append(f"| {label(row['size'])} | {facts['entailed']:,} | {_seconds(owlrl)} | "
                     f"{_seconds(seconds['rules'])} | {_ratio(owlrl, seconds['rules'])} | {same} |")
    return "\n".join(lines)


def facts_lines(builds):
    lines = []
    for row in builds:
        facts = row["facts"]
        named = ("betweenness method", "slowest of the lookups", "slowest of the analytics", "parameters standing in")
        extra = "; ".join(f"{k}: {facts[k]}" for k in named if k in facts)
        runs = row.get("full builds", [])
        spread = (f"; median of {len(runs)} builds (full build {runs[0]:.2f}-{runs[-1]:.2f} s)"
                  if len(runs) > 1 else "")
        lines.append(f"- {label(row['size'])} {row['engine']}: {facts['actors']:,} actors, {facts['edges']:,} "
                     f"network edges; reasoner {facts['reasoner']}" + (f"; {extra}" if extra else "") + spread)
    return "\n".join(lines)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def report(results, command):
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n\n".join([
        "# Benchmark results",
        f"Measured {now} on {machine()}, with `{command}`. Synthetic data from `bench/generate.py` "
        "(invented organisations, example.org sources); seconds per step; peak MB = the child "
        "process's max RSS plus its forked views process's. \"full build\" = wall-clock seconds of "
        "everything `atmp-kg build` does (load to write; views run alongside gaps and write, so the "
        "steps add up to more); \"full build CPU s\" = the user and system CPU seconds of its processes, "
        "which the machine's cores share (the wall clock is about load + the rest / cores); network, "
        "betweenness and queries are extra.",
        "## Build steps", build_table(results["builds"]),
        facts_lines(results["builds"]),
        "## Reasoning alone: owlrl (full OWL 2 RL closure) against the rules engine",
        reasoning_table(results["reasoning"]),
    ]) + "\n"


def _seconds(value):
    return "" if value is None else (f"{value:.2f}" if value < 100 else f"{value:.0f}")


def _ratio(slow, quick):
    return f"{slow / quick:.1f}x" if slow and quick else ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="data triples per run (default 10k,100k,1M)")
    parser.add_argument("--engines", default="reference,default",
                        help="engines to compare (default reference,default)")
    parser.add_argument("--reference-up-to", default="100k",
                        help="largest size built with the reference engines (pySHACL, owlrl)")
    parser.add_argument("--owlrl-up-to", default="100k", help="largest size reasoned with owlrl (1M takes ~11 min)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per size and engine; each step's median is reported (default 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", default=str(BENCH / "data"), help="where generated tables go")
    parser.add_argument("--out", default=str(BENCH / "results.md"), help="Markdown report to write")
    parser.add_argument("--child", choices=["build", "queries", "reason"], help=argparse.SUPPRESS)
    parser.add_argument("--graph", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    if args.repeat < 1:
        parser.error(f"--repeat must be 1 or more, not {args.repeat}")
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    results = benchmark(sizes, args.engines.split(","), parse_size(args.reference_up_to),
                        parse_size(args.owlrl_up_to), args.seed, args.data,
                        progress=lambda text: print(text, file=sys.stderr, flush=True), repeat=args.repeat)
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(results, command.strip())
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
