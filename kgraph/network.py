"""RDF dataset → networkx graph, and network analytics over it.

``to_networkx`` turns kgraph's RDF (entity nodes, plain relation triples, ``kgo:Assertion``
evidence nodes, ``kgo:Document`` nodes) into a :class:`networkx.MultiDiGraph` with one
edge per (subject, relation, object), keyed by the relation's local name:

* node id: the entity IRI (str); attributes ``key`` (``country/RUS``), ``type``
  (``Country`` …), ``label_en``, ``label_id``, ``alt_labels`` (sorted tuple), ``name``, and for
  places ``located_in`` (the IRI of the country the gazetteer puts them in, ``kgo:locatedIn``).
* node attribute ``identifiers``: sorted ``(property, value)`` pairs — ``owl:sameAs`` IRIs
  (``("sameAs", "http://www.wikidata.org/entity/Q159")``) and any other literal the node
  carries besides its labels (codes such as ISO 3166), by the property's local name.
* edge attributes: ``relation``, ``symmetric`` (symmetric relations are merged whatever
  their direction and stored once, subject < object), ``count`` (supporting assertions,
  at least 1), ``hedged`` (no plain triple states it: only hedged assertions, drawn with
  ``include_modal``), ``evidence`` (list of :class:`Evidence`), ``first_date`` /
  ``last_date`` (ISO dates of the articles, or None).

Lists, tuples and None are not GraphML-safe; :func:`flatten_for_graphml` returns a copy whose
attribute values are all str/int/float/bool. The analytics are small functions over such a
graph, and :func:`summary` gathers them into one JSON-ready dict (``kgraph stats``).
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kgraph.errors import KGraphError
from kgraph.rdf.graphview import GraphView
from kgraph.rdf.namespaces import ENTITY_CLASSES, KGO, KGR, RELATIONS, SYMMETRIC

__all__ = [
    "Evidence", "UnknownNodeError", "to_networkx", "flatten_for_graphml", "to_undirected",
    "find_nodes", "ego_network", "most_connected", "class_counts", "relation_counts",
    "degree_centrality", "betweenness_centrality", "communities", "top_countries_by_relation",
    "summary",
]

#: evidence sentences kept per merged edge (the count still counts all of them)
MAX_EVIDENCE = 50


class Evidence(NamedTuple):
    """One supporting sentence, with its article (title, publication date, URL, IRI), the
    time the statement itself gives (``kgo:date``, else ``start/end`` of ``kgo:startDate`` /
    ``kgo:endDate``, either side possibly empty) and its ``kgo:modality`` (None for a fact)."""

    sentence: str
    title: str
    date: str | None
    url: str | None = None
    stated: str | None = None
    modality: str | None = None
    document: str | None = None


class UnknownNodeError(KGraphError, LookupError):
    """A name given on the command line matches no entity in the graph."""


def _local(iri: URIRef, ns: str) -> str | None:
    text = str(iri)
    return text[len(ns):] if text.startswith(ns) else None


def _doc_info(ds: Graph | GraphView) -> dict[URIRef, tuple[str, str | None, str | None]]:
    """Document IRI → (title, ISO date, URL); documents without a title show their identifier."""
    info: dict[URIRef, tuple[str, str | None, str | None]] = {}
    for doc in set(ds.subjects(RDF.type, KGO.Document)):
        title = ds.value(doc, DCTERMS.title)
        ident = ds.value(doc, DCTERMS.identifier)
        date = ds.value(doc, DCTERMS.issued)
        url = ds.value(doc, KGO.url)
        name = str(title) if title is not None else str(ident) if ident is not None else str(doc)
        info[doc] = (name, str(date) if date is not None else None, str(url) if url is not None else None)
    return info


def _stated_time(ds: Graph | GraphView, assertion: URIRef) -> str | None:
    """The time an assertion's own text gives: its date, else ``start/end`` (a side may be empty)."""
    date = ds.value(assertion, KGO.date)
    if date is not None:
        return str(date)
    start, end = ds.value(assertion, KGO.startDate), ds.value(assertion, KGO.endDate)
    if start is None and end is None:
        return None
    return f"{start if start is not None else ''}/{end if end is not None else ''}"


_NAME_PROPERTIES = frozenset({RDFS.label, SKOS.altLabel, RDF.type, KGO.mergeNote, KGO.keptApartNote})  # not identifiers


def _identifiers(ds: Graph | GraphView, node: URIRef) -> tuple[tuple[str, str], ...]:
    found: set[tuple[str, str]] = set()
    for p, o in ds.predicate_objects(node):
        if p == OWL.sameAs and isinstance(o, URIRef):
            found.add(("sameAs", str(o)))
        elif isinstance(o, Literal) and p not in _NAME_PROPERTIES:
            found.add((str(p).rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1], str(o)))
    return tuple(sorted(found))


def _node_attrs(ds: Graph | GraphView, node: URIRef, cls: str) -> dict[str, Any]:
    en = id_ = None
    others: set[str] = set()
    for label in ds.objects(node, RDFS.label):
        lang = label.language if isinstance(label, Literal) else None
        if lang == "en" and en is None:
            en = str(label)
        elif lang == "id" and id_ is None:
            id_ = str(label)
        else:
            others.add(str(label))
    others.update(str(a) for a in ds.objects(node, SKOS.altLabel))
    others.discard(en)
    others.discard(id_)
    key = _local(node, str(KGR)) or str(node)
    located = ds.value(node, KGO.locatedIn)
    return {"key": key, "type": cls, "label_en": en, "label_id": id_,
            "alt_labels": tuple(sorted(others)), "name": en or id_ or key.rsplit("/", 1)[-1],
            "identifiers": _identifiers(ds, node),
            "located_in": str(located) if located is not None else None}


def to_networkx(dataset: Graph | GraphView, *, include_modal: bool = False) -> nx.MultiDiGraph:
    """Build the merged relation graph of an RDF dataset (or graph, or a store's
    :class:`~kgraph.rdf.graphview.GraphView`) written by kgraph.

    Only relations asserted as facts (a plain ``s kgo:rel o`` triple) become edges, unless
    ``include_modal`` is set, in which case hedged assertions (``kgo:modality``) add edges too.
    """
    classes = {KGO[c]: c for c in ENTITY_CLASSES}
    relations = {KGO[r]: r for r in RELATIONS}
    G = nx.MultiDiGraph()
    for cls_iri, cls in classes.items():
        for node in set(dataset.subjects(RDF.type, cls_iri)):
            if isinstance(node, URIRef) and str(node) not in G:
                G.add_node(str(node), **_node_attrs(dataset, node, cls))
    docs = _doc_info(dataset)

    def edge_key(s: str, rel: str, o: str) -> tuple[str, str, str]:
        return (o, rel, s) if rel in SYMMETRIC and o < s else (s, rel, o)

    facts: set[tuple[str, str, str]] = set()
    for p_iri, rel in relations.items():
        for s, o in dataset.subject_objects(p_iri):
            facts.add(edge_key(str(s), rel, str(o)))
    stated_facts = set(facts)
    evidence: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    counts: Counter[tuple[str, str, str]] = Counter()
    for a in set(dataset.subjects(RDF.type, KGO.Assertion)):
        rel = relations.get(dataset.value(a, RDF.predicate))
        s, o = dataset.value(a, RDF.subject), dataset.value(a, RDF.object)
        if rel is None or s is None or o is None:
            continue
        key = edge_key(str(s), rel, str(o))
        if key not in facts:
            if not include_modal or dataset.value(a, KGO.modality) is None:
                continue
            facts.add(key)
        elif dataset.value(a, KGO.modality) is not None and not include_modal:
            continue
        counts[key] += 1
        doc = dataset.value(a, PROV.wasDerivedFrom)
        title, date, url = docs.get(doc, ("", None, None))
        text, modality = dataset.value(a, KGO.evidenceText), dataset.value(a, KGO.modality)
        evidence[key].append(Evidence(str(text) if text is not None else "", title, date, url,
                                      _stated_time(dataset, a), str(modality) if modality is not None else None,
                                      str(doc) if doc is not None else None))
    for s, rel, o in sorted(facts):
        if s not in G or o not in G:
            continue  # a relation to something that is not a typed entity
        ev = sorted(set(evidence.get((s, rel, o), ())),
                    key=lambda e: (e.date or "", e.title, e.sentence, e.modality or "", e.stated or "", e.url or "",
                                   e.document or ""))
        dates = [e.date for e in ev if e.date]
        G.add_edge(s, o, key=rel, relation=rel, symmetric=rel in SYMMETRIC, hedged=(s, rel, o) not in stated_facts,
                   count=max(1, counts[(s, rel, o)]), evidence=ev[:MAX_EVIDENCE],
                   first_date=min(dates) if dates else None, last_date=max(dates) if dates else None)
    return G


def flatten_for_graphml(G: nx.Graph) -> nx.Graph:
    """A copy whose attribute values are all str/int/float/bool (GraphML- and GEXF-safe).

    Tuples of names are joined with ``"; "``, evidence becomes a JSON list of
    ``[sentence, title, date]``, and None values are dropped.
    """
    def flat(attrs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in attrs.items():
            if v is None:
                continue
            if k == "evidence":
                out[k] = json.dumps([list(e) for e in v], ensure_ascii=False)
            elif k == "identifiers":
                out[k] = "; ".join(f"{name}={value}" for name, value in v)
            elif isinstance(v, (list, tuple, set, frozenset)):
                out[k] = "; ".join(map(str, v))
            elif isinstance(v, (str, int, float, bool)):
                out[k] = v
            else:
                out[k] = str(v)
        return out

    H = G.__class__()
    H.graph.update(flat(G.graph))
    H.add_nodes_from((n, flat(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((u, v, k, flat(d)) for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((u, v, flat(d)) for u, v, d in G.edges(data=True))
    return H


def to_undirected(G: nx.Graph) -> nx.Graph:
    """A simple undirected graph; ``weight`` sums the assertion counts of merged edges."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = d.get("count", 1)
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def _names(attrs: dict[str, Any]) -> Iterable[str]:
    yield from (attrs.get("label_en"), attrs.get("label_id"), attrs.get("key"), attrs.get("name"))
    yield from attrs.get("alt_labels", ())


def find_nodes(G: nx.Graph, name: str) -> list[str]:
    """Nodes whose IRI, key, English/Indonesian label or alternative name equals ``name``
    (case-insensitive); failing that, those where it is a substring of one of them."""
    wanted = name.strip().casefold()
    exact, partial = [], []
    for n, d in G.nodes(data=True):
        names = [x.casefold() for x in _names(d) if x] + [str(n).casefold()]
        if wanted in names:
            exact.append(n)
        elif wanted and any(wanted in x for x in names):
            partial.append(n)
    return sorted(exact or partial)


def ego_network(G: nx.Graph, name: str, hops: int = 1) -> nx.Graph:
    """The nodes within ``hops`` edges (either direction) of the entity called ``name``."""
    centres = find_nodes(G, name)
    if not centres:
        raise UnknownNodeError(f"no entity named {name!r} in the graph; "
                               "give an English or Indonesian name, an alias or an IRI")
    undirected = G.to_undirected(as_view=True) if G.is_directed() else G
    keep: set[str] = set()
    for c in centres:
        keep.update(nx.single_source_shortest_path_length(undirected, c, cutoff=max(0, hops)))
    return G.subgraph(keep).copy()


def most_connected(G: nx.Graph, n: int) -> nx.Graph:
    """The subgraph of the ``n`` nodes with the most distinct neighbours (ties by id)."""
    if n >= G.number_of_nodes():
        return G
    simple = to_undirected(G)
    ranked = sorted(simple.nodes, key=lambda x: (-simple.degree(x), x))[:max(0, n)]
    return G.subgraph(ranked).copy()


def class_counts(G: nx.Graph) -> dict[str, int]:
    """Number of nodes per entity class."""
    return dict(sorted(Counter(d.get("type", "?") for _, d in G.nodes(data=True)).items()))


def relation_counts(G: nx.Graph) -> dict[str, dict[str, int]]:
    """Per relation: merged ``edges`` and supporting ``assertions``."""
    out: dict[str, dict[str, int]] = {}
    for _, _, d in G.edges(data=True):
        row = out.setdefault(d.get("relation", "?"), {"edges": 0, "assertions": 0})
        row["edges"] += 1
        row["assertions"] += d.get("count", 1)
    return dict(sorted(out.items()))


def _top(scores: dict[str, float], top: int | None) -> list[tuple[str, float]]:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked if top is None else ranked[:top]


def degree_centrality(G: nx.Graph, top: int | None = 10) -> list[tuple[str, float]]:
    """Degree centrality on the undirected simple graph, highest first."""
    return _top(nx.degree_centrality(to_undirected(G)), top)


def betweenness_centrality(G: nx.Graph, top: int | None = 10, *, sample: int = 500,
                           seed: int = 0) -> list[tuple[str, float]]:
    """Betweenness centrality on the undirected simple graph, highest first; graphs with more
    than ``sample`` nodes are estimated from ``sample`` pivot nodes (deterministic ``seed``)."""
    H = to_undirected(G)
    k = sample if H.number_of_nodes() > sample else None
    return _top(nx.betweenness_centrality(H, k=k, seed=seed), top)


def communities(G: nx.Graph, *, seed: int = 0) -> list[list[str]]:
    """Louvain communities of the undirected graph weighted by assertion count, largest first."""
    H = to_undirected(G)
    if H.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(H, weight="weight", seed=seed)
    return sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p))


def top_countries_by_relation(G: nx.Graph, top: int = 5) -> dict[str, list[tuple[str, int]]]:
    """Per relation, the countries with the most distinct partners through it."""
    partners: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for u, v, d in G.edges(data=True):
        rel = d.get("relation", "?")
        for a, b in ((u, v), (v, u)):
            if G.nodes[a].get("type") == "Country":
                partners[rel][a].add(b)
    return {rel: _top({c: len(p) for c, p in by.items()}, top)  # type: ignore[misc]
            for rel, by in sorted(partners.items())}


def summary(G: nx.Graph, top: int = 10, *, seed: int = 0) -> dict[str, Any]:
    """Everything ``kgraph stats`` reports, as a JSON-ready dict (nodes shown by name)."""
    def named(pairs: Iterable[tuple[str, float]]) -> list[dict[str, Any]]:
        return [{"id": n, "name": G.nodes[n].get("name", n), "type": G.nodes[n].get("type"),
                 "score": round(s, 6) if isinstance(s, float) else s} for n, s in pairs]

    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "assertions": sum(d.get("count", 1) for _, _, d in G.edges(data=True)),
        "classes": class_counts(G),
        "relations": relation_counts(G),
        "degree_centrality": named(degree_centrality(G, top)),
        "betweenness_centrality": named(betweenness_centrality(G, top, seed=seed)),
        "communities": [[G.nodes[n].get("name", n) for n in c] for c in communities(G, seed=seed)],
        "top_countries_by_relation": {rel: named(rows) for rel, rows in
                                      top_countries_by_relation(G, top=min(top, 5)).items()},
    }
