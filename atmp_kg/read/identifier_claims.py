"""graph/identifiers.csv: the identifiers of the actors with their time and history, and the plain
links that an identifier which holds gives (the same as the identifier columns of actors.csv).

Each identifier of an actor is a claim ``identifier/<actor>--<scheme>--<value>``, an
atmp:IdentifierClaim reached from the actor by ``adms:identifier``: ``skos:notation`` its value,
``atmp:identifierScheme`` its scheme, ``schema:startDate`` and ``schema:endDate`` from
``valid_from`` and ``valid_to``, ``atmp:status`` why it ended, ``prov:wasDerivedFrom`` its
sources. Rows naming the same identifier of one actor make one claim with all their sources
(a registry record that ends an identifier is a row of its own); a time or status cell that two
of them fill differently is an error.

An identifier *holds* when no row gives it a ``valid_to`` or a status other than ``current``.
Those give the plain triples the queries use (``identifier_links``): ``schema:sameAs`` the
Wikidata, ROR or GLEIF IRI, ``atmp:lei`` the LEI, ``rov:registration`` the enterprise number.
An actor holds at most one identifier per scheme, and actors.csv must agree with identifiers.csv.
"""

import re

from rdflib import Literal, URIRef

from atmp_kg.read import identifiers
from atmp_kg.read.mapper import ADMS, ATMP, PROV, RDF, RDFS, ROV, SCHEMA, SKOS, slug_of, text_en

# scheme code of identifiers.csv -> the column of actors.csv that holds it the simple way
COLUMNS = {"wikidata": "wikidata", "ror": "ror", "lei": "lei", "enterprise-number": "enterprise_number"}
TIME_CELLS = ("valid_from", "valid_to", "status")
KBO = Literal("Crossroads Bank for Enterprises (KBO/BCE)")


def normal(scheme, value):
    """A value as the graph writes it: a ROR id without ``https://ror.org/``."""
    return value.removeprefix("https://ror.org/") if scheme == "ror" else value


def identifier_links(mapper, row, column, actor, scheme):
    """The plain triples of the identifier of ``scheme`` in ``row[column]``, held by ``actor``;
    a value that fails its check is reported (file, row, column) and gives none. An enterprise
    number is an ``adms:Identifier`` ``registration/be-<digits>`` (its checks are the shapes')."""
    value = normal(scheme, row.get(column))
    if scheme == "enterprise-number":
        registration = mapper.iri("registration", "be-" + re.sub(r"\D", "", value))
        mapper.add(actor, ROV.registration, registration)
        mapper.add(registration, RDF.type, ADMS.Identifier)
        mapper.add(registration, SKOS.notation, Literal(value))
        mapper.add(registration, ADMS.schemaAgency, KBO)
        mapper.origins.setdefault(registration, row.where(column))
        return
    if problem := identifiers.problem(scheme, value):
        mapper.fail(row, column, problem)
        return
    if scheme == "lei":
        mapper.add(actor, ATMP.lei, Literal(value))
    mapper.add(actor, SCHEMA.sameAs, URIRef(identifiers.link(scheme, value)))


def identifiers_row(mapper, row):
    """Check one row of identifiers.csv and keep it with the other rows of its identifier."""
    actor = mapper.ref(row, "actor", "actor")
    source = mapper.ref(row, "source", "source")
    scheme = mapper.one_of(row, "scheme", tuple(COLUMNS), "identifier scheme") if row.get("scheme") else None
    value = normal(scheme, row.get("value")) if scheme else ""
    if scheme and value and (problem := identifiers.problem(scheme, value)):
        mapper.fail(row, "value", problem)
        return
    validity = mapper.validity(row, status=False)
    status = mapper.code(row, "status", "identifier-status") if row.get("status") else None
    if None in (actor, source, scheme, validity) or not value or (row.get("status") and status is None):
        return
    mapper.identifiers.setdefault((slug_of(actor), scheme, value), []).append(row)


def identifiers_links(mapper, row):
    """Second pass: the claim of the identifier whose first row is ``row``, and its plain links
    if it holds. Its rows are all read by now."""
    scheme = row.get("scheme")
    rows = mapper.identifiers.get((row.get("actor"), scheme, normal(scheme, row.get("value"))))
    if not rows or rows[0] is not row:
        return
    if not _agree(mapper, rows):
        return
    actor, value = mapper.iri("actor", row.get("actor")), normal(scheme, row.get("value"))
    node = mapper.iri("identifier", f"{row.get('actor')}--{scheme}--{re.sub(r'[^a-z0-9]+', '-', value.lower())}")
    mapper.add(actor, ADMS.identifier, node)
    mapper.add(node, RDF.type, ATMP.IdentifierClaim)
    mapper.add(node, SKOS.notation, Literal(value))
    mapper.add(node, ATMP.identifierScheme, mapper.iri("identifier-scheme", scheme))
    filled = {column: next((r for r in rows if _cell(r, column)), None) for column in TIME_CELLS}
    for column, predicate in (("valid_from", SCHEMA.startDate), ("valid_to", SCHEMA.endDate)):
        if filled[column] is not None:
            mapper.add(node, predicate, mapper.date(filled[column], column))
    status = filled["status"].get("status") if filled["status"] is not None else "current"
    if status != "current":
        mapper.add(node, ATMP.status, mapper.iri("identifier-status", status))
    for each in rows:
        mapper.add(node, PROV.wasDerivedFrom, mapper.iri("source", each.get("source")))
        if each.get("note"):
            mapper.add(node, RDFS.comment, text_en(mapper, each, "note"))
    mapper.origins.setdefault(node, row.where())
    if filled["valid_to"] is None and status == "current":
        _holds(mapper, row, actor, scheme, value)
        return
    actor_row = mapper.ids["actor"][row.get("actor")]
    if normal(scheme, actor_row.get(COLUMNS[scheme])) == value:
        ended = filled["valid_to"] or filled["status"]
        column = "valid_to" if ended is filled["valid_to"] else "status"
        mapper.fail(ended, column, f"ends {value!r}, but {actor_row.where(COLUMNS[scheme])} still holds it: "
                                   "empty that cell (the history stays here)")


def _cell(row, column):
    """A time or status cell of ``row``; the status ``current`` (the default) counts as empty."""
    cell = row.get(column)
    return "" if column == "status" and cell == "current" else cell


def _agree(mapper, rows):
    """Whether the rows of one identifier fill its time and status cells alike (else reported)."""
    sound = True
    for column in TIME_CELLS:
        first = None
        for each in rows:
            cell = _cell(each, column)
            if not cell:
                continue
            if first is None:
                first = each
            elif cell != first.get(column):
                mapper.fail(each, column, f"{cell!r}, but {first.where(column)} gives {first.get(column)!r} for the "
                                          "same identifier: its rows must agree (leave the cell empty in one)")
                sound = False
    return sound


def _holds(mapper, row, actor, scheme, value):
    """An identifier that holds: one per actor and scheme, the same as actors.csv's, and its plain links."""
    slug, column = row.get("actor"), COLUMNS[scheme]
    held = mapper.held.setdefault((slug, scheme), row)
    if held is not row:
        mapper.fail(row, "value", f"{value!r}: {slug} already holds {held.get('value')!r} ({held.where('value')}); "
                                  "an actor holds one identifier per scheme: end one of them (valid_to, status)")
        return
    cell = normal(scheme, mapper.ids["actor"][slug].get(column))
    if cell and cell != value:
        mapper.fail(row, "value", f"{value!r} holds here, but {mapper.ids['actor'][slug].where(column)} holds "
                                  f"{cell!r}: the two must agree (end the identifier that no longer holds)")
        return
    identifier_links(mapper, row, "value", actor, scheme)
