"""Local parallel parsing: a pool of processes, each with its own Parser (``--workers N``).

Each worker process builds one :class:`~kgraph.nlp.parse.Parser` when it starts, with torch
threads set to ``cores // workers`` so that the processes do not oversubscribe the cores
(Stanza slows down sharply when they do). Stanza itself loads in a worker only on its first
parse-cache miss. Batches go out in order and come back in order; at most ``2 × workers``
batches are in flight, so memory stays bounded whatever the corpus size.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from kgraph.batch import BatchResult, cpu_count, process_batch_portable
from kgraph.model import Document
from kgraph.nlp.parse import ParseOptions, Parser

__all__ = ["ProcessPoolEngine", "threads_per_worker"]

_parser: Parser | None = None  # the worker process's Parser


def threads_per_worker(workers: int, cores: int | None = None) -> int:
    return max(1, (cores or cpu_count()) // max(1, workers))


def _init_worker(options: ParseOptions) -> None:
    global _parser
    _parser = Parser(options)


def _run(docs: Sequence[Document]) -> BatchResult:
    assert _parser is not None, "worker not initialised"
    return process_batch_portable(_parser, docs)


class ProcessPoolEngine:
    """Maps batches of documents to :class:`BatchResult` on ``workers`` local processes."""

    def __init__(self, options: ParseOptions, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        threads = options.threads or threads_per_worker(workers)
        # spawn: a fresh interpreter per worker (forking a process that holds torch threads can hang)
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init_worker, initargs=(replace(options, threads=threads),))

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[BatchResult]:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(self._pool.submit(_run, list(batch)))
            while len(pending) >= 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessPoolEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
