"""kgraph.store: the on-disk Oxigraph store, incremental adds, replacement, locking, crash safety."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap

import pytest
from rdflib import Graph, Literal, URIRef

from kgraph import cli
from kgraph.errors import InputError, OutputError
from kgraph.query import run_query
from kgraph.rdf.iris import graph_iri
from kgraph.rdf.mapping import article_graph, new_dataset
from kgraph.store import open_store
from conftest import forbid, kill_writer_midway
from sample_graph import DOC_A, DOC_B, sample_dataset

KGO = "https://w3id.org/kgraph/ontology#"


def article(doc_id: str) -> tuple[URIRef, Graph, str]:
    ds = sample_dataset()
    doc = {"seed-a": DOC_A, "seed-b": DOC_B}[doc_id]
    return graph_iri(doc.id), ds.graph(graph_iri(doc.id)), doc.text_hash


def seed_store(path):
    """A store holding the two sample articles."""
    with open_store(path) as store:
        for doc_id in ("seed-a", "seed-b"):
            store.add_article(*article(doc_id))
    return path


def count(store, query: str) -> int:
    return int(run_query(store.ox, f"SELECT (COUNT(*) AS ?n) WHERE {{ {query} }}").rows()[0]["n"].value)


def test_store_add_unchanged_replaced(tmp_path):
    with open_store(tmp_path / "st") as store:
        g_iri, graph, h = article("seed-a")
        assert not store.has_article(g_iri, h)
        assert store.add_article(g_iri, graph, h) == "added"
        assert store.has_article(g_iri, h)
        size = len(store)
        assert store.add_article(g_iri, graph, h) == "unchanged"
        assert len(store) == size
        changed = dataclasses.replace(DOC_A, text=DOC_A.text.replace("Astana", "Almaty"))
        ds = new_dataset()
        new_graph = article_graph(ds, changed, {}, [])
        assert store.add_article(g_iri, new_graph, changed.text_hash) == "replaced"
        assert store.has_article(g_iri, changed.text_hash) and not store.has_article(g_iri, h)
        assert count(store, f"GRAPH <{g_iri}> {{ ?s ?p ?o }}") == len(new_graph)
        assert count(store, "?a a kgo:Assertion") == 0  # the old article's assertions are gone


def test_store_default_graph_keeps_triples_other_articles_share(tmp_path):
    with open_store(tmp_path / "st") as store:
        for doc_id in ("seed-a", "seed-b"):
            store.add_article(*article(doc_id))
        assert count(store, "?c a kgo:Country") == 3  # KAZ, RUS typed in both articles: once each
        store.remove_article(graph_iri("seed-a"))
        # RUS and KAZ are still typed (seed-b says so); Tokayev (only in seed-a) is gone
        assert count(store, "?c a kgo:Country") == 3
        assert count(store, "?p a kgo:Person") == 0
        assert list(store.articles()) == [str(graph_iri("seed-b"))]


def test_store_persists_and_reopens_read_only(tmp_path):
    with open_store(tmp_path / "st") as store:
        store.add_article(*article("seed-b"))
        size = len(store)
    with open_store(tmp_path / "st", read_only=True) as store:
        assert len(store) == size
        g_iri, _, h = article("seed-b")
        assert store.has_article(g_iri, h)
        with pytest.raises(OutputError, match="read-only"):
            store.add_article(*article("seed-a"))
        assert len(store.to_dataset()) == size // 2 or len(store.to_dataset()) > 0


def test_store_rejects_a_graph_without_its_hash(tmp_path):
    with open_store(tmp_path / "st") as store:
        g_iri, graph, _ = article("seed-a")
        with pytest.raises(ValueError, match="textHash"):
            store.add_article(g_iri, graph, "0" * 64)


def test_store_one_writer_at_a_time(tmp_path):
    path = tmp_path / "st"
    with open_store(path):
        code = subprocess.run([sys.executable, "-c", "from kgraph.store import open_store; open_store(%r)" % str(path)],
                              capture_output=True, text=True)
        assert code.returncode != 0 and "in use by another kgraph process" in code.stderr


def test_store_open_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        open_store(tmp_path / "none", read_only=True)
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(OutputError, match="not an empty folder"):
        open_store(tmp_path / "file.txt")


WRITER = textwrap.dedent('''
    import sys
    from rdflib import Graph, Literal, URIRef, Namespace
    from kgraph.store import open_store
    KGO = Namespace("https://w3id.org/kgraph/ontology#")
    store = open_store(sys.argv[1])
    for i in range(100000):
        g_iri = URIRef(f"https://w3id.org/kgraph/resource/graph/doc{i % 40}")
        h = f"{i:064x}"
        g = Graph()
        g.add((URIRef(f"https://w3id.org/kgraph/resource/document/doc{i % 40}"), KGO.textHash, Literal(h)))
        for j in range(300):
            g.add((URIRef(f"https://example.org/e{i}/{j}"), KGO.n, Literal(j)))
        store.add_article(g_iri, g, h)
        if i == 20:
            print("ready", flush=True)
''')


def test_store_killed_build_leaves_every_article_whole(tmp_path):
    path = tmp_path / "st"
    kill_writer_midway(WRITER, path)
    with open_store(path, read_only=True) as store:
        articles = store.articles()
        assert len(articles) >= 20
        for g_iri, h in articles.items():
            i = int(h, 16)
            # the whole graph of one version: its hash and its 300 triples, nothing of another version
            n = count(store, f"GRAPH <{g_iri}> {{ ?s ?p ?o }}")
            assert n == 301, (g_iri, n)
            assert count(store, f"GRAPH <{g_iri}> {{ ?s kgo:n ?o FILTER(STRSTARTS(STR(?s), 'https://example.org/e{i}/')) }}") == 300
        # the default graph is exactly the union of the named graphs
        assert count(store, "?s ?p ?o") == count(store, "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")


def test_store_cli_query_and_export_read_a_store(tmp_path, capsys):
    seed_store(tmp_path / "st")
    assert cli.main(["query", str(tmp_path / "st"), "SELECT ?o WHERE { kgr:country\\/KAZ kgo:foundingMemberOf ?o }",
                     "-f", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "https://w3id.org/kgraph/resource/organization/SCO"
    assert cli.main(["export", str(tmp_path / "st"), "-o", str(tmp_path / "out.trig")]) == 0
    from kgraph.sources import load_dataset
    exported = load_dataset(tmp_path / "out.trig")
    for doc_id in ("seed-a", "seed-b"):
        g_iri, graph, _ = article(doc_id)
        assert values(exported.graph(g_iri)) == values(graph)


def test_store_cli_query_reads_the_store_in_place(tmp_path, capsys, monkeypatch):
    """kgraph query opens a store folder in the query's own process: copying a store of millions
    of triples into memory first took longer than any query and could pass the memory ceiling."""
    import kgraph.sources

    seed_store(tmp_path / "st")
    forbid(monkeypatch, kgraph.sources, "_snapshot")
    for timeout in ("60", "0"):
        assert cli.main(["query", str(tmp_path / "st"), "SELECT ?o WHERE { kgr:country\\/KAZ kgo:foundingMemberOf ?o }",
                         "-f", "csv", "--timeout", timeout]) == 0
        assert capsys.readouterr().out.splitlines()[1:] == ["https://w3id.org/kgraph/resource/organization/SCO"]
    assert cli.main(["query", str(tmp_path / "st"), "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                     "-f", "csv"]) == 0
    out, err = capsys.readouterr()
    assert int(out.splitlines()[1]) > 0 and "no per-article named graphs" not in err


def test_a_store_folder_is_queried_from_a_process_already_over_the_ceiling(tmp_path):
    """The query's child gets the ceiling above what it inherits: from a process that already held
    more (a notebook with Stanza loaded, a long test run) it could not even open the store."""
    seed_store(tmp_path / "st")
    script = textwrap.dedent(f"""
        from pathlib import Path
        from kgraph.query import run_query
        held = bytearray(400 * 1024 * 1024)  # more than the 256M ceiling, held by the caller
        result = run_query(Path({str(tmp_path / "st")!r}), "SELECT DISTINCT ?o WHERE {{ ?s kgo:foundingMemberOf ?o }}",
                           timeout=60)
        print(sorted(row["o"].value for row in result.rows()), len(held))
    """)
    env = {**os.environ, "KGRAPH_MAX_MEMORY": "256M"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-800:]
    assert proc.stdout.split("]")[0] + "]" == "['https://w3id.org/kgraph/resource/organization/SCO']"


def test_stats_and_view_read_a_store_in_place_and_export_writes_nquads_without_rdflib(tmp_path, capsys,
                                                                                     monkeypatch):
    """A store of millions of triples did not fit the rdflib copy stats, view and export made of it
    (a MemoryError after 88 s at 1M): stats and view read it in place, export writes N-Quads with
    Oxigraph; the results are the same."""
    import kgraph.sources

    seed_store(tmp_path / "st")
    assert cli.main(["export", str(tmp_path / "st"), "-o", str(tmp_path / "all.trig")]) == 0
    assert cli.main(["stats", str(tmp_path / "all.trig"), "--json"]) == 0
    from_file = capsys.readouterr().out
    forbid(monkeypatch, kgraph.sources, "to_dataset")
    assert cli.main(["export", str(tmp_path / "st"), "-o", str(tmp_path / "all.nq")]) == 0
    forbid(monkeypatch, kgraph.sources, "_snapshot")
    assert cli.main(["stats", str(tmp_path / "st"), "--json"]) == 0
    assert capsys.readouterr().out == from_file
    assert cli.main(["view", str(tmp_path / "st"), "-o", str(tmp_path / "v.html")]) == 0
    assert "wrote" in capsys.readouterr().err and (tmp_path / "v.html").stat().st_size > 10_000
    assert cli.main(["stats", str(tmp_path / "all.nq"), "--json"]) == 0
    assert capsys.readouterr().out == from_file


def values(graph: Graph) -> set:
    """Triples with literals compared by value (Turtle writes 240000000000 as 240000000000.0)."""
    return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}


def test_store_query_without_time_limit_never_forks(tmp_path, monkeypatch):
    """An open on-disk store is queried in this process: a forked child can deadlock on a
    RocksDB lock that a background thread held at fork() time (the suite hung on this)."""
    import kgraph.query as query_module

    def no_fork(*args, **kwargs):
        raise AssertionError("forked a child for a query with no time limit")

    monkeypatch.setattr(query_module, "_evaluate_in_child", no_fork)
    with open_store(tmp_path / "st") as store:
        store.add_article(*article("seed-a"))
        assert count(store, "?c a kgo:Country") == 2


def test_store_article_graph_read_back_keeps_the_built_decimal_form(tmp_path):
    """Oxigraph writes an integral xsd:decimal without ".0"; a graph a build reuses from the
    store must have the literal a fresh build writes, or the output mixes two forms."""
    from kgraph.build import _stored_graph
    from kgraph.rdf.mapping import decimal_literal

    g_iri, graph, h = article("seed-a")
    amount = URIRef(KGO + "amount")
    graph.add((URIRef("https://w3id.org/kgraph/resource/assertion/x"), amount, decimal_literal("517000000")))
    with open_store(tmp_path / "st") as store:
        store.add_article(g_iri, graph, h)
        back = _stored_graph(store, str(g_iri))
    assert set(back.objects(None, amount)) == {decimal_literal("517000000")}
    assert set(back) == set(graph)
