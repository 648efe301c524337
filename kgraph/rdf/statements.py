"""The statement layer: one ``kgo:Statement`` node per distinct (subject, relation, object).

Wikidata's statement model over kgraph's evidence: every ``kgo:Assertion`` (one supporting
sentence) of a triple is summarised on one node, so a query about a triple, an entity or a
relation reads one node per statement instead of joining every assertion::

    kgr:statement/<hash> a kgo:Statement ;
        kgo:subject kgr:country/KAZ ; kgo:relation kgo:memberOf ; kgo:object kgr:organization/SCO ;
        kgo:assertionCount 3 ; kgo:articleCount 2 ;           # hedged assertions included
        kgo:firstDate "2023-07-04"^^xsd:date ; kgo:lastDate "2024-05-21"^^xsd:date ;
        kgo:assertion kgr:assertion/… , kgr:assertion/… , kgr:assertion/… ;
        prov:wasDerivedFrom kgr:document/… , kgr:document/… .

The counts cover every assertion of the triple, facts and hedged ones alike (``kgo:modality``);
the plain triple ``subject relation object`` exists when at least one of them is a fact. The
dates are the first and last publication date (``dcterms:issued``) of the articles behind it.
The IRI is a hash of the three IRIs (:func:`kgraph.rdf.iris.statement_iri`), so the same
triple gets the same node in every store and file. Statements live in the default graph only:
they summarise all articles, and belong to none.

:func:`statement_quads` computes them from assertion rows; :func:`refresh_statements` replaces
all of a store's statements (files opened for querying, bulk loads); :mod:`kgraph.store` keeps
them exact article by article with :func:`assertion_rows` and :func:`statement_diff`.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kgraph.rdf.iris import statement_iri
from kgraph.rdf.namespaces import KGO, PREFIXES

__all__ = ["Key", "Row", "RowCollector", "ROW_PREDICATES", "assertion_rows", "rows_from_triples", "statement_quads", "statement_node",
           "refresh_statements", "statement_diff", "STATEMENT_PREFIX", "SPARQL_PREFIXES"]

#: (subject, relation, object) of a triple, as Oxigraph terms
Key = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]
#: (key, assertion, document, publication date or None): one assertion of a triple
Row = tuple[Key, ox.NamedNode | ox.BlankNode, ox.NamedNode | ox.BlankNode, ox.Literal | None]

#: kgraph's prefixes as strings, for the SPARQL run here
SPARQL_PREFIXES: dict[str, str] = {name: str(ns) for name, ns in PREFIXES.items()}
STATEMENT_PREFIX = SPARQL_PREFIXES["kgr"] + "statement/"
_DEFAULT = ox.DefaultGraph()
_RDF, _PROV, _XSD = (SPARQL_PREFIXES[x] for x in ("rdf", "prov", "xsd"))
_TYPE = ox.NamedNode(_RDF + "type")
_SUBJECT, _PREDICATE, _OBJECT = (ox.NamedNode(_RDF + x) for x in ("subject", "predicate", "object"))
_DERIVED = ox.NamedNode(_PROV + "wasDerivedFrom")
_ISSUED = ox.NamedNode(SPARQL_PREFIXES["dcterms"] + "issued")
_INTEGER = ox.NamedNode(_XSD + "integer")
#: the predicates an assertion row is made of (:class:`RowCollector`)
ROW_PREDICATES = (_SUBJECT, _PREDICATE, _OBJECT, _DERIVED, _ISSUED)
_K = {name: ox.NamedNode(str(KGO[name])) for name in (
    "Statement", "subject", "relation", "object", "assertionCount", "articleCount", "firstDate",
    "lastDate", "assertion")}

_ROW_PATTERN = ("?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc .")


def statement_node(key: Key) -> ox.NamedNode:
    s, p, o = key
    return ox.NamedNode(str(statement_iri(s.value, p.value, _term_text(o))))


def _term_text(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def _values(keys: Iterable[Key]) -> str:
    return " ".join(f"({s} {p} {o})" for s, p, o in keys)


def assertion_rows(store: ox.Store, keys: Iterable[Key] | None = None, *,
                   exclude_graphs: Iterable[str] = ()) -> Iterator[Row]:
    """The assertions of ``keys`` (every triple when None) found in ``store``.

    With ``keys``, assertions are looked up in the named graphs (a kgraph store keeps each
    article's in its own), leaving out those of ``exclude_graphs``; without, in the default graph.
    """
    if keys is None:
        yield from _scanned_rows(store)
        return
    keys = list(keys)
    if not keys:
        return
    excluded = ", ".join(f"<{g}>" for g in exclude_graphs)
    query = (f"SELECT ?s ?p ?o ?a ?doc ?date WHERE {{ VALUES (?s ?p ?o) {{ {_values(keys)} }}\n"
             f"  GRAPH ?g {{ {_ROW_PATTERN} }}" + (f" FILTER(?g NOT IN ({excluded}))" if excluded else "") +
             "\n  OPTIONAL { ?doc dcterms:issued ?date } }")
    for r in store.query(query, prefixes=SPARQL_PREFIXES):
        yield (r["s"], r["p"], r["o"]), r["a"], r["doc"], r["date"]


class RowCollector:
    """The assertion rows of triples seen one by one, in any order and repeated or not: what
    joining ``rdf:subject``, ``rdf:predicate``, ``rdf:object``, ``prov:wasDerivedFrom`` and an
    optional ``dcterms:issued`` of the document over those triples gives."""

    def __init__(self) -> None:
        self._parts: dict[ox.NamedNode, dict] = {p: {} for p in ROW_PREDICATES}

    def add(self, subject, predicate: ox.NamedNode, obj) -> None:
        part = self._parts.get(predicate)
        if part is not None and (predicate != _ISSUED or isinstance(obj, ox.Literal)):
            part.setdefault(subject, []).append(obj)

    def rows(self) -> Iterator[Row]:
        subjects, relations, objects, docs, issued = (self._parts[p] for p in ROW_PREDICATES)
        for a, ss in subjects.items():
            combos = [(s, p, o, doc) for s in ss for p in relations.get(a, ()) for o in objects.get(a, ())
                      for doc in docs.get(a, ())]
            for s, p, o, doc in combos:
                for date in issued.get(doc) or [None]:
                    yield (s, p, o), a, doc, date


def _scanned_rows(store: ox.Store) -> Iterator[Row]:
    """Every assertion row of the default graph, from one index scan per predicate (the SPARQL
    join of the same patterns is several times slower)."""
    collector = RowCollector()
    for predicate in ROW_PREDICATES:
        for quad in store.quads_for_pattern(None, predicate, None, _DEFAULT):
            collector.add(quad.subject, predicate, quad.object)
    return collector.rows()


def rows_from_triples(triples: Iterable[ox.Triple]) -> list[Row]:
    """The assertion rows of one article's triples (its document's date from the same triples)."""
    parts: dict[object, dict] = {}
    issued: dict[object, ox.Literal] = {}
    for t in triples:
        if t.predicate in (_SUBJECT, _PREDICATE, _OBJECT, _DERIVED):
            parts.setdefault(t.subject, {})[t.predicate] = t.object
        elif t.predicate == _ISSUED and isinstance(t.object, ox.Literal):
            issued[t.subject] = t.object
    rows = []
    for a, p in parts.items():
        if len(p) == 4:
            doc = p[_DERIVED]
            rows.append(((p[_SUBJECT], p[_PREDICATE], p[_OBJECT]), a, doc, issued.get(doc)))
    return rows


def statement_quads(rows: Iterable[Row]) -> Iterator[ox.Quad]:
    """The statement nodes (default-graph quads) summarising ``rows``."""
    for s, p, o in _statement_triples(rows):
        yield ox.Quad(s, p, o, _DEFAULT)


def _statement_triples(rows: Iterable[Row]) -> Iterator[tuple]:
    groups: dict[Key, tuple[set, set, list]] = {}
    for key, a, doc, date in rows:
        assertions, docs, dates = groups.setdefault(key, (set(), set(), []))
        assertions.add(a)
        docs.add(doc)
        if date is not None:
            dates.append(date)
    for key, (assertions, docs, dates) in groups.items():
        node = statement_node(key)
        values = [(_TYPE, _K["Statement"]), (_K["subject"], key[0]), (_K["relation"], key[1]),
                  (_K["object"], key[2]),
                  (_K["assertionCount"], ox.Literal(str(len(assertions)), datatype=_INTEGER)),
                  (_K["articleCount"], ox.Literal(str(len(docs)), datatype=_INTEGER))]
        if dates:
            values += [(_K["firstDate"], min(dates, key=_date_order)),
                       (_K["lastDate"], max(dates, key=_date_order))]
        values += [(_K["assertion"], a) for a in assertions]
        values += [(_DERIVED, doc) for doc in docs]
        for p, o in values:
            yield node, p, o


def _date_order(date: ox.Literal) -> tuple[str, str]:
    return date.value, date.datatype.value


def statement_diff(store: ox.Store, keys: Iterable[Key], rows: Iterable[Row]) -> tuple[set, set]:
    """(quads to delete, quads to insert) that make the statements of ``keys`` those of ``rows``
    (``rows``: every assertion of those keys the store will hold)."""
    wanted = set(statement_quads(rows))
    current = set()
    for key in keys:
        current.update(store.quads_for_pattern(statement_node(key), None, None, _DEFAULT))
    return current - wanted, wanted - current


def refresh_statements(store: ox.Store, *, bulk: bool = False, rows: Iterable[Row] | None = None) -> int:
    """Replace every statement node of ``store`` by those of its assertions (default graph), or
    of ``rows`` when given (all the assertions the store holds, collected on the way in).

    ``bulk`` writes with Oxigraph's bulk loader (fast, not transactional: for a store that is
    being made from scratch); otherwise in one transaction. Returns the number of quads written.
    """
    store.update("DELETE { ?st ?p ?o } WHERE { ?st a kgo:Statement ; ?p ?o }", prefixes=SPARQL_PREFIXES)
    rows = assertion_rows(store) if rows is None else rows
    if bulk:  # as N-Triples text: making a Python Quad per triple costs more than parsing it
        text = "".join(f"{s} {p} {o} .\n" for s, p, o in _statement_triples(rows))
        store.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES, lenient=True)  # terms from the store
        return text.count("\n")
    quads = list(statement_quads(rows))
    store.extend(quads)
    return len(quads)
