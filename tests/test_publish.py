"""``atmp-kg publish`` against a real Oxigraph server (the PyPI ``oxigraph`` binary) on loopback."""

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from atmp_kg.cli import main
from atmp_kg.errors import RemoteError, UsageError
from atmp_kg.pipeline import write
from atmp_kg.publish import DEFAULT_GRAPH, endpoints, publish

OTHER = "urn:x:unrelated"
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


def named_graphs(base):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    request = urllib.request.Request(f"{base}/query", query.encode(),
                                     {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    return sorted(urllib.request.urlopen(request).read().decode().split()[1:])


def put_unrelated_graph(base):
    request = urllib.request.Request(f"{base}/store?graph={OTHER}", SMALL.encode(),
                                     {"Content-Type": "application/n-triples"}, method="PUT")
    urllib.request.urlopen(request).read()


def test_publish_loads_the_build_into_the_named_graph(oxigraph, tiny_build, tiny_dist):
    progress = []
    result = publish(tiny_dist, endpoints(f"{oxigraph}/update"), progress=lambda *done: progress.append(done),
                     chunk=4096)
    assert result["triples"] == len(tiny_build.inferred) == result["verified"]
    assert isomorphic(graph_of(oxigraph, DEFAULT_GRAPH), tiny_build.inferred)
    assert named_graphs(oxigraph) == [DEFAULT_GRAPH]  # no staging graph left behind
    assert progress[-1] == (result["bytes"], result["bytes"]) and len(progress) > 1
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)


def test_publishing_again_replaces_the_previous_version_and_nothing_else(oxigraph, tiny_dist, small_dist):
    put_unrelated_graph(oxigraph)
    publish(tiny_dist, endpoints(f"{oxigraph}/update"))
    result = publish(small_dist, endpoints(f"{oxigraph}/update"))
    assert result["verified"] == 2
    assert isomorphic(graph_of(oxigraph, DEFAULT_GRAPH), Graph().parse(data=SMALL, format="nt"))
    assert named_graphs(oxigraph) == sorted([DEFAULT_GRAPH, OTHER])
    assert len(graph_of(oxigraph, OTHER)) == 2


def test_a_failed_publish_leaves_the_previous_version(oxigraph, tiny_build, tiny_dist, small_dist):
    publish(tiny_dist, endpoints(f"{oxigraph}/update"))
    broken = endpoints(f"{oxigraph}/update", store=f"{oxigraph}/no-such-store")
    with pytest.raises(RemoteError, match="HTTP 404"):
        publish(small_dist, broken)
    assert isomorphic(graph_of(oxigraph, DEFAULT_GRAPH), tiny_build.inferred)
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
