"""One unit of build work: parse a batch of documents (cached) and extract each article.

This is what runs inside a worker (a local process, a Dask worker, or the main process):
it takes a list of :class:`~kgraph.model.Document` and returns a small picklable
:class:`BatchResult` made of frozen dataclasses, ready to be mapped to RDF by the caller.
"""
from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

from kgraph.errors import KGraphError
from kgraph.extract.article import extract_article
from kgraph.model import Assertion, Document, Entity
from kgraph.nlp.parse import Parser

__all__ = ["ArticleResult", "BatchResult", "RemoteError", "process_batch", "process_batch_portable",
           "cpu_count"]


@dataclass(frozen=True)
class ArticleResult:
    """What one article contributes to the graph (no parse trees: they stay in the worker)."""

    document: Document
    sentences: int
    entities: tuple[tuple[Entity, frozenset[str]], ...]  # entity, names the article used for it
    assertions: tuple[Assertion, ...]

    @property
    def entity_names(self) -> dict[Entity, set[str]]:
        return {entity: set(names) for entity, names in self.entities}


@dataclass(frozen=True)
class BatchResult:
    articles: tuple[ArticleResult, ...]
    parsed: int  # texts Stanza parsed (the rest came from the parse cache)
    parse_s: float  # seconds spent parsing (cache reads included), in the worker
    extract_s: float  # seconds spent extracting, in the worker


class RemoteError(KGraphError):
    """A KGraphError raised in a worker, carried back with its message and exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def __reduce__(self):
        return (RemoteError, (str(self), self.exit_code))


def cpu_count() -> int:
    """Cores this process may use (affinity-aware)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_batch(parser: Parser, docs: Sequence[Document]) -> BatchResult:
    """Parse ``docs`` in one Stanza call (cache misses only) and extract every article."""
    before = parser.parsed_count
    t0 = time.perf_counter()
    parsed = parser.parse_batch(docs)
    t1 = time.perf_counter()
    articles = []
    for p in parsed:
        extraction = extract_article(p)
        articles.append(ArticleResult(
            p.document, len(p.sentences),
            tuple((entity, frozenset(names)) for entity, names in extraction.entities.items()),
            tuple(extraction.assertions)))
    t2 = time.perf_counter()
    return BatchResult(tuple(articles), parser.parsed_count - before, t1 - t0, t2 - t1)


def process_batch_portable(parser: Parser, docs: Sequence[Document]) -> BatchResult:
    """:func:`process_batch` for workers: a KGraphError comes back as a picklable RemoteError."""
    try:
        return process_batch(parser, docs)
    except RemoteError:
        raise
    except KGraphError as exc:  # subclasses may not unpickle; keep message and exit code
        raise RemoteError(str(exc), exc.exit_code) from None
