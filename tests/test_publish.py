"""``atmp-kg publish`` against a real Oxigraph server (the PyPI ``oxigraph`` binary) on loopback."""

import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from graphs import assert_isomorphic
from rdflib import Graph

from atmp_kg.cli import main
from atmp_kg.errors import RemoteError, UsageError
from atmp_kg.pipeline import write
from atmp_kg.sparql.publish import DEFAULT_GRAPH, count_triples, endpoints, publish

OTHER = "urn:x:unrelated"
HOSTILE = "https://e/g> ; DROP ALL ; DROP SILENT GRAPH <https://e/x"
SMALL = "<urn:x:a> <urn:x:b> <urn:x:c> .\n<urn:x:a> <urn:x:b> \"two\"@en .\n"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path):
    """A read-write Oxigraph server on loopback; yields its base URL."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the `oxigraph` binary is required: pip install -e '.[test]'")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)


class Recorder(BaseHTTPRequestHandler):
    """Forwards every request to the Oxigraph server and records ``(method, path)``."""

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append((self.command, self.path))
        headers = {name: value for name, value in self.headers.items() if name.lower() in ("content-type", "accept")}
        request = urllib.request.Request(self.server.target + self.path, body if body else None, headers,
                                         method=self.command)
        try:
            with urllib.request.urlopen(request) as response:
                status, answer, content_type = response.status, response.read(), response.headers["Content-Type"]
        except urllib.error.HTTPError as error:
            status, answer, content_type = error.code, error.read(), error.headers["Content-Type"]
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_DELETE = forward

    def log_message(self, *args):
        pass


@pytest.fixture
def recorded(oxigraph):
    """A proxy in front of the Oxigraph server; yields ``(base_url, received)``, the requests it forwarded."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.target, server.received = oxigraph, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.received
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def tiny_dist(tiny_build, tmp_path_factory):
    return write(tiny_build, tmp_path_factory.mktemp("publish") / "dist")


@pytest.fixture
def small_dist(tmp_path):
    """A hand-made 'build' of two triples, standing for the next version."""
    (tmp_path / "small").mkdir()
    (tmp_path / "small" / "atmp-kg-inferred.ttl").write_text(SMALL, encoding="utf-8")
    return tmp_path / "small"


def graph_of(base, graph):
    request = urllib.request.Request(f"{base}/store?graph={urllib.parse.quote(graph, safe='')}",
                                     headers={"Accept": "application/n-triples"})
    return Graph().parse(data=urllib.request.urlopen(request).read(), format="nt")


def put_graph(base, graph, data=SMALL):
    request = urllib.request.Request(f"{base}/store?graph={urllib.parse.quote(graph, safe='')}", data.encode(),
                                     {"Content-Type": "application/n-triples"}, method="PUT")
    urllib.request.urlopen(request).read()


def named_graphs(base, empty_too=False):
    """The named graphs of the store that hold triples (``empty_too``: every one)."""
    pattern = "{}" if empty_too else "{ ?s ?p ?o }"
    query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {pattern} }}"
    request = urllib.request.Request(f"{base}/query", query.encode(),
                                     {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    return sorted(urllib.request.urlopen(request).read().decode().split()[1:])


def snapshot(base):
    """``({graph: triple_count}, sorted N-Quads lines)``: the whole content of the store."""
    request = urllib.request.Request(f"{base}/store", headers={"Accept": "application/n-quads"})
    quads = sorted(urllib.request.urlopen(request).read().decode().splitlines())
    return {graph: len(graph_of(base, graph)) for graph in named_graphs(base, empty_too=True)}, quads


def staging_of(graph):
    return f"{graph}/staging/{uuid.uuid4().hex}"


def test_publish_loads_the_build_into_the_named_graph(oxigraph, tiny_build, tiny_dist):
    progress = []
    result = publish(tiny_dist, endpoints(f"{oxigraph}/update"), progress=lambda *done: progress.append(done),
                     chunk=4096)
    assert result["triples"] == len(tiny_build.inferred) == result["verified"]
    assert_isomorphic(tiny_build.inferred, graph_of(oxigraph, DEFAULT_GRAPH))
    assert named_graphs(oxigraph) == [DEFAULT_GRAPH]  # no staging graph left behind
    assert progress[-1] == (result["bytes"], result["bytes"]) and len(progress) > 1
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)


def test_publishing_again_replaces_the_previous_version_and_nothing_else(oxigraph, tiny_dist, small_dist):
    put_graph(oxigraph, OTHER)
    publish(tiny_dist, endpoints(f"{oxigraph}/update"))
    result = publish(small_dist, endpoints(f"{oxigraph}/update"))
    assert result["verified"] == 2
    assert_isomorphic(Graph().parse(data=SMALL, format="nt"), graph_of(oxigraph, DEFAULT_GRAPH))
    assert named_graphs(oxigraph) == sorted([DEFAULT_GRAPH, OTHER])
    assert len(graph_of(oxigraph, OTHER)) == 2


def test_a_failed_publish_leaves_the_previous_version(oxigraph, tiny_build, tiny_dist, small_dist):
    publish(tiny_dist, endpoints(f"{oxigraph}/update"))
    broken = endpoints(f"{oxigraph}/update", store=f"{oxigraph}/no-such-store")
    with pytest.raises(RemoteError, match="HTTP 404"):
        publish(small_dist, broken)
    assert_isomorphic(tiny_build.inferred, graph_of(oxigraph, DEFAULT_GRAPH))
    assert named_graphs(oxigraph) == [DEFAULT_GRAPH]


def test_publish_into_another_graph(oxigraph, small_dist):
    publish(small_dist, endpoints(f"{oxigraph}/update"), graph="urn:x:mine")
    assert named_graphs(oxigraph) == ["urn:x:mine"]


def test_the_cli_reports_progress_and_the_count(oxigraph, tiny_build, tiny_dist):
    result = CliRunner().invoke(main, ["publish", "--endpoint", f"{oxigraph}/update", "--dist", str(tiny_dist)])
    assert result.exit_code == 0, result.output
    assert "upload 100%" in result.output
    assert f"published {len(tiny_build.inferred):,} triples" in result.output
    assert f"the store reports {len(tiny_build.inferred):,}" in result.output


def test_the_cli_exits_2_when_the_store_cannot_be_reached(tiny_dist):
    result = CliRunner().invoke(main, ["publish", "--endpoint", f"http://127.0.0.1:{free_port()}/update",
                                       "--dist", str(tiny_dist), "-q"])
    assert result.exit_code == 2
    assert "error:" in result.output


def test_an_endpoint_that_is_not_oxigraph_style_needs_store():
    with pytest.raises(UsageError):
        endpoints("http://127.0.0.1:3030/ds/sparql")
    assert endpoints("http://127.0.0.1:3030/ds/update", store="http://127.0.0.1:3030/ds/data").store.endswith("/data")


@pytest.mark.parametrize("graph", [
    HOSTILE,
    "atmp-kg/dataset",  # relative
    "https://e/a graph",
    "https://e/a>b",
    "https://e/a\nb",
    "https://e/{name}",
    "https://e/a|b",
    "",
])
def test_an_invalid_graph_iri_is_refused_before_any_request(recorded, oxigraph, small_dist, graph):
    base, received = recorded
    put_graph(oxigraph, DEFAULT_GRAPH)
    put_graph(oxigraph, OTHER, "<urn:x:d> <urn:x:e> <urn:x:f> .\n")
    before = snapshot(oxigraph)
    result = CliRunner().invoke(main, ["publish", "--endpoint", f"{base}/update", "--graph", graph,
                                       "--dist", str(small_dist), "-q"])
    assert snapshot(oxigraph) == before
    assert before[0] == {DEFAULT_GRAPH: 2, OTHER: 1}
    assert received == []
    assert result.exit_code == 2, result.output
    assert "error: --graph must be an absolute IRI" in result.output


def test_updates_are_never_built_from_an_invalid_iri(oxigraph):
    with pytest.raises(UsageError, match="absolute IRI"):
        count_triples(f"{oxigraph}/query", HOSTILE)
    with pytest.raises(UsageError, match="absolute IRI"):
        publish(Path("no-such-dist"), endpoints(f"{oxigraph}/update"), graph="https://e/g>")


def test_a_target_named_like_a_staging_graph_is_refused(oxigraph, small_dist):
    with pytest.raises(UsageError, match="named like a staging graph"):
        publish(small_dist, endpoints(f"{oxigraph}/update"), graph=staging_of(DEFAULT_GRAPH))
    assert named_graphs(oxigraph, empty_too=True) == []


@pytest.mark.parametrize(("option", "url"), [
    ("--endpoint", "not a url"),
    ("--endpoint", "file:///etc/passwd"),
    ("--endpoint", "http:///update"),
    ("--store", "file:///etc/passwd"),
    ("--store", "not a url"),
    ("--query", "file:///etc/passwd"),
    ("--query", "ftp://127.0.0.1/query"),
])
def test_an_endpoint_that_is_not_an_http_url_is_refused_before_any_request(recorded, oxigraph, small_dist,
                                                                           option, url):
    base, received = recorded
    put_graph(oxigraph, DEFAULT_GRAPH)
    before = snapshot(oxigraph)
    options = {"--endpoint": f"{base}/update", "--store": f"{base}/store", "--query": f"{base}/query", option: url}
    result = CliRunner().invoke(main, ["publish", *(part for pair in options.items() for part in pair),
                                       "--dist", str(small_dist), "-q"])
    assert snapshot(oxigraph) == before
    assert received == []
    assert result.exit_code == 2, result.output
    assert f"error: {option} must be an http(s) URL with a host" in result.output


def test_leftover_staging_graphs_of_the_target_are_removed_and_no_others(oxigraph, small_dist):
    leftover, empty_leftover = staging_of(DEFAULT_GRAPH), staging_of(DEFAULT_GRAPH)
    others = sorted([
        OTHER,
        staging_of(f"{DEFAULT_GRAPH}2"),  # another target whose IRI starts like this one
        staging_of("urn:x:mine"),
        staging_of(leftover),  # the staging graph of a target named like a staging graph
        f"{DEFAULT_GRAPH}/staging/not-a-staging-id",
    ])
    for graph in [leftover, *others]:
        put_graph(oxigraph, graph)
    put_graph(oxigraph, empty_leftover, "")
    assert empty_leftover in named_graphs(oxigraph, empty_too=True)
    result = publish(small_dist, endpoints(f"{oxigraph}/update"))
    assert result["removed"] == sorted([leftover, empty_leftover])
    assert named_graphs(oxigraph, empty_too=True) == sorted([DEFAULT_GRAPH, *others])
    assert all(len(graph_of(oxigraph, graph)) == 2 for graph in others)
    assert result["verified"] == 2


def test_the_cli_reports_the_leftovers_it_removed(oxigraph, small_dist):
    leftover = staging_of(DEFAULT_GRAPH)
    put_graph(oxigraph, leftover)
    result = CliRunner().invoke(main, ["publish", "--endpoint", f"{oxigraph}/update", "--dist", str(small_dist)])
    assert result.exit_code == 0, result.output
    assert f"removed <{leftover}>, a staging graph left by an interrupted publish" in result.output
    assert named_graphs(oxigraph, empty_too=True) == [DEFAULT_GRAPH]


@pytest.mark.parametrize("broken", ["store", "update", "query"])
def test_any_failure_leaves_the_store_as_it_was(oxigraph, small_dist, broken):
    """A leftover of this target and an unrelated graph are there; the store, update or query
    endpoint is wrong; afterwards every graph and triple is as before (leftover included)."""
    put_graph(oxigraph, DEFAULT_GRAPH, "<urn:x:old> <urn:x:b> <urn:x:c> .\n")
    put_graph(oxigraph, staging_of(DEFAULT_GRAPH))
    put_graph(oxigraph, OTHER)
    before = snapshot(oxigraph)
    urls = {"update": f"{oxigraph}/update", "store": f"{oxigraph}/store", "query": f"{oxigraph}/query",
            broken: f"{oxigraph}/no-such-{broken}"}
    with pytest.raises(RemoteError, match="HTTP 404"):
        publish(small_dist, endpoints(urls["update"], urls["store"], urls["query"]))
    assert snapshot(oxigraph) == before
