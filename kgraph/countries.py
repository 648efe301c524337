"""The country an entity stands for, to group events by country (event table, dyads, the view).

* a country is its own;
* a person's is the country of an office the graph gives them (``headOfStateOf``,
  ``headOfGovernmentOf``, ``foreignMinisterOf``, ``ministerOf``, ``ambassadorOf`` — not
  ``ambassadorTo``): the one with the most supporting assertions, ties broken by IRI;
* a place's is the country the text calls it the capital of (``capitalOf``), else the one the
  gazetteer locates it in (``kgo:locatedIn``, the node attribute ``located_in``);
* organisations, international organisations and everything else have none.

It works on the graph of :func:`kgraph.network.to_networkx` and folds by facts only: hedged
edges (``include_modal``) give no office and no capital.
"""
from __future__ import annotations

from collections import Counter

import networkx as nx

from kgraph.rdf.namespaces import KGR

__all__ = ["OFFICES", "entity_countries", "country_code"]

#: relations Person → Country that make the country the person's own
OFFICES: tuple[str, ...] = ("headOfStateOf", "headOfGovernmentOf", "foreignMinisterOf", "ministerOf",
                            "ambassadorOf")

_COUNTRY_NS = f"{KGR}country/"


def entity_countries(G: nx.MultiDiGraph) -> dict[str, str]:
    """Node id → the IRI of its country, for every node of ``G`` that has one."""
    offices: dict[str, Counter[str]] = {}
    capitals: dict[str, Counter[str]] = {}
    for s, o, d in G.edges(data=True):
        rel = d.get("relation")
        if d.get("hedged") or G.nodes[o].get("type") != "Country":
            continue
        if rel in OFFICES and G.nodes[s].get("type") == "Person":
            offices.setdefault(s, Counter())[o] += d.get("count", 1)
        elif rel == "capitalOf" and G.nodes[s].get("type") == "Place":
            capitals.setdefault(s, Counter())[o] += d.get("count", 1)
    out: dict[str, str] = {}
    for node, attrs in G.nodes(data=True):
        kind = attrs.get("type")
        if kind == "Country":
            out[node] = node
        elif kind == "Person" and node in offices:
            out[node] = _most_supported(offices[node])
        elif kind == "Place" and node in capitals:
            out[node] = _most_supported(capitals[node])
        elif kind == "Place" and attrs.get("located_in"):
            out[node] = attrs["located_in"]
    return out


def _most_supported(counts: Counter[str]) -> str:
    return min(counts, key=lambda c: (-counts[c], c))


def country_code(iri: str | None) -> str:
    """``…/resource/country/JPN`` → ``JPN``; anything else (or None) → ``""``."""
    return iri[len(_COUNTRY_NS):] if iri and iri.startswith(_COUNTRY_NS) else ""
