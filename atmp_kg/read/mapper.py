"""The ``Mapper``: the state of one mapping run (the graph, the ids met per kind, the origin of
each node, the problems) and the checks of one cell, each reporting on failure.

The per-table mappers (``actors``, ``claims``, ``products``) build on these; ``mapping``
runs them.
"""

import datetime
import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from atmp_kg.rdf.namespaces import ADMS, ATMP, ID, ORG, ROV, SCHEMA, bind_prefixes, iri, iri_problem, terms_once
from atmp_kg.read import identifiers

# each term made once: rdflib makes a new URIRef at every ``RDF.type`` (a microsecond; a
# million-triple landscape maps about a million of them)
ADMS, ATMP, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, ROV, SCHEMA, SKOS, XSD = (
    terms_once(namespace) for namespace in (ADMS, ATMP, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, ROV, SCHEMA, SKOS, XSD))

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_FORMS = ((3, XSD.date, ""), (2, XSD.gYearMonth, "-01"), (1, XSD.gYear, "-01-01"))  # parts, type, completion
YEARS = (1000, 2100)  # the years a date of this graph may have (the oldest university: 1425)


class Mapper:
    """Maps rows into one graph, remembering ids per kind and collecting problems."""

    def __init__(self, vocabulary, graph=None, today=None):
        self.graph = bind_prefixes(Graph()) if graph is None else graph
        self.today = today or datetime.date.today()
        self.origins = {}
        self.problems = []
        self.ids = {kind: {} for kind in ("source", "place", "actor", "collaboration", "product", "trial")}
        self.codes = _concept_codes(vocabulary)
        self.iris = {}  # IRI -> the one URIRef object used for it (``add``)
        self.nodes = {}  # (kind, slug) -> its IRI (``iri``)
        self.addresses = {}  # a source's url -> its row: one source row per address
        self.identifiers = {}  # (actor, scheme, value) -> the rows of identifiers.csv naming it
        self.held = {}  # (actor, scheme) -> the row of the identifier the actor holds now

    # -- helpers that check one cell and report on failure -------------------------------
    def fail(self, row, column, message):
        self.problems.append(f"{row.where(column)}: {message}")

    def add(self, s, p, o):
        """Add the triple with the same object for every copy of an IRI: dictionaries and sets
        of the triples then compare IRIs by identity, not by rdflib's Python-level equality (a
        million-triple build indexes and reasons about twice as fast)."""
        iris = self.iris
        if type(s) is URIRef:
            s = iris.setdefault(s, s)
        if type(o) is URIRef:
            o = iris.setdefault(o, o)
        self.graph.add((s, iris.setdefault(p, p), o))

    def iri(self, kind, slug):
        """``namespaces.iri(kind, slug)``, made once per IRI."""
        node = self.nodes.get((kind, slug))
        if node is None:
            node = self.nodes[kind, slug] = iri(kind, slug)
        return node

    def new_id(self, row, kind, column="id"):
        """The IRI for the row's id cell, registered under ``kind``; None (reported) if bad."""
        slug = row.get(column)
        if not SLUG.match(slug):
            self.fail(row, column, f"id {slug!r} must be lowercase letters, digits and '-'")
            return None
        if slug in self.ids[kind]:
            self.fail(row, column, f"duplicate id {slug!r} (first at {self.ids[kind][slug].where()})")
            return None
        self.ids[kind][slug] = row
        node = self.iri(kind, slug)
        self.origins[node] = row.where()
        return node

    def new_of_kind(self, row, kind, classes, what):
        """The new ``kind`` node of the row (``new_id``), typed by its ``kind`` cell (a key of
        ``classes``); None (reported) if either is wrong."""
        node = self.new_id(row, kind)
        cls = self.one_of(row, "kind", classes, what)
        if node is None or cls is None:
            return None
        self.add(node, RDF.type, cls)
        return node

    def ref(self, row, column, kind, value=None):
        """The IRI of an existing ``kind`` named in a cell; None (reported) if unknown."""
        slug = row.get(column) if value is None else value
        if not slug:
            return None  # an empty required cell is reported once, by _check_required
        if slug not in self.ids[kind]:
            self.fail(row, column, f"unknown {kind} {slug!r}")
            return None
        return self.iri(kind, slug)

    def refs(self, row, column, kind):
        return [node for slug in split(row.get(column)) if (node := self.ref(row, column, kind, slug))]

    def code(self, row, column, scheme, value=None):
        value = row.get(column) if value is None else value
        if self.one_of(row, column, sorted(self.codes[scheme]), scheme, value) is None:
            return None
        return self.iri(scheme, value)

    def one_of(self, row, column, allowed, what, value=None):
        """The cell's value (or ``value``) if ``allowed`` holds it (``allowed[value]`` where
        ``allowed`` is a mapping); None (reported, with what is allowed) if not."""
        value = row.get(column) if value is None else value
        if value not in allowed:
            self.fail(row, column, f"unknown {what} {value!r}; expected one of: {', '.join(allowed)}")
            return None
        return allowed[value] if isinstance(allowed, dict) else value

    def part_of(self, row, kind, predicate):
        """Second pass: the ``part_of`` link of a ``kind`` to its parent, which may come later in the file."""
        if row.get("part_of") and row.get("id") in self.ids[kind]:
            parent = self.ref(row, "part_of", kind)
            if parent is not None:
                self.add(self.iri(kind, row.get("id")), predicate, parent)

    def date(self, row, column):
        value = row.get(column)
        day, datatype = iso_date(value)
        if day is None:
            self.fail(row, column, f"date {value!r} must be ISO, a day that exists: 2024-01-17, 2024-01 or 2024")
            return None
        if not YEARS[0] <= day.year <= YEARS[1]:
            self.fail(row, column, f"date {value!r}: the year must be between {YEARS[0]} and {YEARS[1]}")
            return None
        return Literal(value, datatype=datatype)

    def past_date(self, row, column):
        """A date that cannot be in the future (a founding date)."""
        value = self.date(row, column)
        if value is not None and iso_date(str(value))[0] > self.today:
            self.fail(row, column, f"date {str(value)!r} is in the future")
            return None
        return value

    def sourced(self, row, node, cls, facts, source):
        """A sourced node of the row: ``node`` a ``cls`` with ``facts`` (``(predicate, object)``),
        derived from ``source``, its note (``skos:note``, English) if the row has one; the row
        is its origin."""
        self.add(node, RDF.type, cls)
        for predicate, value in facts:
            self.add(node, predicate, value)
        self.add(node, PROV.wasDerivedFrom, source)
        if row.get("note"):
            self.add(node, SKOS.note, Literal(row.get("note"), lang="en"))
        self.origins.setdefault(node, row.where())

    def validity(self, row, status=True):
        """The time facts of a claim row, ``[(predicate, object)]``: ``valid_from`` and
        ``valid_to`` as schema:startDate and schema:endDate, and (with ``status``) the
        ``status`` cell as atmp:status when it is ``planned`` (``current``, the default, is not
        written); None (reported) if a cell is wrong."""
        facts, sound = [], True
        for column, predicate in (("valid_from", SCHEMA.startDate), ("valid_to", SCHEMA.endDate)):
            if row.get(column):
                value = self.date(row, column)
                sound = sound and value is not None
                facts.append((predicate, value))
        if status and row.get("status"):
            concept = self.code(row, "status", "claim-status")
            sound = sound and concept is not None
            if row.get("status") != "current":
                facts.append((ATMP.status, concept))
        return facts if sound else None

    def url(self, row, column):
        value = row.get(column)
        if not re.match(r"^https?://[^\s<>\"]+$", value):
            self.fail(row, column, f"{value!r} is not an http(s) address")
            return None
        if problem := iri_problem(value):
            self.fail(row, column, problem)
            return None
        return URIRef(value)

    def wikidata(self, row, column):
        value = row.get(column)
        if problem := identifiers.qid_problem(value):
            self.fail(row, column, problem)
            return None
        return URIRef("http://www.wikidata.org/entity/" + value)

    def sources(self, row, node, column="sources"):
        """Link ``node`` to the sources of the row (at least one)."""
        for source in self.refs(row, column, "source"):
            self.add(node, PROV.wasDerivedFrom, source)

    def labels(self, row, node, columns=(("name", "en"), ("name_fr", "fr"), ("name_nl", "nl"))):
        for column, language in columns:
            if row.get(column):
                if re.search(r"<[A-Za-z/!?]", row.get(column)):
                    self.fail(row, column, "HTML markup is not allowed in a name")
                self.add(node, RDFS.label, Literal(row.get(column), lang=language))

    def optional(self, row, node, column, predicate, convert):
        if row.get(column):
            value = convert(self, row, column)
            if value is not None:
                self.add(node, predicate, value)


def plain(mapper, row, column):
    return Literal(row.get(column))


def text_en(mapper, row, column):
    return Literal(row.get(column), lang="en")


def split(cell):
    """The ``|``-separated items of a cell, stripped, without empties."""
    return [item.strip() for item in cell.split("|") if item.strip()]


def slug_of(node):
    """The last path segment of an atmp-kg IRI."""
    return str(node).rsplit("/", 1)[-1]


def shortened(text, size=40):
    """``text`` cut to ``size`` characters for a message."""
    return text if len(text) <= size else text[:size] + "..."


def iso_date(text):
    """``(datetime.date, XSD type)`` of an ISO date ``2024-01-17``, month ``2024-01`` or year
    ``2024`` (a month or year as its first day); ``(None, None)`` if ``text`` is none of them or
    no such day exists (``2023-02-30``).

    >>> iso_date("2024-02"), iso_date("2023-02-30")
    ((datetime.date(2024, 2, 1), rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth')), (None, None))
    """
    parts = text.split("-")
    for count, datatype, completion in DATE_FORMS:
        if len(parts) == count:
            try:
                day = datetime.date.fromisoformat(text + completion)
            except ValueError:
                return None, None
            # only the canonical form: fromisoformat also reads 20240117 and week dates
            return (day, datatype) if day.isoformat() == text + completion else (None, None)
    return None, None


def _concept_codes(vocabulary):
    """Codes (last IRI segment) of the concepts per kind: stage, therapy, role..."""
    codes = {}
    for concept in vocabulary.subjects(RDF.type, SKOS.Concept):
        kind, _, code = str(concept).removeprefix(str(ID)).partition("/")
        codes.setdefault(kind, set()).add(code)
    for kind in ("stage", "therapy", "legal-class", "phase", "role", "measure", "change-kind", "claim-status",
                 "identifier-status"):
        codes.setdefault(kind, set())
    return codes

