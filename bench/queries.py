"""Time every named query on a built graph, with Oxigraph and (optionally) rdflib, and the gap
query written with MINUS against the same query written with FILTER NOT EXISTS.

    python bench/queries.py --dist dist/               # Oxigraph only
    python bench/queries.py --dist big.nt --rdflib     # also rdflib (slow to load beyond 100k triples)

``--dist`` is a build folder (its atmp-kg-inferred.ttl) or any RDF file. ``--timeout`` bounds the
FILTER NOT EXISTS run (in a child process, which is killed when it takes longer).
"""

import argparse
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from atmp_kg.sparql.backends import backend  # noqa: E402
from atmp_kg.sparql.library import bind, find_query, library, load_graph  # noqa: E402

GAP_QUERY = "value-chain-gaps"


def answer(source, text, bindings=None):
    """The rows of ``text`` on ``source`` as ``atmp-kg query`` gives them (rdflib terms)."""
    return backend(source).select(text, bindings).rdflib()


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - start


def not_exists_form(text):
    """The gap query with its MINUS written as FILTER NOT EXISTS (same rows on this query)."""
    return text.replace("  MINUS {\n", "  FILTER NOT EXISTS {\n")


def _run_gap(dist, text, bindings, queue):
    store = load_graph(dist, "oxigraph")
    result, seconds = timed(answer, store, text, bindings)
    queue.put((len(result.rows), seconds))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default="dist", help="build folder or RDF file")
    parser.add_argument("--rdflib", action="store_true", help="also time rdflib")
    parser.add_argument("--skip", action="append", default=[], metavar="NAME",
                        help="leave out a query (repeatable), e.g. one whose answer is quadratic in the data")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed to FILTER NOT EXISTS")
    args = parser.parse_args()

    engines = ["oxigraph"] + (["rdflib"] if args.rdflib else [])
    graphs = {}
    for engine in engines:
        graphs[engine], seconds = timed(load_graph, args.dist, engine)
        print(f"load with {engine}: {seconds:.2f}s")
    print(f"{'query':40} {'rows':>8} " + " ".join(f"{e + ' s':>10}" for e in engines))
    for query in library():
        if query.is_federated or query.name in args.skip:
            continue
        cells, rows = [], None
        for engine in engines:
            result, seconds = timed(answer, graphs[engine], query.text, bind(query))
            rows = len(result.rows)
            cells.append(f"{seconds:10.3f}")
        print(f"{query.name:40} {rows:8d} " + " ".join(cells))

    gap = find_query(GAP_QUERY)
    for label, text in (("MINUS", gap.text), ("FILTER NOT EXISTS", not_exists_form(gap.text))):
        queue = multiprocessing.Queue()
        child = multiprocessing.Process(target=_run_gap, args=(args.dist, text, bind(gap), queue))
        child.start()
        child.join(args.timeout)
        if child.is_alive():
            child.kill()
            print(f"{GAP_QUERY} with {label} (Oxigraph): over {args.timeout:.0f}s, stopped")
        else:
            rows, seconds = queue.get()
            print(f"{GAP_QUERY} with {label} (Oxigraph): {rows} rows in {seconds:.2f}s")


if __name__ == "__main__":
    main()
