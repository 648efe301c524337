"""Write a graph article by article, so memory stays bounded by one article, not the corpus.

Each article's named graph is serialised as soon as it is made, into a temporary file next to
the output; :meth:`GraphWriter.commit` renames it over the output at the end, and
:meth:`GraphWriter.discard` (or leaving the ``with`` block by an exception) deletes it, so a
failed or interrupted run never leaves a half-written file and an older output stays.

- ``.nq`` / ``.nt``: one line per quad / triple, appended per article.
- ``.trig``: one chunk per article (``@prefix`` lines, then the ``GRAPH`` block); repeated
  prefix declarations are valid TriG.
- ``.ttl``: one chunk per article, the triples of its named graph (Turtle keeps no graphs,
  as in :func:`kgraph.rdf.io.write_dataset`); an entity described in several articles repeats
  a few triples, which collapse into one when the file is parsed.
- ``.jsonld`` / ``.json``: JSON-LD is one JSON document and cannot be appended to: the writer
  accumulates the dataset in memory and serialises it on commit (memory grows with the corpus;
  use ``.nq`` or ``--store`` for large corpora).
"""
from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager

from kgraph.errors import OutputError
from kgraph.fileio import temp_twin, umask
from kgraph.rdf.io import format_for
from kgraph.rdf.namespaces import bind_prefixes

__all__ = ["GraphWriter", "open_writer"]


class GraphWriter:
    """Appends per-article graphs to a temporary file; commit renames it to ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.format, self.keeps_graphs = format_for(self.path)
        self.articles = 0
        self._accumulated: Dataset | None = None
        if self.format == "json-ld":
            self._accumulated = Dataset(default_union=True)
            bind_prefixes(self._accumulated)
        fd, self._tmp = temp_twin(self.path)  # locked while this run writes; stale twins removed
        self._fh: BinaryIO | None = os.fdopen(fd, "wb")

    def write(self, graph_iri: URIRef | str, graph: Graph) -> None:
        """Append the named graph ``graph_iri`` (its triples are ``graph``)."""
        if self._fh is None:
            raise ValueError("the writer is closed")
        self.articles += 1
        if self._accumulated is not None:
            target = self._accumulated.graph(URIRef(str(graph_iri)))
            for triple in graph:
                target.add(triple)
            return
        self._write_bytes(self._chunk(URIRef(str(graph_iri)), graph))

    def _chunk(self, graph_iri: URIRef, graph: Graph) -> bytes:
        if self.format == "nt":
            return graph.serialize(format="nt", encoding="utf-8")
        if self.format == "nquads":  # N-Triples lines with the graph name before the final " ."
            name = f" {graph_iri.n3()} .\n".encode()
            lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
            return b"".join(line[:-2] + name for line in lines if line.endswith(b" ."))
        if self.format == "turtle":
            plain = Graph(bind_namespaces="none")
            bind_prefixes(plain)
            for triple in graph:
                plain.add(triple)
            return plain.serialize(format="turtle", encoding="utf-8") + b"\n"
        ds = Dataset()
        ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
        bind_prefixes(ds)
        named = ds.graph(graph_iri)
        for triple in graph:
            named.add(triple)
        data = ds.serialize(format=self.format, encoding="utf-8")
        return data + (b"\n" if self.format == "trig" else b"")

    def _write_bytes(self, data: bytes) -> None:
        try:
            self._fh.write(data)
        except OSError as exc:
            self.discard()
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from exc

    def commit(self) -> None:
        """Finish the file and rename it over ``path``."""
        if self._fh is None:
            raise ValueError("the writer is closed")
        if self._accumulated is not None:
            self._write_bytes(self._accumulated.serialize(format="json-ld", encoding="utf-8"))
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            os.chmod(self._tmp, 0o666 & ~umask())  # mkstemp makes 0600; give the usual mode
            os.replace(self._tmp, self.path)
            self._fh.close()
            self._fh = None
        except OSError as exc:
            self.discard()
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from exc

    def discard(self) -> None:
        """Drop the temporary file; ``path`` is left as it was. Safe to call twice."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self._tmp.unlink(missing_ok=True)
        self._accumulated = None

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None and self._fh is not None:
            self.commit()
        else:
            self.discard()


def open_writer(path: str | Path) -> GraphWriter:
    """A :class:`GraphWriter` for ``path`` (the format follows the suffix)."""
    return GraphWriter(path)
