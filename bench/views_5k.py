"""Benchmark: the explorer's network view on a synthetic landscape of 5,000 actors.

Builds a synthetic actor network (same attributes as ``atmp_kg.analyse.network.actor_network``), writes
the ecosystem page with ``atmp_kg.site.ecosystem`` into a temporary folder, opens it in headless Debian
chromium (Playwright) and measures, in the browser:

- ``first draw``: navigation start -> vis-network's first ``afterDrawing`` (positions are
  computed in Python, physics is off);
- ``interactive``: navigation start -> first animation frame after that draw, i.e. the main
  thread is free again and the page answers input;
- ``filter`` / ``search``: one filter change (redraw of the filtered view) and one search by
  alias (select + focus), from the Python call to the answer being in the page.

Usage: ``python bench/views_5k.py [--nodes 5000] [--runs 3] [--keep DIR]``; prints one line per
measure (median of the runs). Requires ``apt-get install -y chromium`` and ``pip install playwright``.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atmp_kg.analyse.network import REGIONS  # noqa: E402
from atmp_kg.site.drawing import network_payload  # noqa: E402
from atmp_kg.site.ecosystem import ecosystem_page  # noqa: E402
from atmp_kg.site.explorer import script_files  # noqa: E402
from atmp_kg.site.layout import force_layout  # noqa: E402
from atmp_kg.site.markup import asset_files  # noqa: E402
from atmp_kg.site.palette import KINDS, TYPE_ORDER  # noqa: E402
from atmp_kg.write.staging import write_text  # noqa: E402

ID = "https://w3id.org/atmp-kg/id/"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
STAGES = ["discovery-research", "preclinical", "starting-materials", "process-development", "gmp-manufacturing",
          "quality-control", "clinical-trials", "regulatory", "hta-reimbursement", "supply-chain", "post-approval"]
THERAPIES = ["cell-therapy", "gene-modified-cell-therapy", "in-vivo-gene-therapy", "gene-editing",
             "tissue-engineering", "exosome", "phage"]


def synthetic_network(size, seed=7):
    """A clustered scale-free actor network of ``size`` actors with types, regions, capabilities,
    aliases and relation kinds drawn from a seeded generator (same inputs, same network)."""
    rng = random.Random(seed)
    shape = nx.powerlaw_cluster_graph(size, 2, 0.3, seed=seed)
    names = {i: f"{ID}actor/synthetic-{i:05d}" for i in shape}
    network = nx.Graph()
    types = list(TYPE_ORDER)
    for i, iri in names.items():
        capabilities = sorted({(rng.choice(STAGES), rng.choice(THERAPIES)) for _ in range(rng.randint(0, 4))})
        network.add_node(iri, label=f"Synthetic actor {i:05d}", label_fr="", types=[rng.choice(types)],
                         aliases=[f"SA{i}"], former_names=[], municipality="",
                         region=rng.choice([*REGIONS, "beyond"]), capabilities=capabilities,
                         stages=sorted({s for s, _ in capabilities}), therapies=sorted({t for _, t in capabilities}))
    for a, b in shape.edges():
        network.add_edge(names[a], names[b], kinds=sorted(rng.sample(list(KINDS), rng.randint(1, 2))),
                         collaborations=[], sources=[])
    return network


def build_page(network, folder):
    """Write the ecosystem page for ``network`` into ``folder``; returns timings in seconds."""
    terms = {"stage_order": STAGES}
    started = time.perf_counter()
    positions = force_layout(network)
    laid_out = time.perf_counter()
    payload = network_payload(network, terms, positions=positions)
    for name, text in {**asset_files(), **script_files(), "index.html": ecosystem_page(payload, terms)}.items():
        write_text(folder / name, text)
    return {"layout (Python)": laid_out - started, "payload + page (Python)": time.perf_counter() - laid_out}


def measure(browser, page_path, alias):
    """One visit: first draw, interactive, one filter and one search (seconds)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(page_path.as_uri(), wait_until="commit")
    page.wait_for_selector("body[data-network-ready]", state="attached", timeout=60000)
    interactive = page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(performance.now())))")
    drawn = page.evaluate("window.atmpView.readyAt")
    count = page.evaluate("window.atmpView.drawnCount()")
    marks = page.evaluate("performance.getEntriesByType('mark').map(m => [m.name, m.startTime / 1000])")
    started = time.perf_counter()
    page.select_option("#filter-region", "wallonia")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(window.atmpView.drawnCount())))")
    filtered = time.perf_counter() - started
    page.select_option("#filter-region", "")
    started = time.perf_counter()
    page.fill("#search", alias)
    page.press("#search", "Enter")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(window.atmpView.network.getSelectedNodes())))")
    searched = time.perf_counter() - started
    page.close()
    if errors:
        raise RuntimeError(f"page errors: {errors}")
    return {"first draw": drawn / 1000, "interactive": interactive / 1000, "filter": filtered,
            "search": searched, "nodes drawn": count, "marks": dict(marks)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the page into this folder and keep it")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()[0]
    network = synthetic_network(args.nodes)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="atmp-kg-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        python_times = build_page(network, folder)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                                 args=ARGS)
            runs = [measure(browser, folder / "index.html", f"SA{args.nodes // 2}") for _ in range(args.runs)]
            browser.close()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"synthetic landscape: {network.number_of_nodes()} actors, {network.number_of_edges()} edges")
    print("load average before/after (1 min, 2 cores shared with other jobs): "
          f"{load_before:.2f} / {os.getloadavg()[0]:.2f}")
    for name, seconds in python_times.items():
        print(f"{name}: {seconds:.2f} s")
    for name in ("first draw", "interactive", "filter", "search"):
        print(f"{name} (browser, median of {args.runs}): {statistics.median(r[name] for r in runs):.2f} s")
    print(f"nodes drawn: {runs[0]['nodes drawn']}")
    print("milestones (s after navigation, first run): "
          + ", ".join(f"{name} {at:.2f}" for name, at in runs[0]["marks"].items()))


if __name__ == "__main__":
    main()
