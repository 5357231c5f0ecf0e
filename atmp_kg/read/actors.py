"""The tables of the things the others point at: sources, places, actors and collaborations,
and the events in the lives of the actors.

One function per table, ``<table>_row(mapper, row)``; places and collaborations have a second
pass, ``<table>_links``, for ``part_of`` parents that come later in the file.
"""

import re

from rdflib import Literal

from atmp_kg.rdf.vocabulary import actor_types
from atmp_kg.read.identifier_claims import COLUMNS as IDENTIFIER_COLUMNS
from atmp_kg.read.identifier_claims import identifier_links
from atmp_kg.read.mapper import (
    ATMP,
    DCTERMS,
    FOAF,
    ORG,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    Mapper,
    plain,
    slug_of,
    split,
    text_en,
)

ACTOR_TYPES = actor_types()  # type code -> class, as the ontology defines them
UNKNOWN_TYPE = "actor-of-unknown-type"  # the type of an empty type cell; alone or not at all
PLACE_KINDS = {"municipality": ATMP.Municipality, "province": ATMP.Province,
               "region": ATMP.Region, "country": ATMP.Country, "world": ATMP.World}
NO_SUCCESSOR = {"founded": "a founding has no successor",
                "renamed": "a renamed actor keeps its id: no successor (the old name goes in actors.csv former_names)"}
COLLABORATION_KINDS = {"partnership": ATMP.Partnership, "pillar": ATMP.Pillar,
                       "work-package": ATMP.WorkPackage, "project": ATMP.Project}


def sources_row(mapper, row):
    node = mapper.new_id(row, "source")
    if node is None:
        return
    mapper.add(node, RDF.type, ATMP.Source)
    mapper.optional(row, node, "url", SCHEMA.url, Mapper.url)
    first = mapper.addresses.setdefault(row.get("url"), row)
    if first is not row:
        mapper.fail(row, "url", f"the address of source {first.get('id')!r} ({first.where('url')}): "
                                "one source row per address")
    for column, predicate in (("title", DCTERMS.title), ("publisher", DCTERMS.publisher)):
        mapper.add(node, predicate, Literal(row.get(column)))
    language = row.get("language").lower()
    if not re.match(r"^[a-z]{2,3}$", language):
        mapper.fail(row, "language", f"{language!r} is not a language code (en, fr, nl)")
    mapper.add(node, DCTERMS.language, Literal(language))
    mapper.optional(row, node, "date", DCTERMS.date, Mapper.date)
    mapper.optional(row, node, "note", RDFS.comment, text_en)


def places_row(mapper, row):
    node = mapper.new_of_kind(row, "place", PLACE_KINDS, "place kind")
    if node is None:
        return
    mapper.labels(row, node)
    mapper.optional(row, node, "wikidata", SCHEMA.sameAs, Mapper.wikidata)
    mapper.sources(row, node)


def places_links(mapper, row):
    mapper.part_of(row, "place", ATMP.partOfPlace)


def actors_row(mapper, row):
    node = mapper.new_id(row, "actor")
    if node is None:
        return
    types = split(row.get("type"))
    if not types:  # a partner that no source says what kind of organisation it is
        mapper.add(node, RDF.type, ACTOR_TYPES[UNKNOWN_TYPE])
    elif UNKNOWN_TYPE in types and len(types) > 1:
        mapper.fail(row, "type", "an actor of unknown type cannot also have a type")
    for kind in types:
        if (actor_type := mapper.one_of(row, "type", ACTOR_TYPES, "actor type", kind)) is not None:
            mapper.add(node, RDF.type, actor_type)
    mapper.labels(row, node)
    for alias in split(row.get("aliases")):
        mapper.add(node, SKOS.altLabel, Literal(alias))
    for former in split(row.get("former_names")):
        mapper.add(node, ATMP.formerName, Literal(former))
    if row.get("place"):
        place = mapper.ref(row, "place", "place")
        if place is not None:
            mapper.add(node, ATMP.basedIn, place)
    mapper.optional(row, node, "website", FOAF.homepage, Mapper.url)
    for scheme, column in IDENTIFIER_COLUMNS.items():  # identifiers that hold, the simple way
        if row.get(column):
            identifier_links(mapper, row, column, node, scheme)
    mapper.optional(row, node, "founded", SCHEMA.foundingDate, Mapper.past_date)
    mapper.optional(row, node, "description", DCTERMS.description, text_en)
    mapper.sources(row, node)


def collaborations_row(mapper, row):
    node = mapper.new_of_kind(row, "collaboration", COLLABORATION_KINDS, "collaboration kind")
    if node is None:
        return
    mapper.labels(row, node, (("name", "en"), ("name_fr", "fr")))
    mapper.optional(row, node, "acronym", SKOS.altLabel, plain)
    for therapy in split(row.get("therapies")):
        if (concept := mapper.code(row, "therapies", "therapy", therapy)) is not None:
            mapper.add(node, ATMP.coversTherapy, concept)
    mapper.optional(row, node, "start", SCHEMA.startDate, Mapper.date)
    mapper.optional(row, node, "end", SCHEMA.endDate, Mapper.date)
    mapper.optional(row, node, "description", DCTERMS.description, text_en)
    mapper.sources(row, node)


def collaborations_links(mapper, row):
    mapper.part_of(row, "collaboration", ORG.subOrganizationOf)


def events_row(mapper, row):
    """A change event (W3C ORG) of an actor: ``event/<actor>--<event>--<date>``."""
    actor = mapper.ref(row, "actor", "actor")
    kind = mapper.code(row, "event", "change-kind") if row.get("event") else None
    date = mapper.date(row, "date") if row.get("date") else None
    source = mapper.ref(row, "source", "source")
    successor = mapper.ref(row, "successor", "actor") if row.get("successor") else None
    if row.get("successor") and row.get("event") in NO_SUCCESSOR:
        mapper.fail(row, "successor", NO_SUCCESSOR[row.get("event")])
        return
    if successor is not None and successor == actor:
        mapper.fail(row, "successor", "an actor cannot be its own successor")
        return
    if None in (actor, kind, date, source) or (row.get("successor") and successor is None):
        return
    node = mapper.iri("event", f"{slug_of(actor)}--{slug_of(kind)}--{date}")
    mapper.add(actor, ORG.changedBy, node)
    if successor is not None:
        mapper.add(successor, ORG.resultedFrom, node)
    mapper.sourced(row, node, ATMP.ChangeEvent,
                   ((ORG.originalOrganization, actor), (ATMP.changeKind, kind), (DCTERMS.date, date),
                    *(((ORG.resultingOrganization, successor),) if successor is not None else ())), source)
