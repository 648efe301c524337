"""The persistent store: an embedded on-disk Oxigraph (RocksDB) database, one named graph per article.

Why Oxigraph: measured on kgraph-shaped data (``benchmarks/bench_queries.py``) it answered the
saved queries one to two orders of magnitude faster than rdflib's in-memory store, loads a
million triples in seconds, persists with crash-safe transactions and needs no server.

How ``kgraph build --store DIR`` uses it::

    from kgraph.store import open_store
    from kgraph.rdf.iris import graph_iri

    with open_store(args.store) as store:          # creates DIR if needed; one writer at a time
        for doc in documents:
            g_iri = graph_iri(doc.id)
            if store.has_article(g_iri, doc.text_hash):
                continue                            # unchanged: skip parsing and extraction
            ds = new_dataset()
            graph = article_graph(ds, doc, entities, assertions)   # the article's named graph
            status = store.add_article(g_iri, graph, doc.text_hash)
            # status is "added", "unchanged" or "replaced"

Each :meth:`Store.add_article` is one transaction (a single SPARQL update that drops the old named
graph and inserts the new one), so a build that is interrupted, even killed, leaves every article
either entirely old or entirely new; the next build picks up where it stopped. Only triples inside
the article's named graph are touched, and the default graph, which holds the union of all
articles' graphs as a set (Oxigraph's own union-default-graph is a multiset: a triple found in two
articles would match twice), kept in step within the same transaction.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef

from kgraph.errors import InputError, OutputError
from kgraph.rdf.namespaces import KGO
from kgraph.rdf.statements import SPARQL_PREFIXES, assertion_rows, rows_from_triples, statement_diff
from kgraph.sources import is_store_dir, to_dataset

__all__ = ["Store", "open_store", "is_store_dir"]

_TEXT_HASH = ox.NamedNode(str(KGO.textHash))
#: a reader opening a store that a build is writing may find a file just replaced: it tries again
_OPEN_ATTEMPTS = 5


def _drop_article(graph_iri: str) -> str:
    """SPARQL update: drop a named graph, and its triples from the default (union) graph unless
    another named graph still holds them."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }}\n"
            f"  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{graph_iri}>) }} }} ;\n"
            f"DROP SILENT GRAPH <{graph_iri}>")


class Store:
    """An open kgraph store. Use :func:`open_store` to get one; close it (or use ``with``)."""

    def __init__(self, path: Path, ox_store: ox.Store, read_only: bool) -> None:
        self.path = path
        self.ox = ox_store
        self.read_only = read_only

    # -- articles ------------------------------------------------------------------------------

    def article_hash(self, graph_iri: URIRef | str) -> str | None:
        """The ``kgo:textHash`` stored in the article's named graph, or None if it is absent."""
        for quad in self.ox.quads_for_pattern(None, _TEXT_HASH, None, ox.NamedNode(str(graph_iri))):
            return quad.object.value
        return None

    def has_article(self, graph_iri: URIRef | str, text_hash: str) -> bool:
        """True if the article's graph is stored with this text hash (so it need not be rebuilt)."""
        return self.article_hash(graph_iri) == text_hash

    def add_article(self, graph_iri: URIRef | str, graph: Graph, text_hash: str) -> str:
        """Store one article's graph as the named graph ``graph_iri``.

        Returns ``"unchanged"`` (same hash already stored: nothing written), ``"replaced"`` (the old
        named graph is dropped and the new one inserted, in one transaction) or ``"added"``.
        ``graph`` must hold the article's document node with ``kgo:textHash`` equal to
        ``text_hash``; a ValueError says so otherwise.
        """
        return self.add_articles([(graph_iri, graph, text_hash)])[0]

    def add_articles(self, articles: Iterable[tuple[URIRef | str, Graph, str]]) -> list[str]:
        """Store several articles in one transaction (see :meth:`add_article`); their statuses.

        A crash leaves all of them old or all new; batching saves the per-transaction cost.
        """
        items = []
        for graph_iri, graph, text_hash in articles:
            if (None, KGO.textHash, Literal(text_hash)) not in graph:
                raise ValueError(f"the graph for {graph_iri} has no kgo:textHash {text_hash!r}")
            items.append((str(graph_iri), text_hash, graph.serialize(format="nt", encoding="utf-8").decode("utf-8")))
        return self.add_ntriples(items)

    def add_ntriples(self, articles: Iterable[tuple[str, str | None, str]]) -> list[str]:
        """:meth:`add_articles` for articles given as (graph IRI, text hash, N-Triples of the graph);
        a None hash always replaces."""
        self._writable()
        statuses, exists, bodies = [], {}, {}
        for iri, text_hash, body in articles:
            same = self.article_hash(iri) == text_hash if iri not in bodies else bodies[iri][0] == text_hash
            if same and text_hash is not None:
                statuses.append("unchanged")
                continue
            exists[iri] = iri in bodies or self.ox.contains_named_graph(ox.NamedNode(iri))
            statuses.append("replaced" if exists[iri] else "added")
            bodies[iri] = (text_hash, body)
        if bodies:
            self._write(drop=[iri for iri, there in exists.items() if there],
                        insert={iri: body for iri, (_, body) in bodies.items()})
        return statuses

    def merge_graph(self, graph_iri: URIRef | str, graph: Graph) -> None:
        """Add ``graph``'s triples to the named graph ``graph_iri`` (and the union), keeping what it holds."""
        self._writable()
        if not len(graph):
            return
        body = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        try:
            self.ox.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}}\n{body}\n}}")
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write to the store ({exc})") from exc

    def entity_profiles(self, classes: tuple[str, ...]) -> list[tuple[str, str, set[str], set[str], set]]:
        """(IRI, class, names, article ids, offices as (relation, object IRI)) of every stored
        entity of ``classes``: what entity resolution needs to join new articles to them."""
        values = " ".join(f"kgo:{c}" for c in classes)
        prefix = f"PREFIX kgo: <{KGO}>\n"
        out: dict[str, tuple[str, str, set[str], set[str], set]] = {}
        names = self.ox.query(prefix + "SELECT ?e ?c ?n WHERE { VALUES ?c { " + values + " } ?e a ?c . "
                              "?e <http://www.w3.org/2000/01/rdf-schema#label>|"
                              "<http://www.w3.org/2004/02/skos/core#altLabel> ?n }")
        for row in names:
            e = row["e"].value
            out.setdefault(e, (e, row["c"].value.rsplit("#", 1)[-1], set(), set(), set()))[2].add(row["n"].value)
        facts = self.ox.query(prefix + "SELECT ?s ?p ?o ?id WHERE { ?a a kgo:Assertion ; "
                              "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ; "
                              "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ; "
                              "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ; "
                              "<http://www.w3.org/ns/prov#wasDerivedFrom> ?d . "
                              "?d <http://purl.org/dc/terms/identifier> ?id }")
        for row in facts:
            s, o, rel = row["s"].value, row["o"].value, row["p"].value.rsplit("#", 1)[-1]
            for e in (s, o):
                if e in out:
                    out[e][3].add(row["id"].value)
            if s in out:
                out[s][4].add((rel, o))
        return [out[e] for e in sorted(out)]

    def remove_article(self, graph_iri: URIRef | str) -> bool:
        """Drop an article's named graph (and its part of the statements); False if it was not there."""
        self._writable()
        if not self.ox.contains_named_graph(ox.NamedNode(str(graph_iri))):
            return False
        self._write(drop=[str(graph_iri)], insert={})
        return True

    def _write(self, drop: list[str], insert: dict[str, str]) -> None:
        """One transaction: drop the graphs ``drop``, insert the N-Triples bodies ``insert`` (graph →
        body), and bring the statements of every triple asserted in either up to date."""
        new_rows = []
        for body in insert.values():
            new_rows += rows_from_triples(ox.parse(body.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
        keys = {key for key, *_ in new_rows}
        for iri in drop:
            keys.update(self._asserted_keys(iri))
        rows = list(assertion_rows(self.ox, keys, exclude_graphs=list(drop) + list(insert))) + new_rows
        stale, fresh = statement_diff(self.ox, keys, rows)
        parts = [_drop_article(iri) for iri in drop]
        if insert:
            graphs = "\n".join(f"GRAPH <{iri}> {{\n{body}\n}}" for iri, body in insert.items())
            parts.append(f"INSERT DATA {{ {graphs}\n" + "\n".join(insert.values()) + "\n}")
        if stale:
            parts.append("DELETE DATA {\n" + _triples(stale) + "}")
        if fresh:
            parts.append("INSERT DATA {\n" + _triples(fresh) + "}")
        try:
            self.ox.update(" ;\n".join(parts))
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write to the store ({exc})") from exc

    def _asserted_keys(self, graph_iri: str) -> set:
        """The (subject, relation, object) of every assertion in a stored article."""
        rows = self.ox.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_iri}> {{ ?a rdf:subject ?s ; "
                             "rdf:predicate ?p ; rdf:object ?o } }", prefixes=SPARQL_PREFIXES)
        return {(r["s"], r["p"], r["o"]) for r in rows}

    def articles(self) -> dict[str, str | None]:
        """Every named graph IRI in the store, with its text hash."""
        return {g.value: self.article_hash(g.value) for g in self.ox.named_graphs()}

    # -- reading -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.ox)

    def to_dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset (for exports and SHACL validation)."""
        return to_dataset(self.ox)

    def query(self, query: str, **options):
        """Run SPARQL over the store; see :func:`kgraph.query.run_query` for the options."""
        from kgraph.query import run_query
        return run_query(self.ox, query, **options)

    # -- lifetime ------------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise OutputError(f"{self.path}: the store was opened read-only")

    def close(self) -> None:
        """Flush and release the store (and its lock). Safe to call twice."""
        if self.ox is None:
            return
        if not self.read_only:
            try:
                self.ox.flush()
            except OSError:
                pass
        self.ox = None  # the RocksDB handle closes when the last reference goes

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<kgraph Store {str(self.path)!r}{' read-only' if self.read_only else ''}>"


def _triples(quads: Iterable[ox.Quad]) -> str:
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)


def open_store(path: str | Path, *, read_only: bool = False, create: bool = True) -> Store:
    """Open (or create) the store folder ``path``.

    Read-only opening never creates and fails if the folder is not a store; it is retried a few
    times when the files change under it (a build writing at the same time). Only one process
    may hold a store open for writing; a second gets an error naming the folder. A damaged store
    is an error naming the folder, never a traceback.
    """
    path = Path(path)
    exists = is_store_dir(path)
    if not exists and (read_only or not create):
        what = "is not a kgraph store (no CURRENT file)" if path.exists() else "does not exist"
        raise InputError(f"{path}: {what}; create one with 'kgraph build … --store {path}'")
    if not exists and path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise OutputError(f"{path}: exists and is not an empty folder or a kgraph store")
    attempt = 0
    while True:
        try:
            if read_only:
                handle = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                handle = ox.Store(str(path))
            return Store(path, handle, read_only)
        except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "lock" in message.lower():
                raise OutputError(f"{path}: the store is in use by another kgraph process; "
                                  "wait for it to finish") from exc
            attempt += 1
            if read_only and attempt < _OPEN_ATTEMPTS:
                time.sleep(0.1 * attempt)  # a writer may be swapping files: open again
                continue
            error = InputError if read_only else OutputError
            what = "the store is damaged" if "corrupt" in message.lower() else "cannot open the store"
            raise error(f"{path}: {what} ({message[:200]})") from exc
