"""Turn the curated CSV tables of ``graph/`` into RDF, row by row, with row-level errors.

The column dictionary is ``graph/README.md``. Each table is read by ``read_rows`` and mapped by
one function of ``actors``, ``identifier_claims``, ``claims`` or ``products``, on the cell checks of ``mapper``;
``map_tables`` runs them in dependency order (sources and places first, then actors and
collaborations, then the claims that point at them) and collects every problem instead of
stopping at the first.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from atmp_kg.errors import DataError
from atmp_kg.read import actors, claims, identifier_claims, products
from atmp_kg.read.mapper import Mapper
from atmp_kg.read.tables import read_rows

# table -> (required columns, optional columns), in the order the tables are mapped
TABLES = {
    "sources": (["id", "url", "title", "publisher", "language"], ["date", "note"]),
    "places": (["id", "kind", "name", "sources"], ["name_fr", "name_nl", "part_of", "wikidata"]),
    "actors": (["id", "name", "sources"],
               ["type", "name_fr", "name_nl", "aliases", "former_names", "place", "website", "wikidata",
                "ror", "enterprise_number", "lei", "founded", "description"]),
    "collaborations": (["id", "kind", "name", "sources"],
                       ["name_fr", "acronym", "part_of", "therapies", "start", "end", "description"]),
    "events": (["actor", "event", "date", "source"], ["successor", "note"]),
    "identifiers": (["actor", "scheme", "value", "source"], ["valid_from", "valid_to", "status", "note"]),
    "capabilities": (["actor", "stages", "therapies", "source"], ["status", "valid_from", "valid_to", "note"]),
    "relations": (["subject", "relation", "object", "source"], ["date", "valid_from", "valid_to", "note"]),
    "memberships": (["actor", "collaboration", "role", "source"], ["start", "end"]),
    "figures": (["subject", "measure", "value", "unit", "source"], ["period", "note"]),
    "products": (["id", "name", "developer", "therapy", "sources"],
                 ["aliases", "legal_class", "phase", "indication"]),
    "phases": (["product", "phase", "date", "source"], ["note"]),
    "trials": (["id", "title", "sources"],
               ["product", "sponsor", "sites", "phase", "therapy", "start", "end", "status", "status_date", "note"]),
    "trial-statuses": (["trial", "status", "date", "source"], ["note"]),
    "sites": (["id", "actor", "name", "kind", "sources"], ["place", "status", "valid_from", "valid_to"]),
}

# table -> its row mapper, and the second pass of the tables whose rows link to later rows
ROWS = {"sources": actors.sources_row, "places": actors.places_row, "actors": actors.actors_row,
        "collaborations": actors.collaborations_row, "events": actors.events_row,
        "identifiers": identifier_claims.identifiers_row,
        "capabilities": claims.capabilities_row,
        "relations": claims.relations_row, "memberships": claims.memberships_row,
        "figures": claims.figures_row, "products": products.products_row, "phases": products.phases_row,
        "trials": products.trials_row, "trial-statuses": products.trial_statuses_row,
        "sites": products.sites_row}
LINKS = {"places": actors.places_links, "collaborations": actors.collaborations_links,
         "identifiers": identifier_claims.identifiers_links}


@dataclass
class Mapped:
    """The RDF made from the tables, and the file and row each node came from."""

    graph: Graph
    origins: dict = field(default_factory=dict)
    terms: dict = field(default_factory=dict)  # IRI -> the one URIRef object the graph uses for it


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
        row_mapper = ROWS[table]
        for row in rows:
            _check_required(mapper, row, TABLES[table][0])
            row_mapper(mapper, row)
        if table in LINKS:
            for row in rows:
                LINKS[table](mapper, row)
    if mapper.problems:
        raise DataError(f"{len(mapper.problems)} problem(s) in the tables of {graph_dir}", mapper.problems)
    return Mapped(mapper.graph, mapper.origins, mapper.iris)


def _check_required(mapper, row, required):
    for column in required:
        if not row.get(column):
            mapper.fail(row, column, "required value is empty")
