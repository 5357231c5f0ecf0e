"""Network analytics for the gap report: pure functions ``f(G) -> dict`` that never change ``G``.

Each function returns its values and a ``method`` sentence that says how they were computed, so
the report can show it. Small graphs (at most ``EXACT_LIMIT`` nodes) get exact algorithms; larger
ones a documented faster method with a fixed seed, so the same graph gives the same answer:

- brokers: betweenness centrality, exact (Brandes) or estimated from ``k`` sampled source nodes:
  networkx's values and sample, computed by igraph (C; under a second for 18,000 actors);
- structural holes: Burt's constraint and effective size of every node; both exact, computed with
  the unweighted-graph forms (effective size after Borgatti; constraint with proportional tie
  strength 1/degree), which give networkx's values at a fraction of the cost on dense groups;
- communities: greedy modularity maximisation (Clauset-Newman-Moore, deterministic), or above the
  limit Louvain (igraph's multilevel algorithm) with a fixed seed;
- isolated actors: nodes without any edge.
"""

import math
import random
from collections import Counter, defaultdict
from contextlib import contextmanager
from itertools import chain

import networkx as nx

EXACT_LIMIT = 1000
SAMPLE_SIZE = 200
SEED = 42


def betweenness(G, exact_limit=EXACT_LIMIT, k=SAMPLE_SIZE, seed=SEED):
    """Normalised betweenness centrality of every node (who brokers between others).

    Parameters
    ----------
    G : networkx.Graph
    exact_limit : int
        Largest number of nodes computed exactly; above it, ``k`` sampled sources are used.
    k, seed : int
        Sample size and random seed of the estimate.

    Returns
    -------
    dict
        ``{"values": {node: float}, "method": str}``.

    Examples
    --------
    >>> result = betweenness(nx.path_graph(["a", "b", "c"]))
    >>> result["values"]
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    >>> result["method"]
    'exact betweenness (Brandes), 3 nodes'
    """
    n = G.number_of_nodes()
    if n <= exact_limit or k >= n:
        sources = list(G)
        method = f"exact betweenness (Brandes), {n} nodes"
    else:
        sources = random.Random(seed).sample(list(G), k)  # networkx's sample for this seed
        method = (f"betweenness estimated from k={k} sampled source nodes (seed {seed}), "
                  f"{n} nodes > {exact_limit}")
    return {"values": _scaled_betweenness(G, sources), "method": method}


def _scaled_betweenness(G, sources):
    """networkx's normalised ``betweenness_centrality`` (``k`` sampled ``sources``, or all nodes:
    exact), computed by igraph's Brandes in C: the sums over ``sources`` of each node's
    dependency, scaled as networkx scales them (a source node was a possible pair end once less)."""
    n = len(G)
    if n <= 2:
        return dict.fromkeys(G, 0.0)
    dependency = _dependency_sums(G, sources)
    k, pairs = len(sources), n - 2
    if k == n:  # exact: each node is one of the n - 1 other possible sources of the others
        return {node: value / ((n - 1) * pairs) if value else 0.0 for node, value in dependency.items()}
    sampled = set(sources)
    return {node: value / ((k - 1) * pairs if node in sampled else k * pairs) if value else 0.0
            for node, value in dependency.items()}


def _dependency_sums(G, sources):
    """``{node: sum over s in sources of the share of shortest paths from s that pass through it}``."""
    graph, nodes, index = igraph_of(G, directed=True)
    sums = graph.betweenness(sources=[index[s] for s in sources], targets=None, directed=True)
    return dict(zip(nodes, sums, strict=True))


def igraph_of(G, nodes=None, directed=False):
    """``G`` as an igraph graph (``directed``: each edge both ways), with its ``nodes`` (default:
    sorted by their text) and their indexes: ``(graph, nodes, index)``. Edges in sorted order,
    not in ``G``'s, which can follow set iteration (string hashes differ per run): seeded layouts
    and communities are then the same every run."""
    import igraph

    nodes = sorted(G, key=str) if nodes is None else list(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    ends = sorted(tuple(sorted((index[a], index[b]))) for a, b in G.edges())
    if directed:
        ends += [(b, a) for a, b in ends]
    return igraph.Graph(n=len(nodes), edges=ends, directed=directed), nodes, index


@contextmanager
def igraph_seeded(seed):
    """igraph's random choices drawn from ``random.Random(seed)`` inside the block: the same every run."""
    import igraph

    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def _louvain(G, seed):
    """Louvain communities by igraph's multilevel algorithm (C; ten times networkx's speed at
    18,000 actors), with a seeded random generator."""
    graph, nodes, _ = igraph_of(G)
    with igraph_seeded(seed):
        membership = graph.community_multilevel().membership
    groups = defaultdict(set)
    for node, group in zip(nodes, membership, strict=True):
        groups[group].add(node)
    return list(groups.values())


def structural_holes(G, nodes=None):
    """Burt's constraint (low = spans structural holes) and effective size of each node.

    For an unweighted graph the proportional tie strength of ``i`` to a neighbour ``j`` is
    ``1/deg(i)``, so constraint is ``sum_j (1/deg(i) + sum_q 1/(deg(i) deg(q)))**2`` over the
    neighbours ``j`` of ``i`` and their common neighbours ``q``; effective size is
    ``deg(i) - 2 t / deg(i)`` with ``t`` the edges among the neighbours (Borgatti). Both equal
    ``networkx.constraint`` and ``networkx.effective_size``, computed with set intersections.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, unweighted.
    nodes : iterable, optional
        Nodes to measure (default: all).

    Returns
    -------
    dict
        ``{"constraint": {node: float or None}, "effective_size": {node: float or None},
        "method": str}``; ``None`` for an isolated node, where neither is defined.

    Examples
    --------
    >>> star = nx.star_graph(3)
    >>> result = structural_holes(star)
    >>> round(result["constraint"][0], 3), result["effective_size"][0]
    (0.333, 3.0)
    >>> result["constraint"][1], result["effective_size"][1]
    (1.0, 1.0)
    """
    nodes = list(G) if nodes is None else list(nodes)
    neighbours = {node: set(G[node]) - {node} for node in G}
    constraint, effective = {}, {}
    for node in nodes:
        around = neighbours[node]
        degree = len(around)
        if degree == 0:
            constraint[node] = effective[node] = None
            continue
        terms, ties = [], 0
        for other in around:
            shared = around & neighbours[other]
            ties += len(shared)
            indirect = math.fsum(1 / len(neighbours[q]) for q in shared) / degree
            terms.append((1 / degree + indirect) ** 2)
        constraint[node] = math.fsum(terms)  # exact sums: the same in any order sets iterate in
        effective[node] = degree - ties / degree  # ties counts each edge among neighbours twice
    method = (f"Burt's constraint and effective size, exact (unweighted forms), "
              f"{len(nodes)} nodes")
    return {"constraint": constraint, "effective_size": effective, "method": method}


def communities(G, exact_limit=EXACT_LIMIT, seed=SEED):
    """Communities of the network, largest first (ties by smallest node), with modularity.

    Returns
    -------
    dict
        ``{"communities": [sorted list of nodes], "membership": {node: index},
        "modularity": float, "method": str}``; an isolated node is a community of its own.

    Examples
    --------
    >>> G = nx.barbell_graph(3, 0)
    >>> communities(G)["communities"]
    [[0, 1, 2], [3, 4, 5]]
    """
    n = G.number_of_nodes()
    if G.number_of_edges() == 0:
        found = [{node} for node in G]
        method = "no edges: every node is its own community"
    elif n <= exact_limit:
        found = nx.community.greedy_modularity_communities(G)
        method = f"greedy modularity maximisation (Clauset-Newman-Moore), {n} nodes"
    else:
        found = _louvain(G, seed)
        method = f"Louvain modularity communities (igraph multilevel, seed {seed}), {n} nodes > {exact_limit}"
    groups = sorted((sorted(group, key=str) for group in found), key=lambda g: (-len(g), str(g[0])))
    modularity = nx.community.modularity(G, groups) if G.number_of_edges() else 0.0
    membership = {node: index for index, group in enumerate(groups) for node in group}
    return {"communities": groups, "membership": membership, "modularity": modularity, "method": method}


def isolated(G):
    """Nodes without any edge, sorted.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")]); G.add_node("c")
    >>> isolated(G)
    {'nodes': ['c'], 'method': 'nodes of degree 0'}
    """
    return {"nodes": sorted(nx.isolates(G), key=str), "method": "nodes of degree 0"}


def hops_from(G, sources, cutoff=None):
    """Fewest edges from any of ``sources`` to each reachable node (multi-source BFS); ``G`` a
    networkx graph or a ``{node: neighbours}`` mapping.

    Examples
    --------
    >>> hops_from(nx.path_graph(4), [0])
    {0: 0, 1: 1, 2: 2, 3: 3}
    >>> hops_from(nx.path_graph(4), [0, 3], cutoff=1)
    {0: 0, 3: 0, 1: 1, 2: 1}
    >>> hops_from({0: [1], 1: [0, 2], 2: [1]}, [2])
    {2: 0, 1: 1, 0: 2}
    """
    hops = {node: 0 for node in sources if node in G}
    frontier, level = list(hops), 0
    while frontier and (cutoff is None or level < cutoff):
        level += 1
        reached = []
        for node in frontier:
            for neighbour in G[node]:
                if neighbour not in hops:
                    hops[neighbour] = level
                    reached.append(neighbour)
        frontier = reached
    return hops


def breadth_first(G):
    """Every node of ``G``, breadth first: each component from its least node, each node's
    neighbours in sorted order. Neighbours come close together: pages that draw a node's
    neighbourhood, made in this order, find much of it drawn already.

    Examples
    --------
    >>> breadth_first(nx.Graph([("d", "a"), ("a", "c"), ("c", "b"), ("e", "f")]))
    ['a', 'c', 'd', 'b', 'e', 'f']
    """
    order, seen = [], set()
    for start in sorted(G):
        if start in seen:
            continue
        seen.add(start)
        position = len(order)
        order.append(start)
        while position < len(order):  # the queue: the nodes of ``order`` from ``position`` on
            for neighbour in sorted(G[order[position]]):
                if neighbour not in seen:
                    seen.add(neighbour)
                    order.append(neighbour)
            position += 1
    return order


def common_neighbours(G, a, b):
    """The neighbours ``a`` and ``b`` share, sorted.

    Examples
    --------
    >>> common_neighbours(nx.Graph([("a", "x"), ("b", "x"), ("a", "y")]), "a", "b")
    ['x']
    """
    return sorted(set(G[a]) & set(G[b]), key=str)


def common_neighbour_counts(G, a):
    """How many neighbours ``a`` shares with each node (nodes sharing none are left out); ``G`` a
    networkx graph or a ``{node: neighbours}`` mapping.

    Examples
    --------
    >>> sorted(common_neighbour_counts(nx.Graph([("a", "x"), ("b", "x"), ("a", "y"), ("b", "y")]), "a").items())
    [('a', 2), ('b', 2)]
    >>> sorted(common_neighbour_counts({"a": ["x"], "b": ["x"], "x": ["a", "b"]}, "a").items())
    [('a', 1), ('b', 1)]
    """
    return Counter(chain.from_iterable(G[neighbour] for neighbour in G[a]))  # counted in C


def hops_and_common_neighbours(G, node, cutoff=None):
    """``(hops_from(G, [node], cutoff), common_neighbour_counts(G, node))``; within two hops
    the hops come from the same walk as the counts (the nodes two hops away are the ones
    that share a neighbour with ``node``), so the two cost one walk.

    Examples
    --------
    >>> hops, shared = hops_and_common_neighbours({0: [1], 1: [0, 2], 2: [1, 3], 3: [2]}, 0, cutoff=2)
    >>> sorted(hops.items()), sorted(shared.items())
    ([(0, 0), (1, 1), (2, 2)], [(0, 1), (2, 1)])
    """
    shared = common_neighbour_counts(G, node)
    if cutoff != 2:
        return hops_from(G, [node], cutoff), shared
    hops = dict.fromkeys(shared, 2)  # made in C; in another order than hops_from's
    hops.update(dict.fromkeys(G[node], 1))
    hops[node] = 0
    return hops, shared
