"""The resolved entities of a graph or store, for review: names, identifiers, use and evidence.

Reads what ``kgraph build`` wrote: entity nodes (type, ``rdfs:label``, ``skos:altLabel``,
``owl:sameAs`` and code properties), the assertions naming them, and the ``kgr:resolution``
graph (``kgo:mergeNote`` for why names were merged, ``owl:differentFrom`` with
``kgo:keptApartNote`` for look-alikes kept apart).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from kgraph.rdf.iris import entity_key
from kgraph.rdf.namespaces import ENTITY_CLASSES, KGO

__all__ = ["EntityInfo", "SuspectPair", "list_entities", "list_suspects"]

_PREFIXES = (f"PREFIX kgo: <{KGO}>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n")
_TYPED = "VALUES ?c { " + " ".join(f"kgo:{c}" for c in ENTITY_CLASSES) + " } ?e a ?c ."
_IDENTIFIERS = ("isoAlpha2", "isoAlpha3", "unM49", "gleditschWardCode")


@dataclass
class EntityInfo:
    iri: str
    key: str
    type: str
    labels: dict[str, str] = field(default_factory=dict)  # language → label
    variants: list[str] = field(default_factory=list)  # skos:altLabel
    identifiers: dict[str, str] = field(default_factory=dict)  # sameAs and codes
    assertions: int = 0
    articles: int = 0
    merged: list[str] = field(default_factory=list)  # why names were merged into it

    @property
    def name(self) -> str:
        return self.labels.get("en") or self.labels.get("id") or self.key

    def to_json(self) -> dict:
        return {**asdict(self), "name": self.name}


@dataclass(frozen=True)
class SuspectPair:
    first: str
    second: str
    reason: str


def _key(iri: str) -> str:
    return entity_key(iri) or iri


def _rows(store: ox.Store, query: str):
    return store.query(_PREFIXES + query)


def list_entities(store: ox.Store, type_: str | None = None) -> list[EntityInfo]:
    """Every typed entity of ``store`` (of class ``type_`` if given), sorted by class and name."""
    out: dict[str, EntityInfo] = {}
    for row in _rows(store, f"SELECT DISTINCT ?e ?c WHERE {{ {_TYPED} }}"):
        if isinstance(row["e"], ox.NamedNode):
            cls = row["c"].value.rsplit("#", 1)[-1]
            if type_ is None or cls == type_:
                out[row["e"].value] = EntityInfo(row["e"].value, _key(row["e"].value), cls)
    for row in _rows(store, f"SELECT DISTINCT ?e ?p ?n WHERE {{ {_TYPED} VALUES ?p {{ rdfs:label skos:altLabel }} "
                            "?e ?p ?n }"):
        info = out.get(row["e"].value)
        if info is None:
            continue
        if row["p"].value.endswith("altLabel"):
            info.variants.append(row["n"].value)
        else:
            info.labels[row["n"].language or ""] = row["n"].value
    ids = " ".join(f"kgo:{p}" for p in _IDENTIFIERS)
    for row in _rows(store, f"SELECT DISTINCT ?e ?p ?v WHERE {{ {_TYPED} VALUES ?p {{ owl:sameAs {ids} }} ?e ?p ?v }}"):
        info = out.get(row["e"].value)
        if info is not None:
            info.identifiers[row["p"].value.rsplit("#", 1)[-1]] = row["v"].value
    for row in _rows(store, "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) (COUNT(DISTINCT ?d) AS ?docs) WHERE { "
                            "?a a kgo:Assertion ; prov:wasDerivedFrom ?d . { ?a rdf:subject ?e } UNION "
                            "{ ?a rdf:object ?e } } GROUP BY ?e"):
        info = out.get(row["e"].value)
        if info is not None:
            info.assertions, info.articles = int(row["n"].value), int(row["docs"].value)
    for row in _rows(store, "SELECT DISTINCT ?e ?note WHERE { ?e kgo:mergeNote ?note }"):
        info = out.get(row["e"].value)
        if info is not None:
            info.merged.append(row["note"].value)
    for info in out.values():
        info.variants.sort()
        info.merged.sort()
    return sorted(out.values(), key=lambda i: (i.type, i.name.casefold(), i.key))


def list_suspects(store: ox.Store) -> list[SuspectPair]:
    """Look-alike entities the resolver kept apart (``owl:differentFrom``), with its reason."""
    pairs: dict[tuple[str, str], str] = {}
    for row in _rows(store, "SELECT DISTINCT ?a ?b ?note WHERE { ?a owl:differentFrom ?b . "
                            "OPTIONAL { ?a kgo:keptApartNote ?note } }"):
        a, b = _key(row["a"].value), _key(row["b"].value)
        pairs.setdefault((a, b), "")
        note = row["note"].value if row["note"] is not None else ""
        if note.startswith(f"{b}: "):  # the note on ``a`` that is about ``b``
            pairs[(a, b)] = note[len(b) + 2:]
    return [SuspectPair(a, b, r) for (a, b), r in sorted(pairs.items())]

