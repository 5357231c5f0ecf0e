"""Force layout of big networks: beyond ``LAYOUT_THRESHOLD`` actors, positions come from
``force_layout`` (igraph) and the browser's physics is off.
"""

import math

LAYOUT_THRESHOLD = 300


def force_layout(network, iterations=200, seed=1):
    """Positions ``{node: (x, y)}`` in pixels by igraph's Fruchterman-Reingold layout (in C; the
    grid variant, whose repulsion only counts nearby nodes: 18,000 actors in about a second),
    centred and scaled with the number of nodes. Deterministic for a given ``seed``."""
    from atmp_kg.analyse.measures import igraph_of, igraph_seeded

    graph, order, _ = igraph_of(network, nodes=sorted(network))
    if not order:
        return {}
    with igraph_seeded(seed):
        coords = graph.layout_fruchterman_reingold(niter=iterations, grid=True).coords
    middle = [sum(c[axis] for c in coords) / len(coords) for axis in (0, 1)]
    spread = max(abs(c[axis] - middle[axis]) for c in coords for axis in (0, 1)) or 1.0
    scale = 40.0 * math.sqrt(len(order)) / spread
    return {node: (round((x - middle[0]) * scale, 1), round((y - middle[1]) * scale, 1))
            for node, (x, y) in zip(order, coords, strict=True)}
