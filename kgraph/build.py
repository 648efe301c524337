"""The main job: read articles, parse (cached), extract, and write the RDF graph."""
from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.corpus import ReadOptions, read_documents
from kgraph.extract.article import extract_article
from kgraph.nlp.parse import ParseOptions, Parser
from kgraph.rdf.io import format_for, write_dataset
from kgraph.rdf.mapping import article_graph, new_dataset

__all__ = ["BuildOptions", "BuildReport", "build_graph"]


@dataclass(frozen=True)
class BuildOptions:
    read: ReadOptions = ReadOptions()
    parse: ParseOptions = ParseOptions()
    batch_size: int = 16
    progress: bool = True


@dataclass
class BuildReport:
    articles: int = 0
    sentences: int = 0
    parsed: int = 0  # articles Stanza parsed (the rest came from the cache)
    facts: int = 0
    modal: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        return (f"{self.articles} article(s), {self.sentences} sentence(s) "
                f"({self.parsed} parsed, {self.articles - self.parsed} from cache), "
                f"{self.facts} relation assertion(s), {self.modal} hedged")


def _progress(total: int | None, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="article", disable=not enabled or not sys.stderr.isatty(), file=sys.stderr,
                dynamic_ncols=True)


def build_graph(inputs: Iterable[str], out: str | Path, options: BuildOptions = BuildOptions()) -> BuildReport:
    """Build the graph of ``inputs`` and write it to ``out`` (format by suffix).

    The output is written once, at the end, through a temporary file: a failed run
    leaves any earlier file at ``out`` untouched.
    """
    format_for(out)  # an unknown suffix fails before any work
    report = BuildReport()
    parser = Parser(options.parse)
    dataset = new_dataset()
    timer = {"parse+read": 0.0, "extract": 0.0, "rdf": 0.0}
    docs = read_documents(inputs, options.read)
    with _progress(None, options.progress) as bar:
        start = time.perf_counter()
        for parsed in parser.parse_stream(docs, options.batch_size):
            t0 = time.perf_counter()
            timer["parse+read"] += t0 - start
            extraction = extract_article(parsed)
            t1 = time.perf_counter()
            article_graph(dataset, parsed.document, extraction.entities, extraction.assertions)
            start = time.perf_counter()
            timer["extract"] += t1 - t0
            timer["rdf"] += start - t1
            report.articles += 1
            report.sentences += len(parsed.sentences)
            report.facts += sum(a.is_fact for a in extraction.assertions)
            report.modal += sum(not a.is_fact for a in extraction.assertions)
            bar.update(1)
            bar.set_postfix(sentences=report.sentences, refresh=False)
    t0 = time.perf_counter()
    write_dataset(dataset, out)
    timer["write"] = time.perf_counter() - t0
    report.parsed = parser.parsed_count
    report.seconds = timer
    return report
