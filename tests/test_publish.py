"""``atmp-kg publish`` against real stores on loopback: an Oxigraph server (the PyPI ``oxigraph``
binary) and, for publish-then-query, a throwaway Virtuoso 7 (Debian's ``virtuoso-opensource``),
which protects its writes with Digest authentication."""

import os
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
from shipped import comparable, shipped_build, shipped_dist  # noqa: F401 (fixtures)

from atmp_kg.cli import main
from atmp_kg.errors import RemoteError, UsageError
from atmp_kg.pipeline import write
from atmp_kg.sparql.auth import PASSWORD_ENV
from atmp_kg.sparql.library import library, select
from atmp_kg.sparql.publish import DEFAULT_GRAPH, count_triples, endpoints, publish
from atmp_kg.sparql.results import from_json

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


VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"  # a new database's administrator; the instance lives for the tests


def require_virtuoso():
    """Skip (or fail in CI, where ATMP_KG_REQUIRE_VIRTUOSO=1) when Debian's Virtuoso is missing."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        if os.environ.get("ATMP_KG_REQUIRE_VIRTUOSO") == "1":
            pytest.fail("Debian's Virtuoso is required (apt-get install -y virtuoso-opensource)")
        pytest.skip("Virtuoso is not installed (apt-get install -y virtuoso-opensource)")
    return binary


def wait_for(url, process, what):
    for _ in range(300):
        if process.poll() is not None:
            pytest.fail(f"{what} stopped at start (exit {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"{what} did not answer {url}")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A throwaway Virtuoso on loopback, its database and ini in a temporary folder; yields the
    arguments of `atmp-kg publish` for it (writes need the user dba, Digest authentication)."""
    binary = require_virtuoso()
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port),
                                         encoding="utf-8")
    process = subprocess.Popen([binary, "-c", str(folder / "virtuoso.ini"), "+foreground"], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    wait_for(f"{base}/sparql?query=ASK%7B%7D", process, "Virtuoso")
    yield {"--endpoint": f"{base}/sparql-auth", "--store": f"{base}/sparql-graph-crud-auth",
           "--query": f"{base}/sparql", "--user": VIRTUOSO_USER}
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
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


# publish, then query: the named queries answer as on the local build

INTRUDER = ("<https://w3id.org/atmp-kg/id/actor/intruder> a <https://w3id.org/atmp-kg/ontology#Actor> , "
            "<https://w3id.org/atmp-kg/ontology#CDMO> ;\n"
            "  <http://www.w3.org/2000/01/rdf-schema#label> \"Intruder\"@en .\n")
# Virtuoso 7.2's own faults (docs/publish.md): it refuses COALESCE over GROUP_CONCAT (error SQ156),
# misses the type rows of actor-profile (rdfs:subClassOf+ inside a UNION after a join), and answers
# a boolean (actor-identifier-history's ?holds) as the integer 1 or 0, and cannot compile
# hospitals-running-trials (error SQ199: the code vector of its filters is too large)
ENGINE_LIMITS = {"virtuoso": {"gaps-coverage-matrix", "actor-profile", "actor-identifier-history",
                              "hospitals-running-trials"}}


@pytest.fixture
def published(request, tmp_path):
    """The shipped build published into a store (``request.param``: oxigraph or virtuoso); yields
    ``(store name, query URL)``. The Oxigraph store also holds another actor in its default
    graph, which a query of the published graph must not see. (Virtuoso's default graph is the
    union of its graphs, and Virtuoso 7.2 lets other graphs into a query with a property path
    even when the protocol names the graph: docs/publish.md; so its store holds the build alone.)"""
    env = {PASSWORD_ENV: VIRTUOSO_PASSWORD}
    if request.param == "virtuoso":
        options = request.getfixturevalue("virtuoso")
        run, query_url = ["publish", *(part for pair in options.items() for part in pair), "-q"], options["--query"]
    else:
        base = request.getfixturevalue("oxigraph")
        urllib.request.urlopen(urllib.request.Request(f"{base}/store?default", INTRUDER.encode(),
                                                      {"Content-Type": "text/turtle"}, method="PUT")).read()
        run, query_url = ["publish", "--endpoint", f"{base}/update", "-q"], f"{base}/query"
    result = CliRunner().invoke(main, [*run, "--dist", str(request.getfixturevalue("shipped_dist"))], env=env)
    assert result.exit_code == 0, result.output
    yield request.param, query_url


@pytest.mark.parametrize("published", ["oxigraph", "virtuoso"], indirect=True)
def test_publish_then_query_gives_the_rows_of_the_local_build(request, published):
    """`atmp-kg query NAME --endpoint` on the store answers as `atmp-kg query NAME` on the build:
    the graph `publish` loaded is found without options, and nothing else is read."""
    engine, query_url = published
    store = request.getfixturevalue("shipped_build").store
    compared = [query for query in library()
                if not query.is_federated and query.name not in ENGINE_LIMITS.get(engine, ())]
    assert len(compared) > 40
    for query in compared:
        ran = CliRunner().invoke(main, ["query", query.name, "--endpoint", query_url, "--format", "json"])
        assert ran.exit_code == 0, (query.name, ran.output)
        remote, local = from_json(ran.output), select(query, graph=store)
        assert remote.variables == local.variables, query.name
        assert comparable(remote) == comparable(local), query.name


def test_query_graph_names_the_graph_of_the_store(oxigraph, small_dist):
    publish(small_dist, endpoints(f"{oxigraph}/update"), graph="urn:x:mine")
    text = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"

    def rows(*options):
        ran = CliRunner().invoke(main, ["query", "--text", text, "--endpoint", f"{oxigraph}/query", "--format", "csv",
                                        *options])
        assert ran.exit_code == 0, ran.output
        return ran.output.splitlines()[1:]
    assert rows() == []  # the store's default graph: empty, and no graph of atmp-kg publish's default name
    assert rows("--graph", "urn:x:mine") == ["urn:x:c", "two"]  # IRIs before literals
    refused = CliRunner().invoke(main, ["query", "--text", text, "--graph", "urn:x:mine"])
    assert refused.exit_code == 2 and "give its --endpoint" in refused.output
    refused = CliRunner().invoke(main, ["query", "--text", text, "--endpoint", f"{oxigraph}/query", "--graph", HOSTILE])
    assert refused.exit_code == 2 and "--graph must be an absolute IRI" in refused.output


def test_a_store_that_asks_for_a_user_is_refused_with_the_way_to_give_one(virtuoso, small_dist):
    options = {name: value for name, value in virtuoso.items() if name != "--user"}
    run = ["publish", *(part for pair in options.items() for part in pair), "--graph", "urn:x:refused"]
    result = CliRunner().invoke(main, [*run, "--dist", str(small_dist), "-q"])
    assert result.exit_code == 2
    assert "HTTP 401: the store asks for a user: give --user" in result.output
    result = CliRunner().invoke(main, [*run, "--user", "dba", "--dist", str(small_dist), "-q"],
                                env={PASSWORD_ENV: "not the password"})
    assert result.exit_code == 2 and "refused the user and password" in result.output
    result = CliRunner().invoke(main, [*run, "--user", "dba", "--dist", str(small_dist), "-q"],
                                env={PASSWORD_ENV: None})
    assert result.exit_code == 2 and PASSWORD_ENV in result.output  # never a password on the command line
    count = urllib.request.urlopen(f"{virtuoso['--query']}?" + urllib.parse.urlencode(
        {"query": "ASK { GRAPH <urn:x:refused> { ?s ?p ?o } }"}), timeout=30).read()
    assert b"false" in count.lower() or b"0" in count  # nothing was written


def test_digest_answers_are_those_of_rfc_2617(monkeypatch):
    from atmp_kg.sparql import auth
    monkeypatch.setattr(auth.os, "urandom", lambda size: bytes.fromhex("0a4f113b"))
    credentials = auth.Credentials("Mufasa", "Circle Of Life")
    url = "http://www.nowhere.org/dir/index.html"
    assert credentials.authorization("GET", url) is None  # nothing before the server asks
    assert credentials.challenged(url, 'Digest realm="testrealm@host.com", qop="auth,auth-int", '
                                       'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", '
                                       'opaque="5ccc069c403ebaf9f0171e9517f40e41"')
    header = credentials.authorization("GET", url)
    assert 'response="6629fae49393a05397450978507c4ef1"' in header
    assert "nc=00000001" in header and 'opaque="5ccc069c403ebaf9f0171e9517f40e41"' in header
    assert "nc=00000002" in credentials.authorization("GET", url)  # the same nonce, counted
    assert not credentials.challenged(url, 'Negotiate abc')
