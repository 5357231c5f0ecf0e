"""The tables of claims about actors: capabilities, relations, memberships and figures.

One function per table, ``<table>_row(mapper, row)``; each claim is a node of its own, named by
what it links, derived from the row's source.
"""

import re
from decimal import Decimal, InvalidOperation

from rdflib import Literal

from atmp_kg.rdf.vocabulary import relations
from atmp_kg.read.mapper import (
    ATMP,
    DCTERMS,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    XSD,
    Mapper,
    shortened,
    slug_of,
    split,
    text_en,
)

FIGURE_DIGITS = 20  # most significant digits of a figure (EUR 81 M has 2; a count of a billion, 10)
FIGURE_MAGNITUDE = 15  # a figure is below 10 ** 15 (a thousand times the world's yearly GDP in EUR)
# relation code -> (qualifying property, claim class), as the ontology defines them
RELATIONS = {code: (relation.qualifier, relation.claim_class) for code, relation in relations().items()}
FIGURE_UNITS = {"percent", "count", "rank"}


def capabilities_row(mapper, row):
    actor = mapper.ref(row, "actor", "actor")
    stages = [mapper.code(row, "stages", "stage", s) for s in split(row.get("stages"))]
    therapies = [mapper.code(row, "therapies", "therapy", t) for t in split(row.get("therapies"))]
    source = mapper.ref(row, "source", "source")
    validity = mapper.validity(row)
    for column, values in (("stages", stages), ("therapies", therapies)):
        if not values:
            mapper.fail(row, column, "at least one code is required")
    if actor is None or source is None or validity is None or None in stages + therapies:
        return
    for stage in stages:
        for therapy in therapies:
            node = mapper.iri("capability", "--".join(slug_of(n) for n in (actor, stage, therapy)) + planned_of(row))
            claim(mapper, row, actor, ATMP.hasCapability, node, ATMP.Capability,
                  ((ATMP.stage, stage), (ATMP.therapy, therapy), *validity), source)


def planned_of(row):
    """The end of a capability claim's IRI: ``--planned`` for a planned one, which is another claim
    than the current capability of the same actor, stage and therapy (a plant announced beside the
    one in use); ``""`` otherwise, so that rows of one capability, its start and its end from
    several sources, are one claim."""
    return "--planned" if row.get("status") == "planned" else ""


def relations_row(mapper, row):
    subject = mapper.ref(row, "subject", "actor")
    target = mapper.ref(row, "object", "actor")
    source = mapper.ref(row, "source", "source")
    relation = row.get("relation")
    kinds = mapper.one_of(row, "relation", RELATIONS, "relation")
    validity = mapper.validity(row, status=False)
    if subject is not None and subject == target:
        mapper.fail(row, "object", "an actor cannot be related to itself")
    if None in (subject, target, source, kinds, validity) or subject == target:
        return
    qualifier, claim_class = kinds
    node = mapper.iri("relation", f"{slug_of(subject)}--{relation}--{slug_of(target)}")
    claim(mapper, row, subject, qualifier, node, claim_class, ((ATMP.relatedActor, target), *validity), source,
          (("date", DCTERMS.date, Mapper.date),))


def claim(mapper, row, subject, link, node, claim_class, facts, source, optional=()):
    """A claim ``node``: ``subject`` --``link``--> it, a ``claim_class`` with ``facts``
    (``(predicate, object)``), derived from ``source``, then the ``optional`` cells
    (``(column, predicate, converter)``) and the row's note; the row is its origin."""
    mapper.add(subject, link, node)
    mapper.add(node, RDF.type, claim_class)
    for predicate, value in facts:
        mapper.add(node, predicate, value)
    mapper.add(node, PROV.wasDerivedFrom, source)
    for column, predicate, convert in (*optional, ("note", RDFS.comment, text_en)):
        mapper.optional(row, node, column, predicate, convert)
    mapper.origins.setdefault(node, row.where())


def memberships_row(mapper, row):
    actor = mapper.ref(row, "actor", "actor")
    collaboration = mapper.ref(row, "collaboration", "collaboration")
    role = mapper.code(row, "role", "role")
    source = mapper.ref(row, "source", "source")
    if None in (actor, collaboration, role, source):
        return
    node = mapper.iri("membership", f"{slug_of(collaboration)}--{slug_of(actor)}--{slug_of(role)}")
    mapper.add(node, RDF.type, ORG.Membership)
    mapper.add(node, ORG.member, actor)
    mapper.add(node, ORG.organization, collaboration)
    mapper.add(node, ORG.role, role)
    mapper.add(node, PROV.wasDerivedFrom, source)
    mapper.optional(row, node, "start", SCHEMA.startDate, Mapper.date)
    mapper.optional(row, node, "end", SCHEMA.endDate, Mapper.date)
    mapper.origins.setdefault(node, row.where())


def figures_row(mapper, row):
    slug = row.get("subject")
    kind = next((kind for kind in ("actor", "place") if slug in mapper.ids[kind]), "collaboration")
    subject = mapper.ref(row, "subject", kind)
    measure = mapper.code(row, "measure", "measure")
    source = mapper.ref(row, "source", "source")
    value = decimal(row.get("value"))
    if value is None and row.get("value"):
        mapper.fail(row, "value", f"{row.get('value')!r} is not a number (use '.' for decimals: 0.6)")
    elif value is not None and (problem := figure_problem(value)):
        mapper.fail(row, "value", f"{shortened(row.get('value'))!r} {problem}")
        value = None
    unit = row.get("unit")
    is_money = re.match(r"^[A-Z]{3}$", unit) is not None
    if not is_money and unit not in FIGURE_UNITS:
        mapper.fail(row, "unit", f"unit {unit!r} must be a currency code (EUR) or one of: percent, count, rank")
    if None in (subject, measure, source, value) or not (is_money or unit in FIGURE_UNITS):
        return
    period = row.get("period")
    suffix = f"--{re.sub(r'[^0-9a-z]+', '-', period.lower())}" if period else ""
    suffix += f"--{unit.lower()}" if is_money and unit != "EUR" else ""  # the same amount in another currency
    node = mapper.iri("figure", f"{slug_of(subject)}--{slug_of(measure)}--{slug_of(source)}{suffix}")
    mapper.add(node, RDF.type, ATMP.MonetaryFigure if is_money else ATMP.Figure)
    mapper.add(node, ATMP.figureOf, subject)
    mapper.add(node, ATMP.measure, measure)
    mapper.add(node, SCHEMA.value, Literal(value, datatype=XSD.decimal))
    mapper.add(node, SCHEMA.currency if is_money else SCHEMA.unitText, Literal(unit))
    if period:
        mapper.add(node, ATMP.referencePeriod, Literal(period))
    mapper.add(node, PROV.wasDerivedFrom, source)
    mapper.optional(row, node, "note", RDFS.comment, text_en)
    mapper.origins.setdefault(node, row.where())


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
