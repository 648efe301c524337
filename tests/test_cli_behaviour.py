"""How the CLI behaves around the work: which error comes first, models, progress, the summary."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from rdflib import Dataset
from rdflib.namespace import RDF

from kgraph.rdf.namespaces import KGO

from conftest import SEED


def _run(*args: str, env: dict[str, str], cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgraph", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=cwd)


def _one_error_line(result: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.returncode != 0 and len(lines) == 1 and lines[0].startswith("kgraph: error:"), result.stderr
    return lines[0]


def _quads(path) -> set:
    ds = Dataset()
    ds.parse(path, format="trig" if str(path).endswith(".trig") else "turtle")
    return set(ds.quads())


def test_a_misspelt_input_is_reported_before_missing_models(tmp_path):
    (tmp_path / "real.txt").write_text("Rusia dan Tiongkok bertemu.")
    result = _run("build", "real.txt", "reel.txt", "-o", "out.ttl", "--stanza-dir", str(tmp_path / "none"),
                  env={}, cwd=tmp_path)
    line = _one_error_line(result)
    assert result.returncode == 2 and "reel.txt: no such file or folder" in line, line
    assert not (tmp_path / "out.ttl").exists()


def test_a_fully_cached_build_needs_no_models_and_an_uncached_one_says_so(tmp_path, seed_ttl):
    # seed_ttl parsed the seed into this session's cache; now the models folder is empty
    empty = tmp_path / "no-models"
    out = tmp_path / "again.ttl"
    result = _run("build", str(SEED), "--date", "2024-05-21", "-o", str(out), "--stanza-dir", str(empty), env={})
    assert result.returncode == 0, result.stderr
    assert "loading Stanza" not in result.stderr and "0 parsed, 1 from cache" in result.stderr
    assert _quads(out) == _quads(seed_ttl)
    (tmp_path / "new.txt").write_text("Presiden Brasil mengunjungi Kenya pada 1 Juni 2021 untuk kuliner.")
    result = _run("build", str(SEED), str(tmp_path / "new.txt"), "-o", str(out), "--stanza-dir", str(empty),
                  env={})
    line = _one_error_line(result)
    assert result.returncode == 3 and f"no Stanza models in {empty}" in line and "not in the parse cache" in line
    assert _quads(out) == _quads(seed_ttl)  # the earlier output is untouched


def test_models_info_says_where_it_looked_and_exits_0(tmp_path):
    env = {"HOME": str(tmp_path), "KGRAPH_STANZA_DIR": "", "STANZA_RESOURCES_DIR": ""}
    result = _run("models", "info", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (f"models folder: {tmp_path / 'stanza_resources'} (from Stanza's default "
                                             "folder; no --stanza-dir, $KGRAPH_STANZA_DIR or $STANZA_RESOURCES_DIR "
                                             "is set)")
    assert "no usable models: " in result.stdout and "resources.json missing" in result.stdout
    result = _run("models", "info", env={**env, "KGRAPH_STANZA_DIR": str(tmp_path / "m")})
    assert result.returncode == 0 and f"{tmp_path / 'm'} (from $KGRAPH_STANZA_DIR)" in result.stdout


def test_models_download_fails_in_one_line_and_keeps_nothing(tmp_path):
    # a proxy that refuses connections: the download fails the same way with or without internet
    env = {"HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": "", "no_proxy": ""}
    target = tmp_path / "new-models"
    result = _run("models", "download", "--stanza-dir", str(target), env=env)
    line = _one_error_line(result)
    assert "cannot connect to raw.githubusercontent.com" in line and "ConnectionPool" not in line, line
    assert not target.exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "mine.txt").write_text("x")
    result = _run("models", "download", "--stanza-dir", str(kept), env=env)
    _one_error_line(result)
    assert sorted(p.name for p in kept.iterdir()) == ["mine.txt"]


def test_without_a_terminal_progress_is_a_line_every_n_articles_after_the_loading_note(tmp_path):
    corpus = tmp_path / "five.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"p{i}", "text": f"Menteri Luar Negeri Chile bertemu {i} kali."})
                              + "\n" for i in range(5)))
    result = _run("build", str(corpus), "-o", str(tmp_path / "out.ttl"), "--progress-every", "2",
                  "--batch-size", "2", env={"KGRAPH_CACHE_DIR": str(tmp_path / "cold-cache")})
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"kgraph: loading Stanza models from {os.environ['KGRAPH_STANZA_DIR']}…"
    progress = [ln for ln in lines if re.match(r"kgraph: \d+/5 articles, ", ln)]
    assert [ln.split()[1] for ln in progress] == ["2/5", "4/5"], result.stderr
    assert "\r" not in result.stderr  # no bar redrawn into a log
    assert lines[-1].startswith("kgraph: wrote ")
    quiet = _run("build", str(corpus), "-o", str(tmp_path / "q.ttl"), "-q", "--progress-every", "1",
                 env={"KGRAPH_CACHE_DIR": str(tmp_path / "cold-cache")})
    assert quiet.returncode == 0 and quiet.stderr == ""


def _assertions_in(path) -> tuple[int, int]:
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig")
    nodes = set(ds.subjects(RDF.type, KGO.Assertion))
    hedged = {n for n in nodes if (n, KGO.modality, None) in ds}
    return len(nodes) - len(hedged), len(hedged)


def test_a_resumed_build_counts_the_whole_output(tmp_path):
    corpus = tmp_path / "two.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "Indonesia dan Australia merupakan mitra strategis."}) + "\n"
                      + json.dumps({"id": "b", "text": "Jepang berencana menjatuhkan sanksi terhadap Rusia."}) + "\n")
    store, out = tmp_path / "kg.store", tmp_path / "out.trig"
    first = _run("build", str(corpus), "--store", str(store), "-o", str(out), env={})
    assert first.returncode == 0, first.stderr
    facts, hedged = _assertions_in(out)
    assert (facts, hedged) == (1, 1)  # the partnership; the planned sanction
    assert f"{facts} relation assertion(s), {hedged} hedged" in first.stderr
    again = _run("build", str(corpus), "--store", str(store), "-o", str(out), env={})
    assert again.returncode == 0, again.stderr
    assert _assertions_in(out) == (facts, hedged)
    summary = again.stderr.splitlines()[-1]
    assert (f"2 article(s) (2 unchanged in the store, 0 built: 0 parsed, 0 from cache, 0 sentence(s)), "
            f"{facts} relation assertion(s), {hedged} hedged (0 and 0 of them new)") in summary, summary
