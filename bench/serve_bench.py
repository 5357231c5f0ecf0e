"""Benchmark of ``atmp-kg serve``: start time, then queries per second and p50/p99 latency of a
simple lookup and of the coverage matrix (an aggregate over every capability claim), at 1 and 16
concurrent clients, over HTTP on loopback.

    python bench/serve_bench.py --dist dist            # the shipped build
    python bench/serve_bench.py --dist /tmp/synthetic  # e.g. a build of bench/generate.py tables

Each client keeps one HTTP/1.1 connection and sends POST form queries, one after the other;
each case sends ``--requests`` queries in all. Prints a Markdown table.
"""

import argparse
import http.client
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ATMP = "https://w3id.org/atmp-kg/ontology#"
FIRST_ACTOR = f"SELECT ?thing WHERE {{ ?thing a <{ATMP}Actor> }} ORDER BY ?thing LIMIT 1"
FIRST_THING = "SELECT ?thing WHERE { ?thing a ?type FILTER isIRI(?thing) } ORDER BY ?thing LIMIT 1"
COVERAGE = f"""PREFIX atmp: <{ATMP}>
SELECT ?stage ?therapy (COUNT(DISTINCT ?actor) AS ?actors) WHERE {{
  ?capability a atmp:Capability ; atmp:capabilityOf ?actor ; atmp:stage ?stage ; atmp:therapy ?therapy .
}} GROUP BY ?stage ?therapy ORDER BY ?stage ?therapy"""


def start(dist, workers):
    """Start the server; return (process, address, seconds until it answered a query)."""
    begin = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "atmp_kg.cli", "serve", "--dist", str(dist), "--port", "0", "--quiet",
         "--workers", str(workers), "--timeout", "60"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    line = process.stdout.readline()
    address = line.split("http://", 1)[1].split("/", 1)[0]
    host, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    status = ask(connection, "ASK { ?s ?p ?o }")[0]
    assert status == 200, status
    return process, (host, int(port)), time.perf_counter() - begin


def ask(connection, query):
    """(status, body) of one POST form query on a kept-alive connection."""
    body = urllib.parse.urlencode({"query": query})
    connection.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                 "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    return response.status, response.read()


def run(address, query, clients, requests):
    """``{"qps", "p50", "p99", "errors"}`` for ``clients`` threads sending ``requests`` queries each."""
    latencies, errors = [], []
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection(*address, timeout=120)
        mine, failed = [], 0
        for _ in range(requests):
            begin = time.perf_counter()
            status, _ = ask(connection, query)
            mine.append(time.perf_counter() - begin)
            failed += status != 200
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.append(failed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - begin
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"qps": len(latencies) / wall, "p50": cuts[49] * 1000, "p99": cuts[98] * 1000, "errors": sum(errors)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="the build to serve (default dist/)")
    parser.add_argument("--workers", type=int, default=4, help="server query workers (default 4)")
    parser.add_argument("--requests", type=int, default=400,
                        help="queries per case, split among the clients (default 400)")
    parser.add_argument("--starts", type=int, default=3, help="times to start and stop the server (default 3)")
    args = parser.parse_args(argv)
    starts = []
    for _ in range(args.starts - 1):
        process, _, seconds = start(args.dist, args.workers)
        starts.append(seconds)
        process.terminate()
        process.wait(15)
    process, address, startup = start(args.dist, args.workers)
    starts.append(startup)
    try:
        connection = http.client.HTTPConnection(*address, timeout=60)
        triples = ask(connection, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1].decode()
        triples = int(triples.split('"value": "')[1].split('"')[0])
        found = ask(connection, FIRST_ACTOR)[1].decode() + ask(connection, FIRST_THING)[1].decode()
        thing = found.split('"value": "')[1].split('"')[0]  # an actor, else (no actor) any thing
        lookup = f"SELECT ?p ?o WHERE {{ <{thing}> ?p ?o }}"
        print(f"build: {args.dist} ({triples:,} triples); workers: {args.workers}; "
              f"start to first answer: {', '.join(f'{seconds:.2f}' for seconds in starts)} s")
        print("\n| query | clients | queries/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|")
        for name, query in (("lookup (one thing's triples)", lookup), ("coverage matrix (aggregate)", COVERAGE)):
            for clients in (1, 16):
                ask(connection, query)  # warm up
                result = run(address, query, clients, max(1, args.requests // clients))
                print(f"| {name} | {clients} | {result['qps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} "
                      f"| {result['errors']} |")
    finally:
        process.terminate()
        process.wait(15)


if __name__ == "__main__":
    main()
