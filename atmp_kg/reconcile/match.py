"""Score a registry record as a candidate for an actor, with the evidence, and rank them.

The score (0-100) adds up what agrees and takes off what disagrees (docs/reconcile.md):

- a name: one of the actor's names (name, name_fr, name_nl) has the key of one of the record's
  current names, 60; through a former name on either side 55; through an alias, acronym or
  abbreviation 45 (only the best name counts);
- the web domain, 25; an identifier both hold (an enterprise number on a Wikidata item...), 40,
  and one that differs, -40;
- the seat's city or municipality, 10, another one -15; the country, 5, another one -20;
- the kind of organisation (the record's types against the actor's), 5, another kind -10;
- a record that is no longer active, -10.

A candidate scoring ``THRESHOLD`` or more whose runner-up for the same actor scores less than
``score - MARGIN`` is ``suggested``; every other candidate is ``ambiguous``. Nothing is accepted
here: a person decides.
"""

from dataclasses import dataclass

from atmp_kg.reconcile.names import name_key, plain
from atmp_kg.reconcile.records import normal_identifier

THRESHOLD = 70
MARGIN = 20
MIN_SCORE = 40  # candidates below are not proposed
TOP = 3  # candidates kept per actor and field
NAME_POINTS = {"name": 60, "former": 55, "alias": 45}
COMPANY = frozenset({"developer", "cdmo", "service-provider", "supplier", "investor"})


@dataclass
class Scored:
    """A candidate for an actor: the record, its score and why."""

    actor: str
    record: object
    score: int
    evidence: list
    status: str = "ambiguous"


def score(actor, record):
    """``(score, evidence)`` of ``record`` as the registry record of ``actor`` (module docstring)."""
    points, evidence = _name_points(actor, record)
    if actor.website and record.website:
        if actor.website == record.website:
            points += 25
            evidence.append(f"website {record.website}")
    for column, values in sorted(record.identifiers.items()):
        mine = actor.identifiers.get(column)
        if not mine or not values:
            continue
        if normal_identifier(column, mine) in {normal_identifier(column, value) for value in values}:
            points += 40
            evidence.append(f"{column} {mine} on both")
        else:
            points -= 40
            evidence.append(f"{column} differs: the record has {', '.join(sorted(values))}, the graph {mine}")
    points += _place_points(actor, record, evidence)
    if actor.types and record.types:
        if actor.types & record.types:
            points += 5
            evidence.append("same kind of organisation")
        else:
            points -= 10
            evidence.append("another kind of organisation")
    if not record.active:
        points -= 10
        evidence.append(f"record not active ({record.status})")
    return max(0, min(100, points)), evidence


def _name_points(actor, record):
    record_keys = {}
    for name, kind, language in record.names:
        if key := name_key(name):
            record_keys.setdefault(key, (name, kind, language))
    best, evidence = 0, []
    for name, kind in actor.names:
        found = record_keys.get(name_key(name))
        if found is None:
            continue
        their_name, their_kind, language = found
        points = min(NAME_POINTS[kind], NAME_POINTS[their_kind])
        if points > best:
            best = points
            where = their_kind if their_kind == "name" else f"{their_kind} name"
            evidence = [f'name "{name}" ({kind}) = "{their_name}" ({where}{", " + language if language else ""})']
    return best, evidence


def _place_points(actor, record, evidence):
    points = 0
    cities = [city for city in record.cities if city]
    if actor.cities and cities:
        if actor.cities & {plain(city) for city in cities}:
            points += 10
            evidence.append(f"city {cities[0]}")
        else:
            points -= 15
            evidence.append(f"another city: {cities[0]}")
    if actor.in_belgium is not None and record.country:
        if actor.in_belgium == (record.country == "BE"):
            points += 5
            evidence.append(f"country {record.country}")
        else:
            points -= 20
            evidence.append(f"another country: {record.country}")
    return points


def rank(actor, records):
    """The candidates among ``records`` for ``actor``, best first, marked ``suggested`` or
    ``ambiguous`` (module docstring); at most ``TOP``, none below ``MIN_SCORE``."""
    scored = []
    for record in records:
        points, evidence = score(actor, record)
        if points >= MIN_SCORE:
            scored.append(Scored(actor.id, record, points, evidence))
    scored.sort(key=lambda candidate: (-candidate.score, candidate.record.value))
    if scored and scored[0].score >= THRESHOLD and (len(scored) == 1 or scored[1].score < scored[0].score - MARGIN):
        scored[0].status = "suggested"
    return scored[:TOP]

