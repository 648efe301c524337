"""Regression tests for issue #14, one or more per item, through the CLI where the user meets it."""
from __future__ import annotations

import json
import os
import socket
import stat
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph import cli
from kgraph.build import count_documents
from kgraph.corpus import ReadOptions, read_documents
from kgraph.errors import InputError
from kgraph.fileio import temp_twin
from kgraph.query import _evaluate_in_child
from kgraph.rdf.iris import document_iri
from kgraph.safety import block_network_syscalls, check_query
from families import ARTICLE, SEPARATORS, SERVICE_VARIANTS
from harness import run_kgraph

from conftest import run_cli


def _error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if not ln.startswith("kgraph: warning:")]
    assert len(lines) == 1 and lines[0].startswith("kgraph: error:"), err
    return lines[0]


# 1. SERVICE -------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", SERVICE_VARIANTS)
def test_fix_service_after_a_dot_is_refused_on_files_and_stores(sample, listener, capsys, template):
    graph, store = sample
    query = template.format(url=f"http://127.0.0.1:{listener.port}/sparql")
    for source in (graph, store):
        assert cli.main(["query", str(source), query]) == 4
        assert "SERVICE" in _error_line(capsys)
    time.sleep(0.2)
    assert listener.connections == 0


def test_fix_query_child_cannot_open_internet_sockets(sample, listener):
    """Even a SERVICE the guard did not see cannot connect: the child has no internet sockets."""
    graph, _ = sample
    from kgraph.sources import open_source

    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    with pytest.raises(Exception, match="(?i)permi|denied|error|fail"):
        _evaluate_in_child(open_source(graph), query, False, {}, 20, allow_network=False)
    time.sleep(0.2)
    assert listener.connections == 0


def test_fix_block_network_syscalls_leaves_local_sockets():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (child)
        ok = block_network_syscalls()
        try:
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            result = b"inet-allowed"
        except OSError:
            result = b"inet-blocked"
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close()
        os.write(write, result if ok else b"no-seccomp")
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    assert os.read(read, 64) in (b"inet-blocked", b"no-seccomp")


def test_fix_harmless_service_words_still_run():
    check_query('SELECT ?service WHERE { ?service ?p "SERVICE" } # SERVICE <http://x/>')
    check_query("SELECT * WHERE { ?s kgo:service ?o . ?s ex:a.SERVICE ?x }")


# 2. line separators -----------------------------------------------------------------------------

def test_fix_separators_become_line_breaks(tmp_path):
    path = tmp_path / "s.jsonl"
    text = "Joko " + "".join(f"{c}{sep}" for c, sep in zip("abcdefgh", SEPARATORS)) + "i Widodo."
    path.write_text(json.dumps({"id": "s", "text": text}) + "\n")
    (doc,) = read_documents([str(path)])
    assert doc.text == "Joko " + "".join(f"{c}\n" for c in "abcdefgh") + "i Widodo."
    assert doc.text.splitlines() == doc.text.split("\n")


def test_fix_stdin_jsonl_keeps_u2028_inside_a_record(tmp_path, monkeypatch):
    import io
    import sys

    data = '{"id": "a", "text": "Satu\u2028dua."}\n{"id": "b", "text": "Tiga."}\n'.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert [d.id for d in read_documents(["-"])] == ["a", "b"]


def test_fix_separators_parse_and_a_broken_cache_entry_is_reparsed(tmp_path, capsys):
    """Text with every separator inside its tokens parses; a cache entry that cannot be read back
    (here a token split across two lines, as a separator-splitting reader saw them) is a miss:
    the build reparses the text and replaces the entry."""
    cache = tmp_path / "cache"
    src = tmp_path / "a.txt"
    text = ARTICLE.replace("Joko Widodo", "Joko\u2028Widodo").replace("Anwar", "An\u0085war")
    src.write_text(text.replace("Jakarta", "Ja" + "".join(SEPARATORS) + "karta"), encoding="utf-8")
    out = tmp_path / "a.ttl"
    assert cli.main(["build", str(src), "-o", str(out), "-q", "--cache-dir", str(cache)]) == 0, capsys.readouterr()
    (entry,) = cache.rglob("*.conllu")
    original = entry.read_text(encoding="utf-8")
    assert "\tWidodo\t" in original and "\tJa\t" in original and "\tkarta\t" in original
    out.unlink()
    entry.write_text(original.replace("\tWidodo\t", "\tWi\ndodo\t", 1), encoding="utf-8")
    assert cli.main(["build", str(src), "-o", str(out), "-q", "--cache-dir", str(cache)]) == 0, capsys.readouterr()
    assert entry.read_text(encoding="utf-8") == original and out.is_file()


def test_fix_cached_token_holding_a_separator_reads_back():
    from kgraph.nlp.conllu import parse_conllu

    text = "Wi\u2028dodo."
    conllu = ("1\tWi\u2028dodo\tWi\u2028dodo\tPROPN\t_\t_\t0\troot\t_\tstart_char=0|end_char=8\n"
              "2\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\tstart_char=8|end_char=9\n\n")
    (sentence,) = parse_conllu(conllu, text)
    assert [w.text for w in sentence.words] == ["Wi\u2028dodo", "."]


# 3. bounds --------------------------------------------------------------------------------------

def test_fix_dev_zero_is_bounded_by_bytes_read(tmp_path, capsys):
    assert cli.main(["build", "/dev/zero", "--max-bytes", "1000000", "-o", str(tmp_path / "o.ttl"), "-q"]) == 2
    assert "over the limit of 1,000,000 bytes" in _error_line(capsys)


def test_fix_article_text_cap(tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_text("kata " * 50_000, encoding="utf-8")
    assert cli.main(["build", str(path), "-o", str(tmp_path / "o.ttl"), "-q", "--max-chars", "100000"]) == 2
    line = _error_line(capsys)
    assert "over the limit of 100,000" in line and "--max-chars" in line


def test_fix_overlong_runs_are_cut_before_stanza():
    from kgraph.nlp.stanza_pipeline import MAX_SENTENCE_CHARS, MAX_SENTENCE_WORDS, _paragraphs

    text = "kata " * 1000 + "x" * 5000 + " akhir."
    prepared, inserted = _paragraphs(text)
    runs = [p for p in prepared.split("\n\n")]
    assert all(len(r.split()) <= MAX_SENTENCE_WORDS and len(r) <= MAX_SENTENCE_CHARS + 1 for r in runs)
    assert "".join(ch for i, ch in enumerate(prepared) if i not in set(inserted)) == text


def test_fix_memory_ceiling_stops_a_query_with_one_line(sample, tmp_path):
    graph, _ = sample
    doubling = "SELECT ?x WHERE { BIND(\"ab\" AS ?a0) " + " ".join(
        f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(40)) + " BIND(STRLEN(?a40) AS ?x) }"
    outcome = run_kgraph("--max-memory", "1G", "query", str(graph), doubling, "--timeout", "60", watch=tmp_path)
    assert outcome.returncode == 1 and not outcome.traceback
    assert outcome.error_lines == [outcome.error_lines[0]] and "memory" in outcome.error_lines[0]
    assert outcome.peak_rss < 1.5 * 2 ** 30


def test_fix_supervisor_turns_a_signal_into_one_line(tmp_path):
    from kgraph.limits import CRASH_EXIT_CODE, run_supervised

    def crash() -> int:
        import faulthandler

        faulthandler.disable()  # pytest's dump of the crash would only be noise here
        os.kill(os.getpid(), 11)
        return 0

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (child: capture what the supervisor prints)
        import sys

        sys.stderr = os.fdopen(write, "w")
        code = run_supervised(crash, 2 ** 30)
        sys.stderr.flush()
        os._exit(code)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    message = os.read(read, 4096).decode()
    assert os.WEXITSTATUS(status) == CRASH_EXIT_CODE
    assert message.count("\n") == 1 and "SIGSEGV" in message


# 4. nesting -------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
    "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 3000) + " }",
])
def test_fix_deep_and_huge_queries_are_refused(sample, capsys, query):
    graph, _ = sample
    assert cli.main(["query", str(graph), query]) == 4
    _error_line(capsys)


@pytest.mark.parametrize("command", ["query", "export", "view", "stats", "validate"])
def test_fix_deep_jsonld_and_turtle_are_refused(tmp_path, capsys, command):
    deep = tmp_path / "deep.jsonld"
    deep.write_text('{"@id": "http://e.org/a", "http://e.org/p": ' + '{"@list": [' * 20_000 + "1" + "]}" * 20_000 + "}")
    nested = tmp_path / "deep.ttl"
    nested.write_text("<http://e.org/a> <http://e.org/p> " + "(" * 100_000 + ")" * 100_000 + " .\n")
    for source in (deep, nested):
        extra = {"query": ["ASK {}"], "export": ["-o", str(tmp_path / "o.nq")], "view": ["-o", str(tmp_path / "v.html")],
                 "stats": [], "validate": []}[command]
        assert cli.main([command, str(source), *extra]) == 4
        assert "nested more than" in _error_line(capsys)


# 5. ids -----------------------------------------------------------------------------------------

def test_fix_document_iris_are_injective_and_never_dot_segments():
    ids = ["news/1", "news 1", "news_1", "news%201", "a\tb", "a b", "a_b", ".", "..", "%2E", "%2E%2E", "é", "e\u0301"]
    iris = [str(document_iri(i)) for i in ids]
    assert len(set(iris)) == len(ids)
    assert not any(iri.endswith(("/.", "/..")) for iri in iris)


def test_fix_ids_are_kept_and_a_duplicate_is_reported(tmp_path):
    path = tmp_path / "ids.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": "Teks."}) + "\n" for i in ("news/1", "news 1", "a\tb", "x", "x")))
    warnings = []
    docs = list(read_documents([str(path)], ReadOptions(warn=warnings.append)))
    assert [d.id for d in docs][:4] == ["news/1", "news 1", "a\tb", "x"] and docs[4].id.startswith("x-")
    assert len(warnings) == 1 and "already used" in warnings[0]


def test_fix_5000_digit_id_is_one_line(tmp_path, capsys):
    path = tmp_path / "h.jsonl"
    path.write_text('{"id": ' + "9" * 5000 + ', "text": "Teks."}\n')
    assert cli.main(["build", str(path), "-o", str(tmp_path / "o.ttl"), "-q"]) == 2
    assert "malformed JSON" in _error_line(capsys)


# 6. one line instead of a traceback -------------------------------------------------------------

@pytest.mark.parametrize("extra", [[], ["--on-error", "skip"], ["--workers", "2"]])
@pytest.mark.parametrize("field", ["text", "title", "url", "source"])
def test_fix_lone_surrogates_are_refused(tmp_path, capsys, extra, field):
    if extra == ["--workers", "2"] and field != "text":
        pytest.skip("one field is enough with workers")
    path = tmp_path / "s.jsonl"
    record = {"text": "Teks.", field: "a\ud800b"} if field != "text" else {"text": "a\ud800b"}
    path.write_text(json.dumps(record) + "\n")
    out = tmp_path / "o.ttl"
    assert cli.main(["build", str(path), "-o", str(out), "-q", *extra]) == 2
    assert not out.exists()
    assert ("surrogate" if not extra else "") in _error_line(capsys)


def test_fix_lone_surrogate_on_stdin(tmp_path):
    result = run_cli("build", "-", "-o", str(tmp_path / "o.ttl"), "-q", stdin=b'{"text": "a\\ud800b"}\n')
    assert result.returncode == 2 and b"surrogate" in result.stderr and b"Traceback" not in result.stderr


def test_fix_json_nested_1000_deep(tmp_path, capsys):
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "x", "a": ' + "[" * 1000 + "]" * 1000 + "}\n")
    assert cli.main(["build", str(path), "-o", str(tmp_path / "o.ttl"), "-q"]) == 2
    assert "nested too deeply" in _error_line(capsys)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_fix_unreadable_jsonl(tmp_path, capsys):
    path = tmp_path / "u.jsonl"
    path.write_text('{"text": "x"}\n')
    path.chmod(0)
    assert cli.main(["build", str(path), "-o", str(tmp_path / "o.ttl"), "-q"]) == 2
    assert "cannot read" in _error_line(capsys)


def test_fix_cache_dir_that_is_a_file(tmp_path, capsys):
    src, cache = tmp_path / "a.txt", tmp_path / "cache"
    src.write_text("Teks.")
    cache.write_text("a file")
    assert cli.main(["build", str(src), "-o", str(tmp_path / "o.ttl"), "-q", "--cache-dir", str(cache)]) == 2
    assert "must be a folder" in _error_line(capsys)


def test_fix_bad_dask_scheduler(tmp_path, capsys):
    pytest.importorskip("distributed")
    src = tmp_path / "a.txt"
    src.write_text("Teks.")
    assert cli.main(["build", str(src), "-o", str(tmp_path / "o.ttl"), "-q", "--dask-scheduler", "not a url"]) == 1
    assert "Dask scheduler" in _error_line(capsys)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308"])
def test_fix_timeout_must_be_finite_and_bounded(sample, capsys, value):
    graph, _ = sample
    with pytest.raises(SystemExit) as exc:
        cli.main(["query", str(graph), "ASK {}", "--timeout", value])
    assert exc.value.code == 2 and "--timeout" in capsys.readouterr().err


def test_fix_bind_with_an_invalid_iri(sample, capsys):
    graph, _ = sample
    assert cli.main(["query", str(graph), "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--bind", "s=<a b>"]) == 2
    assert "not a valid RDF term" in _error_line(capsys)


@pytest.mark.parametrize("command", ["query", "export", "validate", "view", "stats"])
def test_fix_literal_over_16_mib(tmp_path, capsys, command):
    path = tmp_path / "big.nt"
    path.write_bytes(b'<http://e.org/a> <http://e.org/p> "' + b"x" * (17 * 1024 * 1024) + b'" .\n')
    extra = {"query": ["ASK {}"], "export": ["-o", str(tmp_path / "o.nq")], "view": ["-o", str(tmp_path / "v.html")],
             "stats": [], "validate": []}[command]
    assert cli.main([command, str(path), *extra]) == 2
    assert "over 16 MiB" in _error_line(capsys)


@pytest.mark.parametrize("command", ["export", "validate"])
def test_fix_rdf12_in_export_and_validate(tmp_path, capsys, command):
    path = tmp_path / "r.ttl"
    path.write_text("PREFIX : <http://e.org/>\n:a :b <<( :c :d :e )>> .\n")
    extra = ["-o", str(tmp_path / "o.nq")] if command == "export" else []
    code = cli.main([command, str(path), *extra])
    if code:
        _error_line(capsys)
    assert "Traceback" not in capsys.readouterr().err


def _corrupt(store: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "broken-store"
    shutil.copytree(store, copy)
    for sst in copy.glob("*.sst"):
        sst.write_bytes(os.urandom(sst.stat().st_size))
    return copy


@pytest.mark.parametrize("command", ["query", "export", "validate"])
def test_fix_corrupt_store_is_one_line(sample, tmp_path, capsys, command):
    _, store = sample
    broken = _corrupt(store, tmp_path)
    extra = {"query": ["ASK { ?s ?p ?o }"], "export": ["-o", str(tmp_path / "o.nq")], "validate": []}[command]
    assert cli.main([command, str(broken), *extra]) == 2
    assert "damaged" in _error_line(capsys)


def test_fix_readers_retry_while_the_store_changes(sample, tmp_path, monkeypatch):
    """A read-only open that fails once (a writer swapping files) succeeds on the next try."""
    from kgraph import store as store_module

    _, store = sample
    real = ox.Store.read_only
    calls = []

    def flaky(path):
        calls.append(path)
        if len(calls) == 1:
            raise RuntimeError("Corruption: IO error: No such file or directory: 000123.sst")
        return real(path)

    monkeypatch.setattr(store_module.ox.Store, "read_only", staticmethod(flaky))
    with store_module.open_store(store, read_only=True) as st:
        assert len(st) > 0
    assert len(calls) == 2


def test_fix_queries_while_a_build_writes_the_store(sample, tmp_path):
    """Queries over a store another process keeps writing answer (the query's own process opens
    the store; an inherited RocksDB handle made the child run out of memory, or read a deleted
    table file)."""
    import shutil
    import subprocess
    import sys

    from harness import ROOT

    _, store = sample
    live = tmp_path / "live"
    shutil.copytree(store, live)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    writer = subprocess.Popen([sys.executable, str(Path(__file__).parent / "store_writer.py"), str(live)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        writer.stdout.readline()
        time.sleep(0.5)
        for _ in range(3):
            outcome = run_kgraph("query", str(live), "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                 watch=tmp_path)
            assert outcome.returncode == 0, outcome.stderr
            assert int(outcome.stdout.split()[2]) > 0
    finally:
        writer.kill()
        writer.wait()


# 8. silently changed output ---------------------------------------------------------------------

def test_fix_empty_jsonl_keeps_the_earlier_output(tmp_path, capsys):
    out, empty = tmp_path / "o.ttl", tmp_path / "e.jsonl"
    out.write_text("earlier")
    empty.write_bytes(b"")
    assert cli.main(["build", str(empty), "-o", str(out), "-q"]) == 2
    assert "no articles" in _error_line(capsys) and out.read_text() == "earlier"


def test_fix_skip_mode_skips_bad_bytes_and_over_limit_lines(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n' + b'{"text": "' + b"x" * 3000 + b'"}\n' + b'{"id": "ok", "text": "Teks."}\n')
    warnings = []
    opts = ReadOptions(on_error="skip", max_bytes=2000, warn=warnings.append)
    assert [d.id for d in read_documents([str(path)], opts)] == ["ok"]
    assert len(warnings) == 2 and "UTF-8" in warnings[0] and "over the limit" in warnings[1]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_fix_unreadable_subfolder_is_warned(tmp_path):
    (tmp_path / "ok.txt").write_text("Teks.")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("Teks.")
    locked.chmod(0)
    warnings = []
    try:
        list(read_documents([str(tmp_path)], ReadOptions(warn=warnings.append)))
    finally:
        locked.chmod(0o755)
    assert any("cannot read the folder" in w for w in warnings)


def test_fix_graphml_stays_valid_xml_and_csv_defuses_formulas(sample, tmp_path):
    import csv
    import xml.dom.minidom

    from families import _odd_labels

    graph, _ = sample
    odd = _odd_labels(tmp_path / "odd.ttl", graph)
    assert cli.main(["export", str(odd), "-o", str(tmp_path / "o.graphml")]) == 0
    assert cli.main(["export", str(odd), "-o", str(tmp_path / "o.gexf")]) == 0
    assert cli.main(["export", str(odd), "-o", str(tmp_path / "o.csv")]) == 0
    for suffix in ("graphml", "gexf"):
        xml.dom.minidom.parse(str(tmp_path / f"o.{suffix}"))
    with open(tmp_path / "o.csv", encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells and "'@SUM(1+1)" in cells
    assert not [c for c in cells if c[:1] in "=+-@" and c]


# 9. no file it was not given --------------------------------------------------------------------

def test_fix_symlink_out_of_the_folder_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Teks satu.")
    (folder / "inside.txt").symlink_to(folder / "a.txt")
    (folder / "passwd.txt").symlink_to(secret)
    warnings = []
    docs = list(read_documents([str(folder)], ReadOptions(warn=warnings.append)))
    assert sorted(d.origin for d in docs) == [str(folder / "a.txt"), str(folder / "inside.txt")]
    assert len(warnings) == 1 and "--follow-symlinks" in warnings[0]
    followed = list(read_documents([str(folder)], ReadOptions(follow_symlinks=True, warn=warnings.append)))
    assert len(followed) == 3


@pytest.mark.parametrize("command", ["view", "stats", "query", "export"])
def test_fix_jsonld_context_files_are_not_read(tmp_path, capsys, command):
    secret = tmp_path / "ctx.jsonld"
    secret.write_text('{"@context": {"name": "http://e.org/name"}}')
    for context in (secret.as_uri(), "ctx.jsonld", {"@import": secret.as_uri()}):
        doc = tmp_path / "d.jsonld"
        doc.write_text(json.dumps({"@context": context, "@id": "http://e.org/a", "name": "x"}))
        extra = {"query": ["ASK {}"], "export": ["-o", str(tmp_path / "o.nq")],
                 "view": ["-o", str(tmp_path / "v.html")], "stats": []}[command]
        assert cli.main([command, str(doc), *extra]) == 4
        assert "inline" in _error_line(capsys)


# 10. small ones ---------------------------------------------------------------------------------

def test_fix_progress_count_does_not_read_a_fifo(tmp_path):
    fifo = tmp_path / "f.jsonl"
    os.mkfifo(fifo)
    result = []
    thread = threading.Thread(target=lambda: result.append(count_documents([str(fifo)])), daemon=True)
    thread.start()
    thread.join(5)
    if thread.is_alive():  # unblock the reader so the test ends
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert result == [None]


def test_fix_stale_part_files_are_removed_live_ones_kept(sample, tmp_path):
    graph, _ = sample
    out = tmp_path / "o.ttl"
    stale = tmp_path / ".o.ttl.dead1234.part"
    stale.write_text("left by kill -9")
    fd, live = temp_twin(out)  # held (locked) by a writer that is still running
    try:
        assert cli.main(["export", str(graph), "-o", str(out)]) == 0
        assert not stale.exists() and live.exists()
    finally:
        os.close(fd)
        live.unlink()
    assert stat.S_ISREG(out.stat().st_mode)


def test_fix_empty_text_and_empty_jsonl_agree(tmp_path):
    (tmp_path / "e.txt").write_text("")
    (tmp_path / "e.jsonl").write_text("")
    for name in ("e.txt", "e.jsonl"):
        with pytest.raises(InputError):
            list(read_documents([str(tmp_path / name)]))
