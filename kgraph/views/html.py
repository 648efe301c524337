"""The interactive HTML page: one self-contained, offline file.

The page comes from kgraph's own template (``templates/view.html.j2``), rendered with
autoescaping, with its drawing library inlined, so the page loads nothing from the network:
the vis-network copy that pyvis ships (``canvas``: a 2D canvas, the in-page layout) or, for big
graphs, sigma.js and graphology from ``vendor/`` (``webgl``; see ``vendor/README.md``; above
:data:`WEBGL_ABOVE_NODES` connected entities by default). A Content-Security-Policy allows only
the page's own two scripts (by hash), so even markup that slipped into the page could not run;
``view.js`` builds every text with ``textContent`` and makes links only of ``http:``/``https:``
URLs.

The graph travels as one JSON block: the articles, the assertions (sentence, time,
modality, the subject's and object's names located in the sentence), and one node/edge
list per level (``entities``; ``countries``, see :mod:`kgraph.views.levels`). Levels of more
than :data:`PAGE_LAYOUT_MAX_NODES` connected nodes, and every level of a WebGL page, are laid
out here (:mod:`kgraph.views.layout`) and drawn with physics off; smaller ones are laid out in
the page. Node and edge lists are built in one pass each (linear time).
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from kgraph import __version__
from kgraph.countries import entity_countries
from kgraph.rdf.io import atomic_write
from kgraph.rdf.namespaces import ENTITY_CLASSES, KGO, RELATIONS
from kgraph.resources import data_path
from kgraph.views.layout import force_layout
from kgraph.views.levels import LANGS, LEVELS, country_level
from kgraph.views.renderers import PAGE_LAYOUT_MAX_NODES, RENDERERS, WEBGL_ABOVE_NODES

__all__ = ["CLASS_STYLE", "RELATION_COLORS", "PAGE_LAYOUT_MAX_NODES", "RENDERERS", "WEBGL_ABOVE_NODES",
           "choose_renderer", "relation_labels", "page_data", "render_html", "write_html"]

VIS_VERSION = "9.1.2"
SIGMA_VERSION = "3.0.2"
GRAPHOLOGY_VERSION = "0.26.0"

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

#: edge labels are drawn (when zoomed in) only up to this many edges: measuring thousands of
#: labels at every frame makes the first frame of a 10,000-edge page three times slower
EDGE_LABELS_MAX = 2000

#: in levels of more nodes than this only the LABELLED_MOST most connected nodes carry a label
#: on the canvas (the others are named in tooltips, the panel and search), and nodes are not
#: drawn while the view is dragged: vis-network draws 20,000 labelled nodes at about 1 frame/s
LABELS_ALL_MAX = 2000
LABELLED_MOST = 300
HIDE_NODES_ON_DRAG_ABOVE = 5000


@lru_cache(maxsize=2)
def relation_labels(lang: str = "en") -> dict[str, str]:
    """Relation → its ``rdfs:label`` in ``lang`` from ``ontologies/kgraph.ttl`` (local name if none)."""
    onto = Graph()
    onto.parse(data_path("kgraph.ttl"), format="turtle")
    labels = {}
    for rel in RELATIONS:
        found = [str(o) for o in onto.objects(KGO[rel], RDFS.label) if isinstance(o, Literal) and o.language == lang]
        labels[rel] = found[0] if found else rel
    return labels


def _width(count: int) -> float:
    return round(min(12.0, 1.0 + 2.0 * math.log2(max(1, count))), 2)


def _options(n_nodes: int, precomputed: bool) -> dict[str, Any]:
    big = n_nodes > 1000
    iterations = 1000 if n_nodes <= 100 else 400
    return {
        "autoResize": True,
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
        "nodes": {"font": {"size": 14, "strokeWidth": 3}, "borderWidth": 1,
                  # labels by zoom and degree: a node's font grows with its degree (its value),
                  # and a label is drawn only once it is at least drawThreshold px on screen
                  "scaling": {"min": 10, "max": 40,
                              "label": {"enabled": True, "min": 11, "max": 34, "drawThreshold": 9,
                                        "maxVisible": 28}}},
        "edges": {"font": {"size": 10, "align": "middle", "strokeWidth": 3, "color": "#444"},
                  "smooth": False, "selectionWidth": 2, "hoverWidth": 1,
                  "scaling": {"min": 1, "max": 10,
                              "label": {"enabled": True, "min": 9, "max": 13, "drawThreshold": 10,
                                        "maxVisible": 16}}},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "hideNodesOnDrag": n_nodes > HIDE_NODES_ON_DRAG_ABOVE,
                        "navigationButtons": False},
        "physics": {
            "enabled": not precomputed, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.2},
            "stabilization": {"enabled": not precomputed, "iterations": iterations, "updateInterval": 25,
                              "fit": True},
        },
    }


def _names(d: dict[str, Any]) -> list[str]:
    return [x for x in (d.get("label_en"), d.get("label_id"), *d.get("alt_labels", ())) if x]


def _marks(sentence: str, names: list[str]) -> list[list[int]]:
    """Offsets (in the sentence) of the words that name the subject or the object: each name
    found case-insensitively as whole words, longer names first, never overlapping."""
    low = sentence.lower()
    if len(low) != len(sentence):  # a character whose lower case is longer: match the case as written
        low = sentence
    taken: list[list[int]] = []
    for name in sorted({n for n in names if len(n) > 1}, key=len, reverse=True):
        word = name.lower() if low is not sentence else name
        at = low.find(word)
        while at >= 0:
            end = at + len(word)
            whole = (at == 0 or not low[at - 1].isalnum()) and (end == len(low) or not low[end].isalnum())
            if whole and all(end <= a or at >= b for a, b in taken):
                taken.append([at, end])
            at = low.find(word, at + 1)
    return sorted(taken)


def _node(i: int, d: dict[str, Any], degree: int, lang: str) -> dict[str, Any]:
    cls = d.get("type", "?")
    shape, color, _, type_label = CLASS_STYLE.get(cls, _OTHER_STYLE)
    first = d.get("label_id") if lang == "id" else d.get("label_en")
    label = first or d.get("name") or d.get("key") or str(i)
    node: dict[str, Any] = {
        "id": i, "shape": shape, "color": color, "label": str(label), "type": cls, "typeLabel": type_label,
        "names": {"en": d.get("label_en"), "id": d.get("label_id"), "alt": list(d.get("alt_labels", ()))},
        "ids": [list(x) for x in d.get("identifiers", ())], "degree": degree, "value": degree + 1,
    }
    if d.get("folded"):
        node["folded"] = [[CLASS_STYLE.get(t, _OTHER_STYLE)[3], d["folded_counts"][t], names]
                          for t, names in d["folded"].items()]
    return node


class _Assertions:
    """The page's tables of articles and assertions, filled edge by edge."""

    def __init__(self) -> None:
        self.docs: list[list[Any]] = []
        self.rows: list[list[Any]] = []
        self._doc_index: dict[tuple, int] = {}

    def add(self, ev, subject: int, relation: str, obj: int, names: list[str]) -> int:
        key = (ev.document, ev.title, ev.date, ev.url)
        if key not in self._doc_index:
            self._doc_index[key] = len(self.docs)
            self.docs.append([ev.title, ev.date, ev.url])
        self.rows.append([self._doc_index[key], ev.sentence, ev.stated, ev.modality, _marks(ev.sentence, names),
                          subject, relation, obj])
        return len(self.rows) - 1


def _edges(G: nx.MultiDiGraph, ids: dict[Any, int], labels: dict[str, str], table: _Assertions | None,
           assertions_of: dict[tuple, list[int]]) -> list[dict[str, Any]]:
    """vis edges of ``G``; with ``table`` the evidence is added to it, else taken from
    ``assertions_of[(u, v, relation)]`` (edges that fold several of the entity level)."""
    parallel: Counter[frozenset] = Counter(frozenset((u, v)) for u, v in G.edges())
    seen: Counter[frozenset] = Counter()
    edges = []
    labelled = G.number_of_edges() <= EDGE_LABELS_MAX
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        rel, count = d.get("relation", "?"), int(d.get("count", 1))
        if table is not None:
            names = _names(G.nodes[u]) + _names(G.nodes[v])
            rows = [table.add(ev, ids[u], rel, ids[v], names) for ev in d.get("evidence", ())]
            assertions_of[(u, v, rel)] = rows
        else:
            rows = sorted({r for src in d.get("sources", ()) for r in assertions_of.get(src, ())})
        name = labels.get(rel, rel)
        edge: dict[str, Any] = {
            "id": i, "from": ids[u], "to": ids[v], "relation": rel, "count": count, "value": count,
            "color": RELATION_COLORS.get(rel, "#555"), "width": _width(count), "a": rows,
        }
        if labelled:
            edge["label"] = name if count == 1 else f"{name} \u00d7{count}"
        if d.get("hedged"):
            edge["hedged"] = True
            edge["dashes"] = True
        if d.get("symmetric"):
            edge["arrows"] = ""
        pair = frozenset((u, v))
        if parallel[pair] > 1:  # fan out parallel edges between the same two nodes
            k = seen[pair]
            seen[pair] += 1
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                              "roundness": round(0.15 + 0.15 * (k // 2), 2)}
        edges.append(edge)
    return edges


def _level(G: nx.MultiDiGraph, ids: dict[Any, int], labels: dict[str, str], lang: str, table: _Assertions | None,
           assertions_of: dict[tuple, list[int]], webgl: bool) -> dict[str, Any]:
    """One level's nodes, edges, legend and vis options (laid out here when it is big or drawn with WebGL)."""
    degree: Counter[Any] = Counter()
    for u, v in G.edges():
        degree[u] += 1
        degree[v] += 1
    nodes = [_node(ids[n], d, degree[n], lang) for n, d in G.nodes(data=True)]
    if len(nodes) > LABELS_ALL_MAX:
        for node in sorted(nodes, key=lambda x: (-x["degree"], x["id"]))[LABELLED_MOST:]:
            node["drawLabel"] = False
    edges = _edges(G, ids, labels, table, assertions_of)
    connected = [n for n in G.nodes if degree[n]]
    precomputed = webgl or len(connected) > PAGE_LAYOUT_MAX_NODES
    if precomputed:
        positions = force_layout(connected, G.edges())
        for node, n in zip(nodes, G.nodes):
            if n in positions:
                node["x"], node["y"] = (round(c) for c in positions[n])
    order = {c: i for i, c in enumerate(ENTITY_CLASSES)}
    classes = Counter(n["type"] for n in nodes)
    rel_order = {r: i for i, r in enumerate(RELATIONS)}
    relations = Counter(e["relation"] for e in edges)
    return {
        "nodes": nodes, "edges": edges, "layout": "precomputed" if precomputed else "page",
        "options": None if webgl else _options(len(connected), precomputed),
        "classes": [{"name": c, "label": CLASS_STYLE.get(c, _OTHER_STYLE)[3], "color": CLASS_STYLE.get(c, _OTHER_STYLE)[1],
                     "glyph": CLASS_STYLE.get(c, _OTHER_STYLE)[2], "count": k}
                    for c, k in sorted(classes.items(), key=lambda ck: (order.get(ck[0], 99), ck[0]))],
        "relations": [{"name": r, "label": labels.get(r, r), "color": RELATION_COLORS.get(r, "#555"), "count": k}
                      for r, k in sorted(relations.items(), key=lambda rk: (rel_order.get(rk[0], 99), rk[0]))],
    }


def choose_renderer(G: nx.MultiDiGraph, renderer: str = "auto") -> str:
    """``canvas`` or ``webgl``: ``renderer`` itself, or for ``auto`` by the connected entities of ``G``."""
    if renderer not in RENDERERS:
        raise ValueError(f"unknown renderer {renderer!r}")
    if renderer != "auto":
        return renderer
    connected = sum(1 for n in G.nodes if G.degree(n) > 0)
    return "webgl" if connected > WEBGL_ABOVE_NODES else "canvas"


def page_data(G: nx.MultiDiGraph, *, level: str = "entities", lang: str = "en",
              renderer: str = "canvas") -> dict[str, Any]:
    """Everything the page shows, as one JSON-ready dict (see the module docstring);
    ``renderer`` is ``canvas`` or ``webgl`` (:func:`choose_renderer`)."""
    if level not in LEVELS or lang not in LANGS or renderer not in RENDERERS[1:]:
        raise ValueError(f"unknown level {level!r}, language {lang!r} or renderer {renderer!r}")
    labels = relation_labels(lang)
    table = _Assertions()
    assertions_of: dict[tuple, list[int]] = {}
    ids = {n: i for i, n in enumerate(G.nodes)}
    webgl = renderer == "webgl"
    entities = _level(G, ids, labels, lang, table, assertions_of, webgl)
    countries = _level(country_level(G, entity_countries(G)), ids, labels, lang, None, assertions_of, webgl)
    return {"level": level, "lang": lang, "renderer": renderer, "docs": table.docs, "assertions": table.rows,
            "levels": {"entities": entities, "countries": countries}}


def _json_for_script(value: Any) -> Markup:
    """JSON that is safe inside a <script> element: no '<', '>', '&' or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _script(text: str, name: str) -> str:
    if "</script" in text.lower():  # pragma: no cover - would break the page
        raise RuntimeError(f"{name} contains '</script' and cannot be inlined")
    return text


@lru_cache(maxsize=2)
def _assets(renderer: str) -> tuple[str, str, str, str, jinja2.Template]:
    """(library script, kgraph's script, css, generator note, template) of a ``renderer`` page."""
    here = resources.files("kgraph.views")
    if renderer == "webgl":
        vendor = here.joinpath("vendor")
        lib = "\n".join(_script(vendor.joinpath(name).read_text(encoding="utf-8"), name)
                        for name in (f"graphology-{GRAPHOLOGY_VERSION}.umd.min.js", f"sigma-{SIGMA_VERSION}.min.js"))
        note = f"sigma.js {SIGMA_VERSION}, graphology {GRAPHOLOGY_VERSION}"
    else:
        vis = resources.files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}", "vis-network.min.js")
        lib = _script(vis.read_text(encoding="utf-8"), "vis-network.min.js")
        note = f"vis-network {VIS_VERSION}"
    templates = here.joinpath("templates")
    app_js = "\n".join(_script(templates.joinpath(name).read_text(encoding="utf-8"), name)
                       for name in (f"render-{renderer}.js", "view.js"))
    css = templates.joinpath("view.css").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    template = env.from_string(templates.joinpath("view.html.j2").read_text(encoding="utf-8"))
    return lib, app_js, css, note, template


def render_html(G: nx.MultiDiGraph, *, heading: str = "kgraph", level: str = "entities", lang: str = "en",
                renderer: str = "auto") -> str:
    """The whole page for graph ``G`` (from :func:`kgraph.network.to_networkx`) as a string;
    ``renderer``: one of :data:`RENDERERS`."""
    chosen = choose_renderer(G, renderer)
    data = page_data(G, level=level, lang=lang, renderer=chosen)
    lib_js, app_js, css, note, template = _assets(chosen)
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src {_sha256(lib_js)} {_sha256(app_js)}; base-uri 'none'; form-action 'none'")
    return template.render(heading=heading, csp=csp, version=__version__, library=note,
                           css=Markup(css), lib_js=Markup(lib_js), app_js=Markup(app_js),
                           data_json=_json_for_script(data))


def write_html(G: nx.MultiDiGraph, path: str | Path, *, heading: str = "kgraph", level: str = "entities",
               lang: str = "en", renderer: str = "auto") -> int:
    """Write the page atomically; returns its size in bytes."""
    data = render_html(G, heading=heading, level=level, lang=lang, renderer=renderer).encode("utf-8")
    atomic_write(path, data)
    return len(data)
