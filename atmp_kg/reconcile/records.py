"""What reconciliation compares: the graph's actors (``Actor``, read from ``graph/``) and the
registry records the readers give (``Record``), both reduced to names, places, web domains and
identifiers.

``FIELDS`` are the identifier columns of graph/actors.csv that reconciliation fills.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from atmp_kg.read.identifier_claims import COLUMNS, normal
from atmp_kg.read.mapper import split
from atmp_kg.read.mapping import TABLES
from atmp_kg.read.tables import read_rows
from atmp_kg.reconcile.names import domain, enterprise_digits, name_key, plain

FIELDS = ("wikidata", "ror", "lei", "enterprise_number")
NAME_COLUMNS = (("name", "name"), ("name_fr", "name"), ("name_nl", "name"))


@dataclass
class Actor:
    """An actor of graph/actors.csv as matching sees it."""

    id: str
    label: str
    names: list  # (name, kind): kind "name" (name, name_fr, name_nl), "alias" or "former"
    types: frozenset = frozenset()
    website: str = ""  # domain
    place: str = ""  # place id of its seat
    cities: frozenset = frozenset()  # plain names of its seat municipality (en, fr, nl)
    in_belgium: bool | None = None  # None: seat unknown
    identifiers: dict = field(default_factory=dict)  # field -> value, as the graph writes it


@dataclass
class Record:
    """One registry record: the candidate a reader proposes, with what it says of itself."""

    field: str  # the actors.csv column its identifier fills: wikidata, ror, lei, enterprise_number
    value: str  # the identifier as actors.csv writes it (Q42, 00afp2z80, 0123.456.789...)
    label: str
    names: list  # (name, kind, language): kind "name", "alias" or "former"; language "" if unknown
    url: str  # the record's public page: the source of an accepted identifier
    title: str
    publisher: str
    date: str = ""  # ISO day the registry last changed or published the record
    language: str = "en"
    status: str = ""  # the registry's own word for the record's state (active, LAPSED, AC...)
    active: bool = True
    successor: str = ""  # identifier of the record that replaces it, if the registry names one
    cities: tuple = ()  # its seat's city or municipality, in the registry's languages
    country: str = ""  # ISO 3166 alpha-2 code, where the registry gives it
    website: str = ""  # domain
    identifiers: dict = field(default_factory=dict)  # field -> set of values it holds for other schemes
    types: frozenset = frozenset()  # actor type codes its registry types correspond to
    note: str = ""  # what else a curator should know (a juridical situation, an ignored value...)
    seat: str = ""  # the plain name of its seat municipality (the enterprise register only)

    @property
    def source_id(self):
        """The id of its row in graph/sources.csv: ``<field>-<value>``, a slug."""
        value = "".join(char if char.isalnum() else "-" for char in self.value.lower()).strip("-")
        return f"{self.field.replace('_', '-')}-{value}"


@dataclass
class Found:
    """What a reader found: the records, whether the file lists the whole registry (so that an
    identifier missing from it no longer exists there), and the rows it skipped, with why."""

    records: list
    complete: bool
    skipped: list = field(default_factory=list)


def read_actors(graph_dir):
    """The actors of ``graph_dir`` (actors.csv, places.csv and identifiers.csv if present), by id."""
    graph_dir = Path(graph_dir)
    places = {row.get("id"): row for row in table_rows(graph_dir, "places")}
    actors = {}
    for row in table_rows(graph_dir, "actors"):
        names = [(row.get(column), kind) for column, kind in NAME_COLUMNS if row.get(column)]
        names += [(alias, "alias") for alias in split(row.get("aliases"))]
        names += [(former, "former") for former in split(row.get("former_names"))]
        place = row.get("place")
        identifiers = {column: row.get(column) for column in FIELDS if row.get(column)}
        actors[row.get("id")] = Actor(
            id=row.get("id"), label=row.get("name"), names=names, types=frozenset(split(row.get("type"))),
            website=domain(row.get("website")), place=place, cities=_cities(places, place),
            in_belgium=_in_belgium(places, place) if place else None, identifiers=identifiers)
    rows = [(row.get("actor"), row.get("scheme"), normal(row.get("scheme"), row.get("value")), row)
            for row in table_rows(graph_dir, "identifiers") if row.get("scheme") in COLUMNS]
    ended = {tuple(key) for *key, row in rows if row.get("valid_to") or row.get("status") not in ("", "current")}
    for slug, scheme, value, _ in rows:  # the identifiers that hold (read.identifier_claims)
        if slug in actors and (slug, scheme, value) not in ended:
            actors[slug].identifiers.setdefault(COLUMNS[scheme], value)
    return actors


def table_rows(graph_dir, table):
    """The rows of ``graph_dir/<table>.csv`` (none if the file is absent)."""
    graph_dir = Path(graph_dir)
    path = graph_dir / f"{table}.csv"
    if table not in TABLES or not os.path.lexists(path):
        return []
    return read_rows(path, *TABLES[table], label=f"{graph_dir.name}/{table}.csv")


def _cities(places, place_id):
    """The plain names of the municipality ``place_id`` (none for a region or a country)."""
    place = places.get(place_id)
    if place is None or place.get("kind") != "municipality":
        return frozenset()
    return frozenset(plain(place.get(column)) for column in ("name", "name_fr", "name_nl") if place.get(column))


def _in_belgium(places, place_id):
    """True if the place lies in Belgium, False if in another country, None if unknown."""
    seen = set()
    while place_id in places and place_id not in seen:
        seen.add(place_id)
        if places[place_id].get("kind") == "country":
            return place_id == "belgium"
        place_id = places[place_id].get("part_of")
    return None


def actor_keys(actors):
    """``{name key: [(actor id, kind)]}`` and ``{(field, value): [actor id]}``: what a reader
    keeps a record for (a name or an identifier of an actor)."""
    keys, identifiers = {}, {}
    for actor in actors.values():
        for name, kind in actor.names:
            if key := name_key(name):
                keys.setdefault(key, []).append((actor.id, kind))
        for column, value in actor.identifiers.items():
            identifiers.setdefault((column, normal_identifier(column, value)), []).append(actor.id)
    return keys, identifiers


def normal_identifier(column, value):
    """An identifier in one form for comparison: enterprise numbers as ten digits, ROR ids
    without their ``https://ror.org/``, the rest upper case."""
    value = (value or "").strip()
    if column == "enterprise_number":
        return enterprise_digits(value)
    if column == "ror":
        return value.removeprefix("https://ror.org/").lower()
    return value.upper()
