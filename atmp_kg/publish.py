"""``atmp-kg publish``: load the build into any SPARQL 1.1 store, replacing the previous version
atomically, through the standard protocols only:

1. the graph (``dist/atmp-kg-inferred.ttl`` as N-Triples) is streamed with one Graph Store
   Protocol ``PUT`` into a fresh staging named graph, reporting progress as it goes;
2. one SPARQL UPDATE request, ``MOVE GRAPH <staging> TO GRAPH <target>``, swaps it in (stores run
   an update request as one transaction: readers see the old version or the new one, never half);
3. on any failure the staging graph is dropped and the previous version stays as it was.
"""

import http.client
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from .errors import LoadError, RemoteError, UsageError

DEFAULT_GRAPH = "https://w3id.org/atmp-kg/id/dataset/atmp-kg"
DATA_FILE = "atmp-kg-inferred.ttl"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Endpoints:
    """The store's SPARQL Update endpoint, Graph Store Protocol endpoint and (optional) query endpoint."""

    update: str
    store: str
    query: str | None = None


def endpoints(update, store=None, query=None):
    """``Endpoints`` from the update URL; ``.../update`` implies Oxigraph's ``.../store`` and ``.../query``."""
    base, _, last = update.rstrip("/").rpartition("/")
    if store is None and last != "update":
        raise UsageError("--store is required unless the endpoint ends with /update (as Oxigraph's does)")
    derived = last == "update"
    return Endpoints(update, store or f"{base}/store", query or (f"{base}/query" if derived else None))


def ntriples(dist):
    """``(bytes, triple_count)``: the build's inferred graph as N-Triples."""
    path = Path(dist) / DATA_FILE
    if not path.is_file():
        raise LoadError(f"{path} not found: run `atmp-kg build` first")
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)


def publish(dist, targets, graph=DEFAULT_GRAPH, progress=None, chunk=CHUNK):
    """Load ``dist`` into named graph ``graph`` of the store at ``targets`` (``Endpoints``),
    replacing its previous content atomically. ``progress(done_bytes, total_bytes)`` is called as
    the upload goes. Returns ``{"graph", "triples", "bytes", "verified"}``; ``verified`` is the
    triple count the store reports afterwards (None without a query endpoint)."""
    body, count = ntriples(dist)
    staging = f"{graph}/staging/{uuid.uuid4().hex}"
    try:
        _request("PUT", f"{targets.store}?graph={quote(staging, safe='')}", body,
                 "application/n-triples", progress, chunk)
        _request("POST", targets.update, f"MOVE GRAPH <{staging}> TO GRAPH <{graph}>".encode(),
                 "application/sparql-update")
    except BaseException:
        _drop_quietly(targets, staging)
        raise
    verified = count_triples(targets.query, graph) if targets.query else None
    return {"graph": graph, "triples": count, "bytes": len(body), "verified": verified}


def count_triples(query_url, graph):
    """The number of triples of named graph ``graph`` at a SPARQL query endpoint."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    text = _request("POST", query_url, query.encode(), "application/sparql-query", accept="text/csv")
    return int(text.decode().split()[-1])


def _drop_quietly(targets, staging):
    try:
        _request("POST", targets.update, f"DROP SILENT GRAPH <{staging}>".encode(), "application/sparql-update")
    except (RemoteError, OSError):
        pass


def _request(method, url, body, content_type, progress=None, chunk=CHUNK, accept="*/*"):
    """Send ``body`` to ``url`` in chunks (calling ``progress``); the response body, or RemoteError."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"not an http(s) URL: {url}")
    connection = connection_class(parts.netloc, timeout=300)
    try:
        connection.putrequest(method, (parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        connection.putheader("Content-Type", content_type)
        connection.putheader("Content-Length", str(len(body)))
        connection.putheader("Accept", accept)
        connection.endheaders()
        for offset in range(0, len(body), chunk):
            connection.send(body[offset:offset + chunk])
            if progress:
                progress(min(offset + chunk, len(body)), len(body))
        response = connection.getresponse()
        answer = response.read()
    except OSError as error:
        raise RemoteError(f"{method} {url}: {error}") from None
    finally:
        connection.close()
    if response.status >= 300:
        raise RemoteError(f"{method} {url}: HTTP {response.status} {answer.decode(errors='replace')[:300]}")
    return answer
