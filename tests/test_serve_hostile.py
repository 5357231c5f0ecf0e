"""``atmp-kg serve`` against an attacker and a careless client, over a real socket on loopback:
no outbound request by any spelling of SERVICE, bounded memory, quick queries answered while the
workers are saturated, idle and slow connections closed, bad paths answered 4xx, and the
server's own pages unable to run an injected script."""

import concurrent.futures
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from html.parser import HTMLParser

import psutil
import pytest
from conftest import ROOT
from test_serve import ALPHA, QUERIES, canary, fetch, json_rows, sparql, start_server, stop_server  # noqa: F401

from atmp_kg.pipeline import write
from atmp_kg.serve.check import check_query
from atmp_kg.serve.protocol import ProtocolError
from atmp_kg.serve.sandbox import SandboxUnavailable, network_filter

ACTORS = "SELECT ?actor WHERE { ?actor a <https://w3id.org/atmp-kg/ontology#Actor> }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"


@pytest.fixture(scope="module")
def dist(tiny_build, tmp_path_factory):
    """The tiny build, with one hostile IRI (a ``javascript:`` one) said of actor alpha."""
    out = write(tiny_build, tmp_path_factory.mktemp("hostile") / "dist")
    with open(out / "atmp-kg-inferred.ttl", "a", encoding="utf-8") as data:
        data.write(f"\n<{ALPHA}> <{SEE_ALSO}> <javascript:alert(document.domain)> .\n")
    return out


@pytest.fixture(scope="module")
def base(dist):
    process, address = start_server(dist, "--timeout", "20", "--workers", "2", "--quick-timeout", "1",
                                     "--max-memory", "256", "--idle-timeout", "1", "--max-connections", "24")
    yield f"http://{address}", process
    stop_server(process)
    assert "Traceback" not in process.stderr.read(), "the server failed on a connection"


# SERVICE: the parsed query decides, and the workers cannot reach the network anyway

def federated_tab(url):
    """The named query that calls Wikidata, as its tab in the query UI sends it, aimed at ``url``."""
    text = (QUERIES / "wikidata-federated.rq").read_text(encoding="utf-8")
    assert "SERVICE <https://query.wikidata.org/sparql>" in text
    return text.replace("https://query.wikidata.org/sparql", url)


SPELLINGS = {
    "escaped '#' in a prefixed name": "PREFIX e: <http://e/> SELECT * WHERE {{ ?s e:a\\# ?o "
                                      "SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "escaped quote in a prefixed name": "PREFIX e: <http://e/>\nSELECT * WHERE {{ ?s e:a\\' ?o . "
                                        "SERVICE <{url}> {{ ?s ?p ?o }} FILTER(?o != 'x') }}",
    "escaped quote, then a comment": "PREFIX e: <http://e/>\nSELECT * WHERE {{ ?s e:x\\' ?o . # '\n"
                                     "SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "lower case and SILENT": "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "mixed case, no spaces": "SELECT * WHERE {{ ?x ?y ?z .SeRvIcE<{url}>{{ ?s ?p ?o }} }}",
    "a unicode escape": "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "a variable endpoint": "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "inside a subquery": "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "inside EXISTS": "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "inside OPTIONAL of a CONSTRUCT": "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ SERVICE <{url}> "
                                      "{{ ?s ?p ?o }} }} }}",
    "a prefixed endpoint": "PREFIX c: <{url}#>\nSELECT * WHERE {{ # a comment\n SERVICE c: {{ ?s ?p ?o }} }}",
    "a relative endpoint against BASE": "BASE <{url}>\nSELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
}


@pytest.mark.parametrize("how", ["form", "get", "direct"])
@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_no_spelling_of_service_reaches_the_canary(base, canary, name, how):  # noqa: F811
    url, requests = canary
    status, _, body = sparql(base[0], SPELLINGS[name].format(url=url), how=how)
    assert status in (400, 403), body
    assert requests == []


def test_the_federated_named_query_tab_does_not_reach_the_canary(base, canary):  # noqa: F811
    url, requests = canary
    status, _, body = sparql(base[0], federated_tab(url))
    assert status == 403, body
    assert b"SERVICE" in body
    assert requests == []


def test_service_is_refused_from_the_parse_tree_with_403():
    for name in ("lower case and SILENT", "inside a subquery", "inside EXISTS", "a variable endpoint",
                 "escaped quote in a prefixed name"):
        with pytest.raises(ProtocolError) as refused:
            check_query(SPELLINGS[name].format(url="http://127.0.0.1:9/"))
        assert refused.value.status == 403, name


def test_service_in_strings_comments_and_names_is_harmless():
    check_query('PREFIX e: <http://e/> SELECT ?service WHERE { ?service e:a\\# "SERVICE <http://x> {}" } # SERVICE')
    check_query("PREFIX service: <http://e/> SELECT * WHERE { ?s service:SERVICE ?o }")


def test_deep_nesting_is_refused_up_front(base):
    query = "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"
    status, _, body = sparql(base[0], query)
    assert status == 400, body
    assert sparql(base[0], ACTORS)[0] == 200


@pytest.mark.skipif(sys.platform != "linux", reason="the network wall is Linux seccomp")
def test_a_sandboxed_process_cannot_reach_the_canary_even_with_service(canary):  # noqa: F811
    """The second wall on its own: pyoxigraph asked to run SERVICE in a process that installed
    the filter makes no request; the same without the filter does (the control)."""
    try:
        network_filter()
    except SandboxUnavailable:
        pytest.skip("no seccomp filter for this architecture")
    url, requests = canary
    program = ("import sys, pyoxigraph as ox\n"
               "from atmp_kg.serve.sandbox import refuse_network\n"
               "if sys.argv[2] == 'wall': refuse_network()\n"
               "try:\n"
               "    list(ox.Store().query('SELECT * WHERE { SERVICE <' + sys.argv[1] + '> { ?s ?p ?o } }'))\n"
               "except OSError as error:\n"
               "    print(error)\n")
    for mode in ("wall", "control"):
        subprocess.run([sys.executable, "-c", program, url, mode], cwd=ROOT, timeout=60, capture_output=True)
        assert (requests == []) == (mode == "wall"), (mode, requests)


# resources

def test_a_memory_hungry_query_gets_503_and_the_server_goes_on(base):
    started = time.monotonic()
    status, headers, body = sparql(base[0], HUNGRY)
    assert status == 503, body
    assert b"memory" in body
    assert time.monotonic() - started < 20, "cut by the timeout, not by the memory limit"
    assert sparql(base[0], ACTORS)[0] == 200


@pytest.mark.slow
def test_quick_queries_are_answered_while_runaways_hold_the_workers(dist):
    process, address = start_server(dist, "--timeout", "20", "--workers", "2", "--quick-timeout", "1")
    ended = {}

    def timed(name, query):
        answer = sparql(f"http://{address}", query)
        ended[name] = time.monotonic()
        return answer

    try:
        time.sleep(1)  # both workers ready
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            runaways = [pool.submit(timed, f"runaway {n}", RUNAWAY) for n in range(2)]
            time.sleep(0.5)
            quick = [timed(f"quick {n}", ACTORS) for n in range(3)]
            answers = [future.result() for future in runaways]
    finally:
        stop_server(process)
    assert [status for status, _, _ in quick] == [200, 200, 200]
    assert max(ended[f"quick {n}"] for n in range(3)) < max(ended[f"runaway {n}"] for n in range(2)), \
        "the quick queries waited for a runaway query's timeout"
    assert sorted(status for status, _, _ in answers) == [503, 503]
    assert [headers.get("Retry-After") for _, headers, _ in answers].count(None) == 1, \
        "one runaway is cut by the timeout, the other (on the last worker) as saturation, with Retry-After"


def test_a_query_body_over_the_limit_gets_413(base):
    """Refused from its Content-Length, before the body is read (the client may still be sending it)."""
    host, port = base[0][len("http://"):].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: %d\r\n\r\nSELECT" % (2 << 20))
        assert connection.recv(65536).startswith(b"HTTP/1.1 413 ")


def test_idle_and_slow_connections_are_closed_and_bounded(base):
    url, process = base
    host, port = url[len("http://"):].split(":")
    idle = [socket.create_connection((host, int(port)), timeout=10) for _ in range(40)]
    for connection in idle:
        connection.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")  # headers never finished
    trickle = socket.create_connection((host, int(port)), timeout=10)
    trickle.sendall(b"GET /index.html HTTP/1.1\r\n")
    threads = psutil.Process(process.pid).num_threads()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:  # one header byte every half second: never silent, never done
        try:
            trickle.sendall(b"X")
        except OSError:
            break
        time.sleep(0.5)
    assert time.monotonic() < deadline, "a trickling client held its connection"
    for connection in idle:
        assert _closed_by_server(connection), "an idle connection was left open"
        connection.close()
    assert threads < 24 + 20, f"{threads} threads for 41 connections"
    assert fetch(f"{url}/index.html")[0] == 200


def _closed_by_server(connection):
    try:
        while connection.recv(65536):
            pass  # a 503 for connections over the bound, then the end
    except ConnectionResetError:
        pass
    except TimeoutError:
        return False
    return True


# bad paths and the server's own pages

@pytest.mark.parametrize("path, statuses", [
    ("/id/actor/a%20b", (404,)), ("/id/actor/%3Cx%3E", (404,)), ("/id/%00", (400,)),
    ("/index.html%00.txt", (400,)), ("/doc/actor/a%20b.html", (404,)), ("/%ff%fe", (400,)),
    ("/id/actor/%C3%A9t%C3%A9", (404,)),
])
def test_bad_paths_get_4xx_not_500(base, path, statuses):
    assert fetch(base[0] + path, follow=False)[0] in statuses


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.scripts = [], 0

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href" and tag == "a"]
        self.scripts += tag == "script"


@pytest.mark.parametrize("path", ["/doc/actor/alpha.html", "/ontology.html", "/sparql"])
def test_server_pages_carry_a_policy_without_inline_scripts(base, path):
    status, headers, _ = fetch(base[0] + path, headers={"Accept": "text/html"})
    assert status == 200
    policy = {directive.split()[0]: directive.split()[1:]
              for directive in headers["Content-Security-Policy"].split(";") if directive.strip()}
    scripts = policy.get("script-src", policy.get("default-src"))
    assert "'unsafe-inline'" not in scripts and "*" not in scripts


def test_a_javascript_iri_is_shown_not_linked(base):
    status, _, body = fetch(base[0] + "/doc/actor/alpha.html")
    assert status == 200
    assert b"javascript:alert(document.domain)" in body
    links = Links()
    links.feed(body.decode("utf-8"))
    assert links.hrefs
    for href in links.hrefs:
        assert href.startswith("/") or urllib.parse.urlsplit(href).scheme in ("http", "https"), href


def test_the_query_ui_says_when_an_answer_is_cut(browser, dist, tmp_path):
    served = tmp_path / "dist"
    shutil.copytree(dist, served)
    process, address = start_server(served, "--max-rows", "3")
    try:
        page = browser.new_page()
        page.goto(f"http://{address}/sparql")
        page.wait_for_selector(".yasqe .CodeMirror", timeout=20000)
        page.evaluate("q => window.yasgui.getTab().getYasqe().setValue(q)",
                      "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        page.click(".yasqe_queryButton")
        page.wait_for_selector("#result-notice:not([hidden])", timeout=20000)
        assert "first 3 rows" in page.inner_text("#result-notice")
        page.evaluate("q => window.yasgui.getTab().getYasqe().setValue(q)", "ASK { ?s ?p ?o }")
        page.click(".yasqe_queryButton")
        page.wait_for_selector("#result-notice[hidden]", state="attached", timeout=20000)
        page.close()
    finally:
        stop_server(process)
