"""The SPARQL 1.1 Protocol, read-only: turn an HTTP request into a query request.

``parse_request`` accepts the three ways of sending a query (GET, POST form, POST direct) and
refuses the protocol's ways of changing data (an ``update`` parameter, ``application/sparql-update``),
raising ``ProtocolError`` with the HTTP status to answer; what the query text itself may do
(no update, no ``SERVICE``) is decided from its parse tree by ``sparql_check``, in the query
workers. ``negotiate`` picks a media type from an ``Accept`` header.

>>> parse_request("GET", "", "query=ASK%7B%7D", b"").query
'ASK{}'
>>> negotiate("text/csv;q=0.5, application/sparql-results+json", SELECT_TYPES)
'application/sparql-results+json'
"""

from dataclasses import dataclass
from urllib.parse import parse_qs

SELECT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values", "application/json", "application/xml", "text/xml")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
               "application/x-turtle", "text/plain", "application/json")
FORM_TYPE = "application/x-www-form-urlencoded"


class ProtocolError(Exception):
    """A request the endpoint refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, status, message):
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class QueryRequest:
    """A SPARQL query with the dataset the protocol parameters ask for."""

    query: str
    default_graphs: tuple = ()
    named_graphs: tuple = ()


def parse_request(method, content_type, query_string, body):
    """The ``QueryRequest`` of an HTTP request, or None when it carries no query (a request
    for the service description). Raises ProtocolError for refused or malformed requests."""
    media_type = content_type.split(";")[0].strip().lower()
    url_params = parse_qs(query_string, keep_blank_values=True)
    if method == "POST" and media_type == "application/sparql-update":
        raise ProtocolError(403, "this endpoint is read-only: SPARQL UPDATE is refused")
    if method == "POST" and media_type == FORM_TYPE:
        params = parse_qs(_decode(body), keep_blank_values=True)
        query = _single(params, "query")
    elif method == "POST" and media_type == "application/sparql-query":
        params = url_params
        query = _decode(body)
    elif method == "POST":
        raise ProtocolError(415, f"unsupported Content-Type {media_type or '(none)'}: use {FORM_TYPE} "
                                 "or application/sparql-query")
    else:
        params = url_params
        query = _single(params, "query")
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL UPDATE is refused")
    if query is None:
        if method == "POST":
            raise ProtocolError(400, "missing the 'query' parameter")
        return None
    return QueryRequest(query, tuple(params.get("default-graph-uri", ())), tuple(params.get("named-graph-uri", ())))


def negotiate(accept, offers):
    """The media type of ``offers`` (first = default) the ``Accept`` header prefers, or None."""
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_quality = None, 0.0
    for offer in offers:
        quality = _quality(offer, ranges)
        if quality > best_quality:
            best, best_quality = offer, quality
    return best


def parse_accept(accept):
    """``[(media_range, q)]`` of an Accept header; malformed q values count as 0."""
    ranges = []
    for part in (accept or "").split(","):
        fields = [field.strip() for field in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((fields[0].lower(), quality))
    return ranges


def _quality(offer, ranges):
    kind = offer.split("/")[0]
    for pattern in (offer, f"{kind}/*", "*/*"):
        matches = [quality for media_range, quality in ranges if media_range == pattern]
        if matches:
            return max(matches)
    return 0.0


def _single(params, name):
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise ProtocolError(400, f"the '{name}' parameter is given {len(values)} times")
    return values[0]


def _decode(body):
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"the request body is not UTF-8: {error}") from None
