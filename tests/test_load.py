"""kgraph load: bulk loading into a new store, transactions into an existing one, crash safety."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import kill_writer_midway, run_cli
from kgraph.rdf.statements import STATEMENT_PREFIX
from kgraph.store import open_store
from test_statements import all_quads, statement_triples, synthetic

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synthetic import generate  # noqa: E402


def write_nquads(path: Path, articles: dict) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for iri, graph, _ in articles.values():
            for line in graph.serialize(format="nt").splitlines():
                if line.strip():
                    fh.write(f"{line[:-2]} <{iri}> .\n")
    return path


def test_load_new_store_in_bulk_equals_a_store_built_article_by_article(tmp_path):
    v1 = synthetic(30)
    with open_store(tmp_path / "built") as store:
        store.add_articles(v1.values())
        expected, statements = all_quads(store.ox), statement_triples(store.ox)
    (tmp_path / "empty").mkdir()
    result = run_cli("load", str(tmp_path / "empty"), str(write_nquads(tmp_path / "a.nq", v1)))
    assert result.returncode == 0, result.stderr
    assert b"bulk-loaded into a new store" in result.stderr
    with open_store(tmp_path / "empty", read_only=True) as store:
        assert all_quads(store.ox) == expected and statement_triples(store.ox) == statements
    assert not list(tmp_path.glob(".empty.loading-*"))


def test_bulk_load_keeps_a_files_default_graph_but_makes_its_statements_afresh(tmp_path):
    v1 = synthetic(12)
    with open_store(tmp_path / "built") as store:
        store.add_articles(v1.values())
        expected = all_quads(store.ox)
        statements = [q for q in store.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())
                      if q.subject.value.startswith(STATEMENT_PREFIX)]
    data = write_nquads(tmp_path / "a.nq", v1)
    note = '<https://example.org/note> <http://www.w3.org/2000/01/rdf-schema#comment> "kept, with spaces <x> ." .'
    stale = f'<{statements[0].subject.value}> <https://w3id.org/kgraph/ontology#assertionCount> "999" .'
    with open(data, "a", encoding="utf-8") as fh:  # an export's statements (one untyped, wrong), and a note
        fh.write("".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in statements) + stale + "\n" + note + "\n")
    result = run_cli("load", str(tmp_path / "st"), str(data))
    assert result.returncode == 0, result.stderr
    with open_store(tmp_path / "st", read_only=True) as store:
        assert all_quads(store.ox) == expected | {note[:-2]}


def test_load_into_an_existing_store_replaces_articles_by_transactions(tmp_path):
    v1, v2 = synthetic(30), synthetic(30, version="-again")
    changed = {d: v2[d] for d in list(v2)[:12]}
    with open_store(tmp_path / "rebuilt") as store:
        store.add_articles({**v1, **changed}.values())
        expected = all_quads(store.ox)
    assert run_cli("load", str(tmp_path / "st"), str(write_nquads(tmp_path / "v1.nq", v1))).returncode == 0
    result = run_cli("load", str(tmp_path / "st"), str(write_nquads(tmp_path / "v2.nq", changed)), "--batch", "5")
    assert result.returncode == 0, result.stderr
    assert b"articles: 12 replaced" in result.stderr
    result = run_cli("load", str(tmp_path / "st"), str(tmp_path / "v2.nq"))
    assert b"articles: 12 unchanged" in result.stderr
    with open_store(tmp_path / "st", read_only=True) as store:
        assert all_quads(store.ox) == expected


def test_load_refuses_files_without_named_graphs_and_foreign_folders(tmp_path):
    (tmp_path / "g.ttl").write_text("<http://a> <http://b> <http://c> .\n")
    result = run_cli("load", str(tmp_path / "st"), str(tmp_path / "g.ttl"))
    err = result.stderr.decode()
    assert result.returncode != 0 and err.count("\n") == 1 and "has no named graphs" in err
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    (tmp_path / "g.nq").write_text("<http://a> <http://b> <http://c> <http://g> .\n")
    result = run_cli("load", str(tmp_path / "busy"), str(tmp_path / "g.nq"))
    assert result.returncode != 0 and b"not an empty folder or a kgraph store" in result.stderr
    (tmp_path / "bad.nq").write_text("<http://a> <http://b> .\n")
    result = run_cli("load", str(tmp_path / "st2"), str(tmp_path / "bad.nq"))
    assert result.returncode != 0 and b"not valid" in result.stderr and b"Traceback" not in result.stderr
    assert not (tmp_path / "st2").exists() and not list(tmp_path.glob(".st2.loading-*"))


@pytest.mark.slow
def test_killed_bulk_load_leaves_no_store_and_the_next_load_completes(tmp_path):
    data = tmp_path / "big.nq"
    data.write_text("\n".join(generate(150_000, seed=5)) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", "load", str(tmp_path / "st"), str(data), "-q"])
    deadline = time.time() + 60
    while not list(tmp_path.glob(".st.loading-*")) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    if not (tmp_path / "st").exists():  # killed in time: nothing half-loaded where the store goes
        assert list(tmp_path.glob(".st.loading-*"))
    result = run_cli("load", str(tmp_path / "st2"), str(data), "-q")
    assert result.returncode == 0
    if not (tmp_path / "st").exists():
        assert run_cli("load", str(tmp_path / "st"), str(data), "-q").returncode == 0
    assert not list(tmp_path.glob(".st.loading-*"))  # the killed load's folder is cleaned up
    with open_store(tmp_path / "st", read_only=True) as a, open_store(tmp_path / "st2", read_only=True) as b:
        assert len(a.ox) == len(b.ox) and len(a.ox) > 150_000


def test_load_has_its_own_default_memory_ceiling(monkeypatch):
    from kgraph.cli import ceiling_of, make_parser
    from kgraph.commands.load import LOAD_MAX_MEMORY
    from kgraph.limits import DEFAULT_MAX_MEMORY

    def ceiling(*argv: str) -> int:
        return ceiling_of(make_parser().parse_args(argv))

    monkeypatch.delenv("KGRAPH_MAX_MEMORY", raising=False)
    assert ceiling("load", "st", "a.nq") == LOAD_MAX_MEMORY > DEFAULT_MAX_MEMORY == ceiling("query", "g.nq", "ASK {}")
    assert ceiling("--max-memory", "1G", "load", "st", "a.nq") == 1024 ** 3
    monkeypatch.setenv("KGRAPH_MAX_MEMORY", "3G")
    assert ceiling("load", "st", "a.nq") == ceiling("query", "g.nq", "ASK {}") == 3 * 1024 ** 3


@pytest.mark.slow
def test_a_million_triples_load_under_the_default_memory_ceiling(tmp_path, monkeypatch):
    """Oxigraph's bulk loader holds about 2 GB of batches once a file has a million quads: under
    the 2 GiB ceiling of the other commands the load aborted (SIGABRT)."""
    monkeypatch.delenv("KGRAPH_MAX_MEMORY", raising=False)
    data = tmp_path / "big.nq"
    with open(data, "w", encoding="utf-8") as fh:
        for line in generate(1_000_000, seed=3):
            fh.write(line + "\n")
    result = run_cli("load", str(tmp_path / "st"), str(data))
    assert result.returncode == 0, result.stderr.decode()[-500:]
    with open_store(tmp_path / "st", read_only=True) as store:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(!STRSTARTS(STR(?s), '{STATEMENT_PREFIX}')) }}"
        union = int(next(store.ox.query(query))["n"].value)
    assert union >= 1_000_000  # the generator stops once the articles' union holds a million


BATCH_WRITER = '''
import sys
from rdflib import Graph, Literal, URIRef, Namespace
from kgraph.rdf.statements import STATEMENT_PREFIX
from kgraph.store import open_store
KGO = Namespace("https://w3id.org/kgraph/ontology#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
PROV = Namespace("http://www.w3.org/ns/prov#")
store = open_store(sys.argv[1])
for i in range(100000):
    batch = []
    for k in range(5):
        n = (5 * i + k) % 40
        doc = URIRef(f"https://w3id.org/kgraph/resource/document/doc{n}")
        h = f"{5 * i + k:064x}"
        g = Graph()
        g.add((doc, KGO.textHash, Literal(h)))
        for j in range(60):  # 60 assertions of one triple, which every version shares
            a = URIRef(f"https://example.org/a{5 * i + k}/{j}")
            g.add((a, RDF.subject, URIRef("https://example.org/s")))
            g.add((a, RDF.predicate, KGO.allyOf))
            g.add((a, RDF.object, URIRef("https://example.org/o")))
            g.add((a, PROV.wasDerivedFrom, doc))
        batch.append((URIRef(f"https://w3id.org/kgraph/resource/graph/doc{n}"), g, h))
    store.add_articles(batch)
    if i == 8:
        print("ready", flush=True)
'''


def test_killed_batched_writes_leave_every_article_whole_and_statements_exact(tmp_path):
    path = tmp_path / "st"
    kill_writer_midway(BATCH_WRITER, path)
    with open_store(path, read_only=True) as store:
        articles = store.articles()
        assert len(articles) == 40
        for g_iri, h in articles.items():
            n = sum(1 for _ in store.ox.quads_for_pattern(None, None, None, ox.NamedNode(g_iri)))
            assert n == 241, (g_iri, n)  # its hash and its 60 assertions, nothing of another version
        counts = [q.object.value for q in store.ox.quads_for_pattern(
            None, ox.NamedNode("https://w3id.org/kgraph/ontology#assertionCount"), None)]
        assert counts == ["2400"]  # one statement, 40 articles × 60 assertions
