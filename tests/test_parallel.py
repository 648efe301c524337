"""Local parallel parsing (--workers N): real Stanza in spawned processes, same graph as serial."""
from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.build import BuildOptions, build_graph
from kgraph.nlp.parse import ParseOptions
from kgraph.parallel import ProcessPoolEngine, threads_per_worker
from test_build_streaming import NEWS, pick_articles, quads

pytestmark = pytest.mark.skipif(not NEWS.is_file(), reason=f"{NEWS} is not there (the shared corpus)")


@pytest.mark.parametrize("workers, cores, threads", [(1, 16, 16), (2, 2, 1), (3, 2, 1), (4, 16, 4), (3, 8, 2)])
def test_parallel_threads_per_worker_never_oversubscribe(workers, cores, threads):
    assert threads_per_worker(workers, cores) == threads
    assert workers * threads <= max(cores, workers)


def test_parallel_pool_bounds_batches_in_flight(tmp_path):
    """The pool pulls at most 2 × workers batches ahead of the results it has handed back."""
    from kgraph.model import Document

    pulled = []

    def batches():
        for i in range(20):
            pulled.append(i)
            yield [Document(id=f"d{i}", text=f"Ini kalimat nomor {i}.")]

    with ProcessPoolEngine(ParseOptions(cache_dir=str(tmp_path)), 2) as engine:
        results = engine.map(batches())
        first = next(results)
        assert len(pulled) <= 2 * 2 + 1
        rest = list(results)
    assert [r.articles[0].document.id for r in [first, *rest]] == [f"d{i}" for i in range(20)]


@pytest.mark.slow
def test_parallel_workers_graph_equals_serial(tmp_path):
    corpus = pick_articles(tmp_path / "news.jsonl")
    serial = build_graph([str(corpus)], tmp_path / "serial.nq",
                         BuildOptions(parse=ParseOptions(cache_dir=str(tmp_path / "c1"), threads=1), progress=False,
                                      batch_size=2))
    par = build_graph([str(corpus)], tmp_path / "par.nq",
                      BuildOptions(parse=ParseOptions(cache_dir=str(tmp_path / "c2")), progress=False,
                                   batch_size=1, workers=2))
    assert par.parsed == serial.parsed == serial.articles  # both cold: every article parsed
    assert (par.facts, par.modal, par.sentences) == (serial.facts, serial.modal, serial.sentences)
    assert quads(Path(tmp_path / "par.nq")) == quads(Path(tmp_path / "serial.nq"))
