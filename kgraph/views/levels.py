"""The view's levels: ``entities`` (the graph as built) and ``countries`` (states and
international organisations, with persons, places and organisations folded into the state
the graph ties them to).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx

from kgraph.rdf.namespaces import SYMMETRIC

__all__ = ["LEVELS", "LANGS", "STATE_CLASSES", "country_level"]

LEVELS = ("entities", "countries")
#: languages of the page's relation names and entity labels (the ontology's label languages)
LANGS = ("en", "id")
#: classes that stand for themselves at the country level
STATE_CLASSES = frozenset({"Country", "InternationalOrganization"})
#: names of folded entities kept per state (for the page's panel)
FOLDED_NAMES = 50


def country_level(G: nx.MultiDiGraph, country_of: Mapping[str, str]) -> nx.MultiDiGraph:
    """``G`` with every node replaced by its state: Countries and InternationalOrganizations
    stay, any other node becomes ``country_of[node]`` (a Country node of ``G``) or is left out.

    Edges are merged per (state, relation, state): ``count`` adds up, ``hedged`` holds when
    every merged edge is hedged, ``sources`` lists the merged ``(u, v, relation)`` edges of
    ``G``, ``evidence`` joins theirs; edges within one state (a president and his country)
    are dropped. Each state node gets ``folded``: the type → names of what was folded into it.
    """
    def state(n: str) -> str | None:
        if G.nodes[n].get("type") in STATE_CLASSES:
            return n
        target = country_of.get(n)
        return target if target in G and G.nodes[target].get("type") == "Country" else None

    H = nx.MultiDiGraph()
    folded: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for n, d in G.nodes(data=True):
        s = state(n)
        if s == n:
            H.add_node(n, **d)
        elif s is not None:
            folded[s][d.get("type", "?")].append(d.get("name") or n)
    for s, by_type in folded.items():
        H.nodes[s]["folded"] = {t: sorted(names)[:FOLDED_NAMES] for t, names in sorted(by_type.items())}
        H.nodes[s]["folded_counts"] = {t: len(names) for t, names in sorted(by_type.items())}
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for u, v, d in G.edges(data=True):
        su, sv = state(u), state(v)
        rel = d.get("relation", "?")
        if su is None or sv is None or su == sv:
            continue
        if rel in SYMMETRIC and sv < su:
            su, sv = sv, su
        key = (su, rel, sv)
        m = merged.setdefault(key, {"relation": rel, "symmetric": rel in SYMMETRIC, "count": 0, "hedged": True,
                                    "sources": [], "evidence": []})
        m["count"] += int(d.get("count", 1))
        m["hedged"] = m["hedged"] and bool(d.get("hedged"))
        m["sources"].append((u, v, rel))
        m["evidence"].extend(d.get("evidence", ()))
    for (su, rel, sv), m in sorted(merged.items()):
        H.add_edge(su, sv, key=rel, **m)
    return H
