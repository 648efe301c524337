"""Write RDF files; the format follows the file suffix (:mod:`kgraph.rdf.formats`).
Reading is :mod:`kgraph.sources`' job (Oxigraph's parsers)."""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kgraph.fileio import atomic_write
from kgraph.rdf.formats import rdf_format
from kgraph.rdf.namespaces import bind_prefixes

__all__ = ["format_for", "write_dataset", "union_graph", "atomic_write"]


def format_for(path: str | Path) -> tuple[str, bool]:
    """(rdflib format, whether it keeps named graphs) for writing ``path``."""
    fmt = rdf_format(path, writing=True)
    return fmt.rdflib, fmt.keeps_graphs


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
