"""A force-directed layout computed in Python, for graphs too big to lay out in the page.

Fruchterman–Reingold forces (attraction ``d²/k`` along edges, repulsion ``k²/d`` between
nodes) with a pull to the centre, so that separate components stay near each other.
Exact repulsion is quadratic; here each node is pushed by a fresh random sample of other
nodes in every iteration, scaled up to the whole graph, which makes an iteration linear in
nodes plus edges (20,000 nodes and 50,000 edges: a few seconds in all). The random
generator is seeded: the same graph gives the same picture.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np

__all__ = ["force_layout"]

#: other nodes that push each node in one iteration
REPULSION_SAMPLE = 24
#: pull to the centre per unit of distance: the graph settles in a disc of radius about
#: sqrt(n / GRAVITY) edge lengths, and small components at its rim, not far away
GRAVITY = 0.5


def force_layout(nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable]], *,
                 iterations: int = 150, seed: int = 7, spacing: float = 60.0) -> dict[Hashable, tuple[float, float]]:
    """Positions (in the page's pixels, ``spacing`` = ideal edge length) for ``nodes``.

    ``edges`` are pairs of nodes (direction and repeats do not matter; self-loops are ignored).
    """
    order = list(dict.fromkeys(nodes))
    index = {n: i for i, n in enumerate(order)}
    n = len(order)
    if n == 0:
        return {}
    if n == 1:
        return {order[0]: (0.0, 0.0)}
    pairs = {(min(a, b), max(a, b)) for a, b in ((index[u], index[v]) for u, v in edges) if a != b}
    src, dst = (np.array(x, dtype=np.int64) for x in zip(*pairs)) if pairs else (np.zeros(0, np.int64),) * 2
    rng = np.random.default_rng(seed)
    radius = np.sqrt(n)
    angle, dist = rng.random(n) * 2 * np.pi, radius * np.sqrt(rng.random(n))
    pos = np.column_stack((dist * np.cos(angle), dist * np.sin(angle)))
    sample = min(REPULSION_SAMPLE, n - 1)
    scale = (n - 1) / sample
    temperature = radius / 4
    cooling = (0.01 / 4) ** (1 / max(1, iterations))  # ends at 1% of the start
    for _ in range(iterations):
        others = (np.arange(n)[:, None] + rng.integers(1, n, size=(n, sample))) % n  # never the node itself
        delta = pos[:, None, :] - pos[others]
        d2 = np.maximum((delta ** 2).sum(-1), 1e-4)
        disp = (delta / d2[..., None]).sum(1) * scale
        if len(src):
            along = pos[src] - pos[dst]
            pull = along * np.sqrt((along ** 2).sum(-1))[:, None]
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(src, pull[:, axis], minlength=n)
                disp[:, axis] += np.bincount(dst, pull[:, axis], minlength=n)
        disp -= pos * GRAVITY
        length = np.maximum(np.sqrt((disp ** 2).sum(-1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature *= cooling
    pos -= pos.mean(0)
    pos *= spacing
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(order, pos)}
