"""SPARQL SELECT results: the ``Result`` rows, RDF terms written as N-Triples, and the output
formats of ``atmp-kg query``: a text table, SPARQL 1.1 CSV, TSV and JSON results.

Terms are rdflib terms (``URIRef``, ``Literal``, ``BNode``); an unbound variable is ``None``.
"""

import csv
import io
import json
import re
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from atmp_kg.rdf.namespaces import PREFIXES

FORMATS = ("table", "csv", "tsv", "json")
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


def is_iri(text):
    """True if ``text`` can be written as an N-Triples/SPARQL IRI: absolute, no forbidden characters."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text)) and not IRI_FORBIDDEN.search(text)


def nt(term):
    """``term`` as an N-Triples term, escaped so that no value can change the text around it.

    A backslash before ``u``/``U`` is followed by that letter as ``\\U00000075``/``\\U00000055``
    (and control characters are written ``\\UXXXXXXXX``), so that engines which decode ``\\u``
    escapes in the whole query before parsing it (SPARQL 1.1 section 19.2; rdflib does) read the
    same value as those that decode them in strings only (Oxigraph).
    """
    if isinstance(term, URIRef):
        if not is_iri(str(term)):
            raise ValueError(f"not an absolute IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term)
        out = []
        for index, char in enumerate(text):
            if char in "uU" and index and text[index - 1] == "\\":
                out.append(f"\\U{ord(char):08X}")
            elif char in ECHAR:
                out.append(ECHAR[char])
            elif ord(char) < 0x20 or ord(char) == 0x7F:
                out.append(f"\\U{ord(char):08X}")
            else:
                out.append(char)
        quoted = '"' + "".join(out) + '"'
        if term.language:
            if not LANGUAGE_TAG.match(term.language):
                raise ValueError(f"not a language tag: {term.language!r}")
            return f"{quoted}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{quoted}^^{nt(term.datatype)}"
        return quoted
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


# -- output formats ----------------------------------------------------------------------

def render(result, output_format):
    """``result`` as text in one of ``FORMATS``."""
    return {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json}[output_format](result)


def to_csv(result):
    """SPARQL 1.1 Query Results CSV: header of names; IRIs and literals as plain strings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else _csv_value(term) for term in row])
    return out.getvalue()


def _csv_value(term):
    return f"_:{term}" if isinstance(term, BNode) else str(term)


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
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _json_term(term):
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        value["datatype"] = str(term.datatype)
    return value


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
    if isinstance(term, URIRef):
        for namespace, prefix in TABLE_PREFIXES:
            if str(term).startswith(namespace):
                return f"{prefix}:{str(term)[len(namespace):]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    text = " ".join(str(term).split())
    return f"{text}@{term.language}" if term.language else text
