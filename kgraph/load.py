"""``kgraph load STORE FILE…``: put existing RDF (one named graph per article) into a store, fast.

Two ways, chosen by what is at STORE:

- **A new store** (STORE absent or an empty folder): Oxigraph's bulk loader. It reads each file
  with Oxigraph's own parser straight into the articles' named graphs; one streaming pass over
  the same files writes their union as N-Triples; then it loads that union into the default
  graph, and the statement layer (:mod:`kgraph.rdf.statements`, from assertions seen in that
  pass), all straight into RocksDB files, about ten times faster than transactions; last, it
  compacts those files for queries. It is not transactional: so it builds the store in a
  hidden folder next to STORE and renames it into place at the end. A load that fails
  or is killed leaves no STORE (only that hidden folder, removed by the next load), never a
  half-loaded one.
- **An existing store**: the articles go in through :meth:`kgraph.store.Store.add_ntriples`,
  ``batch`` articles per transaction, each replacing the stored article of the same graph IRI
  unless its ``kgo:textHash`` is unchanged, with the statements kept exact: killed, the store
  holds every article old or new. Each file is parsed into memory first.

Triples of a file's default graph are kept (statement nodes excepted: they are made again);
Turtle and N-Triples files, which have no named graphs, are refused: a store keeps articles.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kgraph.errors import InputError, OutputError
from kgraph.rdf.namespaces import KGO
from kgraph.rdf.statements import ROW_PREDICATES, STATEMENT_PREFIX, RowCollector, refresh_statements
from kgraph.rdf.formats import rdf_format
from kgraph.sources import is_store_dir

__all__ = ["LoadReport", "load_files"]

_DEFAULT = ox.DefaultGraph()
_TEXT_HASH = ox.NamedNode(str(KGO.textHash))


@dataclass
class LoadReport:
    bulk: bool  # written by the bulk loader (a new store), else by transactions
    quads: int = 0  # quads read from the files
    stored: dict[str, int] | None = None  # transactions: store status → count of articles
    #: bulk: stage → (wall seconds, CPU seconds of the whole process, loader threads included)
    stages: dict[str, tuple[float, float]] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.stages[name] = (time.perf_counter() - wall, time.process_time() - cpu)

    def summary(self) -> str:
        if self.bulk:
            return f"{self.quads} quad(s) bulk-loaded into a new store"
        statuses = ", ".join(f"{n} {s}" for s, n in sorted((self.stored or {}).items())) or "no articles"
        return f"{self.quads} quad(s) read; articles: {statuses}"


def _format(path: Path) -> ox.RdfFormat:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = rdf_format(path)
    if not fmt.keeps_graphs:
        raise InputError(f"{path}: {fmt.name} has no named graphs, and a store keeps one per article; "
                         "load N-Quads, TriG or JSON-LD (kgraph build … -o graph.nq)")
    return fmt.oxigraph


@contextmanager
def _parse_errors(path: Path, fmt: ox.RdfFormat) -> Iterator[None]:
    try:
        yield
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {fmt.name} ({str(exc).splitlines()[0][:200]})") from exc


def _quads(path: Path, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    with _parse_errors(path, fmt):
        yield from ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())


def _kept(quad: ox.Quad) -> bool:
    """Statement nodes in a file's default graph are left out: the store makes them afresh."""
    return not (quad.graph_name == _DEFAULT and isinstance(quad.subject, ox.NamedNode)
                and quad.subject.value.startswith(STATEMENT_PREFIX))


def load_files(store_path: str | Path, files: Iterable[str | Path], *, batch: int = 64) -> LoadReport:
    """Load ``files`` into the store at ``store_path`` (see the module docstring)."""
    store_path = Path(store_path)
    paths = [(Path(f), _format(Path(f))) for f in files]
    if is_store_dir(store_path):
        return _load_by_transactions(store_path, paths, batch)
    if store_path.exists() and (not store_path.is_dir() or any(store_path.iterdir())):
        raise OutputError(f"{store_path}: exists and is not an empty folder or a kgraph store")
    return _bulk_load_new(store_path, paths)


def _bulk_load_new(store_path: Path, paths: list[tuple[Path, ox.RdfFormat]]) -> LoadReport:
    parent = store_path.resolve().parent
    for stale in parent.glob(f".{store_path.name}.loading-*"):
        if not _alive(stale.name.rsplit("-", 1)[-1]):
            shutil.rmtree(stale, ignore_errors=True)
    work = parent / f".{store_path.name}.loading-{os.getpid()}"  # the store in db/, the union's text
    report = LoadReport(bulk=True)
    shutil.rmtree(work, ignore_errors=True)  # left by a killed process that had our id
    try:
        (work / "db").mkdir(parents=True)
        store = ox.Store(str(work / "db"))
        union = work / "union.nt"
        rows = RowCollector()
        with report.stage("named graphs"):
            _load_named_graphs(store, paths)
        with report.stage("union text"), open(union, "wb") as fh:
            report.quads = _write_union(paths, fh, rows)
        with report.stage("union load"):
            # into the default graph; lenient: Oxigraph's serialiser wrote it from terms it had checked
            store.bulk_load(path=str(union), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        with report.stage("statements"):
            refresh_statements(store, bulk=True, rows=rows.rows())
        with report.stage("optimize"):
            # compacts the loader's table files: bound queries 10-50% faster at 1M and 10M triples,
            # for 6 s and 23 s of load (docs/benchmarks.md)
            store.optimize()
        store.flush()
        del store
        if store_path.is_dir():
            store_path.rmdir()  # the empty folder given as STORE
        os.rename(work / "db", store_path)
        shutil.rmtree(work, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise OutputError(f"{store_path}: cannot write the store ({exc})") from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return report


def _load_named_graphs(store: ox.Store, paths: list[tuple[Path, ox.RdfFormat]]) -> None:
    for path, fmt in paths:
        with _parse_errors(path, fmt):
            store.bulk_load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
    # the default graph holds only the files' own default-graph triples so far
    store.update(f'DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{STATEMENT_PREFIX}")) }}')


def _write_union(paths: list[tuple[Path, ox.RdfFormat]], union: BinaryIO, rows: RowCollector) -> int:
    """Write the triples of the files' named graphs to ``union`` as N-Triples (the loader drops
    repeats), for the default graph, and collect the assertion rows of everything the default
    graph will hold; return the number of quads kept from the files."""
    kept = 0
    row_predicates = set(ROW_PREDICATES)

    def named_triples() -> Iterator[ox.Triple]:
        nonlocal kept
        for path, fmt in paths:
            for quad in _quads(path, fmt):
                named = quad.graph_name != _DEFAULT
                if not named and not _kept(quad):
                    continue
                kept += 1
                triple = quad.triple
                if triple.predicate in row_predicates:
                    rows.add(triple.subject, triple.predicate, triple.object)
                if named:
                    yield triple

    ox.serialize(named_triples(), union, ox.RdfFormat.N_TRIPLES)
    return kept


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _load_by_transactions(store_path: Path, paths: list[tuple[Path, ox.RdfFormat]], batch: int) -> LoadReport:
    from kgraph.store import open_store

    report = LoadReport(bulk=False, stored={})
    with open_store(store_path) as store:
        for path, fmt in paths:
            parsed = ox.Store()
            extra = []
            for quad in _quads(path, fmt):
                report.quads += 1
                if quad.graph_name == _DEFAULT:
                    if _kept(quad):
                        extra.append(quad)
                else:
                    parsed.add(quad)
            pending = []
            for graph in parsed.named_graphs():
                pending.append(_article(parsed, graph))
                if len(pending) >= batch:
                    _count(report, store.add_ntriples(pending))
                    pending = []
            if pending:
                _count(report, store.add_ntriples(pending))
            if extra:
                store.ox.extend(extra)
    return report


def _article(parsed: ox.Store, graph: ox.NamedNode) -> tuple[str, str | None, str]:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in parsed.quads_for_pattern(None, None, None, graph)]
    text_hash = next((t.object.value for t in triples if t.predicate == _TEXT_HASH), None)
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return graph.value, text_hash, body


def _count(report: LoadReport, statuses: list[str]) -> None:
    for status in statuses:
        report.stored[status] = report.stored.get(status, 0) + 1
