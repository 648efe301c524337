"""`kgraph serve STORE`: the Oxigraph server, read-only, over HTTP on a free port."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kgraph.query import read_query, run_query
from kgraph.rdf.iris import graph_iri
from kgraph.serve import oxigraph_binary, prefix_block
from kgraph.store import open_store

from conftest import ROOT, run_cli
from sample_graph import DOC_A, DOC_B, sample_dataset

SAVED = ROOT / "examples" / "queries" / "members-and-observers.rq"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, query: str) -> dict:
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


@pytest.fixture()
def store_dir(tmp_path):
    ds = sample_dataset()
    with open_store(tmp_path / "store") as store:
        for doc in (DOC_A, DOC_B):
            store.add_article(graph_iri(doc.id), ds.graph(graph_iri(doc.id)), doc.text_hash)
    return tmp_path / "store"


def test_serve_answers_a_saved_query_over_http_and_refuses_updates(store_dir):
    try:
        oxigraph_binary()
    except Exception as exc:  # the optional server package is not installed
        pytest.skip(str(exc))
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "kgraph", "serve", str(store_dir), "--port", str(port)],
                              stderr=subprocess.PIPE, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                _post(url, "ASK {}")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        got = _post(url, prefix_block() + read_query(str(SAVED)))
        with open_store(store_dir, read_only=True) as store:
            expected = json.loads(run_query(store.ox, read_query(str(SAVED))).serialize("json"))
        assert got["head"]["vars"] == expected["head"]["vars"]
        assert got["results"]["bindings"] == expected["results"]["bindings"]
        assert {b["member"]["value"].rsplit("/", 1)[1] for b in got["results"]["bindings"]} == {"CHN", "KAZ", "RUS"}
        update = urllib.request.Request(f"http://127.0.0.1:{port}/update", data=b"update=CLEAR%20ALL",
                                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(update, timeout=10)
    finally:
        server.terminate()
        server.wait(10)
    banner = server.stderr.read().decode()
    assert f"serving {store_dir} read-only at http://127.0.0.1:{port}/query" in banner
    assert "PREFIX country: <https://w3id.org/kgraph/resource/country/>" in banner
    with open_store(store_dir, read_only=True) as store:  # nothing was changed
        assert len(store) > 0


def test_serve_refuses_what_is_not_a_store(tmp_path):
    result = run_cli("serve", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr.decode() == (f"kgraph: error: {tmp_path / 'nope'}: does not exist; make one with "
                                      f"'kgraph build … --store {tmp_path / 'nope'}' or 'kgraph load "
                                      f"{tmp_path / 'nope'} FILE.trig'\n")
