"""The interactive HTML page: one self-contained, offline file built from pyvis data.

This is the only module that imports pyvis. pyvis holds the nodes, edges and options
(added in bulk: its ``add_node``/``add_edge``/``from_nx`` check membership in lists, which
is quadratic), but the page comes from kgraph's own template (``templates/view.html.j2``),
rendered with autoescaping, with the vis-network copy that pyvis ships inlined, so the
page loads nothing from the network. A Content-Security-Policy allows only the page's own
two scripts (by hash), so even markup that slipped into the page could not run.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from kgraph import __version__
from kgraph.rdf.io import atomic_write
from kgraph.rdf.namespaces import ENTITY_CLASSES, RELATIONS

__all__ = ["CLASS_STYLE", "RELATION_COLORS", "build_network", "render_html", "write_html"]

VIS_VERSION = "9.1.2"

#: class → (vis shape, colour, legend glyph, legend label)
CLASS_STYLE: dict[str, tuple[str, str, str, str]] = {
    "Country": ("dot", "#1f77b4", "\u25cf", "Country"),
    "InternationalOrganization": ("hexagon", "#9467bd", "\u2b22", "International organisation"),
    "Organization": ("square", "#8c564b", "\u25a0", "Organisation"),
    "Person": ("triangle", "#ff7f0e", "\u25b2", "Person"),
    "Place": ("diamond", "#2ca02c", "\u25c6", "Place"),
}
_OTHER_STYLE = ("star", "#7f7f7f", "\u2605", "Other")

_PALETTE = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324",
            "#469990", "#800000", "#808000", "#000075", "#bfef45", "#fabed4", "#dcbeff", "#aaffc3",
            "#ffd8b1", "#a9a9a9", "#ffe119", "#e6beff", "#1b9e77", "#d95f02", "#7570b3", "#e7298a")
#: relation → edge colour (a fixed colour per relation, so pages are comparable)
RELATION_COLORS: dict[str, str] = dict(zip(RELATIONS, _PALETTE))

#: evidence sentences embedded per edge (the tooltip shows the first five)
EVIDENCE_IN_PAGE = 20


def _width(count: int) -> float:
    return round(min(12.0, 1.0 + 2.0 * math.log2(max(1, count))), 2)


def _iterations(n_nodes: int) -> int:
    """Layout iterations before physics is switched off: fewer for big graphs, whose
    iterations cost more (about 12 ms each at 1,000 nodes in headless Chromium)."""
    return 1000 if n_nodes <= 300 else 300 if n_nodes <= 2000 else 150


def _options(n_nodes: int) -> dict[str, Any]:
    big = n_nodes > 1000
    return {
        "autoResize": True,
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
        "nodes": {"font": {"size": 14, "strokeWidth": 3}, "borderWidth": 1, "size": 14},
        "edges": {"font": {"size": 10, "align": "middle", "strokeWidth": 3, "color": "#444"},
                  "smooth": False, "selectionWidth": 2, "hoverWidth": 1},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "navigationButtons": False},
        "physics": {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120,
                                 "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": _iterations(n_nodes),
                              "updateInterval": 25, "fit": True},
        },
    }


def build_network(G: nx.MultiDiGraph, *, heading: str = "kgraph") -> Network:
    """A pyvis Network holding ``G``'s nodes and merged edges, styled by class and relation.

    Node and edge dicts are built directly and assigned in one go (linear time); vis ids are
    small integers, the IRI is kept in ``iri``.
    """
    net = Network(height="100%", width="100%", directed=True, heading=heading, cdn_resources="local")
    ids = {n: i for i, n in enumerate(G.nodes)}
    degree = Counter()
    for u, v in G.edges():
        degree[u] += 1
        degree[v] += 1
    nodes = []
    for n, d in G.nodes(data=True):
        cls = d.get("type", "?")
        shape, color, _, type_label = CLASS_STYLE.get(cls, _OTHER_STYLE)
        names = {"en": d.get("label_en"), "id": d.get("label_id"), "alt": list(d.get("alt_labels", ()))}
        nodes.append(Node(ids[n], shape, label=str(d.get("name") or n), color=color, iri=str(n),
                          type=cls, typeLabel=type_label, names=names, degree=degree[n],
                          size=round(10 + 4 * math.sqrt(degree[n]), 1)).options)
    net.nodes = nodes
    net.node_ids = list(range(len(nodes)))
    net.node_map = {i: nd for i, nd in enumerate(nodes)}

    parallel: dict[frozenset, int] = defaultdict(int)
    for u, v in G.edges():
        parallel[frozenset((u, v))] += 1
    seen: dict[frozenset, int] = defaultdict(int)
    edges = []
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        rel, count = d.get("relation", "?"), int(d.get("count", 1))
        pair = frozenset((u, v))
        opts: dict[str, Any] = {
            "id": i, "relation": rel, "count": count, "color": RELATION_COLORS.get(rel, "#555"),
            "label": rel if count == 1 else f"{rel} \u00d7{count}", "width": _width(count),
            "first": d.get("first_date"), "last": d.get("last_date"),
            "evidence": [list(e) for e in d.get("evidence", ())[:EVIDENCE_IN_PAGE]],
        }
        if d.get("symmetric"):
            opts["arrows"] = ""
        if parallel[pair] > 1:  # fan out parallel edges between the same two nodes
            k = seen[pair]
            seen[pair] += 1
            opts["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                              "roundness": round(0.15 + 0.15 * (k // 2), 2)}
        edges.append(Edge(ids[u], ids[v], True, **opts).options)
    net.edges = edges
    net.options = _options(len(nodes))
    return net


def _json_for_script(value: Any) -> Markup:
    """JSON that is safe inside a <script> element: no '<', '>', '&' or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str, jinja2.Template]:
    vis = resources.files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}", "vis-network.min.js")
    vis_js = vis.read_text(encoding="utf-8")
    here = resources.files("kgraph.views").joinpath("templates")
    app_js = here.joinpath("view.js").read_text(encoding="utf-8")
    css = here.joinpath("view.css").read_text(encoding="utf-8")
    for name, text in (("vis-network.min.js", vis_js), ("view.js", app_js)):
        if "</script" in text.lower():  # pragma: no cover - would break the page
            raise RuntimeError(f"{name} contains '</script' and cannot be inlined")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    template = env.from_string(here.joinpath("view.html.j2").read_text(encoding="utf-8"))
    return vis_js, app_js, css, template


def render_html(G: nx.MultiDiGraph, *, heading: str = "kgraph") -> str:
    """The whole page for graph ``G`` (from :func:`kgraph.network.to_networkx`) as a string."""
    net = build_network(G, heading=heading)
    nodes, edges, heading, _, _, _ = net.get_network_data()
    present_classes = Counter(n["type"] for n in nodes)
    present_relations = Counter(e["relation"] for e in edges)
    order = {c: i for i, c in enumerate(ENTITY_CLASSES)}
    classes = [{"name": c, "label": CLASS_STYLE.get(c, _OTHER_STYLE)[3],
                "color": CLASS_STYLE.get(c, _OTHER_STYLE)[1], "glyph": CLASS_STYLE.get(c, _OTHER_STYLE)[2],
                "count": k} for c, k in sorted(present_classes.items(), key=lambda ck: (order.get(ck[0], 99), ck[0]))]
    rel_order = {r: i for i, r in enumerate(RELATIONS)}
    relations = [{"name": r, "color": RELATION_COLORS.get(r, "#555"), "count": k}
                 for r, k in sorted(present_relations.items(), key=lambda rk: (rel_order.get(rk[0], 99), rk[0]))]
    dates = sorted({d for e in edges for d in (e["first"], e["last"]) if d})
    data = {"nodes": nodes, "edges": edges, "options": net.options, "classes": classes,
            "relations": relations,
            "dates": {"min": dates[0][:10] if dates else None, "max": dates[-1][:10] if dates else None}}
    vis_js, app_js, css, template = _assets()
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src {_sha256(vis_js)} {_sha256(app_js)}; base-uri 'none'; form-action 'none'")
    return template.render(heading=heading, csp=csp, version=__version__, vis_version=VIS_VERSION,
                           css=Markup(css), vis_js=Markup(vis_js), app_js=Markup(app_js),
                           data_json=_json_for_script(data))


def write_html(G: nx.MultiDiGraph, path: str | Path, *, heading: str = "kgraph") -> int:
    """Write the page atomically; returns its size in bytes."""
    data = render_html(G, heading=heading).encode("utf-8")
    atomic_write(path, data)
    return len(data)
