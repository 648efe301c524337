"""Read and write RDF files; the format follows the file suffix."""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kgraph.errors import InputError, OutputError
from kgraph.fileio import atomic_write
from kgraph.safety import no_network
from kgraph.rdf.namespaces import bind_prefixes

__all__ = ["FORMATS", "format_for", "write_dataset", "load_dataset", "atomic_write"]

#: suffix → (rdflib format, whether the format keeps named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    ".ttl": ("turtle", False),
    ".nt": ("nt", False),
    ".trig": ("trig", True),
    ".nq": ("nquads", True),
    ".jsonld": ("json-ld", True),
    ".json": ("json-ld", True),
}


def format_for(path: str | Path) -> tuple[str, bool]:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise OutputError(f"{path}: unknown RDF suffix {suffix or '(none)'!r}; use one of {known}")
    return FORMATS[suffix]


def union_graph(dataset: Dataset) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    for triple in dataset.triples((None, None, None)):
        graph.add(triple)
    return graph


def write_dataset(dataset: Dataset, path: str | Path) -> None:
    """Serialise ``dataset`` to ``path``; triple formats get the union of all graphs."""
    fmt, keeps_graphs = format_for(path)
    target = dataset if keeps_graphs else union_graph(dataset)
    bind_prefixes(target)
    data = target.serialize(format=fmt, encoding="utf-8")
    atomic_write(path, data)


def load_dataset(path: str | Path) -> Dataset:
    """Parse an RDF file written by kgraph (any of FORMATS) into a union-default Dataset."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt, _ = format_for(path)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    try:
        with no_network():  # a remote JSON-LD @context must not be fetched
            ds.parse(str(path), format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"{path}: not valid {fmt} ({str(exc).splitlines()[0][:200]})") from exc
    return ds
