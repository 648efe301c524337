"""Parsing on a Dask cluster (--dask-scheduler): a LocalCluster of two worker processes."""
from __future__ import annotations

import pytest
from rdflib.compare import isomorphic

from kgraph.build import BuildOptions, build_graph
from kgraph.nlp.parse import ParseOptions
from kgraph.sources import load_dataset
from test_build_streaming import NEWS, pick_articles, quads, union

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.skipif(not NEWS.is_file(), reason=f"{NEWS} is not there (the shared corpus)")


@pytest.mark.slow
def test_distributed_local_cluster_graph_isomorphic_to_serial(tmp_path):
    from kgraph.distributed import PLUGIN_NAME

    corpus = pick_articles(tmp_path / "news.jsonl")
    serial = build_graph([str(corpus)], tmp_path / "serial.trig",
                         BuildOptions(parse=ParseOptions(cache_dir=str(tmp_path / "c1"), threads=1), progress=False))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        options = BuildOptions(parse=ParseOptions(cache_dir=str(tmp_path / "c2")), progress=False,
                               batch_size=1, dask_scheduler=cluster.scheduler_address)
        report = build_graph([str(corpus)], tmp_path / "dask.trig", options)
        with distributed.Client(cluster) as client:
            # one Stanza pipeline per worker, loaded once: both workers parsed, each in its own plugin
            loaded = client.run(lambda dask_worker: PLUGIN_NAME in dask_worker.plugins)
            assert not any(loaded.values())  # the build removed its plugin when it finished

        again = build_graph([str(corpus)], tmp_path / "dask2.trig", options)  # warm: the workers' cache
    assert report.parsed == serial.articles and again.parsed == 0
    assert (report.facts, report.modal, report.sentences) == (serial.facts, serial.modal, serial.sentences)
    dask_ds, serial_ds = load_dataset(tmp_path / "dask.trig"), load_dataset(tmp_path / "serial.trig")
    assert isomorphic(union(dask_ds), union(serial_ds))
    assert quads(dask_ds) == quads(serial_ds) == quads(load_dataset(tmp_path / "dask2.trig"))


def test_distributed_unreachable_scheduler_is_a_clear_error(tmp_path):
    import dask

    from kgraph.errors import KGraphError

    corpus = pick_articles(tmp_path / "news.jsonl", ids=("facqa-001",))
    options = BuildOptions(parse=ParseOptions(cache_dir=str(tmp_path)), progress=False,
                           dask_scheduler="tcp://127.0.0.1:9")
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}), \
            pytest.raises(KGraphError, match="Dask scheduler"):
        build_graph([str(corpus)], tmp_path / "g.nq", options)
    assert not (tmp_path / "g.nq").exists()
