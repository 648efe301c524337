"""The main job: read articles, parse (cached), extract, and write the RDF graph.

Three steps. (1) Documents are read one at a time, grouped into batches of ``batch_size`` for
Stanza, parsed and extracted (in the main process, a pool of local processes or on a Dask
cluster); each article's extraction (entities and assertions, no parse) is spilled to a
temporary file, and only what entity resolution needs (names, offices, articles per entity) stays
in memory. (2) :func:`kgraph.resolve.resolver.resolve` decides which entities are one across the
corpus (and the store). (3) The spilled articles are read back, their entities replaced by the
canonical ones, and each article's named graph is written (to the output file's temporary twin,
and/or to the store), followed by the resolution graph (``kgr:resolution``: ``owl:sameAs`` from
merged IRIs to the canonical one, and the evidence). Memory is bounded by the batch size and the
resolution index, not by the texts (JSON-LD output is the exception: see :mod:`kgraph.rdf.stream`).

An interrupted run continues where it stopped: parses already made come from the parse cache,
and with a store, articles already stored with the same text are skipped before parsing.
"""
from __future__ import annotations

import json
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDF, XSD

from kgraph.batch import ArticleResult, BatchResult, process_batch
from kgraph.corpus import ReadOptions, check_inputs, count_json_items, input_files, read_documents
from kgraph.errors import InputError
from kgraph.fileio import atomic_write
from kgraph.model import Document, Entity
from kgraph.nlp.parse import ParseOptions, Parser
from kgraph.extract.gazetteer import load_gazetteer
from kgraph.rdf.io import format_for
from kgraph.rdf.iris import entity_iri, entity_key, graph_iri, resolution_iri
from kgraph.rdf.mapping import article_only_graph, decimal_literal, resolution_graph
from kgraph.rdf.namespaces import ENTITY_CLASSES, KGO
from kgraph.rdf.stream import GraphWriter
from kgraph.resolve.aliases import Aliases, load_aliases, shipped_aliases
from kgraph.resolve.apply import resolve_article
from kgraph.resolve.resolver import OFFICE_RELATIONS, CorpusIndex, Resolution, resolve

__all__ = ["BuildOptions", "BuildReport", "build_graph", "count_documents", "assertion_counts", "STAGES"]

#: the stages timed in :attr:`BuildReport.seconds` (plus ``total``, the wall clock)
STAGES = ("read", "parse", "extract", "resolve", "rdf", "write", "store")


@dataclass(frozen=True)
class BuildOptions:
    read: ReadOptions = ReadOptions()
    parse: ParseOptions = ParseOptions()
    batch_size: int = 16
    progress: bool = True
    workers: int = 1  # local processes for parsing and extraction (1: in this process)
    dask_scheduler: str | None = None  # address of a Dask scheduler to run them on instead
    store: str | Path | None = None  # an on-disk store folder to add the articles to
    aliases: str | Path | None = None  # the user's aliases file (merges, splits, extra names)
    keep_mentions: bool = False  # keep entities that take part in no assertion
    progress_every: int = 100  # without a terminal, a progress line every this many articles


@dataclass
class BuildReport:
    articles: int = 0  # articles in the input (skipped ones included)
    sentences: int = 0  # sentences of the articles built (not of those skipped)
    parsed: int = 0  # articles Stanza parsed (the rest came from the cache, or were skipped)
    skipped: int = 0  # articles already in the store with the same text: not parsed again
    stored: dict[str, int] = field(default_factory=dict)  # store status → count
    facts: int = 0  # relation assertions stated as facts, in the whole output (skipped articles included)
    modal: int = 0  # hedged assertions, in the whole output
    reused_facts: int = 0  # of ``facts``, those of skipped articles (read back from the store)
    reused_modal: int = 0  # of ``modal``, those of skipped articles
    #: seconds per stage (see STAGES) and ``total``. parse and extract are summed over the
    #: workers when they run in parallel, so they can add up to more than ``total``.
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """What the output holds (all of it, articles reused from the store included) and what was new."""
        built = self.articles - self.skipped
        how = f"{self.parsed} parsed, {built - self.parsed} from cache"
        if not self.skipped:
            text = (f"{self.articles} article(s), {self.sentences} sentence(s) ({how}), "
                    f"{self.facts} relation assertion(s), {self.modal} hedged")
        else:
            text = (f"{self.articles} article(s) ({self.skipped} unchanged in the store, {built} built: {how}, "
                    f"{self.sentences} sentence(s)), {self.facts} relation assertion(s), {self.modal} hedged "
                    f"({self.facts - self.reused_facts} and {self.modal - self.reused_modal} of them new)")
        if self.stored:
            text += "; store: " + ", ".join(f"{n} {status}" for status, n in sorted(self.stored.items()))
        return text


def assertion_counts(graph) -> tuple[int, int]:
    """(facts, hedged): the assertions of an article's graph, without and with a ``kgo:modality``."""
    nodes = set(graph.subjects(RDF.type, KGO.Assertion))
    hedged = sum(1 for node in nodes if (node, KGO.modality, None) in graph)
    return len(nodes) - hedged, hedged


def count_documents(inputs: Iterable[str], opts: ReadOptions = ReadOptions()) -> int | None:
    """How many articles ``inputs`` hold, counted cheaply (lines, files); None for stdin, and for
    pipes and devices (counting would consume them)."""
    total = 0
    for name in inputs:
        if name == "-":
            return None
        path = Path(name)
        for file in input_files(path, opts) if path.is_dir() else [path]:
            try:
                if not stat.S_ISREG(file.stat().st_mode):
                    return None
                if file.suffix.lower() == ".jsonl":
                    with open(file, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                elif file.suffix.lower() == ".json":
                    items = count_json_items(file, opts.max_bytes)
                    if items is None:
                        return None
                    total += items
                else:
                    total += 1
            except OSError:
                return None
    return total


class _Progress:
    """Progress on stderr: on a terminal a tqdm bar (articles, sentences/s, ETA when the total is
    known), otherwise one line every ``every`` articles (logs, CI, a pipe)."""

    def __init__(self, total: int | None, enabled: bool, every: int) -> None:
        from tqdm import tqdm

        terminal = sys.stderr.isatty()
        self.bar = tqdm(total=total, unit="article", disable=not (enabled and terminal), file=sys.stderr,
                        dynamic_ncols=True, smoothing=0.1)
        self.every = every if enabled and not terminal else 0
        self.total = total
        self.start = time.perf_counter()
        self.articles = self.sentences = 0

    def update(self, articles: int, sentences: int) -> None:
        before = self.articles
        self.articles += articles
        self.sentences += sentences
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        rate = self.sentences / elapsed
        self.bar.set_postfix_str(f"{self.sentences} sent, {rate:.1f} sent/s", refresh=False)
        self.bar.update(articles)
        if self.every and self.articles // self.every > before // self.every:
            done = f"{self.articles}/{self.total}" if self.total else f"{self.articles}"
            eta = ""
            if self.total and self.articles < self.total:
                eta = f", about {_duration(elapsed / self.articles * (self.total - self.articles))} left"
            print(f"kgraph: {done} articles, {self.sentences} sentences, {rate:.1f} sentences/s, "
                  f"{_duration(elapsed)} so far{eta}", file=sys.stderr, flush=True)

    def close(self) -> None:
        self.bar.close()


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


class _Timed:
    """Wraps an iterator and adds the time spent in ``next`` to ``seconds[key]``."""

    def __init__(self, it: Iterable, seconds: dict[str, float], key: str) -> None:
        self.it, self.seconds, self.key = iter(it), seconds, key

    def __iter__(self):
        return self

    def __next__(self):
        t0 = time.perf_counter()
        try:
            return next(self.it)
        finally:
            self.seconds[self.key] += time.perf_counter() - t0


class _SerialEngine:
    def __init__(self, options: ParseOptions) -> None:
        self.parser = Parser(options)

    def map(self, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        for batch in batches:
            yield process_batch(self.parser, batch)

    def __enter__(self) -> _SerialEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _engine(options: BuildOptions):
    if options.dask_scheduler:
        from kgraph.distributed import DaskEngine

        return DaskEngine(options.parse, options.dask_scheduler)
    if options.workers > 1:
        from kgraph.parallel import ProcessPoolEngine

        return ProcessPoolEngine(options.parse, options.workers)
    return _SerialEngine(options.parse)


def _stored_graph(store, iri: str):
    """An article's named graph as kept in the store, as an rdflib Graph."""
    import pyoxigraph as ox
    from rdflib import Graph

    quads = store.ox.quads_for_pattern(None, None, None, ox.NamedNode(iri))
    data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=data.decode("utf-8"), format="nt")
    # Oxigraph keeps "517000000.0" as "517000000": back to the form freshly built graphs have
    for s, p, o in list(graph.triples((None, None, None))):
        if isinstance(o, Literal) and o.datatype == XSD.decimal and "." not in str(o):
            graph.remove((s, p, o))
            graph.add((s, p, decimal_literal(str(o))))
    return graph


def build_graph(inputs: Iterable[str], out: str | Path | None,
                options: BuildOptions = BuildOptions()) -> BuildReport:
    """Build the graph of ``inputs``; write it to ``out`` (format by suffix) and/or the store.

    ``out`` is written through a temporary file renamed at the end: a failed or interrupted
    run leaves any earlier file at ``out`` untouched. With ``options.store``, the articles are
    committed to the store ``batch_size`` at a time (one transaction each batch: a crash leaves
    every article old or new), and articles already
    stored with the same text are skipped before parsing (their stored graph still goes to
    ``out``).
    """
    inputs = list(inputs)
    if out is None and options.store is None:
        raise InputError("nothing to write: give an output file (-o OUT) or a store (--store DIR)")
    if out is not None:
        format_for(out)  # an unknown suffix fails before any work
    if options.batch_size < 1 or options.workers < 1:
        raise InputError("batch size and workers must be at least 1")
    aliases = shipped_aliases(load_aliases(options.aliases) if options.aliases is not None else Aliases())
    report = BuildReport()
    seconds = {stage: 0.0 for stage in STAGES}
    started = time.perf_counter()
    check_inputs(inputs)  # a misspelt input is said before anything else (models, store)
    total = count_documents(inputs, options.read) if options.progress else None
    with ExitStack() as stack:
        store = None
        if options.store is not None:
            from kgraph.store import open_store

            store = stack.enter_context(open_store(options.store))
        writer = stack.enter_context(GraphWriter(out)) if out is not None else None
        progress = _Progress(total, options.progress, options.progress_every)
        stack.callback(progress.close)
        engine = stack.enter_context(_engine(options))

        def todo() -> Iterator[Document]:
            for doc in _Timed(read_documents(inputs, options.read), seconds, "read"):
                report.articles += 1
                if store is not None and store.has_article(graph_iri(doc.id), doc.text_hash):
                    report.skipped += 1
                    t0 = time.perf_counter()
                    iri = str(graph_iri(doc.id))
                    graph = _stored_graph(store, iri)
                    facts, hedged = assertion_counts(graph)
                    report.reused_facts += facts
                    report.reused_modal += hedged
                    if writer is not None:
                        writer.write(iri, graph)
                    seconds["write"] += time.perf_counter() - t0
                    progress.update(1, 0)
                    continue
                yield doc

        def batches() -> Iterator[list[Document]]:
            batch: list[Document] = []
            for doc in todo():
                batch.append(doc)
                if len(batch) >= options.batch_size:
                    yield batch
                    batch = []
            if batch:
                yield batch

        index = _stored_index(store)
        spill = stack.enter_context(tempfile.TemporaryFile(prefix="kgraph-articles-"))
        for result in engine.map(batches()):
            seconds["parse"] += result.parse_s
            seconds["extract"] += result.extract_s
            report.parsed += result.parsed
            for article in result.articles:
                index.add_article(article.document.id, article.entity_names, article.assertions)
                pickle.dump(article, spill, protocol=pickle.HIGHEST_PROTOCOL)
            progress.update(len(result.articles), sum(a.sentences for a in result.articles))
        t0 = time.perf_counter()
        if store is not None:
            if not _index_path(store).is_file():
                index_store(store, index)  # a store made before the index was kept beside it
            atomic_write(_index_path(store), json.dumps(index.to_json()).encode("utf-8"))
        resolution = resolve(index, aliases)
        seconds["resolve"] += time.perf_counter() - t0
        spill.seek(0)
        pending: list[tuple] = []
        for article in _spilled(spill):
            pending.append(_emit(article, resolution, options.keep_mentions, writer, report, seconds))
            if store is not None and len(pending) >= options.batch_size:
                _store(store, pending, report, seconds)
                pending = []
        if store is not None and pending:
            _store(store, pending, report, seconds)
        _emit_resolution(resolution, writer, store)
        if writer is not None:
            t0 = time.perf_counter()
            writer.commit()
            seconds["write"] += time.perf_counter() - t0
    report.facts += report.reused_facts
    report.modal += report.reused_modal
    seconds["total"] = time.perf_counter() - started
    report.seconds = seconds
    return report


def _index_path(store) -> Path:
    return Path(store.path) / "kgraph-entities.json"


def _stored_index(store) -> CorpusIndex:
    """The resolution index kept beside the store (what every earlier build saw), or an empty one."""
    if store is None or not _index_path(store).is_file():
        return CorpusIndex()
    try:
        return CorpusIndex.from_json(json.loads(_index_path(store).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{_index_path(store)}: cannot read the store's entity index ({exc}); "
                         "delete it to rebuild it from the stored graphs") from exc


def index_store(store, index: CorpusIndex) -> None:
    """Add the store's persons and organisations to ``index``, so new articles can join them."""
    gazetteer = load_gazetteer().entities
    known = {str(entity_iri(k)): k for k in gazetteer}
    for iri, cls, names, articles, offices in store.entity_profiles(ENTITY_CLASSES):
        if iri in known:  # never resolved, but in assertions of stored articles
            index.add_stored(gazetteer[known[iri]], (), articles, ())
            continue
        key = entity_key(iri)
        if key is None or str(entity_iri(key)) != iri:
            continue  # foreign IRIs are left alone
        stated = {(rel, known.get(o) or entity_key(o)) for rel, o in offices if rel in OFFICE_RELATIONS}
        index.add_stored(Entity(key, cls, None, key.split("/", 1)[1]), names, articles, stated)


def _spilled(fh) -> Iterator[ArticleResult]:
    while True:
        try:
            yield pickle.load(fh)
        except EOFError:
            return


def _emit_resolution(resolution: Resolution, writer: GraphWriter | None, store) -> None:
    """The resolution graph: merged IRIs ``owl:sameAs`` the canonical one, and the evidence."""
    iri = resolution_iri()
    graph = resolution_graph(resolution, iri)
    if store is not None:
        store.merge_graph(iri, graph)
        graph = _stored_graph(store, str(iri))
    if writer is not None and len(graph):
        writer.write(iri, graph)


def _emit(article: ArticleResult, resolution: Resolution, keep_mentions: bool, writer: GraphWriter | None,
          report: BuildReport, seconds: dict[str, float]) -> tuple:
    """Resolve one article's entities, map it to its named graph and hand it to the writer; returns
    what the store takes (graph IRI, graph, text hash)."""
    t0 = time.perf_counter()
    doc = article.document
    entities, assertions = resolve_article(resolution, doc.id, article.entity_names, article.assertions,
                                           keep_mentions=keep_mentions)
    graph = article_only_graph(doc, entities, assertions)
    t1 = time.perf_counter()
    seconds["rdf"] += t1 - t0
    if writer is not None:
        writer.write(graph.identifier, graph)
    seconds["write"] += time.perf_counter() - t1
    report.sentences += article.sentences
    facts, hedged = assertion_counts(graph)
    report.facts += facts
    report.modal += hedged
    return graph.identifier, graph, doc.text_hash


def _store(store, items: list[tuple], report: BuildReport, seconds: dict[str, float]) -> None:
    """Commit a batch of articles (``batch_size`` of them) to the store in one transaction: a crash
    leaves each of them old or new, and the statement layer matching what is stored."""
    t0 = time.perf_counter()
    for status in store.add_articles(items):
        report.stored[status] = report.stored.get(status, 0) + 1
    seconds["store"] += time.perf_counter() - t0

