"""The hostile-input campaign: families of cases, each a kgraph command line on generated input.

:func:`make_cases` writes every input under one folder and returns the cases by family:
encodings, separators (line-separator characters), nesting, sizes, ids, sparql, rdf (syntaxes
and references to files), stores (corrupt ones), races (readers of a store being written), files
(links, empty and special files, stale temporary files). Each case says what it expects (an error on one line, or success), which
files must come through unchanged (earlier output), which files the run may open, and what
else to verify afterwards. ``stanza`` marks the cases that parse text (slow: Stanza loads).
"""
from __future__ import annotations

import json
import os
import xml.dom.minidom
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness import Outcome

SEPARATORS = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e"
ARTICLE = "Presiden Indonesia Joko Widodo bertemu Perdana Menteri Malaysia Anwar Ibrahim di Jakarta."


@dataclass
class Case:
    family: str
    name: str
    args: list[str]
    expect: str = "error"  # "error" (one line, non-zero exit), "ok" (exit 0) or "either"
    stdin: bytes | None = None
    stanza: bool = False  # parses text with Stanza (seconds to load)
    keep: list[Path] = field(default_factory=list)  # earlier outputs that must stay as they were
    allowed: list[Path] = field(default_factory=list)  # files under the case folder it may open
    verify: Callable[[Outcome], list[str]] | None = None  # more checks after the run
    timeout: float = 120
    env: dict[str, str] = field(default_factory=dict)
    beside: list[str] | None = None  # a command kept running while this case runs (a writer)

    @property
    def id(self) -> str:
        return f"{self.family}-{self.name}"


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)
    return path


def _jsonl(path: Path, *records: dict | str) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=True) for r in records]
    return _write(path, "".join(line + "\n" for line in lines))


def _earlier(path: Path) -> Path:
    """An earlier output at ``path``, to prove a failed run leaves it alone."""
    return _write(path, "<http://example.org/earlier> <http://example.org/p> \"kept\" .\n")


# --- families -----------------------------------------------------------------------------------

def encodings(d: Path) -> list[Case]:
    out = _earlier(d / "out.ttl")
    inputs = {
        "latin1": _write(d / "latin1.txt", "Pertemuan di Bogor, caf\xe9 kecil.".encode("latin-1")),
        "utf16": _write(d / "utf16.txt", ARTICLE.encode("utf-16")),
        "nul-bytes": _write(d / "nul.txt", b"Teks\x00dengan\x00nol."),
        "surrogate-text": _jsonl(d / "s-text.jsonl", '{"id": "a", "text": "Ab\\ud800c bertemu."}'),
        "surrogate-title": _jsonl(d / "s-title.jsonl", '{"text": "Teks.", "title": "x\\udfffy"}'),
        "surrogate-url": _jsonl(d / "s-url.jsonl", '{"text": "Teks.", "url": "https://e.org/\\ud83d"}'),
        "surrogate-source": _jsonl(d / "s-source.jsonl", '{"text": "Teks.", "source": "\\udc00"}'),
        "invalid-utf8-line": _write(d / "bad-utf8.jsonl", b'{"text": "caf\xe9"}\n'),
    }
    cases = [Case("encodings", name, ["build", str(p), "-o", str(out), "-q"], keep=[out], allowed=[p, out])
             for name, p in inputs.items()]
    bad = inputs["surrogate-text"]
    cases += [
        Case("encodings", "surrogate-skip", ["build", str(bad), "-o", str(out), "-q", "--on-error", "skip"],
             keep=[out], allowed=[bad, out]),
        Case("encodings", "invalid-utf8-skip", ["build", str(inputs["invalid-utf8-line"]), "-o", str(out), "-q",
                                                "--on-error", "skip"], keep=[out], allowed=[d, out]),
        Case("encodings", "surrogate-workers", ["build", str(bad), "-o", str(out), "-q", "--workers", "2"],
             keep=[out], allowed=[bad, out]),
        Case("encodings", "surrogate-stdin", ["build", "-", "-o", str(out), "-q"],
             stdin=b'{"text": "Ab\\ud800c bertemu."}\n', keep=[out], allowed=[out]),
    ]
    return cases


def separators(d: Path) -> list[Case]:
    text = ARTICLE.replace("Joko Widodo", "Joko\u2028Widodo").replace("Anwar Ibrahim", "Anwar\u0085Ibrahim")
    records = [{"id": f"sep-{i}", "text": text.replace("Jakarta", f"Ja{ch}karta")} for i, ch in enumerate(SEPARATORS)]
    src = _jsonl(d / "separators.jsonl", *records)
    out = d / "sep.nq"

    def all_articles(outcome: Outcome) -> list[str]:
        docs = _documents(out)
        return [] if len(docs) == len(records) else [f"{len(docs)} documents for {len(records)} articles"]

    stdin_text = "Menteri Luar Negeri Retno\u2029Marsudi mengunjungi Tokyo.\x0cJepang menyambutnya.\x1e"
    return [
        Case("separators", "in-tokens", ["build", str(src), "-o", str(out), "-q"], expect="ok", stanza=True,
             allowed=[src, out, d / "cache"], verify=all_articles, env={"KGRAPH_CACHE_DIR": str(d / "cache")}),
        Case("separators", "rerun-from-cache", ["build", str(src), "-o", str(out), "-q"], expect="ok",
             stanza=True, allowed=[src, out, d / "cache"], verify=all_articles,
             env={"KGRAPH_CACHE_DIR": str(d / "cache")}),
        Case("separators", "stdin", ["build", "-", "-o", str(d / "stdin.ttl"), "-q"], expect="ok", stanza=True,
             stdin=stdin_text.encode(), allowed=[d / "stdin.ttl", d / "cache"],
             env={"KGRAPH_CACHE_DIR": str(d / "cache")}),
    ]


def nesting(d: Path, graph: Path) -> list[Case]:
    deep_json = _write(d / "deep.jsonl", '{"text": "Teks.", "x": ' + "[" * 1000 + "]" * 1000 + "}\n")
    union = _write(d / "union.rq", "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 600_000) + " }")
    jsonld = _write(d / "deep.jsonld", '{"@id": "http://e.org/a", "http://e.org/p": ' + '{"@list": [' * 20_000
                    + "1" + "]}" * 20_000 + "}")
    turtle = _write(d / "deep.ttl", "<http://e.org/a> <http://e.org/p> " + "(" * 1_000_000 + ")" * 1_000_000 + " .\n")
    out = _earlier(d / "out.ttl")
    cases = [
        Case("nesting", "json-1000", ["build", str(deep_json), "-o", str(out), "-q"], keep=[out],
             allowed=[deep_json, out]),
        Case("nesting", "sparql-parens-5000", ["query", str(graph), "SELECT * WHERE { ?s ?p ?o FILTER("
                                               + "(" * 5000 + "1" + ")" * 5000 + ") }"], allowed=[graph]),
        Case("nesting", "sparql-braces-5000", ["query", str(graph), "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o "
                                               + "}" * 5000], allowed=[graph]),
        Case("nesting", "sparql-600k-unions", ["query", str(graph), str(union)], allowed=[graph, union]),
    ]
    for source in (jsonld, turtle):
        kind = source.suffix[1:]
        cases += [
            Case("nesting", f"{kind}-query", ["query", str(source), "ASK { ?s ?p ?o }"], allowed=[source]),
            Case("nesting", f"{kind}-export", ["export", str(source), "-o", str(out)], keep=[out],
                 allowed=[source, out]),
            Case("nesting", f"{kind}-validate", ["validate", str(source)], allowed=[source]),
            Case("nesting", f"{kind}-view", ["view", str(source), "-o", str(d / "v.html")], allowed=[source]),
            Case("nesting", f"{kind}-stats", ["stats", str(source)], allowed=[source]),
        ]
    return cases


def sizes(d: Path, graph: Path) -> list[Case]:
    out = _earlier(d / "out.ttl")
    big_txt = _write(d / "big.txt", b"kata " * 10_000_000)
    long_line = _write(d / "line.txt", b"kata" + b" kata" * 210_000)
    literal = _write(d / "literal.nt", b'<http://e.org/a> <http://e.org/p> "' + b"x" * (17 * 1024 * 1024) + b'" .\n')
    doubling = "SELECT ?x WHERE { BIND(\"ab\" AS ?a0) " + " ".join(
        f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(40)) + " BIND(STRLEN(?a40) AS ?x) }"
    cases = [
        Case("sizes", "dev-zero", ["build", "/dev/zero", "--max-bytes", "1000000", "-o", str(out), "-q"],
             keep=[out], allowed=[out]),
        Case("sizes", "50-million-bytes", ["build", str(big_txt), "-o", str(out), "-q"], keep=[out],
             allowed=[big_txt, out]),
        Case("sizes", "1-mib-line", ["build", str(long_line), "-o", str(out), "-q"], keep=[out],
             allowed=[long_line, out]),
        Case("sizes", "concat-doubling", ["query", str(graph), doubling, "--timeout", "60"], allowed=[graph]),
        Case("sizes", "cross-product", ["query", str(graph), "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } "
                                        "LIMIT 8000000", "--timeout", "60"], allowed=[graph]),
    ]
    for command in (["query", str(literal), "ASK { ?s ?p ?o }"], ["export", str(literal), "-o", str(out)],
                    ["validate", str(literal)], ["view", str(literal), "-o", str(d / "v.html")],
                    ["stats", str(literal)]):
        cases.append(Case("sizes", f"literal-17mib-{command[0]}", command, keep=[out], allowed=[literal, out]))
    return cases


def ids(d: Path) -> list[Case]:
    given = ["news/1", "news 1", "news_1", "news%201", "a\tb", "a b", ".", "..", "%2E", "é", "e\u0301", 7, "7 "]
    src = _jsonl(d / "ids.jsonl", *({"id": i, "text": ARTICLE} for i in given))
    dup = _jsonl(d / "dup.jsonl", {"id": "x", "text": ARTICLE}, {"id": "x", "text": ARTICLE + " Lagi."})
    huge = _jsonl(d / "huge-id.jsonl", '{"id": ' + "9" * 5000 + ', "text": "Teks."}')
    store, out = d / "store", d / "ids.nq"
    cache = {"KGRAPH_CACHE_DIR": str(d / "cache")}

    def distinct(expected: int, path: Path) -> Callable[[Outcome], list[str]]:
        def check(outcome: Outcome) -> list[str]:
            docs = _documents(path)
            problems = [] if len(docs) == expected else [f"{len(docs)} documents for {expected} ids"]
            if "replaced" in outcome.stderr:
                problems.append("an article replaced another in the store")
            if any("/./" in iri or "/../" in iri or iri.endswith(("/.", "/..")) for iri in docs):
                problems.append("a dot-segment document IRI")
            return problems
        return check

    return [
        Case("ids", "distinct-ids", ["build", str(src), "-o", str(out), "--store", str(store)], expect="ok",
             stanza=True, allowed=[src, out, store, d / "cache"], verify=distinct(len(given), out), env=cache),
        Case("ids", "duplicate-reported", ["build", str(dup), "-o", str(d / "dup.nq"), "-q"], expect="ok",
             stanza=True, allowed=[dup, d / "dup.nq", d / "cache"], env=cache,
             verify=lambda o: (distinct(2, d / "dup.nq")(o) +
                               ([] if "already used" in o.stderr else ["the duplicate id was not reported"]))),
        Case("ids", "5000-digit-id", ["build", str(huge), "-o", str(d / "h.ttl"), "-q"], allowed=[huge, d / "h.ttl"]),
    ]


SERVICE_VARIANTS = [
    "SELECT * WHERE {{ ?s ?p ?o .SERVICE SILENT <{url}> {{ ?a ?b ?c }} }} LIMIT 1",
    "SELECT * WHERE {{ ?s ?p ?o .SERVICE <{url}> {{ ?a ?b ?c }} }} LIMIT 1",
    "SELECT * WHERE {{ ?s ?p ?o.SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p ?o .service silent <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p ?o .S\\u0045RVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ {{ ?s ?p ?o }} .SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ OPTIONAL {{ ?s ?p ?o .SERVICE SILENT <{url}> {{ ?a ?b ?c }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o .#x\nSERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} ?s ?p ?o .SERVICE SILENT ?e {{ ?a ?b ?c }} }}",
    "ASK {{ ?s ?p ?o .SERVICE SILENT <{url}> {{ }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o .SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p ?o . FILTER EXISTS {{ ?s ?p ?o .SERVICE SILENT <{url}> {{ ?a ?b ?c }} }} }}",
]


def sparql(d: Path, graph: Path, store: Path, port: int) -> list[Case]:
    url = f"http://127.0.0.1:{port}/sparql"
    cases = []
    for i, template in enumerate(SERVICE_VARIANTS):
        for source in (graph, store):
            kind = "store" if source.is_dir() else "file"
            cases.append(Case("sparql", f"service-{i}-{kind}", ["query", str(source), template.format(url=url)],
                              allowed=[source]))
    cases += [Case("sparql", f"timeout-{t}", ["query", str(graph), "ASK { ?s ?p ?o }", "--timeout", t],
                   allowed=[graph]) for t in ("nan", "inf", "-inf", "1e308", "-1")]
    cases += [
        Case("sparql", "bind-bad-iri", ["query", str(graph), "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                                        "--bind", "s=<a b>"], allowed=[graph]),
        Case("sparql", "load-update", ["query", str(graph), f"LOAD <{url}>"], allowed=[graph]),
        Case("sparql", "bad-syntax", ["query", str(graph), "SELECT * WHERE { ?s ?p }"], allowed=[graph]),
        Case("sparql", "harmless-service-words", ["query", str(graph), 'SELECT ?service WHERE { ?service ?p '
                                                  '"SERVICE" } # SERVICE <http://x/>'], expect="ok",
             allowed=[graph]),
    ]
    return cases


def rdf(d: Path, graph: Path) -> list[Case]:
    secret = _write(d / "secret" / "context.jsonld", '{"@context": {"name": "http://e.org/name"}}')
    rdf12 = _write(d / "rdf12.ttl", "PREFIX : <http://e.org/>\n:a :b <<( :c :d :e )>> .\n"
                                    ":x :y :z ~ :r {| :q :w |} .\n")
    file_ctx = _write(d / "file-ctx.jsonld", json.dumps({"@context": secret.as_uri(), "@id": "http://e.org/a",
                                                        "name": "x"}))
    rel_ctx = _write(d / "rel-ctx.jsonld", json.dumps({"@context": "secret/context.jsonld",
                                                       "@id": "http://e.org/a", "name": "x"}))
    import_ctx = _write(d / "import-ctx.jsonld", json.dumps({"@context": {"@import": secret.as_uri()},
                                                             "@id": "http://e.org/a", "name": "x"}))
    broken = _write(d / "broken.ttl", "<http://e.org/a> <http://e.org/p> \"unterminated .\n")
    odd = _odd_labels(d / "odd.ttl", graph)
    out = _earlier(d / "out.ttl")
    cases = []
    for name, source, expect in (("rdf12", rdf12, "either"), ("file-context", file_ctx, "error"),
                                 ("relative-context", rel_ctx, "error"), ("import-context", import_ctx, "error"),
                                 ("broken-turtle", broken, "error")):
        for command in (["query", str(source), "ASK { ?s ?p ?o }"], ["export", str(source), "-o", str(out)],
                        ["validate", str(source)], ["view", str(source), "-o", str(d / "v.html")],
                        ["stats", str(source)]):
            keep = [out] if expect == "error" else []
            cases.append(Case("rdf", f"{name}-{command[0]}", command, expect=expect, keep=keep,
                              allowed=[source, out, d / "v.html"]))
    graphml, csv_out = d / "odd.graphml", d / "odd.csv"
    cases += [
        Case("rdf", "control-chars-graphml", ["export", str(odd), "-o", str(graphml)], expect="ok",
             allowed=[odd, graphml], verify=lambda o: _valid_xml(graphml)),
        Case("rdf", "formula-csv", ["export", str(odd), "-o", str(csv_out)], expect="ok",
             allowed=[odd, csv_out], verify=lambda o: _no_formulas(csv_out)),
    ]
    return cases


def stores(d: Path, store: Path) -> list[Case]:
    import shutil

    def damaged(name: str, damage: Callable[[Path], None]) -> Path:
        copy = d / f"store-{name}"
        shutil.copytree(store, copy)
        damage(copy)
        return copy

    def truncate_tables(path: Path) -> None:
        for sst in path.glob("*.sst"):
            data = sst.read_bytes()
            sst.write_bytes(data[: len(data) // 2])

    def garble_manifest(path: Path) -> None:
        for manifest in path.glob("MANIFEST-*"):
            manifest.write_bytes(os.urandom(manifest.stat().st_size or 64))

    def dangling_current(path: Path) -> None:
        (path / "CURRENT").write_text("MANIFEST-999999\n")

    def drop_table(path: Path) -> None:
        for sst in sorted(path.glob("*.sst"))[:1]:
            sst.unlink()

    def garble_tables(path: Path) -> None:
        for sst in path.glob("*.sst"):
            sst.write_bytes(os.urandom(sst.stat().st_size))

    cases = []
    for name, damage in (("truncated-tables", truncate_tables), ("garbled-manifest", garble_manifest),
                         ("dangling-current", dangling_current), ("missing-table", drop_table),
                         ("garbled-tables", garble_tables)):
        broken = damaged(name, damage)
        text = _write(d / "one.txt", ARTICLE)
        for command in (["query", str(broken), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
                        ["export", str(broken), "-o", str(d / "s.nq")], ["validate", str(broken)],
                        ["build", str(text), "--store", str(broken), "-q"]):
            cases.append(Case("stores", f"{name}-{command[0]}", command, expect="either",
                              allowed=[broken, text, d / "s.nq"], verify=_one_line_unless_ok))
    return cases


def races(d: Path, store: Path) -> list[Case]:
    """Readers of a store that another process keeps writing (as a ``build --store`` does)."""
    import shutil
    import sys

    live = d / "live-store"
    shutil.copytree(store, live)
    writer = [sys.executable, str(Path(__file__).resolve().parent / "store_writer.py"), str(live)]
    out = d / "race.nq"
    cases = []
    for i in range(8):
        for command in (["query", str(live), "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"],
                        ["export", str(live), "-o", str(out)]):
            cases.append(Case("races", f"{command[0]}-{i}", command, expect="either", beside=writer,
                              allowed=[live, out], verify=_one_line_unless_ok))
    return cases


def files(d: Path, graph: Path) -> list[Case]:
    secret = _write(d / "secret" / "passwd.txt", "root:x:0:0:root:/root:/bin/bash\n")
    folder = d / "in"
    folder.mkdir()
    (folder / "link.txt").symlink_to(secret)
    (folder / "sub").symlink_to(secret.parent, target_is_directory=True)
    out = _earlier(d / "out.ttl")
    empty = _write(d / "empty.jsonl", b"")
    blank = _write(d / "blank.jsonl", b"\n \n")
    empty_txt = _write(d / "empty.txt", b"")
    cache_file = _write(d / "cache-file", b"not a folder")
    text = _write(d / "one.txt", ARTICLE)
    export_out = d / "fresh.ttl"
    stale = _write(d / f".{export_out.name}.abcd1234.part", b"left by a run that was killed")

    def stale_removed(outcome: Outcome) -> list[str]:
        return [f"{stale.name} is still there"] if stale.exists() else []

    return [
        Case("files", "symlinks-out-of-folder", ["build", str(folder), "-o", str(out), "-q"], keep=[out],
             allowed=[folder, out], verify=lambda o: [] if "--follow-symlinks" in o.stderr else ["no warning"]),
        Case("files", "empty-jsonl", ["build", str(empty), "-o", str(out), "-q"], keep=[out], allowed=[empty, out]),
        Case("files", "blank-jsonl", ["build", str(blank), "-o", str(out), "-q"], keep=[out], allowed=[blank, out]),
        Case("files", "empty-txt", ["build", str(empty_txt), "-o", str(out), "-q"], keep=[out],
             allowed=[empty_txt, out]),
        Case("files", "cache-dir-is-a-file", ["build", str(text), "-o", str(out), "-q", "--cache-dir",
                                              str(cache_file)], keep=[out], allowed=[text, out, cache_file]),
        Case("files", "bad-dask-scheduler", ["build", str(text), "-o", str(out), "-q", "--dask-scheduler",
                                             "not a url"], keep=[out], allowed=[text, out], timeout=60),
        Case("files", "stale-part-removed", ["export", str(graph), "-o", str(export_out)], expect="ok",
             allowed=[graph, export_out, stale], verify=stale_removed),
        Case("files", "max-memory-bad", ["--max-memory", "lots", "query", str(graph), "ASK {}"], allowed=[graph]),
    ]


# --- helpers --------------------------------------------------------------------------------------

def _documents(path: Path) -> set[str]:
    """The kgo:Document IRIs in an RDF file."""
    import pyoxigraph as ox
    from kgraph.rdf.namespaces import KGO, RDF

    if not path.is_file():
        return set()
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TURTLE
    return {q.subject.value for q in ox.parse(path.read_bytes(), fmt)
            if q.predicate.value == str(RDF.type) and q.object.value == str(KGO.Document)}


def _odd_labels(path: Path, graph: Path) -> Path:
    """The sample graph with labels holding control characters and spreadsheet formulas."""
    text = graph.read_text(encoding="utf-8")
    text = text.replace('"Kazakhstan"@en', '"Kaz\\u0001akh\\u001fstan"@en', 1)
    text = text.replace('"Russia"@en', '"=HYPERLINK(\\"http://evil\\")"@en', 1)
    text = text.replace('"China"@en', '"@SUM(1+1)"@en', 1)
    return _write(path, text)


def _valid_xml(path: Path) -> list[str]:
    try:
        xml.dom.minidom.parse(str(path))
    except Exception as exc:  # any parser error means invalid XML
        return [f"{path.name} is not valid XML: {exc}"]
    return []


def _no_formulas(path: Path) -> list[str]:
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    bad = [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    return [f"formula cells: {bad[:3]}"] if bad else []


def _one_line_unless_ok(outcome: Outcome) -> list[str]:
    if outcome.returncode == 0 or len(outcome.error_lines) == 1:
        return []
    return [f"not a one-line error: {outcome.stderr[-300:]!r}"]


def write_sample(folder: Path) -> tuple[Path, Path]:
    """The sample graph as Turtle, and as a store folder: (graph, store)."""
    from kgraph.rdf.io import write_dataset
    from kgraph.rdf.namespaces import KGO
    from kgraph.store import open_store
    from sample_graph import sample_dataset

    ds = sample_dataset()
    graph = folder / "sample.ttl"
    write_dataset(ds, graph)
    store = folder / "sample-store"
    with open_store(store) as st:
        for g in ds.graphs():
            hashes = list(g.objects(None, KGO.textHash))
            if hashes:
                st.add_article(g.identifier, g, str(hashes[0]))
    return graph, store


def make_cases(d: Path, *, graph: Path, store: Path, port: int,
               only: str | None = None) -> dict[str, list[Case]]:
    """Every case of every family (or of the family ``only``), its inputs written under ``d``;
    ``graph`` is a kgraph Turtle file and ``store`` a store folder (both left unchanged)."""
    makers = {
        "encodings": encodings, "separators": separators,
        "nesting": lambda p: nesting(p, graph), "sizes": lambda p: sizes(p, graph), "ids": ids,
        "sparql": lambda p: sparql(p, graph, store, port), "rdf": lambda p: rdf(p, graph),
        "stores": lambda p: stores(p, store), "races": lambda p: races(p, store),
        "files": lambda p: files(p, graph),
    }
    cases = {}
    for family, make in makers.items():
        if only in (None, family):
            folder = d / family
            folder.mkdir(parents=True, exist_ok=True)
            cases[family] = make(folder)
    return cases

