"""Turn the curated CSV tables of ``graph/`` into RDF, row by row, with row-level errors.

The column dictionary is ``graph/README.md``. Each table is read by ``read_rows`` and mapped by
one function below; ``map_tables`` runs them in dependency order (sources and places first,
then actors and collaborations, then the claims that point at them) and collects every
problem instead of stopping at the first.
"""

import datetime
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from atmp_kg.errors import DataError
from atmp_kg.rdf.namespaces import ADMS, ATMP, ID, ORG, ROV, SCHEMA, bind_prefixes, iri, iri_problem, terms_once
from atmp_kg.rdf.vocabulary import actor_types, relations
from atmp_kg.read.tables import read_rows

# each term made once: rdflib makes a new URIRef at every ``RDF.type`` (a microsecond; a
# million-triple landscape maps about a million of them)
ADMS, ATMP, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, ROV, SCHEMA, SKOS, XSD = (
    terms_once(namespace) for namespace in (ADMS, ATMP, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, ROV, SCHEMA, SKOS, XSD))

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_FORMS = ((3, XSD.date, ""), (2, XSD.gYearMonth, "-01"), (1, XSD.gYear, "-01-01"))  # parts, type, completion
YEARS = (1000, 2100)  # the years a date of this graph may have (the oldest university: 1425)
FIGURE_DIGITS = 20  # most significant digits of a figure (EUR 81 M has 2; a count of a billion, 10)
FIGURE_MAGNITUDE = 15  # a figure is below 10 ** 15 (a thousand times the world's yearly GDP in EUR)
QID = re.compile(r"^Q[1-9][0-9]*$")
ROR = re.compile(r"^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")
TRIAL_IDS = ((re.compile(r"^NCT\d{8}$"), ATMP.nctId),
             (re.compile(r"^\d{4}-5\d{5}-\d{2}-\d{2}$"), ATMP.euCtNumber),
             (re.compile(r"^\d{4}-\d{6}-\d{2}$"), ATMP.eudraCtNumber))

ACTOR_TYPES = actor_types()  # type code -> class, as the ontology defines them
PLACE_KINDS = {"municipality": ATMP.Municipality, "province": ATMP.Province,
               "region": ATMP.Region, "country": ATMP.Country}
COLLABORATION_KINDS = {"partnership": ATMP.Partnership, "pillar": ATMP.Pillar,
                       "work-package": ATMP.WorkPackage, "project": ATMP.Project}
SITE_KINDS = {"gmp-manufacturing": ATMP.ManufacturingSite, "laboratory": ATMP.Laboratory,
              "qc-laboratory": ATMP.QCLaboratory, "headquarters": ATMP.Headquarters}
# relation code -> (qualifying property, claim class), as the ontology defines them
RELATIONS = {code: (relation.qualifier, relation.claim_class) for code, relation in relations().items()}
FIGURE_UNITS = {"percent", "count"}

# table -> (required columns, optional columns), in the order the tables are mapped
TABLES = {
    "sources": (["id", "url", "title", "publisher", "language"], ["date", "note"]),
    "places": (["id", "kind", "name", "sources"], ["name_fr", "name_nl", "part_of", "wikidata"]),
    "actors": (["id", "type", "name", "sources"],
               ["name_fr", "name_nl", "aliases", "former_names", "place", "website", "wikidata",
                "ror", "enterprise_number", "lei", "founded", "description"]),
    "collaborations": (["id", "kind", "name", "sources"],
                       ["name_fr", "acronym", "part_of", "therapies", "start", "end", "description"]),
    "capabilities": (["actor", "stages", "therapies", "source"], ["note"]),
    "relations": (["subject", "relation", "object", "source"], ["date", "note"]),
    "memberships": (["actor", "collaboration", "role", "source"], ["start", "end"]),
    "figures": (["subject", "measure", "value", "unit", "source"], ["period", "note"]),
    "products": (["id", "name", "developer", "therapy", "sources"],
                 ["aliases", "legal_class", "phase", "indication"]),
    "trials": (["id", "title", "sources"], ["product", "sponsor", "sites", "phase", "therapy", "start"]),
    "sites": (["id", "actor", "name", "kind", "sources"], ["place"]),
}


@dataclass
class Mapped:
    """The RDF made from the tables, and the file and row each node came from."""

    graph: Graph
    origins: dict = field(default_factory=dict)
    terms: dict = field(default_factory=dict)  # IRI -> the one URIRef object the graph uses for it


class Mapper:
    """Maps rows into one graph, remembering ids per kind and collecting problems."""

    def __init__(self, vocabulary, graph=None, today=None):
        self.graph = bind_prefixes(Graph()) if graph is None else graph
        self.today = today or datetime.date.today()
        self.origins = {}
        self.problems = []
        self.ids = {kind: {} for kind in ("source", "place", "actor", "collaboration", "product")}
        self.codes = _concept_codes(vocabulary)
        self.iris = {}  # IRI -> the one URIRef object used for it (``add``)
        self.nodes = {}  # (kind, slug) -> its IRI (``iri``)

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

    def url(self, row, column):
        value = row.get(column)
        if not re.match(r"^https?://[^\s<>\"]+$", value):
            self.fail(row, column, f"{value!r} is not an http(s) address")
            return None
        if problem := iri_problem(value):
            self.fail(row, column, problem)
            return None
        return URIRef(value)

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

    # -- one method per table -----------------------------------------------------------
    def sources_row(self, row):
        node = self.new_id(row, "source")
        if node is None:
            return
        self.add(node, RDF.type, ATMP.Source)
        self.optional(row, node, "url", SCHEMA.url, Mapper.url)
        for column, predicate in (("title", DCTERMS.title), ("publisher", DCTERMS.publisher)):
            self.add(node, predicate, Literal(row.get(column)))
        language = row.get("language").lower()
        if not re.match(r"^[a-z]{2,3}$", language):
            self.fail(row, "language", f"{language!r} is not a language code (en, fr, nl)")
        self.add(node, DCTERMS.language, Literal(language))
        self.optional(row, node, "date", DCTERMS.date, Mapper.date)
        self.optional(row, node, "note", RDFS.comment, text_en)

    def new_of_kind(self, row, kind, classes, what):
        """The new ``kind`` node of the row (``new_id``), typed by its ``kind`` cell (a key of
        ``classes``); None (reported) if either is wrong."""
        node = self.new_id(row, kind)
        cls = self.one_of(row, "kind", classes, what)
        if node is None or cls is None:
            return None
        self.add(node, RDF.type, cls)
        return node

    def places_row(self, row):
        node = self.new_of_kind(row, "place", PLACE_KINDS, "place kind")
        if node is None:
            return
        self.labels(row, node)
        self.optional(row, node, "wikidata", SCHEMA.sameAs, Mapper.wikidata)
        self.sources(row, node)

    def places_links(self, row):
        self.part_of(row, "place", ATMP.partOfPlace)

    def actors_row(self, row):
        node = self.new_id(row, "actor")
        if node is None:
            return
        types = split(row.get("type"))
        if not types:
            self.fail(row, "type", "a type is required")
        for kind in types:
            if (actor_type := self.one_of(row, "type", ACTOR_TYPES, "actor type", kind)) is not None:
                self.add(node, RDF.type, actor_type)
        self.labels(row, node)
        for alias in split(row.get("aliases")):
            self.add(node, SKOS.altLabel, Literal(alias))
        for former in split(row.get("former_names")):
            self.add(node, ATMP.formerName, Literal(former))
        if row.get("place"):
            place = self.ref(row, "place", "place")
            if place is not None:
                self.add(node, ATMP.basedIn, place)
        self.optional(row, node, "website", FOAF.homepage, Mapper.url)
        self.optional(row, node, "wikidata", SCHEMA.sameAs, Mapper.wikidata)
        self.optional(row, node, "ror", SCHEMA.sameAs, Mapper.ror)
        self.optional(row, node, "lei", ATMP.lei, plain)
        self.optional(row, node, "founded", SCHEMA.foundingDate, Mapper.past_date)
        self.optional(row, node, "description", DCTERMS.description, text_en)
        if row.get("enterprise_number"):
            number = row.get("enterprise_number")
            registration = self.iri("registration", "be-" + re.sub(r"\D", "", number))
            self.add(node, ROV.registration, registration)
            self.add(registration, RDF.type, ADMS.Identifier)
            self.add(registration, SKOS.notation, Literal(number))
            self.add(registration, ADMS.schemaAgency, Literal("Crossroads Bank for Enterprises (KBO/BCE)"))
            self.origins[registration] = row.where("enterprise_number")
        self.sources(row, node)

    def collaborations_row(self, row):
        node = self.new_of_kind(row, "collaboration", COLLABORATION_KINDS, "collaboration kind")
        if node is None:
            return
        self.labels(row, node, (("name", "en"), ("name_fr", "fr")))
        self.optional(row, node, "acronym", SKOS.altLabel, plain)
        for therapy in split(row.get("therapies")):
            if (concept := self.code(row, "therapies", "therapy", therapy)) is not None:
                self.add(node, ATMP.coversTherapy, concept)
        self.optional(row, node, "start", SCHEMA.startDate, Mapper.date)
        self.optional(row, node, "end", SCHEMA.endDate, Mapper.date)
        self.optional(row, node, "description", DCTERMS.description, text_en)
        self.sources(row, node)

    def collaborations_links(self, row):
        self.part_of(row, "collaboration", ORG.subOrganizationOf)

    def capabilities_row(self, row):
        actor = self.ref(row, "actor", "actor")
        stages = [self.code(row, "stages", "stage", s) for s in split(row.get("stages"))]
        therapies = [self.code(row, "therapies", "therapy", t) for t in split(row.get("therapies"))]
        source = self.ref(row, "source", "source")
        for column, values in (("stages", stages), ("therapies", therapies)):
            if not values:
                self.fail(row, column, "at least one code is required")
        if actor is None or source is None or None in stages + therapies:
            return
        for stage in stages:
            for therapy in therapies:
                node = self.iri("capability", "--".join(slug_of(n) for n in (actor, stage, therapy)))
                self.claim(row, actor, ATMP.hasCapability, node, ATMP.Capability,
                           ((ATMP.stage, stage), (ATMP.therapy, therapy)), source)

    def relations_row(self, row):
        subject = self.ref(row, "subject", "actor")
        target = self.ref(row, "object", "actor")
        source = self.ref(row, "source", "source")
        relation = row.get("relation")
        kinds = self.one_of(row, "relation", RELATIONS, "relation")
        if subject is not None and subject == target:
            self.fail(row, "object", "an actor cannot be related to itself")
        if None in (subject, target, source, kinds) or subject == target:
            return
        qualifier, claim_class = kinds
        node = self.iri("relation", f"{slug_of(subject)}--{relation}--{slug_of(target)}")
        self.claim(row, subject, qualifier, node, claim_class, ((ATMP.relatedActor, target),), source,
                   (("date", DCTERMS.date, Mapper.date),))

    def claim(self, row, subject, link, node, claim_class, facts, source, optional=()):
        """A claim ``node``: ``subject`` --``link``--> it, a ``claim_class`` with ``facts``
        (``(predicate, object)``), derived from ``source``, then the ``optional`` cells
        (``(column, predicate, converter)``) and the row's note; the row is its origin."""
        self.add(subject, link, node)
        self.add(node, RDF.type, claim_class)
        for predicate, value in facts:
            self.add(node, predicate, value)
        self.add(node, PROV.wasDerivedFrom, source)
        for column, predicate, convert in (*optional, ("note", RDFS.comment, text_en)):
            self.optional(row, node, column, predicate, convert)
        self.origins.setdefault(node, row.where())

    def memberships_row(self, row):
        actor = self.ref(row, "actor", "actor")
        collaboration = self.ref(row, "collaboration", "collaboration")
        role = self.code(row, "role", "role")
        source = self.ref(row, "source", "source")
        if None in (actor, collaboration, role, source):
            return
        node = self.iri("membership", f"{slug_of(collaboration)}--{slug_of(actor)}--{slug_of(role)}")
        self.add(node, RDF.type, ORG.Membership)
        self.add(node, ORG.member, actor)
        self.add(node, ORG.organization, collaboration)
        self.add(node, ORG.role, role)
        self.add(node, PROV.wasDerivedFrom, source)
        self.optional(row, node, "start", SCHEMA.startDate, Mapper.date)
        self.optional(row, node, "end", SCHEMA.endDate, Mapper.date)
        self.origins.setdefault(node, row.where())

    def figures_row(self, row):
        slug = row.get("subject")
        kind = "actor" if slug in self.ids["actor"] else "collaboration"
        subject = self.ref(row, "subject", kind)
        measure = self.code(row, "measure", "measure")
        source = self.ref(row, "source", "source")
        value = decimal(row.get("value"))
        if value is None and row.get("value"):
            self.fail(row, "value", f"{row.get('value')!r} is not a number (use '.' for decimals: 0.6)")
        elif value is not None and (problem := figure_problem(value)):
            self.fail(row, "value", f"{shortened(row.get('value'))!r} {problem}")
            value = None
        unit = row.get("unit")
        is_money = re.match(r"^[A-Z]{3}$", unit) is not None
        if not is_money and unit not in FIGURE_UNITS:
            self.fail(row, "unit", f"unit {unit!r} must be a currency code (EUR) or one of: percent, count")
        if None in (subject, measure, source, value) or not (is_money or unit in FIGURE_UNITS):
            return
        period = row.get("period")
        suffix = f"--{re.sub(r'[^0-9a-z]+', '-', period.lower())}" if period else ""
        node = self.iri("figure", f"{slug_of(subject)}--{slug_of(measure)}--{slug_of(source)}{suffix}")
        self.add(node, RDF.type, ATMP.MonetaryFigure if is_money else ATMP.Figure)
        self.add(node, ATMP.figureOf, subject)
        self.add(node, ATMP.measure, measure)
        self.add(node, SCHEMA.value, Literal(value, datatype=XSD.decimal))
        self.add(node, SCHEMA.currency if is_money else SCHEMA.unitText, Literal(unit))
        if period:
            self.add(node, ATMP.referencePeriod, Literal(period))
        self.add(node, PROV.wasDerivedFrom, source)
        self.optional(row, node, "note", RDFS.comment, text_en)
        self.origins.setdefault(node, row.where())

    def products_row(self, row):
        node = self.new_id(row, "product")
        if node is None:
            return
        self.add(node, RDF.type, ATMP.TherapyProduct)
        self.labels(row, node, (("name", "en"),))
        for alias in split(row.get("aliases")):
            self.add(node, SKOS.altLabel, Literal(alias))
        if (developer := self.ref(row, "developer", "actor")) is not None:
            self.add(node, ATMP.developedBy, developer)
        for column, predicate, scheme in (("therapy", ATMP.therapyType, "therapy"),
                                          ("legal_class", ATMP.legalClass, "legal-class"),
                                          ("phase", ATMP.developmentPhase, "phase")):
            if row.get(column) and (concept := self.code(row, column, scheme)) is not None:
                self.add(node, predicate, concept)
        self.optional(row, node, "indication", ATMP.indication, text_en)
        self.sources(row, node)

    def trials_row(self, row):
        number = row.get("id")
        predicate = next((p for pattern, p in TRIAL_IDS if pattern.match(number)), None)
        if predicate is None:
            self.fail(row, "id", f"{number!r} is not an NCT (NCT01234567), EU CT (2023-501234-12-00) "
                                 "or EudraCT (2017-001234-12) number")
            return
        node = self.iri("trial", number)
        if node in self.origins:
            self.fail(row, "id", f"duplicate trial {number!r} (first at {self.origins[node]})")
            return
        self.origins[node] = row.where()
        self.add(node, RDF.type, ATMP.ClinicalTrial)
        self.add(node, predicate, Literal(number))
        self.labels(row, node, (("title", "en"),))
        if row.get("product") and (product := self.ref(row, "product", "product")) is not None:
            self.add(node, ATMP.studiesProduct, product)
        if row.get("sponsor") and (sponsor := self.ref(row, "sponsor", "actor")) is not None:
            self.add(node, ATMP.sponsor, sponsor)
        for site in self.refs(row, "sites", "actor"):
            self.add(node, ATMP.trialSite, site)
        for column, predicate_, scheme in (("phase", ATMP.developmentPhase, "phase"),
                                           ("therapy", ATMP.therapyType, "therapy")):
            if row.get(column) and (concept := self.code(row, column, scheme)) is not None:
                self.add(node, predicate_, concept)
        self.optional(row, node, "start", SCHEMA.startDate, Mapper.date)
        self.sources(row, node)

    def sites_row(self, row):
        slug = row.get("id")
        node = self.iri("site", slug)
        if not SLUG.match(slug) or node in self.origins:
            self.fail(row, "id", f"id {slug!r} is malformed or a duplicate")
            return
        self.origins[node] = row.where()
        kind = self.one_of(row, "kind", SITE_KINDS, "site kind")
        if kind is None:
            return
        self.add(node, RDF.type, kind)
        self.labels(row, node, (("name", "en"),))
        if (actor := self.ref(row, "actor", "actor")) is not None:
            self.add(actor, ORG.hasSite, node)
        if row.get("place") and (place := self.ref(row, "place", "place")) is not None:
            self.add(node, ATMP.locatedIn, place)
        self.sources(row, node)

    # -- cell converters used with ``optional`` -----------------------------------------
    def wikidata(self, row, column):
        value = row.get(column)
        if not QID.match(value):
            self.fail(row, column, f"{value!r} is not a Wikidata QID (Q followed by digits)")
            return None
        return URIRef("http://www.wikidata.org/entity/" + value)

    def ror(self, row, column):
        value = row.get(column).removeprefix("https://ror.org/")
        if not ROR.match(value):
            self.fail(row, column, f"{value!r} is not a ROR id (0 + 6 letters or digits + 2 digits)")
            return None
        return URIRef("https://ror.org/" + value)


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


def decimal(text):
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def figure_problem(value):
    """Why the Decimal ``value`` is no figure of this graph, or None: too many digits, too big,
    or written with an exponent (``1e3``: no xsd:decimal).

    >>> figure_problem(Decimal("81000000")), figure_problem(Decimal("1e300"))
    (None, 'is written with an exponent; write the digits (1000, 0.25)')
    """
    sign, digits, exponent = value.as_tuple()
    if exponent > 0:
        return "is written with an exponent; write the digits (1000, 0.25)"
    if len(digits) > FIGURE_DIGITS:
        return f"has {len(digits):,} digits; a figure has at most {FIGURE_DIGITS}"
    if value.adjusted() >= FIGURE_MAGNITUDE:
        return f"is too big for a figure (at most {FIGURE_MAGNITUDE} digits before the point)"
    return None


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
    for kind in ("stage", "therapy", "legal-class", "phase", "role", "measure"):
        codes.setdefault(kind, set())
    return codes


def map_tables(graph_dir, vocabulary, graph=None):
    """Read every CSV table under ``graph_dir`` and map it to RDF.

    Missing tables are fine (a graph may have no trials). All row problems are collected and
    raised together as one DataError. The triples go into a new rdflib graph, or into ``graph``
    (anything with ``add(triple)``, such as the plain ``set`` the fast engine uses).
    """
    mapper = Mapper(vocabulary, graph)
    read = {}
    for table, (required, optional) in TABLES.items():
        path = Path(graph_dir) / f"{table}.csv"
        if os.path.lexists(path):  # a broken link too: read_rows says why it cannot be read
            label = f"{Path(graph_dir).name}/{table}.csv"
            try:
                read[table] = read_rows(path, required, optional, label, problems=mapper.problems)
            except DataError as error:
                mapper.problems += error.problems
    for table, rows in read.items():
        row_mapper = getattr(mapper, f"{table}_row")
        for row in rows:
            _check_required(mapper, row, TABLES[table][0])
            row_mapper(row)
        if table in ("places", "collaborations"):
            for row in rows:
                getattr(mapper, f"{table}_links")(row)
    if mapper.problems:
        raise DataError(f"{len(mapper.problems)} problem(s) in the tables of {graph_dir}", mapper.problems)
    return Mapped(mapper.graph, mapper.origins, mapper.iris)


def _check_required(mapper, row, required):
    for column in required:
        if not row.get(column):
            mapper.fail(row, column, "required value is empty")
