"""Partner suggestions of the gap report: for each actor, the actors that could extend its
value chain and do not work with it yet, ranked by how close they are in the actor network.

Definitions, besides those of ``atmp_kg.analyse.gaps`` (value chain, adjacent stages):

- complementary therapies: one is ``skos:broader`` than the other or both share a broader type;
  weaker, two therapies one pillar covers (a partner matched only so ranks below the others);
- collaborating already: a documented relation (collaboration, manufacturing, spin-off...), a
  clinical trial (its sponsor and a site) or a shared work package or project; sharing only a
  partnership or a pillar (an umbrella) does not count, though it brings the actors close in the network;
- one group: actors linked by subsidiary-of, acquired-by or unit-of, directly or through a
  common parent, in either direction (a connected component of those links); two parts of one
  group are never suggested to each other;
- public bodies, clusters and investors are not suggested as partners, unless
  ``Settings.suggest_public_bodies`` (they fund or federate; they do not extend a value chain).

Why a partner is suggested is data (``Phrase``: the two capabilities, shared umbrellas, common
partners or hops), worded in English for suggestions.csv and in the reader's language on the page.
"""

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from atmp_kg.analyse import measures
from atmp_kg.analyse.network import SHARED_MEMBERSHIP, code

GROUP_KINDS = ("subsidiary", "acquisition", "unit")  # edge kinds that make two actors parts of one group
NOT_PARTNER_TYPES = ("public-body", "cluster", "investor")  # not suggested unless asked for

STAGE_VERBS = {  # what a capability means, in words; {name} the actor, {therapy} the therapy's label
    "discovery-research": "{name} does discovery research on {therapy}",
    "preclinical": "{name} does preclinical {therapy}",
    "starting-materials": "{name} supplies starting materials for {therapy}",
    "process-development": "{name} develops processes for {therapy}",
    "gmp-manufacturing": "{name} manufactures {therapy} under GMP",
    "quality-control": "{name} does quality control and release of {therapy}",
    "clinical-trials": "{name} runs clinical trials of {therapy}",
    "regulatory": "{name} handles regulatory affairs for {therapy}",
    "hta-reimbursement": "{name} works on HTA and reimbursement of {therapy}",
    "supply-chain": "{name} handles supply chain and delivery of {therapy}",
    "post-approval": "{name} does post-approval follow-up of {therapy}",
}
OTHER_STAGE = "{name} works on {stage} for {therapy}"  # a stage outside the chain (cross-cutting)


MATCHES = ("adjacent stage", "complementary therapy", "same pillar")  # by kind 0, 1, 2


@dataclass(frozen=True)
class Phrase:
    """One part of a suggestion's reason, as data: an English ``text`` (a key of the site's
    ``i18n.STRINGS``, which words it in French and Dutch) whose places take ``values`` (``(name,
    value)`` pairs: names and numbers, the same in every language) and ``terms`` (``(name, group,
    code)``: a stage or a therapy, worded with its label in the reader's language)."""

    text: str
    values: tuple = ()
    terms: tuple = ()

    def worded(self, label, text=None):
        """The phrase with its values and terms put in, the term ``(group, code)`` as
        ``label(group, code)`` gives it; ``text``: the phrase's form in another language."""
        terms = {name: label(group, key) for name, group, key in self.terms}
        return (text or self.text).format(**dict(self.values), **terms)


@dataclass(frozen=True)
class Suggestion:
    actor: str
    rank: int
    partner: str
    match: str
    hops: object
    common: tuple
    reason: str  # the phrases of ``reason_parts`` worded in English, as suggestions.csv gives them
    matches: int
    actor_cell: tuple = ()  # the (stage, therapy) capabilities behind the best match: the actor's
    partner_cell: tuple = ()  # and the partner's
    reason_parts: tuple = ()  # why, as ``Phrase``s: the two capabilities, shared umbrellas, closeness


def complementary_therapies(therapies):
    """``{therapy: set of complementary therapies}`` by the therapy taxonomy (module docstring)."""
    related = defaultdict(set)
    for a in therapies:
        for b in therapies:
            if a.code != b.code and (a.broader == b.code or b.broader == a.code
                                     or (a.broader and a.broader == b.broader)):
                related[a.code].add(b.code)
    return related


def pillar_therapies(pillars, related):
    """``{therapy: set of therapies}`` one pillar covers with it, leaving out the ``related`` ones."""
    together = defaultdict(set)
    for pillar in pillars.values():
        for a in pillar["therapies"]:
            together[a] |= pillar["therapies"] - {a} - related.get(a, set())
    return together


def collaborating(network, a, b, umbrellas):
    """Whether ``a`` and ``b`` already collaborate (a relation, or a shared non-umbrella collaboration)."""
    if not network.has_edge(a, b):
        return False
    edge = network.edges[a, b]
    return any(kind != SHARED_MEMBERSHIP for kind in edge["kinds"]) or any(
        c not in umbrellas for c in edge["collaborations"])


def groups(network):
    """``{actor: group number}``: actors linked by ``GROUP_KINDS`` edges share a number."""
    linked = network.edge_subgraph([(a, b) for a, b, data in network.edges(data=True)
                                    if any(kind in GROUP_KINDS for kind in data["kinds"])])
    found = {}
    for number, component in enumerate(sorted(sorted(c) for c in nx.connected_components(linked))):
        found.update(dict.fromkeys(component, number))
    return found


def may_partner(network, node, settings):
    """Whether ``node`` may be suggested as a partner: not a public body, cluster or investor
    only, unless ``settings.suggest_public_bodies``."""
    types = network.nodes[node]["types"]
    return settings.suggest_public_bodies or not types or any(t not in NOT_PARTNER_TYPES for t in types)


def suggestion_method(network, settings):
    """How far partners are sought: anywhere up to ``exact_limit`` actors, else within ``large_hops``."""
    if len(network) <= settings.exact_limit:
        return f"every actor is a candidate; hops counted up to {settings.max_hops}"
    return (f"candidates within {settings.large_hops} hops only ({len(network)} actors > "
            f"{settings.exact_limit}: searching every actor for every actor grows with the square)")


def partner_suggestions(network, stages, therapies, pillars, umbrellas, settings):
    """For each actor, up to ``settings.top`` ranked partners (networkx step; see module docstring).

    Candidates cover an adjacent chain stage for the same therapy, or the same stage for a
    complementary therapy (or one of the same pillar), do not collaborate yet, are not part of the same
    group and are not a public body, cluster or investor (unless ``settings.suggest_public_bodies``).
    Those matched only through a pillar come last; then ranked by fewest hops in the network
    (up to ``settings.max_hops``; farther or unreachable last), then most common partners,
    then most matching capability pairs, then name. Above ``settings.exact_limit`` actors only
    candidates within ``settings.large_hops`` hops are considered (``suggestion_method``).
    """
    position = {s.code: s.position for s in stages if s.in_chain}
    by_position = {s.position: s.code for s in stages if s.in_chain}
    related = complementary_therapies(therapies)
    pillared = pillar_therapies(pillars, related)
    holders = defaultdict(set)
    for node, data in network.nodes(data=True):
        for capability in data["capabilities"]:
            holders[capability].add(node)
    labels = {s.code: s.label for s in stages} | {t.code: t.label for t in therapies}
    nearby_only = len(network) > settings.exact_limit
    names = {node: network.nodes[node]["label"] for node in network}  # read in every sort below
    neighbours = {node: list(adjacent) for node, adjacent in network.adjacency()}  # plain lists walk faster
    group = groups(network)
    partners = {node for node in network if may_partner(network, node, settings)}
    suggestions = []
    for actor in sorted(network, key=lambda n: (names[n], n)):
        hops, shared_count = measures.hops_and_common_neighbours(
            neighbours, actor, cutoff=settings.large_hops if nearby_only else settings.max_hops)
        pool = set(hops) if nearby_only else None
        matches = _matches(network.nodes[actor]["capabilities"], holders, position, by_position,
                           (related, pillared), pool)
        matches.pop(actor, None)
        adjacent = set(neighbours[actor])
        candidates = [b for b in matches if b in partners and (actor not in group or group.get(b) != group[actor])
                      and (b not in adjacent or not collaborating(network, actor, b, umbrellas))]
        ranked = [key[-1] for key in heapq.nsmallest(settings.top, [  # keys made in one pass: no call each
            (min(m[0] for m in matches[b]) == 2, hops.get(b, math.inf), -shared_count.get(b, 0),
             -len(matches[b]), names[b], b) for b in candidates])]
        common = {b: measures.common_neighbours(network, actor, b) if b in shared_count else [] for b in ranked}
        for rank, partner in enumerate(ranked, start=1):
            best = min(matches[partner], key=lambda m: (m[0], position.get(m[1][0], 99), m[1], m[2]))
            shared = _shared_umbrellas(network, actor, partner, umbrellas)
            parts = reason_parts(names, actor, partner, best, common[partner], hops.get(partner),
                                 shared, settings.large_hops if nearby_only else settings.max_hops)
            suggestions.append(Suggestion(actor, rank, partner, MATCHES[best[0]],
                                          hops.get(partner, ""), tuple(common[partner]),
                                          reason_text(parts, lambda _, key: labels.get(key, key)),
                                          len(matches[partner]), best[1], best[2], parts))
    return suggestions


def _matches(capabilities, holders, position, by_position, kin, pool=None):
    """``{other actor: [(0 adjacent stage | 1 complementary therapy | 2 same pillar, own cell, their
    cell)]}`` for an actor's ``capabilities``; ``kin``: the therapies complementary to each and
    those of one pillar with it; only actors in ``pool`` when it is given."""
    def holders_of(cell):
        found = holders.get(cell, set())
        return found if pool is None else found & pool

    matches = defaultdict(list)
    for stage, therapy in capabilities:
        if stage in position:
            for step in (-1, 1):
                neighbour = by_position.get(position[stage] + step)
                for other in holders_of((neighbour, therapy)):
                    matches[other].append((0, (stage, therapy), (neighbour, therapy)))
        for kind, therapies in enumerate(kin, start=1):
            for other_therapy in sorted(therapies.get(therapy, ())):
                for other in holders_of((stage, other_therapy)):
                    matches[other].append((kind, (stage, therapy), (stage, other_therapy)))
    return matches


def _shared_umbrellas(network, a, b, umbrellas):
    if not network.has_edge(a, b):
        return []
    return [c for c in network.edges[a, b]["collaborations"] if c in umbrellas]


def does(name, stage, therapy):
    """``Iota Vectors supplies starting materials for {therapy}``: what a capability means, as a ``Phrase``."""
    if stage in STAGE_VERBS:
        return Phrase(STAGE_VERBS[stage], (("name", name),), (("therapy", "therapies", therapy),))
    return Phrase(OTHER_STAGE, (("name", name),), (("stage", "stages", stage), ("therapy", "therapies", therapy)))


def reason_parts(names, actor, partner, best, common, hops, shared, max_hops):
    """The ``Phrase``s of why ``partner`` is suggested to ``actor``: what each does in the ``best``
    match, no shared project, the umbrellas they share (``shared``), then their ``common`` partners,
    else how far apart they are (``hops``; ``None``: not within ``max_hops``)."""
    parts = [does(names[actor], *best[1]), does(names[partner], *best[2]), Phrase("no shared project")]
    if shared:
        umbrellas = ", ".join(sorted(code(c) for c in shared))
        parts.append(Phrase("both in {collaborations}", (("collaborations", umbrellas),)))
    if common:
        text = "{count} common partner ({names})" if len(common) == 1 else "{count} common partners ({names})"
        parts.append(Phrase(text, (("count", len(common)), ("names", ", ".join(sorted(names[c] for c in common))))))
    elif hops is None:
        parts.append(Phrase("not connected within {count} hops", (("count", max_hops),)))
    elif hops > 1:
        parts.append(Phrase("{count} hops apart", (("count", hops),)))
    return tuple(parts)


def reason_text(parts, label):
    """The reason's ``parts`` worded in English, the terms as ``label(group, code)`` gives them:
    ``Alpha Gene does preclinical in vivo gene therapy; ...; no shared project; 2 hops apart``."""
    return "; ".join(part.worded(label) for part in parts)
