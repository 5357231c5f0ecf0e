"""``atmp-kg publish``: load the build into any SPARQL 1.1 store, replacing the previous version
atomically, through the standard protocols only:

0. the target graph IRI and the endpoint URLs are checked before any request (UsageError), and
   staging graphs left in the store by an interrupted publish of the same target are listed;
1. the graph (``dist/atmp-kg-inferred.ttl`` as N-Triples) is streamed with one Graph Store
   Protocol ``PUT`` into a fresh staging named graph, reporting progress as it goes;
2. one SPARQL UPDATE request, ``MOVE GRAPH <staging> TO GRAPH <target>`` followed by a
   ``DROP SILENT GRAPH`` of each leftover, swaps it in (stores run an update request as one
   transaction: readers see the old version or the new one, never half);
3. on any failure the staging graph is dropped and the store is left as it was.

IRIs reach SPARQL text only as terms serialized by pyoxigraph, never pasted as strings. A store
that protects its writes is answered with ``auth.Credentials`` (Digest or Basic, as it asks).
Queries are sent as an HTML form (POST), which every store reads.
"""

import http.client
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox

from atmp_kg.errors import LoadError, RemoteError, UsageError
from atmp_kg.sparql.auth import PASSWORD_ENV
from atmp_kg.sparql.backends import DATASET_GRAPH

DEFAULT_GRAPH = DATASET_GRAPH  # where `atmp-kg query --endpoint` looks first
FORM = "application/x-www-form-urlencoded"
DATA_FILE = "atmp-kg-inferred.ttl"
CHUNK = 1 << 20
STAGING = "/staging/"
STAGING_ID = re.compile(r"[0-9a-f]{32}")
IRIREF_FORBIDDEN = frozenset('<>"{}|^`\\')


@dataclass(frozen=True)
class Endpoints:
    """The store's SPARQL Update endpoint, Graph Store Protocol endpoint and (optional) query endpoint,
    each an http(s) URL with a host (UsageError otherwise)."""

    update: str
    store: str
    query: str | None = None

    def __post_init__(self):
        for option, url in (("--endpoint", self.update), ("--store", self.store), ("--query", self.query)):
            if url is not None:
                http_url(url, option)


def endpoints(update, store=None, query=None):
    """``Endpoints`` from the update URL; ``.../update`` implies Oxigraph's ``.../store`` and ``.../query``."""
    http_url(update, "--endpoint")
    base, _, last = update.rstrip("/").rpartition("/")
    if store is None and last != "update":
        raise UsageError("--store is required unless the endpoint ends with /update (as Oxigraph's does)")
    derived = last == "update"
    return Endpoints(update, store or f"{base}/store", query or (f"{base}/query" if derived else None))


def http_url(url, option="URL"):
    """``url`` if it is an http(s) URL with a host, in printable ASCII; UsageError otherwise."""
    wrong = f"{option} must be an http(s) URL with a host, e.g. http://127.0.0.1:7878/update, not {url!r}"
    if not isinstance(url, str) or not (url.isascii() and url.isprintable()) or " " in url:
        raise UsageError(f"{wrong} (spaces, control and non-ASCII characters must be percent-encoded)")
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.port == 0:
            raise UsageError(wrong)
    except ValueError:  # a port that is not a number in range, a broken [IPv6] host
        raise UsageError(wrong) from None
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"{option}: credentials in the URL are not supported (host {parts.hostname})")
    return url


def graph_iri(value, option="--graph"):
    """``value`` as a ``pyoxigraph.NamedNode``: an absolute IRI with a scheme that a SPARQL IRIREF
    can hold; UsageError otherwise. Its ``str()`` is the only way an IRI enters SPARQL text here."""
    try:
        term = ox.NamedNode(value)
    except (ValueError, TypeError) as error:
        raise UsageError(f"{option} must be an absolute IRI, not {value!r}: {error}") from None
    if not urlsplit(term.value).scheme:
        raise UsageError(f"{option} must be an absolute IRI with a scheme, not {value!r}")
    bad = sorted({char for char in term.value if char in IRIREF_FORBIDDEN or ord(char) <= 0x20})
    if bad:
        raise UsageError(f"{option} must be an absolute IRI, not {value!r}: it holds {''.join(bad)!r}")
    return term


def ntriples(dist):
    """``(bytes, triple_count)``: the build's inferred graph as N-Triples."""
    path = Path(dist) / DATA_FILE
    if not path.is_file():
        raise LoadError(f"{path} not found: run `atmp-kg build` first")
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)


def publish(dist, targets, graph=DEFAULT_GRAPH, progress=None, chunk=CHUNK, auth=None):
    """Load ``dist`` into named graph ``graph`` of the store at ``targets`` (``Endpoints``),
    replacing its previous content atomically, and remove the staging graphs that an interrupted
    publish of the same ``graph`` left behind. ``progress(done_bytes, total_bytes)`` is called as
    the upload goes. Returns ``{"graph", "triples", "bytes", "verified", "removed"}``: ``verified``
    is the triple count the store reports afterwards and ``removed`` the sorted leftover staging
    graph IRIs that were dropped (both None without a query endpoint). ``auth``: the
    ``auth.Credentials`` for a store that asks for them."""
    target = graph_iri(graph)
    if is_staging(target.value):
        raise UsageError(f"--graph <{target.value}> is named like a staging graph (.../staging/<32 hex digits>), "
                         "which a publish of the graph above it would remove")
    staging = graph_iri(f"{target.value}{STAGING}{uuid.uuid4().hex}", "--graph (its staging graph)")
    body, count = ntriples(dist)
    leftovers = staging_leftovers(targets.query, target, auth) if targets.query else None
    swap = " ;\n".join([f"MOVE GRAPH {staging} TO GRAPH {target}"]
                       + [f"DROP SILENT GRAPH {leftover}" for leftover in leftovers or ()])
    upload = f"{targets.store}?graph={quote(staging.value, safe='')}"
    try:
        _ask_for_challenge(upload, auth)  # so that the upload is sent once, with its credentials
        _request("PUT", upload, body, "application/n-triples", progress, chunk, auth=auth)
        _request("POST", targets.update, swap.encode(), "application/sparql-update", auth=auth)
    except BaseException:
        _drop_quietly(targets, staging, auth)
        raise
    verified = count_triples(targets.query, target.value, auth) if targets.query else None
    removed = None if leftovers is None else [leftover.value for leftover in leftovers]
    return {"graph": target.value, "triples": count, "bytes": len(body), "verified": verified, "removed": removed}


def staging_leftovers(query_url, target, auth=None):
    """The staging graphs of ``target`` (a NamedNode) at a SPARQL query endpoint, as sorted
    NamedNodes: exactly ``<target>/staging/<32 hex digits>``, never another target's graphs.
    Empty graphs too where the store keeps them (``GRAPH ?g {}``; Virtuoso keeps no empty graph
    and lists none that way, hence the second branch)."""
    prefix = f"{target.value}{STAGING}"
    query = (f"SELECT DISTINCT ?g WHERE {{ {{ GRAPH ?g {{}} }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} "
             f"FILTER(STRSTARTS(STR(?g), {ox.Literal(prefix)})) }}")
    answer = _query(query_url, query, "application/sparql-results+json", auth)
    try:
        rows = ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON)
        names = [row["g"] for row in rows]
    except (SyntaxError, ValueError, KeyError) as error:
        raise RemoteError(f"POST {query_url}: unreadable answer listing the named graphs: {error}") from None
    return sorted((name for name in names if isinstance(name, ox.NamedNode) and name.value.startswith(prefix)
                   and STAGING_ID.fullmatch(name.value[len(prefix):])), key=lambda name: name.value)


def is_staging(iri):
    """Whether ``iri`` is named like a staging graph: ``<graph>/staging/<32 hex digits>``."""
    _, separator, name = iri.rpartition(STAGING)
    return bool(separator) and STAGING_ID.fullmatch(name) is not None


def count_triples(query_url, graph, auth=None):
    """The number of triples of named graph ``graph`` at a SPARQL query endpoint."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_iri(graph)} {{ ?s ?p ?o }} }}"
    text = _query(query_url, query, "text/csv", auth)
    return int(text.decode().split()[-1].strip('"'))


def _query(query_url, query, accept, auth):
    """The answer of the query endpoint to ``query``, sent as a form (every store reads one)."""
    return _request("POST", query_url, urlencode({"query": query}).encode(), FORM, accept=accept, auth=auth)


def _drop_quietly(targets, staging, auth=None):
    """Drop the staging graph with SPARQL Update, or with the Graph Store Protocol when the update
    endpoint is the one that fails."""
    try:
        _request("POST", targets.update, f"DROP SILENT GRAPH {staging}".encode(), "application/sparql-update",
                 auth=auth)
        return
    except (RemoteError, OSError):
        pass
    try:
        _request("DELETE", f"{targets.store}?graph={quote(staging.value, safe='')}", b"", "application/n-triples",
                 auth=auth)
    except (RemoteError, OSError):
        pass


def _ask_for_challenge(url, auth):
    """With credentials and no challenge of ``url`` yet, a GET that collects the store's challenge
    (if it sends one), so that a large body goes only once, with its ``Authorization``."""
    if auth is None or auth.knows(url):
        return
    try:
        status, _, challenge = _send("GET", url, b"", "application/n-triples", None, CHUNK, "application/n-triples",
                                     None)
    except OSError:
        return
    if status == 401:
        auth.challenged(url, challenge)


def _request(method, url, body, content_type, progress=None, chunk=CHUNK, accept="*/*", auth=None):
    """Send ``body`` to ``url`` in chunks (calling ``progress``); the response body, or RemoteError.
    A 401 with a challenge ``auth`` can answer is sent again, once, with its credentials."""
    for attempt in (1, 2):
        try:
            status, answer, challenge = _send(method, url, body, content_type, progress, chunk, accept, auth)
        except OSError as error:
            raise RemoteError(f"{method} {url}: {error}") from None
        if status == 401 and attempt == 1 and auth is not None and auth.challenged(url, challenge):
            continue
        break
    if status == 401:
        hint = ("the store refused the user and password" if auth else
                f"the store asks for a user: give --user (the password in {PASSWORD_ENV}, or at the prompt)")
        raise RemoteError(f"{method} {url}: HTTP 401: {hint}")
    if status >= 300:
        raise RemoteError(f"{method} {url}: HTTP {status} {answer.decode(errors='replace')[:300]}")
    return answer


def _send(method, url, body, content_type, progress, chunk, accept, auth):
    """One request, with the ``Authorization`` of ``auth`` if it holds a challenge for ``url``:
    ``(status, body, WWW-Authenticate header)``; OSError when the connection fails."""
    parts = urlsplit(http_url(url))
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.netloc, timeout=300)
    try:
        connection.putrequest(method, (parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        connection.putheader("Content-Type", content_type)
        connection.putheader("Content-Length", str(len(body)))
        connection.putheader("Accept", accept)
        authorization = auth.authorization(method, url) if auth is not None else None
        if authorization:
            connection.putheader("Authorization", authorization)
        connection.endheaders()
        for offset in range(0, len(body), chunk):
            connection.send(body[offset:offset + chunk])
            if progress:
                progress(min(offset + chunk, len(body)), len(body))
        response = connection.getresponse()
        answer = response.read()
    finally:
        connection.close()
    return response.status, answer, response.getheader("WWW-Authenticate", "")
