"""Parsing and extraction on an existing Dask distributed cluster (``--dask-scheduler ADDRESS``).

A :class:`ParserPlugin` (a ``distributed.WorkerPlugin``) gives every worker one
:class:`~kgraph.nlp.parse.Parser`, made once when the plugin is attached; Stanza loads in it
on the worker's first parse-cache miss and stays loaded for every later task. Batches are
submitted in order, at most ``2 × workers`` at a time, and gathered in order; the caller maps
the results to RDF and merges them into its output file or store (one writer, on the client).

The workers need kgraph installed and the Stanza models reachable at the same path (or
``KGRAPH_STANZA_DIR`` set on the workers and ``--stanza-dir`` left out); the parse cache is
the workers' (``--cache-dir`` as seen by them).
"""
from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from kgraph.batch import BatchResult, cpu_count, process_batch_portable
from kgraph.errors import KGraphError
from kgraph.model import Document
from kgraph.nlp.parse import ParseOptions, Parser

__all__ = ["PLUGIN_NAME", "ParserPlugin", "DaskEngine"]

PLUGIN_NAME = "kgraph-parser"

try:
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # dask is an optional extra; DaskEngine says how to install it
    _WorkerPlugin = object


class ParserPlugin(_WorkerPlugin):
    """Attaches one Parser to each worker; tasks on a worker share it (one at a time)."""

    name = PLUGIN_NAME
    idempotent = False  # a new build's options replace an older build's plugin

    def __init__(self, options: ParseOptions, workers_per_host: dict[str, int] | None = None) -> None:
        self.options = options
        self.workers_per_host = workers_per_host or {}
        self.parser: Parser | None = None
        self.lock: threading.Lock | None = None

    def __getstate__(self) -> dict:
        return {"options": self.options, "workers_per_host": self.workers_per_host}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["options"], state["workers_per_host"])

    def setup(self, worker) -> None:
        options = self.options
        if not options.threads:  # share the host's cores among the workers on it
            host = worker.address.rsplit(":", 1)[0]
            share = max(1, self.workers_per_host.get(host, 1))
            options = replace(options, threads=max(1, cpu_count() // share))
        self.parser = Parser(options)
        self.lock = threading.Lock()  # a worker with several threads must not run Stanza twice at once

    def teardown(self, worker) -> None:
        self.parser = None


def _run_on_worker(docs: Sequence[Document]) -> BatchResult:
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN_NAME]
    with plugin.lock:
        return process_batch_portable(plugin.parser, docs)


class DaskEngine:
    """Maps batches of documents to :class:`BatchResult` on a Dask cluster."""

    def __init__(self, options: ParseOptions, scheduler: str, *, timeout: float | None = None) -> None:
        """Connect to ``scheduler``; ``timeout`` defaults to Dask's ``distributed.comm.timeouts.connect``."""
        try:
            from distributed import Client
        except ImportError as exc:
            raise KGraphError("--dask-scheduler needs Dask: pip install 'kgraph[dask]'") from exc
        try:
            self.client = Client(scheduler, **({} if timeout is None else {"timeout": timeout}))
        except (OSError, TimeoutError, ValueError, TypeError) as exc:  # ValueError: not an address
            raise KGraphError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); "
                              "check the address (tcp://HOST:8786) and that the scheduler runs") from exc
        info = self.client.scheduler_info(n_workers=-1) if _takes_n_workers(self.client) else \
            self.client.scheduler_info()
        workers = info.get("workers", {})
        if not workers:
            self.client.close()
            raise KGraphError(f"the Dask cluster at {scheduler} has no workers; start some with "
                              f"`dask worker {scheduler}`")
        self.workers = len(workers)
        hosts = Counter(address.rsplit(":", 1)[0] for address in workers)
        self.client.register_plugin(ParserPlugin(options, dict(hosts)), name=PLUGIN_NAME)

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[BatchResult]:
        pending: deque = deque()
        for batch in batches:
            pending.append(self.client.submit(_run_on_worker, list(batch), pure=False))
            while len(pending) >= 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        try:
            self.client.unregister_worker_plugin(PLUGIN_NAME)
        except Exception:  # the cluster may be gone already; nothing to undo then
            pass
        self.client.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _takes_n_workers(client) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters
