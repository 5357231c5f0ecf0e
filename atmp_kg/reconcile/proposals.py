"""From the records a reader found to the rows of ``review/reconcile-<registry>.csv``: the
candidates for each actor without the identifier (``match.rank``), the checks of the
identifiers the graph already holds, and the seats the enterprise register gives for actors
whose seat is unknown.

Row ``status``: ``suggested`` or ``ambiguous`` for a candidate, ``check`` for an identifier of
the graph the registry now describes otherwise (stopped, lapsed, withdrawn, merged, another
thing); a check's ``value`` is the proposed identifier (the successor), or empty to end it.
"""

from atmp_kg.reconcile.match import rank, score
from atmp_kg.reconcile.names import name_key, plain
from atmp_kg.reconcile.records import normal_identifier, table_rows

ABSENT = {"enterprise_number": "not in the register's open data, which lists active enterprises only",
          "ror": "not in the ROR data dump", "lei": "not in the golden copy"}


def proposals(actors, found, field, places, refused=frozenset()):
    """The review rows (dicts, ``review_file.COLUMNS``) for ``actors`` against ``found`` (a
    ``records.Found`` of the registry whose identifiers fill ``field``). ``places``:
    ``{plain municipality name: place id}``; ``refused``: ``(actor, field, value)`` a person
    rejected, never proposed again."""
    by_value = {normal_identifier(field, record.value): record for record in found.records}
    by_key, by_identifier = {}, {}
    for record in found.records:
        for name, _, _ in record.names:
            if key := name_key(name):
                by_key.setdefault(key, {})[record.value] = record
        for column, values in record.identifiers.items():
            for value in values:
                by_identifier.setdefault((column, normal_identifier(column, value)), {})[record.value] = record
    rows = []
    for actor in sorted(actors.values(), key=lambda actor: actor.id):
        current = actor.identifiers.get(field)
        if current:
            record = by_value.get(normal_identifier(field, current))
            rows += _checks(actor, field, current, record, found.complete)
            if record is not None and record.active and field == "enterprise_number":
                rows += _seat(actor, record, places, "suggested", f"the seat of {record.value}, the graph's number")
            continue
        candidates = {}
        for name, _ in actor.names:
            candidates.update(by_key.get(name_key(name), {}))
        for column, value in actor.identifiers.items():
            candidates.update(by_identifier.get((column, normal_identifier(column, value)), {}))
        ranked = [candidate for candidate in rank(actor, candidates.values())
                  if (actor.id, field, candidate.record.value) not in refused]
        for candidate in ranked:
            rows.append(_row(actor, candidate.record, candidate.status, candidate.score, candidate.evidence))
        if field == "enterprise_number" and ranked and ranked[0].status == "suggested":
            rows += _seat(actor, ranked[0].record, places, "suggested",
                          f"the seat of {ranked[0].record.value}, the suggested enterprise")
    return [row for row in rows if (row["actor"], row["field"], row["value"]) not in refused]


def _checks(actor, field, current, record, complete):
    """The check rows of an identifier the graph holds (module docstring); none if it holds."""
    if record is None:
        if not complete:
            return []
        return [_row(actor, None, "check", "", [ABSENT.get(field, "not in the file")], field=field, value="",
                     current=current, label="", candidate_status="absent")]
    evidence = []
    if not record.active:
        evidence.append(f"record {record.status}" + (f"; successor {record.successor}" if record.successor else ""))
    elif "juridical situation" in record.note:
        evidence.append("the register states a juridical situation other than the normal one")
    elif field == "wikidata":
        points, _ = score(actor, record)
        if not any(name_key(name) in {name_key(theirs) for theirs, _, _ in record.names} for name, _ in actor.names):
            evidence.append(f'the item is now "{record.label}": none of the actor\'s names is among its labels '
                            f"(score {points})")
    if not evidence:
        return []
    value = record.successor if not record.active else ("" if field == "wikidata" else current)
    return [_row(actor, record, "check", "", evidence, value=value, current=current)]


def _seat(actor, record, places, status, why):
    """A row filling the unknown seat of ``actor`` with the municipality of ``record``'s seat,
    when places.csv knows it."""
    if actor.place or not record.seat:
        return []
    place = next((places[plain(city)] for city in record.cities if plain(city) in places), None)
    if place is None:
        return []
    return [_row(actor, record, status, "", [f"{why}: {', '.join(record.cities)}"], field="place", value=place,
                 label=record.cities[0])]


def _row(actor, record, status, points, evidence, field=None, value=None, current="", label=None,
         candidate_status=None):
    """One review row; ``record`` None for an identifier missing from the registry."""
    source = {} if record is None else {
        "source": record.source_id, "url": record.url, "title": record.title, "publisher": record.publisher,
        "date": record.date, "language": record.language}
    return {
        "actor": actor.id, "actor_name": actor.label, "field": field or record.field, "current": current,
        "value": record.value if value is None else value, "label": record.label if label is None else label,
        "status": status, "score": str(points), "evidence": "; ".join(evidence + ([record.note] if record is not None
                                                                                    and record.note else [])),
        "candidate_status": record.status if candidate_status is None else candidate_status,
        **{column: "" for column in ("source", "url", "title", "publisher", "date", "language")}, **source,
        "decision": ""}


def place_index(graph_dir):
    """``{plain name: place id}`` of the municipalities of places.csv (en, fr and nl names);
    a name two municipalities share is left out."""
    index, shared = {}, set()
    for row in table_rows(graph_dir, "places"):
        if row.get("kind") != "municipality":
            continue
        for column in ("name", "name_fr", "name_nl"):
            name = plain(row.get(column))
            if name and index.setdefault(name, row.get("id")) != row.get("id"):
                shared.add(name)
    return {name: place for name, place in index.items() if name not in shared}
