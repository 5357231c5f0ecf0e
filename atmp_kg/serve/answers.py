"""SPARQL results of a pyoxigraph query, capped at a number of rows, in the negotiated format.

``answer(result, accept, cap)`` -> ``Answer(status, content_type, body, truncated)``:
SELECT as SPARQL JSON, XML, CSV or TSV; ASK as JSON or XML (CSV/TSV: ``true``/``false``);
CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML. The rows (or triples) are
cut at ``cap``; ``truncated`` says so. The whole body is built before anything is sent.
"""

import csv
import io
import json
from dataclasses import dataclass
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from atmp_kg.serve.protocol import GRAPH_TYPES, SELECT_TYPES, negotiate

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
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
    if isinstance(result, ox.QueryBoolean):
        return Answer(200, content_type, _boolean(bool(result), content_type))
    variables = [variable.value for variable in result.variables]
    rows = [[solution[name] for name in variables] for solution in islice(result, cap + 1)]
    body = WRITERS[content_type.split(";")[0]](variables, rows[:cap])
    return Answer(200, content_type, body.encode("utf-8"), len(rows) > cap, min(len(rows), cap))


def json_results(variables, rows):
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{name: _json_term(term) for name, term in zip(variables, row, strict=True) if term is not None}
                for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False)


def xml_results(variables, rows):
    """SPARQL Query Results XML."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{RESULTS_NS}">', "<head>"]
    lines += [f"<variable name={quoteattr(name)}/>" for name in variables]
    lines += ["</head>", "<results>"]
    for row in rows:
        lines.append("<result>")
        lines += [f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                  for name, term in zip(variables, row, strict=True) if term is not None]
        lines.append("</result>")
    lines += ["</results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def csv_results(variables, rows):
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if term is None else _plain(term) for term in row])
    return out.getvalue()


def tsv_results(variables, rows):
    """SPARQL 1.1 Query Results TSV: terms in Turtle syntax."""
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    return "\n".join(lines) + "\n"


WRITERS = {"application/sparql-results+json": json_results, "application/sparql-results+xml": xml_results,
           "text/csv": csv_results, "text/tab-separated-values": tsv_results}


def _boolean(value, content_type):
    if content_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if content_type == "application/sparql-results+xml":
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{RESULTS_NS}"><head/>'
                f"<boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    return f"{str(value).lower()}\n".encode()


def _json_term(term):
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            value["datatype"] = term.datatype.value
        return value
    return {"type": "triple", "value": str(term)}


def _xml_term(term):
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _plain(term):
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))
