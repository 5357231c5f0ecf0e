"""``atmp-kg serve`` over a real socket on loopback, on the build of tests/data/tiny.

The server runs as the real command (``python -m atmp_kg.cli serve --port 0``) in a subprocess;
clients are plain HTTP (urllib), SPARQLWrapper and rdflib's SPARQLStore.
"""

import concurrent.futures
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from conftest import ROOT
from graphs import assert_isomorphic
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from shipped import comparable, shipped_build, shipped_dist  # noqa: F401 (fixtures)
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

from atmp_kg.cli import main
from atmp_kg.pipeline import write
from atmp_kg.resources import QUERIES_DIR as QUERIES
from atmp_kg.serve.check import check_query
from atmp_kg.serve.protocol import ProtocolError, negotiate
from atmp_kg.sparql.library import library
from atmp_kg.sparql.results import from_json

ALPHA = "https://w3id.org/atmp-kg/id/actor/alpha"
BETA = "https://w3id.org/atmp-kg/id/actor/beta"
ATMP = "https://w3id.org/atmp-kg/ontology#"
TIMEOUT = 2
MAX_ROWS = 1000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ACTORS = f"SELECT ?actor WHERE {{ ?actor a <{ATMP}Actor> }} ORDER BY ?actor"


def start_server(dist, *options):
    """Start ``atmp-kg serve`` on a free port; return (process, base URL)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "atmp_kg.cli", "serve", "--dist", str(dist), "--port", "0", "--quiet", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    ready, _, _ = select.select([process.stdout], [], [], 60)
    line = process.stdout.readline() if ready else ""
    if "http://" not in line:
        process.kill()
        pytest.fail(f"the server did not start: {line!r} {process.stderr.read()}")
    return process, line.split("http://", 1)[1].split("/", 1)[0]


def stop_server(process, sig=signal.SIGTERM):
    process.send_signal(sig)
    try:
        return process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


@pytest.fixture(scope="module")
def dist(tiny_build, tmp_path_factory):
    """The tiny build written to a folder, with the explorer's profile page of alpha (or a stand-in)
    and none for beta."""
    out = write(tiny_build, tmp_path_factory.mktemp("serve") / "dist")
    (out / "actors").mkdir(exist_ok=True)
    if not (out / "actors" / "alpha.html").is_file():
        (out / "actors" / "alpha.html").write_text("<!doctype html><title>Alpha profile</title>", encoding="utf-8")
    (out / "actors" / "beta.html").unlink(missing_ok=True)  # an actor without a profile page
    return out


@pytest.fixture(scope="module")
def base(dist):
    """The base URL of a running server (timeout 2 s, at most 1000 rows, 3 workers)."""
    process, address = start_server(dist, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", "3")
    yield f"http://{address}"
    stop_server(process)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, data=None, headers=None, method=None, follow=True):
    """``(status, headers, body)`` of one HTTP request (errors included, not raised)."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def sparql(base, query, accept="application/sparql-results+json", how="form"):
    if how == "get":
        return fetch(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})
    if how == "direct":
        return fetch(f"{base}/sparql", query.encode(), {"Accept": accept,
                                                       "Content-Type": "application/sparql-query"})
    return fetch(f"{base}/sparql", urllib.parse.urlencode({"query": query}).encode(),
                 {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})


def json_rows(body):
    data = json.loads(body)
    return [{name: cell["value"] for name, cell in row.items()} for row in data["results"]["bindings"]]


def local_rows(graph, query):
    result = graph.query(query)
    return [{str(name): str(value) for name, value in zip(result.vars, row, strict=True) if value is not None}
            for row in result]


def multiset(rows):
    return Counter(tuple(sorted(row.items())) for row in rows)


def triple_count(base):
    return int(json_rows(sparql(base, COUNT)[2])[0]["n"])


NAMED = sorted(path.stem for path in QUERIES.glob("*.rq"))
LOCAL = [name for name in NAMED if "SERVICE" not in (QUERIES / f"{name}.rq").read_text(encoding="utf-8")]
EXTRA = {
    "labels in every language": "SELECT ?thing ?label WHERE { ?thing "
                                "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
    "typed values": "SELECT ?figure ?p ?value WHERE { ?figure a <https://w3id.org/atmp-kg/ontology#Figure> ; ?p ?value "
                    "FILTER (isLiteral(?value)) }",
    "an aggregate": "SELECT ?type (COUNT(?actor) AS ?n) WHERE { ?actor a ?type . ?type "
                    "<http://www.w3.org/2000/01/rdf-schema#subClassOf>+ <https://w3id.org/atmp-kg/ontology#Actor> } "
                    "GROUP BY ?type",
    "an optional": "SELECT ?actor ?ror WHERE { ?actor a <https://w3id.org/atmp-kg/ontology#Actor> "
                   "OPTIONAL { ?actor <https://w3id.org/atmp-kg/ontology#ror> ?ror } }",
}
COMPARED = {**{name: (QUERIES / f"{name}.rq").read_text(encoding="utf-8") for name in LOCAL}, **EXTRA}


# the same rows as in-process, through real clients

@pytest.mark.parametrize("name", sorted(COMPARED))
def test_sparqlwrapper_gets_the_rows_of_in_process_rdflib(base, tiny_build, name):
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(COMPARED[name])
    client.queryType = SELECT  # SPARQLWrapper guesses the type from words in the header comment too
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    rows = [{name: cell["value"] for name, cell in row.items()}
            for row in client.query().convert()["results"]["bindings"]]
    assert multiset(rows) == multiset(local_rows(tiny_build.inferred, COMPARED[name]))


@pytest.mark.parametrize("name", sorted(COMPARED))
def test_rdflib_sparqlstore_gets_the_rows_of_in_process_rdflib(base, tiny_build, name):
    remote = Graph(store=SPARQLStore(f"{base}/sparql", returnFormat="json"))
    assert multiset(local_rows(remote, COMPARED[name])) == multiset(local_rows(tiny_build.inferred, COMPARED[name]))


def test_the_compared_queries_have_answers_on_the_fixture(tiny_build):
    for name in ("labels in every language", "typed values", "an aggregate", "an optional", "network-actors"):
        assert local_rows(tiny_build.inferred, COMPARED[name]), name


# protocol: methods, formats, status codes

@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_the_three_ways_of_sending_a_query_give_the_same_answer(base, how):
    status, headers, body = sparql(base, ACTORS, how=how)
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json"
    assert [row["actor"] for row in json_rows(body)] == [ALPHA, "https://w3id.org/atmp-kg/id/actor/beta",
                                                         "https://w3id.org/atmp-kg/id/actor/uni"]


@pytest.mark.parametrize("accept, content_type, check", [
    ("application/sparql-results+xml", "application/sparql-results+xml", f"<uri>{ALPHA}</uri>"),
    ("text/csv", "text/csv; charset=utf-8", f"actor\r\n{ALPHA}\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", f"?actor\n<{ALPHA}>\n"),
    ("application/json", "application/sparql-results+json", '"value": "' + ALPHA),
    ("text/html, application/xml;q=0.9, */*;q=0.8", "application/sparql-results+xml", "<sparql"),
])
def test_select_results_in_the_format_accept_asks_for(base, accept, content_type, check):
    status, headers, body = sparql(base, ACTORS, accept=accept)
    assert (status, headers["Content-Type"]) == (200, content_type)
    assert check in body.decode()


@pytest.mark.parametrize("accept, rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
])
def test_construct_answers_in_the_rdf_format_accept_asks_for(base, tiny_build, accept, rdflib_format):
    query = f"CONSTRUCT WHERE {{ <{ALPHA}> ?p ?o }}"
    status, headers, body = sparql(base, query, accept=accept, how="direct")
    assert (status, headers["Content-Type"]) == (200, accept)
    assert_isomorphic(tiny_build.inferred.query(query).graph, Graph().parse(data=body, format=rdflib_format))


def test_describe_answers_turtle_by_default(base):
    status, headers, body = sparql(base, f"DESCRIBE <{ALPHA}>", accept="")
    assert (status, headers["Content-Type"]) == (200, "text/turtle")
    assert (URIRef(ALPHA), RDFS.label, Literal("Alpha Therapeutics", lang="en")) in Graph().parse(data=body)


def test_ask_answers_a_boolean(base):
    status, _, body = sparql(base, f"ASK {{ <{ALPHA}> a <{ATMP}Company> }}")
    assert (status, json.loads(body)["boolean"]) == (200, True)


@pytest.mark.parametrize("request_args, status", [
    (dict(query=ACTORS, accept="image/png"), 406),
    (dict(query="SELECT ?x WHERE { ?x ", accept="*/*"), 400),
])
def test_bad_requests_get_4xx(base, request_args, status):
    assert sparql(base, request_args["query"], accept=request_args["accept"])[0] == status


def test_a_post_of_another_content_type_gets_415(base):
    assert fetch(f"{base}/sparql", b"query", {"Content-Type": "text/plain"})[0] == 415


def test_the_service_description_names_the_endpoint(base):
    status, headers, body = fetch(f"{base}/sparql", headers={"Accept": "text/turtle"})
    assert (status, headers["Content-Type"]) == (200, "text/turtle")
    description = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(f"{base}/sparql")) in description
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in description


def test_a_browser_gets_the_query_ui_with_the_named_queries_and_no_cdn(base):
    status, headers, body = fetch(f"{base}/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    page = body.decode()
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert '<script src="/-/yasgui/yasgui.min.js">' in page
    assert "src=\"http" not in page and "href=\"http" not in page
    queries = json.loads(page.split('id="named-queries">', 1)[1].split("</script>", 1)[0])
    assert [query["name"] for query in queries] == NAMED
    for asset in ("yasgui.min.js", "yasgui.min.css", "atmp-kg-ui.js"):
        assert fetch(f"{base}/-/yasgui/{asset}")[0] == 200


# read-only

WRITES = {
    "update by POST form": dict(url="/sparql", data={"update": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}),
    "update by sparql-update": dict(url="/sparql", raw=b"INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
                                    content_type="application/sparql-update"),
    "update by GET": dict(url="/sparql?" + urllib.parse.urlencode(
        {"update": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}), method="GET"),
    "update as a query": dict(url="/sparql", data={
        "query": "PREFIX x: <urn:x:> # comment\nINSERT DATA { x:a x:b x:c }"}),
    "LOAD": dict(url="/sparql", data={"update": "LOAD <file:///etc/hostname> INTO GRAPH <urn:x:g>"}),
    "LOAD as a query": dict(url="/sparql", raw=b"LOAD <file:///etc/hostname>",
                            content_type="application/sparql-query"),
    "DROP ALL": dict(url="/sparql", raw=b"DROP ALL", content_type="application/sparql-update"),
    "Graph Store PUT": dict(url="/store?default", raw=b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                            content_type="application/n-triples", method="PUT"),
    "Graph Store POST": dict(url="/sparql?graph=urn:x:g", raw=b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                             content_type="text/turtle"),
    "Graph Store DELETE": dict(url="/sparql?default", method="DELETE"),
    "PUT on a dump": dict(url="/atmp-kg.nt", raw=b"", content_type="application/n-triples", method="PUT"),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_kind_of_write_is_refused_and_the_data_is_unchanged(base, dist, name):
    write_request = WRITES[name]
    before = triple_count(base)
    if "data" in write_request:
        body, content_type = urllib.parse.urlencode(write_request["data"]).encode(), "application/x-www-form-urlencoded"
    else:
        body, content_type = write_request.get("raw"), write_request.get("content_type")
    headers = {"Content-Type": content_type} if content_type else {}
    status, _, _ = fetch(base + write_request["url"], body, headers, method=write_request.get("method"))
    assert 400 <= status < 500
    assert triple_count(base) == before
    assert json.loads(sparql(base, "ASK { <urn:x:a> ?p ?o }")[2])["boolean"] is False
    assert (dist / "atmp-kg.nt").stat().st_size > 0


# bounded: timeout and row cap

@pytest.mark.slow
def test_a_runaway_query_is_cut_while_another_client_is_answered(base):
    outcome = {}

    def runaway():
        start = time.monotonic()
        status, headers, body = sparql(base, RUNAWAY)
        outcome["runaway"] = (status, time.monotonic() - start, body)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    start = time.monotonic()
    status, _, body = sparql(base, f"ASK {{ <{ALPHA}> ?p ?o }}")
    simple_seconds = time.monotonic() - start
    thread.join(TIMEOUT + 30)
    assert (status, json.loads(body)["boolean"]) == (200, True)
    assert simple_seconds < 1
    runaway_status, runaway_seconds, runaway_body = outcome["runaway"]
    assert runaway_status == 503, runaway_body
    assert b"timed out" in runaway_body
    assert runaway_seconds < TIMEOUT + 2
    later = []
    for _ in range(20):  # the killed worker is replaced: every later query is answered
        later.append(sparql(base, COUNT)[0])
        time.sleep(0.1)
    assert later == [200] * 20


def test_answers_are_capped_and_the_cut_is_flagged(base):
    status, headers, body = sparql(base, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json_rows(body)) == MAX_ROWS < triple_count(base)
    assert (headers["X-Result-Truncated"], headers["X-Result-Limit"]) == ("true", str(MAX_ROWS))
    status, headers, body = sparql(base, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert len(body.decode().strip().splitlines()) == MAX_ROWS
    assert headers["X-Result-Truncated"] == "true"
    assert sparql(base, ACTORS)[1]["X-Result-Truncated"] == "false"


# no outbound requests, no local files

@pytest.fixture
def canary():
    """An HTTP server on loopback that records every request it gets."""
    requests = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", requests
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z .SERVICE<{url}>{{ ?s ?p ?o }} }}",
    "PREFIX c: <{url}#>\nSELECT * WHERE {{ # a comment\n SERVICE c: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_never_reaches_the_canary(base, canary, template):
    url, requests = canary
    status, _, body = sparql(base, template.format(url=url))
    assert status == 403, body
    assert requests == []


def test_from_reads_no_url_and_no_local_file(base, canary, dist):
    url, requests = canary
    for source in (url, (dist / "atmp-kg.nt").as_uri()):
        status, _, body = sparql(base, f"SELECT * FROM <{source}> WHERE {{ ?s ?p ?o }}")
        assert (status, json_rows(body)) == (200, [])
    assert requests == []


# many clients

def test_fifty_concurrent_clients_get_answers_without_error(base):
    expected = sparql(base, ACTORS)[2]
    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(lambda _: sparql(base, ACTORS), range(50)))
    assert [status for status, _, _ in answers] == [200] * 50
    assert [body for _, _, body in answers] == [expected] * 50


# linked data: /id/..., the ontology, VoID, the site

@pytest.mark.parametrize("accept, location", [
    ("text/turtle", "/doc/actor/alpha.ttl"),
    ("application/ld+json", "/doc/actor/alpha.jsonld"),
    ("application/n-triples", "/doc/actor/alpha.nt"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "/actors/alpha.html"),
])
def test_an_iri_redirects_by_accept_as_cool_uris_say(base, accept, location):
    status, headers, _ = fetch(f"{base}/id/actor/alpha", headers={"Accept": accept}, follow=False)
    assert (status, headers["Location"], headers["Vary"]) == (303, location, "Accept")


@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_an_iri_resolves_to_its_description(base, accept, rdflib_format):
    status, headers, body = fetch(f"{base}/id/actor/alpha", headers={"Accept": accept})
    assert (status, headers["Content-Type"]) == (200, accept)
    graph = Graph().parse(data=body, format=rdflib_format)
    assert (URIRef(ALPHA), RDFS.label, Literal("Alpha Therapeutics", lang="en")) in graph
    assert (URIRef(BETA), URIRef(ATMP + "manufacturesFor"), URIRef(ALPHA)) in graph


def test_an_iri_without_a_profile_page_gets_a_generated_page(base):
    status, headers, _ = fetch(f"{base}/id/actor/beta", headers={"Accept": "text/html"}, follow=False)
    assert (status, headers["Location"]) == (303, "/doc/actor/beta.html")
    status, headers, body = fetch(f"{base}/doc/actor/beta.html")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert "<h1>Beta Manufacturing</h1>" in body.decode()
    assert 'href="/id/actor/alpha"' in body.decode()


def test_an_unknown_iri_is_404(base):
    assert fetch(f"{base}/id/actor/nobody", headers={"Accept": "text/turtle"})[0] == 404
    assert fetch(f"{base}/doc/actor/nobody.ttl")[0] == 404


def test_the_ontology_iri_gives_turtle_and_html_documentation(base):
    status, headers, _ = fetch(f"{base}/ontology", headers={"Accept": "text/turtle"}, follow=False)
    assert (status, headers["Location"]) == (303, "/ontology.ttl")
    status, _, body = fetch(f"{base}/ontology", headers={"Accept": "text/turtle"})
    ontology = Graph().parse(data=body, format="turtle")
    assert (URIRef("https://w3id.org/atmp-kg/ontology"), RDF.type, OWL.Ontology) in ontology
    assert (URIRef(ATMP + "Actor"), RDF.type, OWL.Class) in ontology
    assert not list(ontology.triples((URIRef(ALPHA), None, None)))
    status, headers, body = fetch(f"{base}/ontology", headers={"Accept": "text/html"})
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert '<section id="Actor">' in body.decode() and '<section id="hasCapability">' in body.decode()


@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_well_known_void_describes_the_dataset(base, accept, rdflib_format):
    status, headers, body = fetch(f"{base}/.well-known/void", headers={"Accept": accept})
    assert (status, headers["Content-Type"]) == (200, accept)
    void = Graph().parse(data=body, format=rdflib_format)
    dataset = URIRef("https://w3id.org/atmp-kg/id/dataset/atmp-kg")
    assert (dataset, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")) in void
    dumps = {str(dump).rsplit("/", 1)[-1] for dump in void.objects(dataset, URIRef("http://rdfs.org/ns/void#dataDump"))}
    assert "atmp-kg.ttl" in dumps


def test_the_site_and_the_dumps_are_served(base, dist):
    status, headers, body = fetch(f"{base}/atmp-kg.nt")
    assert (status, headers["Content-Type"], body) == (200, "application/n-triples", (dist / "atmp-kg.nt").read_bytes())
    assert fetch(f"{base}/actors/alpha.html")[2] == (dist / "actors" / "alpha.html").read_bytes()
    home, page = dist / "index.html", fetch(f"{base}/")[2]
    assert page == home.read_bytes() if home.is_file() else b'href="/atmp-kg.jsonld"' in page


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.dist.old/x", "/missing.ttl"])
def test_nothing_outside_the_build_is_served(base, path):
    assert fetch(base + path)[0] == 404


# start and stop

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_server_stops_cleanly_with_its_workers(dist, sig):
    process, address = start_server(dist, "--workers", "2")
    workers = psutil.Process(process.pid).children(recursive=True)
    assert len(workers) >= 2
    assert sparql(f"http://{address}", COUNT)[0] == 200
    assert stop_server(process, sig) == 0
    assert "stopped" in process.stdout.read()
    psutil.wait_procs(workers, timeout=5)
    assert not [worker for worker in workers if worker.is_running() and worker.status() != psutil.STATUS_ZOMBIE]


def test_serve_without_a_build_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--dist", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 2
    assert "run `atmp-kg build` first" in result.output


# the checks themselves

@pytest.mark.parametrize("query", [
    "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }",
    "base <http://e/> prefix : <x#> CLEAR ALL",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o SERVICE <http://x> {} }",
    "\\u0049NSERT DATA { <a:b> <a:c> <a:d> }",
])
def test_check_query_refuses_updates_and_service(query):
    with pytest.raises(ProtocolError) as refused:
        check_query(query)
    assert refused.value.status == 403


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?service ?p "SERVICE <http://x>" } # SERVICE in a comment',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o ; <http://e/x#service> ?x }",
    "PREFIX service: <http://e/> SELECT * WHERE { ?s service:p ?o }",
    "DESCRIBE <http://e/insert>",
])
def test_check_query_lets_harmless_queries_through(query):
    check_query(query)


@pytest.mark.parametrize("accept, expected", [
    ("", "text/turtle"), ("*/*", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("text/turtle;q=0.5, application/n-triples", "application/n-triples"), ("image/*", None),
    ("application/ld+json;q=0, */*;q=0.1", "text/turtle"),
])
def test_negotiate_prefers_the_highest_quality_then_the_server_order(accept, expected):
    assert negotiate(accept, ("text/turtle", "application/n-triples", "application/ld+json")) == expected


def test_serve_with_unreadable_data_exits_2(tmp_path):
    (tmp_path / "atmp-kg-inferred.ttl").write_text("<urn:x:a> <urn:x:b> .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--dist", str(tmp_path), "--port", "0", "--workers", "1"])
    assert result.exit_code == 2
    assert "cannot serve" in result.output


def test_a_hostile_host_header_does_not_reach_the_description(base):
    status, _, body = fetch(f"{base}/sparql", headers={"Accept": "text/turtle", "Host": "x> <urn:evil"})
    assert status == 200
    assert b"urn:evil" not in body


def test_gaps_read_from_the_endpoint_match_the_local_build(base, tmp_path):
    """`atmp-kg gaps --endpoint` on the served tiny graph writes the same tables as on the files."""
    from click.testing import CliRunner
    from conftest import DATA, ONTOLOGY

    from atmp_kg.cli import main

    remote = CliRunner().invoke(main, ["gaps", "-q", "--endpoint", f"{base}/sparql", "--out", str(tmp_path / "remote")])
    assert remote.exit_code == 0, remote.output
    local = CliRunner().invoke(main, ["gaps", "-q", "--graph", str(DATA / "tiny"), "--ontology", str(ONTOLOGY),
                                      "--out", str(tmp_path / "local")])
    assert local.exit_code == 0, local.output
    names = sorted(p.name for p in (tmp_path / "local" / "gaps").iterdir())
    assert names and names == sorted(p.name for p in (tmp_path / "remote" / "gaps").iterdir())
    for name in names:
        remote_text = (tmp_path / "remote" / "gaps" / name).read_text(encoding="utf-8")
        assert remote_text == (tmp_path / "local" / "gaps" / name).read_text(encoding="utf-8"), name


# the query UI's tabs and links, on the shipped data (whose defaults have answers)

@pytest.fixture(scope="module")
def shipped(request):
    """``(base URL, dist)``: a server of the shipped build."""
    dist = request.getfixturevalue("shipped_dist")
    process, address = start_server(dist, "--workers", "2")
    yield f"http://{address}", dist
    stop_server(process)


def ui_tabs(base):
    page = fetch(f"{base}/sparql", headers={"Accept": "text/html"})[2].decode()
    return {tab["name"]: tab for tab in json.loads(page.split('id="named-queries">', 1)[1].split("</script>", 1)[0])}


@pytest.mark.parametrize("query", [q for q in library() if q.parameters], ids=lambda q: q.name)
def test_a_tab_gives_the_answer_of_atmp_kg_query(shipped, query):
    """The tab of a query with parameters, run as it opens, answers as `atmp-kg query NAME`."""
    base, dist = shipped
    tab = ui_tabs(base)[query.name]
    assert "VALUES (" in tab["text"] and "bound by the VALUES line below to the defaults" in tab["text"]
    status, _, body = sparql(base, tab["text"])
    assert status == 200, body
    ran = CliRunner().invoke(main, ["query", query.name, "--dist", str(dist), "--format", "json"])
    assert ran.exit_code == 0, ran.output
    expected = from_json(ran.output)
    assert expected.rows, query.name  # a default that finds something, so the comparison says something
    assert comparable(from_json(body.decode())) == comparable(expected)


def test_every_named_query_has_a_link_that_opens_its_tab(shipped):
    base = shipped[0]
    status, headers, body = fetch(f"{base}/queries.html")
    assert status == 200 and "script-src" not in headers["Content-Security-Policy"]
    names = sorted(ui_tabs(base))
    for name in names:
        assert f'href="/sparql?name={name}"' in body.decode()
        status, headers, _ = fetch(f"{base}/query?name={name}", follow=False)
        assert (status, headers["Location"]) == (303, f"/sparql?name={name}")
    assert fetch(f"{base}/query?name=nope", follow=False)[0] == 404
    assert fetch(f"{base}/query", follow=False)[0] == 404
    page = fetch(f"{base}/sparql?name=cdmo-capabilities", headers={"Accept": "text/html"})[2].decode()
    assert 'id="download-csv"' in page and 'href="/queries.html"' in page


def test_the_link_opens_the_tab_and_the_answer_downloads_as_csv(browser, shipped):
    base, dist = shipped
    page = browser.new_page(accept_downloads=True)
    try:
        page.goto(f"{base}/sparql?name=cdmo-capabilities")
        page.wait_for_selector(".yasqe .CodeMirror", timeout=20000)
        tab = page.evaluate("() => [window.yasgui.getTab().getName(), window.yasgui.getTab().getQuery()]")
        assert tab == ["cdmo-capabilities", ui_tabs(base)["cdmo-capabilities"]["text"]]
        with page.expect_download(timeout=20000) as download:
            page.click("#download-csv")
        assert download.value.suggested_filename == "cdmo-capabilities.csv"
        got = Path(download.value.path()).read_text(encoding="utf-8")
    finally:
        page.close()
    ran = CliRunner().invoke(main, ["query", "cdmo-capabilities", "--dist", str(dist), "--format", "csv"])
    assert got.splitlines() == ran.output.splitlines() and len(got.splitlines()) > 1
