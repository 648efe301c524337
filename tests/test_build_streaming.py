"""Streaming build: per-article output, atomic replacement, resume through the store (real Stanza)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import kgraph.build as build_module
from conftest import SHARED, run_cli
from kgraph.build import BuildOptions, build_graph, count_documents
from kgraph.corpus import read_documents
from kgraph.errors import InputError, OutputError
from kgraph.extract.article import extract_article
from kgraph.nlp.parse import ParseOptions, Parser
from kgraph.rdf.iris import resolution_iri
from kgraph.rdf.mapping import article_graph, new_dataset, resolution_graph
from kgraph.resolve.apply import resolve_corpus
from kgraph.sources import load_dataset
from kgraph.rdf.stream import GraphWriter
from kgraph.sources import from_dataset, to_dataset

NEWS = SHARED / "data" / "news-id" / "articles.jsonl"
PICK = ("idn-001", "idn-004", "idn-007", "facqa-001")

pytestmark = pytest.mark.skipif(not NEWS.is_file(), reason=f"{NEWS} is not there (the shared corpus)")


def pick_articles(path: Path, ids=PICK) -> Path:
    """A small .jsonl of real news read from the shared corpus at test time."""
    lines = [line for line in NEWS.read_text(encoding="utf-8").splitlines()
             if line.strip() and json.loads(line)["id"] in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return pick_articles(tmp_path_factory.mktemp("corpus") / "news.jsonl")


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("cache"))


def options(cache_dir: str, **kw) -> BuildOptions:
    return BuildOptions(parse=ParseOptions(cache_dir=cache_dir), progress=False, **kw)


def quads(path_or_ds) -> set:
    ds = load_dataset(path_or_ds) if isinstance(path_or_ds, (str, Path)) else path_or_ds
    return set(ds.quads((None, None, None, None)))


def union(ds) -> Graph:
    g = Graph()
    for triple in ds.triples((None, None, None)):
        g.add(triple)
    return g


@pytest.fixture(scope="module")
def whole_dataset(corpus, cache_dir):
    """The corpus mapped into one in-memory dataset, the way kgraph built it before streaming."""
    parser = Parser(ParseOptions(cache_dir=cache_dir, threads=1))  # robust on a busy machine
    ds = new_dataset()
    docs, extractions = [], []
    for parsed in parser.parse_stream(read_documents([str(corpus)]), 16):
        extraction = extract_article(parsed)
        docs.append(parsed.document)
        extractions.append((parsed.document.id, extraction.entities, extraction.assertions))
    resolution, resolved = resolve_corpus(extractions)
    for doc, (entities, assertions) in zip(docs, resolved):
        article_graph(ds, doc, entities, assertions)
    for triple in resolution_graph(resolution, resolution_iri()):
        ds.graph(resolution_iri()).add(triple)
    return ds


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".jsonld"])
def test_build_streaming_quad_formats_equal_whole_dataset(tmp_path, corpus, cache_dir, whole_dataset, suffix):
    out = tmp_path / f"g{suffix}"
    report = build_graph([str(corpus)], out, options(cache_dir, batch_size=3))
    assert report.articles == len(PICK) and report.sentences > 0
    assert quads(out) == quads(whole_dataset)
    assert len(set(load_dataset(out).graphs())) >= len(PICK)
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_build_streaming_triple_formats_are_the_union(tmp_path, corpus, cache_dir, whole_dataset, suffix):
    out = tmp_path / f"g{suffix}"
    build_graph([str(corpus)], out, options(cache_dir))
    assert isomorphic(union(load_dataset(out)), union(whole_dataset))


def test_build_streaming_reports_every_stage(tmp_path, corpus, cache_dir):
    report = build_graph([str(corpus)], tmp_path / "g.nq", options(cache_dir))
    assert set(report.seconds) == {"read", "parse", "extract", "resolve", "rdf", "write", "store", "total"}
    assert report.parsed == 0 and "from cache" in report.summary()  # warm: the fixture parsed them


def test_build_streaming_failure_keeps_old_output(tmp_path, corpus, cache_dir):
    out = tmp_path / "g.trig"
    out.write_text("old\n")
    with pytest.raises(InputError):
        build_graph([str(corpus), str(tmp_path / "missing.jsonl")], out, options(cache_dir))
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.trig"]


def test_build_streaming_interrupt_keeps_old_output(tmp_path, corpus, cache_dir, monkeypatch):
    out = tmp_path / "g.nq"
    out.write_text("old\n")
    real_emit, seen = build_module._emit, []

    def emit_then_interrupt(article, resolution, keep_mentions, writer, *args):
        real_emit(article, resolution, keep_mentions, writer, *args)
        seen.append(writer._tmp.stat().st_size)  # the article is on disk already, not in memory
        if len(seen) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_emit", emit_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_graph([str(corpus)], out, options(cache_dir))
    assert 0 < seen[0] < seen[1]
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.nq"]


def test_build_store_skips_unchanged_articles_and_resumes(tmp_path, corpus, cache_dir, whole_dataset, monkeypatch):
    from kgraph.store import open_store

    store = tmp_path / "store"
    real_store, count = build_module._store, []

    def interrupt_after_one_batch(*args):
        real_store(*args)
        count.append(1)
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_store", interrupt_after_one_batch)
    with pytest.raises(KeyboardInterrupt):
        build_graph([str(corpus)], None, options(cache_dir, store=store, batch_size=2))
    monkeypatch.setattr(build_module, "_store", real_store)
    with open_store(store, read_only=True) as s:
        assert len(s.articles()) == 2  # each batch is committed as it is made

    report = build_graph([str(corpus)], tmp_path / "g.nq", options(cache_dir, store=store))
    assert report.skipped == 2 and report.stored == {"added": len(PICK) - 2}
    assert quads(tmp_path / "g.nq") == quads(whole_dataset)  # skipped articles come from the store

    report = build_graph([str(corpus)], None, options(cache_dir, store=store))
    assert report.skipped == len(PICK) and report.parsed == 0 and not report.stored
    with open_store(store, read_only=True) as s:
        stored = s.to_dataset()
    # the articles' graphs, and in the default graph the statement layer of their assertions
    assert quads(stored) == quads(to_dataset(from_dataset(whole_dataset)))


def test_build_count_documents(tmp_path, corpus):
    (tmp_path / "a.txt").write_text("Satu.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Dua.")
    (tmp_path / "sub" / "c.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n')
    (tmp_path / "notes.md").write_text("no")
    assert count_documents([str(tmp_path)]) == 4
    assert count_documents([str(corpus), str(tmp_path / "a.txt")]) == len(PICK) + 1
    assert count_documents(["-"]) is None


def test_build_writer_discard_and_unwritable(tmp_path):
    writer = GraphWriter(tmp_path / "g.ttl")
    writer.discard()
    assert not list(tmp_path.iterdir())
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError):
        GraphWriter(blocker / "g.ttl")


def test_build_cli_needs_output_or_store(tmp_path, corpus):
    result = run_cli("build", str(corpus))
    assert result.returncode == 2 and b"-o OUT" in result.stderr
    result = run_cli("build", str(corpus), "-o", str(tmp_path / "g.nq"), "--workers", "2",
                     "--dask-scheduler", "tcp://127.0.0.1:1")
    assert result.returncode == 2 and b"not both" in result.stderr


def test_build_cli_store_and_output(tmp_path, corpus, cache_dir, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", cache_dir)
    result = run_cli("build", str(corpus), "-o", str(tmp_path / "g.trig"), "--store", str(tmp_path / "st"))
    assert result.returncode == 0, result.stderr
    assert b"store" in result.stderr and (tmp_path / "g.trig").is_file()
