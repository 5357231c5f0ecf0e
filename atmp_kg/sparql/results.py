"""SPARQL results: the ``Result`` rows, RDF terms written as N-Triples, and the SPARQL 1.1
results formats (CSV, TSV, JSON, XML, and a text table for reading), for ``atmp-kg query`` and
the SPARQL server alike.

Terms are rdflib terms (``URIRef``, ``Literal``, ``BNode``) or pyoxigraph terms (``NamedNode``,
``Literal``, ``BlankNode``, ``Triple``); an unbound variable is ``None``. ``parts`` is the one
place that tells the two libraries' terms apart; every writer reads terms through it.
"""

import csv
import io
import json
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from atmp_kg.rdf.namespaces import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "xml")
MEDIA_FORMATS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                 "text/csv": "csv", "text/tab-separated-values": "tsv"}  # media type -> format
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
XSD_STRING = str(XSD.string)
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
TABLE_PREFIXES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda p: -len(p[0]))


@dataclass(frozen=True)
class Result:
    """The answer to a SELECT query: its variables (names, in order) and rows of terms."""

    variables: tuple
    rows: tuple

    def dicts(self):
        """The rows as dictionaries ``{variable: term or None}``."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def records(self):
        """The rows as dictionaries ``{variable: text}`` (``text``: the term's ``value``), the
        unbound variables left out: what the analyses read."""
        return [{name: value(term) for name, term in zip(self.variables, row, strict=True) if term is not None}
                for row in self.rows]

    def rdflib(self):
        """This result with rdflib terms (pyoxigraph terms made into rdflib terms, each distinct
        term once: IRIs looked up by their text, which hashes quicker than pyoxigraph's terms)."""
        iris, others = {}, {None: None}
        rows = []
        for row in self.rows:
            made = []
            for term in row:
                if type(term) is ox.NamedNode:
                    iri = iris.get(term.value)
                    if iri is None:
                        iri = iris[term.value] = URIRef(term.value)
                    made.append(iri)
                else:
                    made.append(others[term] if term in others else others.setdefault(term, rdflib_term(term)))
            rows.append(tuple(made))
        return Result(self.variables, tuple(rows))


def is_iri(text):
    """True if ``text`` can be written as an N-Triples/SPARQL IRI: absolute, no forbidden characters."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text)) and not IRI_FORBIDDEN.search(text)


def parts(term):
    """``(kind, value, language, datatype)`` of an rdflib or pyoxigraph term; ``kind`` is
    ``uri``, ``bnode``, ``literal`` or ``triple`` (an RDF-star term, written as pyoxigraph writes
    it); ``datatype`` is None for a plain or language-tagged literal."""
    if isinstance(term, Literal):
        language = term.language or None
        datatype = None if language or term.datatype in (None, XSD.string) else str(term.datatype)
        return "literal", str(term), language, datatype
    if isinstance(term, URIRef):
        return "uri", str(term), None, None
    if isinstance(term, BNode):
        return "bnode", str(term), None, None
    if isinstance(term, ox.Literal):
        language = term.language or None
        datatype = None if language or term.datatype.value == XSD_STRING else term.datatype.value
        return "literal", term.value, language, datatype
    if isinstance(term, ox.NamedNode):
        return "uri", term.value, None, None
    if isinstance(term, ox.BlankNode):
        return "bnode", term.value, None, None
    if isinstance(term, ox.Triple):
        return "triple", str(term), None, None
    raise TypeError(f"not an RDF term: {term!r}")


def value(term):
    """The text of a term: an IRI, a literal's lexical form, a blank node's label (``parts``)."""
    if type(term) in _OXIGRAPH_VALUED:
        return term.value
    return parts(term)[1]


_OXIGRAPH_VALUED = (ox.NamedNode, ox.Literal, ox.BlankNode)


def rdflib_term(term):
    """``term`` as an rdflib term (an rdflib term as it is)."""
    if isinstance(term, (URIRef, Literal, BNode)):
        return term
    kind, text, language, datatype = parts(term)
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind == "literal":
        return Literal(text, lang=language, datatype=None if datatype is None else URIRef(datatype))
    raise TypeError(f"no rdflib term for {term!r}")


def nt(term):
    """``term`` as an N-Triples term, escaped so that no value can change the text around it.

    A backslash before ``u``/``U`` is followed by that letter as ``\\U00000075``/``\\U00000055``
    (and control characters are written ``\\UXXXXXXXX``), so that engines which decode ``\\u``
    escapes in the whole query before parsing it (SPARQL 1.1 section 19.2; rdflib does) read the
    same value as those that decode them in strings only (Oxigraph).
    """
    kind, value, language, datatype = parts(term)
    if kind == "uri":
        if not is_iri(value):
            raise ValueError(f"not an absolute IRI: {value!r}")
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    if kind == "triple":
        return value
    out = []
    for index, char in enumerate(value):
        if char in "uU" and index and value[index - 1] == "\\":
            out.append(f"\\U{ord(char):08X}")
        elif char in ECHAR:
            out.append(ECHAR[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\U{ord(char):08X}")
        else:
            out.append(char)
    quoted = '"' + "".join(out) + '"'
    if language:
        if not LANGUAGE_TAG.match(language):
            raise ValueError(f"not a language tag: {language!r}")
        return f"{quoted}@{language}"
    if datatype:
        return f"{quoted}^^{nt(URIRef(datatype))}"
    return quoted


# -- output formats ----------------------------------------------------------------------

def render(result, output_format):
    """``result`` as text in one of ``FORMATS``."""
    return {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json, "xml": to_xml}[output_format](result)


def to_csv(result):
    """SPARQL 1.1 Query Results CSV: header of names; IRIs and literals as plain strings, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else _csv_value(term) for term in row])
    return out.getvalue()


def _csv_value(term):
    kind, value, _, _ = parts(term)
    return f"_:{value}" if kind == "bnode" else value


def to_tsv(result):
    """SPARQL 1.1 Query Results TSV: header of ``?names``; terms in N-Triples syntax."""
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if term is None else nt(term) for term in row))
    return "\n".join(lines) + "\n"


def to_json(result):
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{name: _json_term(term) for name, term in zip(result.variables, row, strict=True) if term is not None}
                for row in result.rows]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False) + "\n"


def _json_term(term):
    kind, value, language, datatype = parts(term)
    found = {"type": kind, "value": value}
    if language:
        found["xml:lang"] = language
    elif datatype:
        found["datatype"] = datatype
    return found


def to_xml(result):
    """SPARQL Query Results XML."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{RESULTS_NS}">', "<head>"]
    lines += [f"<variable name={quoteattr(name)}/>" for name in result.variables]
    lines += ["</head>", "<results>"]
    for row in result.rows:
        lines.append("<result>")
        lines += [f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                  for name, term in zip(result.variables, row, strict=True) if term is not None]
        lines.append("</result>")
    lines += ["</results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def _xml_term(term):
    kind, value, language, datatype = parts(term)
    if kind in ("uri", "bnode"):
        return f"<{kind}>{escape(value)}</{kind}>"
    if language:
        return f"<literal xml:lang={quoteattr(language)}>{escape(value)}</literal>"
    if datatype:
        return f"<literal datatype={quoteattr(datatype)}>{escape(value)}</literal>"
    return f"<literal>{escape(value)}</literal>"


def boolean(value, output_format):
    """The answer to an ASK query in ``json``, ``xml``, ``csv`` or ``tsv`` (``true``/``false``)."""
    if output_format == "json":
        return json.dumps({"head": {}, "boolean": value})
    if output_format == "xml":
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{RESULTS_NS}"><head/>'
                f"<boolean>{str(value).lower()}</boolean></sparql>\n")
    return f"{str(value).lower()}\n"


def from_json(text):
    """A ``Result`` from SPARQL 1.1 JSON results (also reads SPARQL 1.0's ``typed-literal``)."""
    document = json.loads(text)
    variables = tuple(document["head"].get("vars", []))
    rows = tuple(tuple(_term_from_json(binding.get(name)) for name in variables)
                 for binding in document["results"]["bindings"])
    return Result(variables, rows)


def _term_from_json(value):
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        datatype = value.get("datatype")
        return Literal(value["value"], lang=value.get("xml:lang"),
                       datatype=URIRef(datatype) if datatype and datatype != str(XSD.string) else None)
    raise ValueError(f"unknown term type in SPARQL JSON results: {kind!r}")


def to_table(result):
    """A plain-text table for reading in a terminal: IRIs shortened with the project's prefixes."""
    cells = [list(result.variables)] + [[_short(term) for term in row] for row in result.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(result.variables))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in cells]
    if result.variables:
        lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _short(term):
    if term is None:
        return ""
    kind, value, language, _ = parts(term)
    if kind == "uri":
        for namespace, prefix in TABLE_PREFIXES:
            if value.startswith(namespace):
                return f"{prefix}:{value[len(namespace):]}"
        return value
    if kind == "bnode":
        return f"_:{value}"
    text = " ".join(value.split())
    return f"{text}@{language}" if language else text
