"""SPARQL results of a pyoxigraph query, capped at a number of rows, in the negotiated format.

``answer(result, accept, cap)`` -> ``Answer(status, content_type, body, truncated)``:
SELECT as SPARQL JSON, XML, CSV or TSV; ASK as JSON or XML (CSV/TSV: ``true``/``false``);
CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML. The rows (or triples) are
cut at ``cap``; ``truncated`` says so. The whole body is built before anything is sent. The
results formats are ``atmp_kg.sparql.results``, shared with ``atmp-kg query``.
"""

from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from atmp_kg.serve.protocol import GRAPH_TYPES, SELECT_TYPES, negotiate
from atmp_kg.sparql.results import MEDIA_FORMATS, Result, boolean, render

RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD, "application/json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
CANONICAL = {
    "application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml", "text/csv": "text/csv; charset=utf-8",
    "text/tab-separated-values": "text/tab-separated-values; charset=utf-8",
    "application/x-turtle": "text/turtle", "text/plain": "application/n-triples",
}


@dataclass(frozen=True)
class Answer:
    """A complete HTTP answer: status, Content-Type, body bytes, whether rows were cut, and (for
    a server too busy to answer) the seconds after which to retry."""

    status: int
    content_type: str
    body: bytes
    truncated: bool = False
    rows: int = 0
    retry_after: int = 0


def error(status, message, retry_after=0):
    """A plain-text error answer."""
    return Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"),
                  retry_after=retry_after)


def answer(result, accept, cap, prefixes=None):
    """The ``Answer`` for a pyoxigraph query result (see module docstring)."""
    offers = GRAPH_TYPES if isinstance(result, ox.QueryTriples) else SELECT_TYPES
    media_type = negotiate(accept, offers)
    if media_type is None:
        return error(406, "no acceptable result format; offered: " + ", ".join(offers))
    content_type = CANONICAL.get(media_type, media_type)
    if isinstance(result, ox.QueryTriples):
        triples = list(islice(result, cap + 1))
        body = ox.serialize(triples[:cap], format=RDF_FORMATS[media_type], prefixes=prefixes or {})
        return Answer(200, content_type, body, len(triples) > cap, min(len(triples), cap))
    output_format = MEDIA_FORMATS[content_type.split(";")[0]]
    if isinstance(result, ox.QueryBoolean):
        return Answer(200, content_type, boolean(bool(result), output_format).encode("utf-8"))
    variables = tuple(variable.value for variable in result.variables)
    rows = [tuple(solution[name] for name in variables) for solution in islice(result, cap + 1)]
    body = render(Result(variables, tuple(rows[:cap])), output_format)
    return Answer(200, content_type, body.encode("utf-8"), len(rows) > cap, min(len(rows), cap))
