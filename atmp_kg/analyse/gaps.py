"""Collaboration-gap report for cluster staff: tables, CSV files and ``gaps.html``.

``gap_report(select)`` answers the named queries ``queries/gaps-*.rq`` and builds the actor
network (``atmp_kg.analyse.network``); it returns a ``GapReport`` of tables, each naming the query or the
networkx step behind it. ``gapview.report_files(report)`` renders ``gaps.html`` and ``gaps/<table>.csv``.

Definitions used throughout:

- regions: ``wallonia``, ``brussels-capital-region``, ``flanders``, ``beyond`` (anywhere else) and
  ``unknown`` (no known seat); *regional* means Wallonia or the Brussels-Capital Region (``REGIONAL``);
- as of one day (``Settings.as_of``, default the newest source date): only the actors active and
  the claims valid on it count (``atmp_kg.analyse.history`` decides both); the actors no longer
  active are listed with what became of them (table ``former``);
- gap: a stage x therapy cell without any actor, in a stage row and a therapy column that hold
  capability claims elsewhere; single point of failure: exactly one actor;
- not covered by the data (``NO_DATA``): a cell of a stage or a therapy for which the graph holds
  no capability claim at all, on any day: nobody collected it, which says nothing of a gap; the
  active actors without any capability claim are listed (table ``unknown-capabilities``) so that
  curators know what to fill;
- value chain: the stages numbered 01-11 in ``ontology/vocabularies.ttl``, ordered by
  ``schema:position``; two stages are adjacent when their positions differ by one; the
  cross-cutting stages (X1-X5) have no neighbours.

Partner suggestions, and what makes two therapies complementary or two actors collaborators
already, are in ``atmp_kg.analyse.suggestions``.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from atmp_kg.analyse import history, measures
from atmp_kg.analyse.network import actor_network, code, query_text, sorted_rows
from atmp_kg.analyse.suggestions import partner_suggestions, suggestion_method
from atmp_kg.write.spreadsheet import spreadsheet_cell

REGIONS = ("wallonia", "brussels-capital-region", "flanders", "beyond", "unknown")
REGIONAL = ("wallonia", "brussels-capital-region")
REGION_LABELS = {"wallonia": "Wallonia", "brussels-capital-region": "Brussels-Capital Region",
                 "flanders": "Flanders", "beyond": "beyond (elsewhere)", "unknown": "unknown seat"}
UMBRELLA_KINDS = ("Partnership", "Pillar")
NO_DATA = "not covered by the data"


@dataclass(frozen=True)
class Settings:
    """Knobs of the report; the defaults are what ``atmp-kg build`` uses."""

    exact_limit: int = measures.EXACT_LIMIT
    sample_size: int = measures.SAMPLE_SIZE
    seed: int = measures.SEED
    top: int = 5
    max_hops: int = 4
    large_hops: int = 2  # above exact_limit actors, partners are sought this close (see partner_suggestions)
    as_of: object = None  # the day (datetime.date) of the report; None: the newest source date
    suggest_public_bodies: bool = False  # public bodies, clusters and investors as suggested partners


@dataclass(frozen=True)
class Table:
    """One table of the report: also one CSV file, ``gaps/<name>.csv``."""

    name: str
    title: str
    method: str
    columns: tuple
    rows: tuple


@dataclass(frozen=True)
class Stage:
    code: str
    position: int
    notation: str
    label: str

    @property
    def in_chain(self):
        return self.notation.isdigit()


@dataclass(frozen=True)
class Therapy:
    code: str
    label: str
    broader: str = ""


@dataclass
class GapReport:
    """The tables, and what the HTML view needs besides them."""

    tables: dict
    network: object
    stages: tuple
    therapies: tuple
    settings: Settings
    methods: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)
    membership: dict = field(default_factory=dict)
    timeline: object = None  # the ``history.Timeline`` of the day the report is made as of
    pillars: dict = field(default_factory=dict)  # ``read_pillars``: code -> label, therapies, members

    @property
    def as_of(self):
        return self.timeline.day.isoformat()


def gap_report(select, settings=None, network=None):
    """The gap report of the graph that ``select`` answers (a backend of ``atmp_kg.sparql.backends``);
    ``network``: its actor network (``network.actor_network``) if made already; node attributes
    it does not read, such as the other names of ``site.explorer_network``, may be there too."""
    settings = settings or Settings()
    network = actor_network(select) if network is None else network
    timeline = history.timeline(select, settings.as_of)
    everyone = network
    network = history.as_of_network(network, select, timeline)
    stages = read_stages(select)
    therapies = read_therapies(select)
    pillars = read_pillars(select)
    umbrellas = read_umbrellas(select)
    tables = {}
    claimed = read_coverage(select)
    recorded = recorded_cells(claimed)
    cells = holding(claimed, timeline)
    tables["coverage"] = coverage_table(cells, network, stages, therapies, recorded)
    tables["continuity"] = continuity_table(cells, network, stages, therapies, recorded)
    structure = network_structure(network, settings)
    tables.update(structure_tables(network, structure, pillars))
    suggestions = partner_suggestions(network, stages, therapies, pillars, umbrellas, settings)
    tables["suggestions"] = suggestions_table(network, suggestions, read_evidence(select, timeline))
    tables["former"] = former_table(everyone, timeline)
    tables["unknown-capabilities"] = unknown_capabilities_table(everyone, network)
    methods = {**structure["methods"], "partner suggestions": suggestion_method(network, settings)}
    return GapReport(tables, network, stages, therapies, settings, methods,
                     suggestions, structure["communities"]["membership"], timeline, pillars)


# ---------------------------------------------------------------- vocabularies and pillars

def read_stages(select):
    """The value-chain stages in order (query ``gaps-stages``)."""
    return tuple(Stage(code(row["stage"]), int(row["position"]), row["notation"], row["label"])
                 for row in select(query_text("gaps-stages")))


def read_therapies(select):
    """The therapy types, each top type followed by its narrower types (``gaps-therapies``)."""
    found = [Therapy(code(row["therapy"]), row["label"], code(row.get("broader", "")))
             for row in select(query_text("gaps-therapies"))]
    return tuple(sorted(found, key=lambda t: (t.broader or t.code, bool(t.broader), t.code)))


def read_pillars(select):
    """``{pillar code: {"label", "partnership", "therapies", "members"}}`` (``gaps-pillars``)."""
    pillars = {}
    for row in select(query_text("gaps-pillars")):
        pillar = pillars.setdefault(code(row["pillar"]), {
            "label": row["label"], "partnership": code(row["partnership"]),
            "therapies": set(), "members": set()})
        if "therapy" in row:
            pillar["therapies"].add(code(row["therapy"]))
        if "actor" in row:
            pillar["members"].add(row["actor"])
    return pillars


def read_umbrellas(select):
    """IRIs of partnerships and pillars (``gaps-collaborations``)."""
    return {row["collaboration"] for row in select(query_text("gaps-collaborations"))
            if code(row["kind"]) in UMBRELLA_KINDS}


# ---------------------------------------------------------------- 1. coverage

def status(count, recorded=True):
    """``gap`` (0), ``single point of failure`` (1) or ``covered``; ``NO_DATA`` for a cell
    that is not ``recorded`` (its stage or its therapy has no capability claim at all)."""
    if not recorded:
        return NO_DATA
    return "gap" if count == 0 else "single point of failure" if count == 1 else "covered"


def read_coverage(select):
    """``{(stage, therapy): {actor IRI: region}}`` of every capability claim in the graph, on any
    day (query ``gaps-coverage``)."""
    cells = defaultdict(dict)
    for row in sorted_rows(select, "gaps-coverage"):
        cells[(code(row["stage"]), code(row["therapy"]))][row["actor"]] = row["region"]
    return cells


def holding(cells, timeline):
    """The ``cells`` of ``read_coverage`` with only the capabilities an active actor holds on the
    ``history.Timeline``'s day."""
    held = defaultdict(dict)
    for (stage, therapy), actors in cells.items():
        for actor, region in actors.items():
            if timeline.holds(actor, stage, therapy):
                held[(stage, therapy)][actor] = region
    return held


@dataclass(frozen=True)
class Recorded:
    """The stages and the therapies for which the graph holds any capability claim."""

    stages: frozenset
    therapies: frozenset

    def __contains__(self, cell):
        stage, therapy = cell
        return stage in self.stages and therapy in self.therapies


def recorded_cells(cells):
    """The ``Recorded`` stages and therapies of the ``cells`` of ``read_coverage`` (every day)."""
    return Recorded(frozenset(stage for stage, _ in cells), frozenset(therapy for _, therapy in cells))


def coverage_table(cells, network, stages, therapies, recorded):
    """Stage x therapy (every pair, empty ones too), actors counted per region; a cell outside
    ``recorded`` (``recorded_cells``) is ``NO_DATA``."""
    rows = []
    for stage in stages:
        for therapy in therapies:
            actors = cells.get((stage.code, therapy.code), {})
            ordered = sorted(actors, key=lambda a: (_label(network, a), a))
            counts = [sum(1 for a in actors if actors[a] == region) for region in REGIONS]
            regional = sum(counts[:len(REGIONAL)])
            known = (stage.code, therapy.code) in recorded
            rows.append((stage.position, stage.code, stage.label, therapy.code, therapy.label, *counts,
                         len(actors), status(len(actors), known), regional, status(regional, known),
                         "; ".join(f"{_label(network, a)} ({actors[a]})" for a in ordered),
                         "|".join(code(a) for a in ordered)))
    columns = ("stage_position", "stage", "stage_label", "therapy", "therapy_label", *REGIONS,
               "total", "status", "regional", "regional_status", "actors", "actor_ids")
    return Table("coverage", "Coverage: value-chain stage x therapy type, actors per region",
                 "named query queries/gaps-coverage.rq, counted per stage, therapy and region "
                 "(queries/gaps-coverage-matrix.rq gives the same counts in SPARQL)", columns, tuple(rows))


# ---------------------------------------------------------------- 2. continuity

def continuity_table(cells, network, stages, therapies, recorded):
    """Per therapy, chain stages no regional actor covers, and the nearest actor elsewhere;
    ``status`` says whether the cell is a gap or ``NO_DATA`` (see ``coverage_table``)."""
    regional_hops = measures.hops_from(network, [n for n, d in network.nodes(data=True)
                                                if d["region"] in REGIONAL])
    rows = []
    for therapy in therapies:
        for stage in (s for s in stages if s.in_chain):
            actors = cells.get((stage.code, therapy.code), {})
            if any(region in REGIONAL for region in actors.values()):
                continue
            nearest_region = next((r for r in ("flanders", "beyond", "unknown") if r in actors.values()), "none")
            nearest = sorted((a for a in actors if actors[a] == nearest_region), key=lambda a: (_label(network, a), a))
            by_hops = sorted(actors, key=lambda a: (regional_hops.get(a, float("inf")), _label(network, a), a))
            closest = by_hops[0] if by_hops else None
            rows.append((therapy.code, therapy.label, stage.position, stage.code, stage.label, nearest_region,
                         "; ".join(_label(network, a) for a in nearest), "|".join(code(a) for a in nearest),
                         _label(network, closest) if closest else "", code(closest) if closest else "",
                         regional_hops.get(closest, "") if closest else "",
                         "no regional actor" if (stage.code, therapy.code) in recorded else NO_DATA))
    columns = ("therapy", "therapy_label", "stage_position", "stage", "stage_label", "nearest_region",
               "nearest_actors", "nearest_actor_ids", "network_nearest_actor", "network_nearest_actor_id",
               "hops_from_regional_actor", "status")
    return Table("continuity", "Value-chain continuity: stages no Walloon or Brussels actor covers",
                 "named query queries/gaps-coverage.rq: chain stages (01-11) without a regional actor "
                 "(queries/gaps-continuity.rq gives the same rows in SPARQL); nearest region = Flanders if "
                 "any actor there, else beyond; network-nearest = fewest hops from any regional actor "
                 "(networkx multi-source shortest paths, atmp_kg.analyse.hops_from)", columns, tuple(rows))


# ---------------------------------------------------------------- 3. network structure

def network_structure(network, settings):
    """Betweenness, structural holes, communities and isolated actors (atmp_kg.analyse.measures)."""
    brokers = measures.betweenness(network, settings.exact_limit, settings.sample_size, settings.seed)
    # by the betweenness shown (6 decimals), so that equal values are ranked by name, whatever
    # the last bits of the floating-point sums
    ranking = sorted(network, key=lambda n: (-_rounded(brokers["values"][n]), _label(network, n), n))
    holes = measures.structural_holes(network)
    groups = measures.communities(network, settings.exact_limit, settings.seed)
    alone = measures.isolated(network)
    methods = {"brokers": brokers["method"], "structural holes": holes["method"],
               "communities": groups["method"] + f"; modularity {groups['modularity']:.3f}",
               "isolated actors": alone["method"]}
    return {"brokers": brokers, "ranking": ranking, "holes": holes, "communities": groups,
            "isolated": alone, "methods": methods}


def structure_tables(network, structure, pillars):
    """Tables ``network`` (one row per actor), ``communities``, ``pillars`` and ``isolated``."""
    membership = structure["communities"]["membership"]
    pillars_of = defaultdict(list)
    for _, pillar in sorted(pillars.items()):
        for actor in pillar["members"]:
            pillars_of[actor].append(pillar["label"])
    methods = structure["methods"]
    rows = []
    for rank, node in enumerate(structure["ranking"], start=1):
        data = network.nodes[node]
        rows.append((rank, code(node), data["label"], data["region"], " ".join(data["types"]),
                     network.degree(node), _rounded(structure["brokers"]["values"][node]),
                     _rounded(structure["holes"]["constraint"].get(node)),
                     _rounded(structure["holes"]["effective_size"].get(node)),
                     membership[node] + 1, "; ".join(pillars_of[node])))
    actors = Table("network", "Brokers and structural holes: every actor, by betweenness",
                   f"atmp_kg.analyse (networkx, igraph): {methods['brokers']}; {methods['structural holes']}; "
                   f"community: {methods['communities']}",
                   ("rank", "actor_id", "actor", "region", "types", "degree", "betweenness", "constraint",
                    "effective_size", "community", "pillars"), tuple(rows))
    return {"network": actors, "communities": _communities_table(network, structure, pillars),
            "pillars": _pillars_table(network, structure, pillars),
            "isolated": _isolated_table(network, structure)}


def _communities_table(network, structure, pillars):
    rows = []
    for index, group in enumerate(structure["communities"]["communities"], start=1):
        members = set(group)
        counts = sorted(((len(members & p["members"]), p["label"]) for p in pillars.values()),
                        key=lambda item: (-item[0], item[1]))
        counts = [(n, label) for n, label in counts if n]
        dominant = counts[0] if counts else (0, "")
        rows.append((index, len(group), dominant[1], dominant[0], round(dominant[0] / len(group), 3),
                     "; ".join(f"{label}: {n}" for n, label in counts),
                     "; ".join(sorted(_label(network, n) for n in group))))
    return Table("communities", "Communities and the pillars of their members",
                 f"networkx step atmp_kg.analyse.communities: {structure['methods']['communities']}; "
                 "pillar members from named query queries/gaps-pillars.rq",
                 ("community", "size", "main_pillar", "main_pillar_members", "main_pillar_share",
                  "pillar_members", "members"), tuple(rows))


def _pillars_table(network, structure, pillars):
    membership = structure["communities"]["membership"]
    rows = []
    for pillar_code, pillar in sorted(pillars.items()):
        members = [m for m in pillar["members"] if m in membership]
        spread = defaultdict(int)
        for member in members:
            spread[membership[member] + 1] += 1
        ordered = sorted(spread.items(), key=lambda item: (-item[1], item[0]))
        main = ordered[0] if ordered else ("", 0)
        rows.append((pillar_code, pillar["label"], pillar["partnership"], " ".join(sorted(pillar["therapies"])),
                     len(members), main[0], round(main[1] / len(members), 3) if members else "",
                     "; ".join(f"community {c}: {n}" for c, n in ordered)))
    return Table("pillars", "Pillars and the communities of their members",
                 "named query queries/gaps-pillars.rq, members placed in the communities of the network table",
                 ("pillar", "label", "partnership", "therapies", "members", "main_community",
                  "main_community_share", "communities"), tuple(rows))


def _isolated_table(network, structure):
    rows = []
    for node in sorted(structure["isolated"]["nodes"], key=lambda n: (_label(network, n), n)):
        data = network.nodes[node]
        rows.append((code(node), data["label"], data["region"], " ".join(data["types"]),
                     "; ".join(f"{s} x {t}" for s, t in data["capabilities"])))
    return Table("isolated", "Isolated actors: no documented relation or shared collaboration",
                 "networkx step atmp_kg.analyse.isolated: " + structure["methods"]["isolated actors"],
                 ("actor_id", "actor", "region", "types", "capabilities"), tuple(rows))


# ---------------------------------------------------------------- 4. partner suggestions

def read_evidence(select, timeline):
    """``{(actor IRI, stage, therapy): sorted source addresses}`` of the capability claims valid on
    the ``timeline``'s day (query ``gaps-evidence``)."""
    evidence = defaultdict(set)
    for row in select(query_text("gaps-evidence")):
        if timeline.valid(row["capability"]):
            evidence[(row["actor"], code(row["stage"]), code(row["therapy"]))].add(row.get("url") or row["source"])
    return {cell: sorted(sources) for cell, sources in evidence.items()}


def suggestions_table(network, suggestions, evidence):
    """One row per suggestion, with the two capability claims behind it and their ``evidence``."""
    def claim(actor, cell):
        return f"{cell[0]} x {cell[1]}", " ".join(evidence.get((actor, *cell), ()))

    rows = tuple((code(s.actor), _label(network, s.actor), s.rank, code(s.partner), _label(network, s.partner),
                  network.nodes[s.partner]["region"], s.match, s.matches, s.hops, len(s.common), s.reason,
                  *claim(s.actor, s.actor_cell), *claim(s.partner, s.partner_cell))
                 for s in suggestions)
    return Table("suggestions", "Partner suggestions: adjacent stage or complementary therapy, not yet partners",
                 "networkx step atmp_kg.gaps.partner_suggestions on the network of atmp_kg.network, with stage "
                 "order from queries/gaps-stages.rq, therapy relations from queries/gaps-therapies.rq and "
                 "queries/gaps-pillars.rq, umbrellas from queries/gaps-collaborations.rq, the claims' sources from "
                 "queries/gaps-evidence.rq",
                 ("actor_id", "actor", "rank", "partner_id", "partner", "partner_region", "match",
                  "matching_capability_pairs", "hops", "common_partners", "reason", "actor_capability",
                  "actor_sources", "partner_capability", "partner_sources"), rows)


# ---------------------------------------------------------------- 5. former actors

def former_table(network, timeline):
    """The actors of the graph that are not active on the report's day, and what became of them."""
    names = {node: data["label"] for node, data in network.nodes(data=True)}
    rows = []
    for actor, ending in sorted(timeline.inactive.items(), key=lambda item: (names.get(item[0], ""), item[0])):
        if actor in network:
            rows.append((code(actor), names[actor], ending.kind, ending.date, code(ending.successor),
                         names.get(ending.successor, code(ending.successor)) if ending.successor else "",
                         history.successor_text(names, actor, ending)))
    return Table("former", f"Actors not active on {timeline.day.isoformat()}, and what became of them",
                 "named query queries/gaps-history.rq (founding and W3C ORG change events), decided by "
                 "atmp_kg.analyse.history", ("actor_id", "actor", "change", "date", "successor_id", "successor",
                                             "now"), tuple(rows))


def unknown_capabilities_table(everyone, network):
    """The active actors (in the dated ``network``) without any capability claim in the graph
    (``everyone``: the network of every day): what curators have still to find."""
    rows = tuple((code(node), data["label"], data["region"], " ".join(data["types"]))
                 for node, data in sorted(network.nodes(data=True), key=lambda item: (item[1]["label"], item[0]))
                 if not everyone.nodes[node]["capabilities"])
    return Table("unknown-capabilities", "Active actors whose capabilities are still unknown",
                 "named query queries/network-actors.rq: actors without any capability claim (on any day)",
                 ("actor_id", "actor", "region", "types"), rows)


# ---------------------------------------------------------------- files

def csv_text(table):
    """The table as CSV (comma-separated, UTF-8, header row): opens in a spreadsheet, which
    never runs a cell as a formula (``spreadsheet_cell``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([spreadsheet_cell(value) for value in row] for row in table.rows)
    return out.getvalue()


def summary(report):
    """Headline numbers of the report, for the command line."""
    coverage = records_of(report.tables["coverage"])
    network = report.tables["network"].rows
    return {
        "as of": report.as_of,
        "actors": report.network.number_of_nodes(),
        "former actors": len(report.tables["former"].rows),
        "actors with an unknown seat": sum(1 for _, d in report.network.nodes(data=True) if d["region"] == "unknown"),
        "cells": len(coverage),
        "gaps": sum(1 for r in coverage if r["status"] == "gap"),
        "cells not covered by the data": sum(1 for r in coverage if r["status"] == NO_DATA),
        "actors whose capabilities are unknown": len(report.tables["unknown-capabilities"].rows),
        "single points of failure": sum(1 for r in coverage if r["status"] == "single point of failure"),
        "regional gaps in the chain": len(report.tables["continuity"].rows),
        "top broker": network[0][2] if network and network[0][6] > 0 else "-",
        "communities": len(report.tables["communities"].rows),
        "isolated actors": len(report.tables["isolated"].rows),
        "suggestions": len(report.suggestions),
    }


def records_of(table):
    """The rows of ``table`` as dicts keyed by column name."""
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def _label(network, node):
    return network.nodes[node]["label"] if node in network else code(node)


def _rounded(value):
    return "" if value is None else round(value, 6)
