"""Open a SOURCE for the researcher's commands: an RDF file of any format, or a store folder.

Files are parsed with Oxigraph (fast, and it never fetches remote JSON-LD contexts) into an
in-memory Oxigraph store, after the checks of :func:`check_rdf_text` (entity bombs in RDF/XML,
nesting deeper than a parser survives, JSON-LD contexts that are not inline). A folder must be a
store made by ``kgraph build --store`` (see :mod:`kgraph.store`). :func:`open_source` is the one
way in for every command (export, validate, eval, entities; query, stats and view for files:
they read a store folder in place);
:func:`open_dataset` hands the same data, as an rdflib :class:`~rdflib.Dataset`, to the code that
needs rdflib (exports, SHACL), so no command parses RDF with rdflib's slower, laxer parsers;
:func:`read_store` runs a command's work over a store folder in place, without a copy (a store
of millions of triples does not fit one in memory). Suffixes are looked up in
:mod:`kgraph.rdf.formats`.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Dataset

from kgraph.errors import InputError
from kgraph.rdf.formats import rdf_format
from kgraph.rdf.namespaces import bind_prefixes
from kgraph.rdf.statements import refresh_statements
from kgraph.safety import check_jsonld, check_nesting, check_xml, no_network

T = TypeVar("T")

__all__ = ["open_source", "open_dataset", "read_store", "has_named_graphs", "read_rdf", "parse_file",
           "load_dataset", "check_rdf_text", "is_store_dir", "nquads_text", "ntriples_text", "to_dataset",
           "from_dataset", "union_into_default"]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def check_rdf_text(data: bytes, fmt: ox.RdfFormat, name: str, *, allow_network: bool = False) -> None:
    """Refuse RDF that would make a parser expand entities, recurse without bound or read a
    JSON-LD context it was not given (:mod:`kgraph.safety`)."""
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml(data, name=name)
        return
    text = data.decode("utf-8", errors="replace")
    if fmt == ox.RdfFormat.JSON_LD:
        check_jsonld(text, name=name, allow_network=allow_network)
    else:
        check_nesting(text, name=name)


def _file_bytes(path: Path, allow_network: bool = False) -> tuple[bytes, ox.RdfFormat]:
    if not path.is_file():
        raise InputError(f"{path}: no such file" + (" (or store folder)" if not path.exists() else ""))
    fmt = rdf_format(path).oxigraph
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    check_rdf_text(data, fmt, str(path), allow_network=allow_network)
    return data, fmt


def _parse_error(path: Path, fmt: ox.RdfFormat, exc: BaseException, allow_network: bool) -> InputError | None:
    """The error for a file Oxigraph could not parse; None for a remote JSON-LD context the user allowed."""
    message = _first_line(exc)
    if isinstance(exc, MemoryError):
        if "buffer maximal size" not in message:  # real exhaustion: the CLI reports the ceiling
            raise exc
        return InputError(f"{path}: holds a term (an IRI or literal) over 16 MiB, more than the parser takes")
    if fmt == ox.RdfFormat.JSON_LD and "remote context" in message.lower():
        if allow_network:
            return None
        return InputError(f"{path}: refers to a remote JSON-LD context, which kgraph does not "
                          "fetch; inline the context or pass --allow-network")
    return InputError(f"{path}: not valid {fmt.name} ({message})")


def read_rdf(path: str | Path, *, allow_network: bool = False) -> ox.Store:
    """Parse one RDF file, as written (named graphs kept, nothing added), into an in-memory store."""
    path = Path(path)
    data, fmt = _file_bytes(path, allow_network)
    store = ox.Store()
    try:
        store.load(data, fmt, base_iri=path.resolve().as_uri())
    except (SyntaxError, ValueError, OSError, MemoryError) as exc:
        error = _parse_error(path, fmt, exc, allow_network)
        if error is None:
            return _parse_jsonld_with_rdflib(path, data)
        raise error from exc
    return store


def parse_file(path: str | Path, *, allow_network: bool = False) -> ox.Store:
    """Parse one RDF file into a new in-memory store ready for querying (:func:`union_into_default`)."""
    return union_into_default(read_rdf(path, allow_network=allow_network))


def load_dataset(path: str | Path) -> Dataset:
    """One RDF file exactly as written (lexical forms kept, no statement layer), as an rdflib
    Dataset parsed by Oxigraph's parser: for round-trip checks. Commands use :func:`open_dataset`."""
    path = Path(path)
    data, fmt = _file_bytes(path)
    try:
        quads = ox.serialize(ox.parse(data, fmt, base_iri=path.resolve().as_uri()), format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError, OSError, MemoryError) as exc:
        raise (_parse_error(path, fmt, exc, False) or InputError(str(path))) from exc
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    ds.parse(data=quads.decode("utf-8"), format="nquads")
    return ds


def union_into_default(store: ox.Store) -> ox.Store:
    """Copy every named graph's triples into the default graph (a set), add the statement layer
    (:mod:`kgraph.rdf.statements`, made afresh), and return the store.

    kgraph queries the default graph as "everything": Oxigraph's union-default-graph option would
    count a triple once per article that holds it.
    """
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    refresh_statements(store)
    return store


def _parse_jsonld_with_rdflib(path: Path, data: bytes) -> ox.Store:
    """JSON-LD with remote contexts, allowed by the user: rdflib fetches them."""
    ds = Dataset()
    try:
        ds.parse(data=data, format="json-ld", base=path.resolve().as_uri())
    except Exception as exc:  # rdflib and urllib raise many types
        raise InputError(f"{path}: not valid JSON-LD ({_first_line(exc)})") from exc
    store = ox.Store()
    store.load(ds.serialize(format="nquads", encoding="utf-8"), ox.RdfFormat.N_QUADS)
    return store


def is_store_dir(path: str | Path) -> bool:
    """Whether ``path`` is a folder holding an on-disk Oxigraph store."""
    path = Path(path)
    return path.is_dir() and (path / "CURRENT").is_file()


def open_source(path: str | Path, *, allow_network: bool = False) -> ox.Store:
    """An Oxigraph store over SOURCE: a store folder (opened read-only) or a parsed RDF file."""
    path = Path(path)
    if path.is_dir():
        return _snapshot(path)
    return parse_file(path, allow_network=allow_network)


def _in_place(folder: Path, work: Callable[[ox.Store], T], attempts: int = 3) -> T:
    """``work(store)`` over the store folder opened read-only: a build writing the store at the
    same time may replace a table file under a long reader, so the work is done again if so."""
    from kgraph.store import open_store  # local import: store imports this module's helpers

    for attempt in range(attempts):
        try:
            with open_store(folder, read_only=True) as store:
                return work(store.ox)
        except (OSError, RuntimeError) as exc:  # RocksDB: a file gone, or caught mid-change
            if attempt + 1 == attempts:
                raise InputError(f"{folder}: the store changed while it was read ({_first_line(exc)}); "
                                 "run the command again when the build is done") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _snapshot(folder: Path) -> ox.Store:
    """The store folder's quads, copied into memory in one read."""
    def copy(store: ox.Store) -> ox.Store:
        snapshot = ox.Store()
        snapshot.bulk_extend(store)
        return snapshot

    return _in_place(folder, copy)


def read_store(path: str | Path, work: Callable[[ox.Store], T], *, allow_network: bool = False) -> T:
    """``work(store)`` over SOURCE as an Oxigraph store: a store folder is read in place, without
    a copy into memory (and read again if a build writing it replaces a file under the reader);
    a file is parsed first (:func:`open_source`)."""
    path = Path(path)
    if is_store_dir(path):
        return _in_place(path, work)
    return work(open_source(path, allow_network=allow_network))


def open_dataset(path: str | Path, *, allow_network: bool = False) -> Dataset:
    """SOURCE (file or store folder) through :func:`open_source`, as an rdflib Dataset."""
    return to_dataset(open_source(path, allow_network=allow_network))


def has_named_graphs(store: ox.Store) -> bool:
    """Whether the store holds per-article named graphs (a TriG/N-Quads/JSON-LD file or a store)."""
    return bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))


def nquads_text(store: ox.Store) -> bytes:
    """The store as N-Quads: its named graphs, and of its default graph only the triples no named
    graph holds (the materialised union is not written twice; a Turtle file's triples are)."""
    default = ox.DefaultGraph()
    named = ox.serialize((q for q in store if q.graph_name != default), format=ox.RdfFormat.N_QUADS)
    only_default = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
                               "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
    return named + only_default.serialize(format=ox.RdfFormat.N_TRIPLES)


def ntriples_text(store: ox.Store) -> bytes:
    """The union of all the store's graphs as N-Triples, each triple once."""
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                        "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }")
    return union.serialize(format=ox.RdfFormat.N_TRIPLES)


def to_dataset(store: ox.Store) -> Dataset:
    """Copy an Oxigraph store into a union-default rdflib Dataset (named graphs kept), through
    :func:`nquads_text`."""
    data = nquads_text(store)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    try:
        with no_network():
            ds.parse(data=data.decode("utf-8"), format="nquads")
    except Exception as exc:  # rdflib's parsers raise many types
        hint = " (RDF 1.2 triple terms are not supported by this command)" if b"<<" in data else ""
        raise InputError(f"the graph cannot be handed to rdflib{hint}: {_first_line(exc)}") from None
    return ds


def from_dataset(dataset: Dataset) -> ox.Store:
    """Copy an rdflib Dataset (or Graph) into a new in-memory Oxigraph store."""
    store = ox.Store()
    is_dataset = isinstance(dataset, Dataset)
    data = dataset.serialize(format="nquads" if is_dataset else "nt", encoding="utf-8")
    store.load(io.BytesIO(data), ox.RdfFormat.N_QUADS if is_dataset else ox.RdfFormat.N_TRIPLES)
    return union_into_default(store)
