"""The gap report as of one day: which actors are active and which claims are valid on it.

This module is the one place that decides both (docs/gaps.md, "As of a date"):

- an actor is **active on day D** unless a change event of an ending kind (``atmp:endsActor``:
  absorbed, merged, liquidation, closed) is dated on or before D, and unless it was founded after D;
- a claim (capability, relation, membership, site) is **valid on day D** when it has no start or
  started on or before D, has no end or ends after D, and its status is not ``planned``; an actor
  holds a capability (a stage and a therapy) on D when any of its claims for it is valid;
- a date of a year or a month stands for the first day of that period (``2021`` is 2021-01-01);
- the default day is the newest ``dcterms:date`` of any source (query ``gaps-sources``), never
  the clock, so that a build of the same tables writes the same report.

``timeline(select, day)`` reads queries ``gaps-history`` and ``gaps-periods`` once;
``as_of_network(network, select, timeline)`` is the actor network restricted to that day.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from atmp_kg.analyse.network import HOME, add_edges, code, query_text, sorted_rows
from atmp_kg.errors import UsageError

PLANNED = "planned"
TRIAL = "trial"  # the edge kind of a trial's sponsor and one of its sites
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def day_of(text):
    """The first day of the period an ISO date text names: ``2021`` -> 2021-01-01,
    ``2021-03`` -> 2021-03-01, ``2021-03-15`` (or a date-time) -> 2021-03-15; ``None`` if none."""
    found = _DATE.match(text or "")
    if not found:
        return None
    year, month, day = found.groups()
    try:
        return datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def parse_as_of(text):
    """The day of an ``--as-of`` option: an ISO date (``2019-01-01``, or ``2019``, ``2019-06``);
    UsageError otherwise."""
    day = day_of(text) if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text or "") else None
    if day is None:
        raise UsageError(f"--as-of {text!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return day


def newest_source_day(select):
    """The newest ``dcterms:date`` of any source (query ``gaps-sources``); ``None`` without one."""
    rows = select(query_text("gaps-sources"))
    return day_of(rows[0].get("newest")) if rows else None


def valid_on(start, end, status, day):
    """Whether a claim with ``start``, ``end`` (days or ``None``) and ``status`` holds on ``day``."""
    return (start is None or start <= day) and (end is None or end > day) and status != PLANNED


@dataclass(frozen=True)
class Ending:
    """How an actor ended before the day: the change (``absorbed``...), its date and the successor."""

    kind: str
    date: str
    successor: str = ""


@dataclass
class Timeline:
    """What holds on ``day``: the actors that are not active (``{actor: Ending}``; an actor
    founded after the day has the kind ``not yet founded``), the claims that are not valid,
    and the capabilities ``(actor, stage code, therapy code)`` that are not valid."""

    day: datetime.date
    inactive: dict = field(default_factory=dict)
    invalid_claims: set = field(default_factory=set)
    invalid_capabilities: set = field(default_factory=set)

    def active(self, actor):
        return actor not in self.inactive

    def valid(self, claim):
        return claim not in self.invalid_claims

    def holds(self, actor, stage, therapy):
        """Whether ``actor`` is active and holds the capability (stage, therapy codes) on the day."""
        return actor not in self.inactive and (actor, stage, therapy) not in self.invalid_capabilities


def timeline(select, day=None):
    """The ``Timeline`` of the graph that ``select`` answers, on ``day`` (default: the newest
    source date; for a graph without a dated source, the newest date of its dated facts, or
    ``datetime.date.max`` when it has none: never the clock)."""
    history, periods_rows = sorted_rows(select, "gaps-history"), sorted_rows(select, "gaps-periods")
    day = day or newest_source_day(select) or max(
        (when for row in history + periods_rows for key in ("date", "start", "end")
         if (when := day_of(row.get(key))) is not None), default=datetime.date.max)
    found = Timeline(day)
    ends = defaultdict(list)
    for row in history:
        when = day_of(row["date"])
        if when is None:
            continue
        if row["kind"] == "founded":
            if when > day:
                ends[row["actor"]].append((when, Ending("not yet founded", row["date"])))
        elif row.get("ends") in ("true", "1") and when <= day:
            ends[row["actor"]].append((when, Ending(row["kind"], row["date"], row.get("successor", ""))))
    for actor, endings in ends.items():
        found.inactive[actor] = min(endings, key=lambda item: (item[0], item[1].kind))[1]
    periods = {}
    for row in periods_rows:
        claim = periods.setdefault(row["claim"], {"start": None, "end": None, "status": "", "cells": set()})
        for key in ("start", "end"):
            if key in row:
                claim[key] = day_of(row[key])
        if "status" in row:
            claim["status"] = code(row["status"])
        if "actor" in row:
            claim["cells"].add((row["actor"], code(row["stage"]), code(row["therapy"])))
    held = set()  # the cells with a claim that holds: one such claim is enough
    for claim, period in periods.items():
        if valid_on(period["start"], period["end"], period["status"], day):
            held |= period["cells"]
        else:
            found.invalid_claims.add(claim)
            found.invalid_capabilities |= period["cells"]
    found.invalid_capabilities -= held
    return found


def dated_timeline(select, day=None):
    """``timeline(select, day)``, or ``None`` for a graph without a dated source when no ``day``
    is given (the explorer then marks no actor as former: its pages never depend on the clock)."""
    day = day or newest_source_day(select)
    return None if day is None else timeline(select, day)


def ending_text(ending):
    """``absorbed 2020-01-15`` (or ``founded 2022-05`` for an actor not yet founded): how an
    actor ended, without its successor."""
    return f"founded {ending.date}" if ending.kind == "not yet founded" else f"{ending.kind} {ending.date}"


def as_of_network(network, select, when):
    """A copy of the actor ``network`` on the day of the ``Timeline`` ``when``: only active actors,
    their valid capabilities and valid relations and memberships, plus an edge of kind ``trial``
    between a trial's sponsor and each of its sites; an actor without a known seat, or seated only
    in Belgium, has the region ``unknown`` (the explorer's network is left as it is)."""
    active = [node for node in network if when.active(node)]
    if when.invalid_claims:
        dated = network.__class__()
        dated.add_nodes_from((node, dict(network.nodes[node])) for node in active)
        add_edges(dated, select, when.valid)
    else:
        dated = network.subgraph(active).copy()
    for node, data in dated.nodes(data=True):
        data["capabilities"] = [c for c in data["capabilities"] if when.holds(node, *c)]
        data["stages"] = sorted({stage for stage, _ in data["capabilities"]})
        data["therapies"] = sorted({therapy for _, therapy in data["capabilities"]})
        if data["region"] == "beyond" and data.get("municipality", "") in ("", HOME):
            data["region"] = "unknown"
    for row in sorted_rows(select, "network-trials"):
        a, b = row["sponsor"], row["site"]
        if a in dated and b in dated:
            if not dated.has_edge(a, b):
                dated.add_edge(a, b, kinds=[], collaborations=[], sources=[])
            edge = dated.edges[a, b]
            edge["kinds"] = sorted({*edge["kinds"], TRIAL})
    return dated


def successor_text(names, actor, ending):
    """``MaSTherCell, now part of Catalent`` (or ``..., closed 2022``): what became of an actor."""
    name = names.get(actor, code(actor))
    if ending.successor:
        return f"{name}, now part of {names.get(ending.successor, code(ending.successor))}"
    return f"{name}, {ending_text(ending)}"
