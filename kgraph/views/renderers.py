"""How a page draws, by the size of its graph (no heavy imports: the CLI reads these for --help).

``canvas`` is vis-network on a 2D canvas: node shapes, curved parallel edges, nodes that can be
dragged, and up to :data:`PAGE_LAYOUT_MAX_NODES` connected entities a layout computed in the page.
``webgl`` is sigma.js on a graphology graph: every level laid out in Python, circles only; it
opens graphs of tens of thousands of nodes in seconds where vis-network needs tens of seconds
(docs/benchmarks.md).
"""
from __future__ import annotations

__all__ = ["RENDERERS", "PAGE_LAYOUT_MAX_NODES", "WEBGL_ABOVE_NODES"]

#: how the page draws: ``auto`` picks ``webgl`` above WEBGL_ABOVE_NODES connected entities
RENDERERS = ("auto", "canvas", "webgl")

#: above this many connected nodes the layout is computed in Python, not in the page
#: (docs/benchmarks.md: vis-network's own layout took 9 s at 500 nodes, Python's 1 s at 1,000)
PAGE_LAYOUT_MAX_NODES = 300

#: above this many connected entities ``auto`` draws with WebGL (sigma.js), not vis-network:
#: vis-network builds an object per node and edge before the first frame (docs/benchmarks.md)
WEBGL_ABOVE_NODES = 2000
