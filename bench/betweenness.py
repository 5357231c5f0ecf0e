"""Betweenness on the actor network of a synthetic landscape: exact networkx, sampled networkx
(``atmp_kg.analyse.measures``'s method above its limit: k sampled sources, fixed seed) and exact rustworkx.

    python bench/betweenness.py --triples 100k

Prints seconds per method and how many of the exact top 20 brokers each method finds.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import networkx as nx  # noqa: E402
from generate import generate, parse_size  # noqa: E402


def network_of(triples, seed):
    from atmp_kg.analyse.network import actor_network
    from atmp_kg.pipeline import build
    from atmp_kg.read.load import Inputs
    from atmp_kg.sparql.backends import backend

    with tempfile.TemporaryDirectory() as folder:
        graph_dir = generate(Path(folder) / "graph", triples, seed)
        result = build(Inputs(ontology_dir=BENCH.parent / "ontology", graph_dir=graph_dir))
        return actor_network(backend(result.inferred, engine="oxigraph"))


def methods(k, seed):
    found = {"networkx exact": lambda g: nx.betweenness_centrality(g, normalized=True),
             f"networkx sampled k={k}": lambda g: nx.betweenness_centrality(g, k=min(k, len(g)), normalized=True,
                                                                              seed=seed)}
    try:
        import rustworkx as rx
    except ImportError:
        return found

    def rustworkx_exact(g):
        graph = rx.networkx_converter(g, keep_attributes=False)
        nodes = list(g.nodes)
        values = rx.graph_betweenness_centrality(graph, normalized=True)
        return {nodes[i]: value for i, value in values.items()}
    found["rustworkx exact"] = rustworkx_exact
    return found


def top(values, n=20):
    return {node for node, _ in sorted(values.items(), key=lambda item: (-item[1], item[0]))[:n]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="100k")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--k", type=int, default=200, help="sampled sources (default 200, as atmp_kg.analyse.measures)")
    args = parser.parse_args(argv)
    network = network_of(parse_size(args.triples), args.seed)
    print(f"{args.triples}: {network.number_of_nodes()} actors, {network.number_of_edges()} edges")
    results = {}
    for name, method in methods(args.k, 42).items():
        start = time.perf_counter()
        results[name] = method(network)
        print(f"  {name}: {time.perf_counter() - start:.2f} s", flush=True)
    exact = top(results["networkx exact"])
    for name, values in results.items():
        print(f"  {name}: {len(top(values) & exact)}/20 of the exact top 20")


if __name__ == "__main__":
    main()
