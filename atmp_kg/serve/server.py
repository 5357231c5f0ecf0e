"""``atmp-kg serve``: the built graph as a read-only SPARQL endpoint, with the site around it.

One address serves:

- ``/sparql``: the SPARQL 1.1 Protocol (GET, POST form, POST direct), queries run by
  ``workers.WorkerPool`` (killable processes: timeout, row cap); without a query, the
  YASGUI query UI (for browsers, assets under ``/-/yasgui/``) or the service description;
- ``/id/...``: 303 See Other to the document for the ``Accept`` header: the profile page in
  ``dist/`` (``dist/actor/<slug>.html`` or ``.../index.html``) or a generated page
  ``/doc/....html``; Turtle ``/doc/....ttl``, JSON-LD ``.jsonld``, N-Triples ``.nt``;
- ``/query?name=NAME``: 303 to ``/sparql?name=NAME``, the query UI with that named query's tab
  open; ``/queries.html``: the named queries, each with that link;
- ``/ontology``: 303 to ``/ontology.html`` (documentation), ``.ttl``, ``.jsonld`` or ``.nt``;
- ``/.well-known/void``: ``dist/void.ttl`` (Turtle, JSON-LD or N-Triples);
- everything else: the static files of ``dist/`` (the site, the dumps).

Writes of any kind (PUT, DELETE, PATCH, POST outside ``/sparql``, SPARQL UPDATE) get 4xx.
"""

import mimetypes
import re
import shutil
import threading
import unicodedata
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pyoxigraph as ox

from atmp_kg.serve import linked_data as ld
from atmp_kg.serve.connections import BoundedServer, HeaderDeadline
from atmp_kg.serve.pages import index_page, queries_page, service_description, ui_page
from atmp_kg.serve.protocol import ProtocolError, negotiate, parse_request

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 1 << 20  # a query of more than 1 MiB is refused (413)
RDF_TYPES = ("text/turtle", "application/ld+json", "application/n-triples")
EXTENSIONS = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples"}
CONTENT_TYPES = {".ttl": "text/turtle; charset=utf-8", ".nt": "application/n-triples",
                 ".jsonld": "application/ld+json", ".rq": "application/sparql-query",
                 ".csv": "text/csv; charset=utf-8", ".html": "text/html; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".json": "application/json", ".md": "text/markdown; charset=utf-8",
                 ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml"}
UI_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
             "base-uri 'none'; form-action 'none'")
PAGE_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
               "base-uri 'none'; form-action 'none'")  # the server's own pages run no script at all
CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "X-Result-Limit, X-Result-Rows, X-Result-Truncated"}
SD_PREFIXES = {"sd": "http://www.w3.org/ns/sparql-service-description#", "void": "http://rdfs.org/ns/void#",
               "dcterms": "http://purl.org/dc/terms/", "formats": "http://www.w3.org/ns/formats/"}


def make_server(site, host="127.0.0.1", port=8000, log=None, idle_timeout=10.0, max_connections=256):
    """A threaded HTTP server for ``site`` (not yet serving); port 0 picks a free port.

    A connection that sends nothing for ``idle_timeout`` seconds, or whose request headers take
    longer than twice that, is closed; past ``max_connections`` open connections a new one is
    answered 503 and closed at once."""
    server = BoundedServer((host, port), Handler)
    server.site, server.log = site, log
    server.idle_timeout = idle_timeout
    server.connections = threading.BoundedSemaphore(max_connections)
    return server


class Handler(BaseHTTPRequestHandler):
    """Routes requests to the SPARQL endpoint, linked-data documents and static files."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "atmp-kg"

    def setup(self):
        self.timeout = self.server.idle_timeout  # applied to the socket by StreamRequestHandler.setup
        super().setup()
        self.rfile = HeaderDeadline(self.rfile, 2 * self.server.idle_timeout)

    def handle_one_request(self):
        self.rfile.start_request()
        super().handle_one_request()

    def parse_request(self):
        parsed = super().parse_request()
        self.rfile.end_headers()
        return parsed

    def do_GET(self):
        self._guarded(self._route, head=False)

    def do_HEAD(self):
        self._guarded(self._route, head=True)

    def do_POST(self):
        if urlsplit(self.path).path != "/sparql":
            self._discard_body()
            return self._refuse_write()
        body = self._read_body()
        if body is not None:
            self._guarded(self._sparql, method="POST", body=body)

    def do_PUT(self):
        self._discard_body()
        self._refuse_write()

    do_DELETE = do_PATCH = do_PUT

    def do_OPTIONS(self):
        self._send(204, None, b"", {"Allow": "GET, HEAD, POST, OPTIONS", **CORS,
                                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                    "Access-Control-Allow-Headers": "Content-Type, Accept"})

    def log_message(self, format, *args):  # noqa: A002 (the name BaseHTTPRequestHandler uses)
        if self.server.log:
            self.server.log(f"{self.address_string()} {format % args}")

    def _guarded(self, route, **kwargs):
        try:
            route(**kwargs)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as error:  # noqa: BLE001 (an unexpected bug answers 500, the server goes on)
            self.close_connection = True
            self._text(500, f"internal error: {type(error).__name__}: {error}")

    # routes

    def _route(self, head):
        self.head = head
        try:
            path = unquote(urlsplit(self.path).path, errors="strict")
        except UnicodeDecodeError:
            return self._text(400, "the path is not UTF-8")
        if any(unicodedata.category(char) == "Cc" for char in path):
            return self._text(400, "a control character in the path")
        site = self.server.site
        if path == "/sparql":
            return self._sparql("GET", b"")
        if path == "/query":
            return self._named_query()
        if path == "/queries.html":
            return self._html(queries_page(site).encode("utf-8"))
        if path.startswith("/id/"):
            return self._see_other_resource(ld.iri_of_path(path))
        if path.startswith("/doc/"):
            return self._resource_document(path[len("/doc/"):])
        if path == "/ontology":
            return self._see_other_ontology()
        if path in ("/ontology.ttl", "/ontology.jsonld", "/ontology.nt"):
            return self._send(200, EXTENSIONS[Path(path).suffix],
                              ld.serialize(site.ontology, EXTENSIONS[Path(path).suffix]))
        if path == "/ontology.html":
            return self._html(site.ontology_html)
        if path == "/.well-known/void":
            return self._void()
        if path.startswith("/-/"):
            return self._static(STATIC, path[len("/-/"):])
        if path == "/" and not (site.dist / "index.html").is_file():
            return self._html(index_page(site).encode("utf-8"))
        return self._static(site.dist, path.lstrip("/"))

    def _sparql(self, method, body):
        site = self.server.site
        try:
            request = parse_request(method, self.headers.get("Content-Type", ""), urlsplit(self.path).query, body)
        except ProtocolError as error:
            return self._text(error.status, str(error), CORS)
        if request is None:
            return self._service_description()
        answer = site.pool.run(request, self.headers.get("Accept", ""))
        headers = {"Vary": "Accept", **CORS}
        if answer.retry_after:
            headers["Retry-After"] = str(answer.retry_after)
        if answer.status == 200:
            headers.update({"X-Result-Limit": str(site.cap), "X-Result-Rows": str(answer.rows),
                            "X-Result-Truncated": "true" if answer.truncated else "false"})
        self._send(answer.status, answer.content_type, answer.body, headers)

    def _named_query(self):
        """``/query?name=NAME``: 303 to the query UI with the tab of named query NAME open."""
        names = parse_qs(urlsplit(self.path).query).get("name", [])
        known = {query["name"] for query in self.server.site.queries}
        if len(names) != 1 or names[0] not in known:
            return self._text(404, "no such named query; the list: /queries.html")
        self._redirect(f"/sparql?name={quote(names[0], safe='')}")

    def _service_description(self):
        accept = self.headers.get("Accept", "")
        media_type = negotiate(accept, ("text/html",) + RDF_TYPES)
        if media_type == "text/html":
            return self._send(200, "text/html; charset=utf-8", ui_page(self.server.site).encode("utf-8"),
                              {"Content-Security-Policy": UI_POLICY, "Vary": "Accept"})
        if media_type is None:
            return self._text(406, "acceptable: text/html, " + ", ".join(RDF_TYPES))
        endpoint = f"http://{self._host()}/sparql"
        triples = list(ox.parse(service_description(endpoint, self.server.site),
                                format=ox.RdfFormat.TURTLE))
        self._send(200, media_type, ld.serialize(triples, media_type, SD_PREFIXES), {"Vary": "Accept", **CORS})

    def _see_other_resource(self, iri):
        site = self.server.site
        if iri is None or not ld.exists(site.store, iri):
            return self._text(404, "no such thing in the graph")
        media_type = negotiate(self.headers.get("Accept", ""), ("text/html",) + RDF_TYPES)
        if media_type is None:
            return self._text(406, "acceptable: text/html, " + ", ".join(RDF_TYPES))
        doc = "/doc" + ld.local_href(iri)[len("/id"):]
        if media_type == "text/html":
            location = site.profile_href(iri) or f"{doc}.html"
        else:
            location = doc + {v: k for k, v in EXTENSIONS.items()}[media_type]
        self._redirect(location)

    def _resource_document(self, rest):
        site = self.server.site
        stem, dot, extension = rest.rpartition(".")
        iri = ld.iri_of_path("id/" + stem)
        if not dot or iri is None or not ld.exists(site.store, iri) or f".{extension}" not in (*EXTENSIONS, ".html"):
            return self._text(404, f"no document {rest}")
        triples = ld.describe(site.store, iri)
        if extension == "html":
            page = ld.resource_page(site.store, iri, triples, site.profile_href(iri))
            return self._html(page.encode("utf-8"))
        media_type = EXTENSIONS[f".{extension}"]
        self._send(200, media_type, ld.serialize(triples, media_type))

    def _see_other_ontology(self):
        media_type = negotiate(self.headers.get("Accept", ""), ("text/html",) + RDF_TYPES)
        if media_type is None:
            return self._text(406, "acceptable: text/html, " + ", ".join(RDF_TYPES))
        extension = ".html" if media_type == "text/html" else {v: k for k, v in EXTENSIONS.items()}[media_type]
        self._redirect(f"/ontology{extension}")

    def _void(self):
        path = self.server.site.dist / "void.ttl"
        media_type = negotiate(self.headers.get("Accept", ""), RDF_TYPES)
        if not path.is_file():
            return self._text(404, "no void.ttl in the build")
        if media_type is None:
            return self._text(406, "acceptable: " + ", ".join(RDF_TYPES))
        base = f"http://{self._host()}/"
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base))
        self._send(200, media_type, ld.serialize(triples, media_type), {"Vary": "Accept", **CORS})

    def _static(self, root, relative):
        target = (root / relative).resolve()
        if target != root and root not in target.parents:
            return self._text(404, "not found")
        if any(part.startswith(".") for part in target.relative_to(root).parts):
            return self._text(404, "not found")
        if target.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return self._redirect(self.path.split("?")[0] + "/", status=301)
            target = target / "index.html"
        if not target.is_file():
            return self._text(404, "not found")
        content_type = CONTENT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or \
            "application/octet-stream"
        self._send_file(target, content_type)

    def _host(self):
        """The Host header if it is a plain host[:port], else the address the server listens on."""
        host = self.headers.get("Host", "")
        if re.fullmatch(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?", host):
            return host
        address, port = self.server.server_address[:2]
        return f"{address}:{port}"

    # responses

    def _refuse_write(self):
        self._text(405, "this server is read-only", {"Allow": "GET, HEAD, POST, OPTIONS"})

    def _redirect(self, location, status=303):
        location = quote(location, safe="/?#[]@!$&'()*+,;=:%~")  # an IRI's non-ASCII characters, as URI
        self._send(status, "text/plain; charset=utf-8", f"See {location}\n".encode(),
                   {"Location": location, "Vary": "Accept"})

    def _html(self, body):
        self._send(200, "text/html; charset=utf-8", body, {"Content-Security-Policy": PAGE_POLICY})

    def _text(self, status, message, headers=None):
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)

    def _send(self, status, content_type, body, headers=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not getattr(self, "head", False):
            self.wfile.write(body)

    def _send_file(self, path, content_type):
        with open(path, "rb") as handle:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(path.stat().st_size))
            self.end_headers()
            if not self.head:
                shutil.copyfileobj(handle, self.wfile)

    def _read_body(self):
        self.head = False
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            self._text(411, "a Content-Length is required")
            return None
        if int(length) > MAX_BODY:
            self.close_connection = True
            self._text(413, f"request body over {MAX_BODY} bytes")
            return None
        return self.rfile.read(int(length))

    def _discard_body(self):
        self.head = False
        length = self.headers.get("Content-Length", "")
        if length.isdigit() and int(length) <= MAX_BODY:
            self.rfile.read(int(length))
        else:
            self.close_connection = True
