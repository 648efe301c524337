"""Measure ``kgraph build`` stage by stage on the real Indonesian news of ``../shared/data/news-id``.

    python benchmarks/bench_build.py        # the default plan: cold 100 serial and 100, 1000 with
                                            # --workers 2; warm 100, 1000, 5000 (10-15 min on 2 cores)
    python benchmarks/bench_build.py --cold 100 --warm 100 --workers-cold 100
    python benchmarks/bench_build.py --cold 100 1000 --warm 100 1000 5000 --markdown table.md

Each measurement runs ``kgraph.build.build_graph`` in a fresh Python process (so peak RSS is that
run's, and nothing stays loaded between runs) and writes N-Quads. Reported per run: seconds per
stage (read, parse, extract, RDF mapping, write), the wall clock, articles/s and sentences/s, the
share of the wall clock spent after parsing (all but reading and parsing: the store included), and peak RSS of the main
process and, with ``--workers``, of the largest worker process.

Corpora of N articles are made from the 432 items of articles.jsonl and sentences.jsonl (80
multi-sentence articles, then 352 one-sentence items), repeated with new ids:

- **distinct** (cold runs): copy k ≥ 1 of an item has one space doubled (the k-th space), so its
  text hash is new and a cold cache really parses it, while Stanza sees the same tokens;
- **repeated** (warm runs larger than every cold run): the copies keep the text, so the cache made
  by a cold run over the 432 items serves them; the work per article is the same as with
  distinct texts (read the cached CoNLL-U, extract, map, write).

Cold = an empty parse cache; warm = the cache that the cold run of the same corpus left behind.

``--scale N`` measures the path of ``docs/scaling.md`` instead: a cold serial build of the 432
distinct items into a store (it fills the cache), then N repeated articles (new ids, cached
texts) built into a fresh store and N-Quads three ways: serial, ``--workers 2`` and a 2-worker
Dask ``LocalCluster`` (one thread per worker, started by the benchmark)::

    python benchmarks/bench_build.py --scale 10000 --markdown scale.md
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news-id"
STAGES = ("read", "parse", "extract", "resolve", "rdf", "write", "store")


def base_items(news: Path) -> list[dict]:
    items = []
    for name in ("articles.jsonl", "sentences.jsonl"):
        with open(news / name, encoding="utf-8") as fh:
            items.extend(json.loads(line) for line in fh if line.strip())
    return items


def _variant(text: str, k: int) -> str:
    """The text with its k-th space doubled (k ≥ 1); the same text when it has fewer spaces."""
    at = -1
    for _ in range(k):
        at = text.find(" ", at + 1)
        if at < 0:
            return text
    return text[:at] + " " + text[at:]


def make_corpus(path: Path, items: list[dict], n: int, distinct: bool) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            k, item = divmod(i, len(items))[0], dict(items[i % len(items)])
            if k:
                item["id"] = f"{item['id']}-r{k}"
                if distinct:
                    item["text"] = _variant(item["text"], k)
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(spec: dict) -> None:
    """Run one build in this process and print its measurements as JSON."""
    from kgraph.build import BuildOptions, build_graph
    from kgraph.nlp.parse import ParseOptions

    cluster = None
    if spec.get("dask"):
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=spec["workers"], threads_per_worker=1, processes=True,
                               dashboard_address=None)
    options = BuildOptions(parse=ParseOptions(cache_dir=spec["cache"]), batch_size=spec["batch"],
                           progress=False, workers=1 if cluster else spec["workers"],
                           dask_scheduler=cluster.scheduler_address if cluster else None,
                           store=spec.get("store"))
    report = build_graph([spec["corpus"]], spec["out"], options)
    dask_rss = None
    if cluster is not None:
        from distributed import Client

        with Client(cluster) as client:
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        dask_rss = max(peaks.values())
        cluster.close()
    print(json.dumps({
        "articles": report.articles, "sentences": report.sentences, "parsed": report.parsed,
        "seconds": report.seconds,
        "rss_mb": _status_mb("VmHWM"),  # peak since exec (ru_maxrss would include the parent's at fork)
        "end_rss_mb": _status_mb("VmRSS"),
        "worker_rss_mb": dask_rss or resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "stored": report.stored,
    }))


def measure(corpus: Path, cache: Path, out: Path, workers: int, batch: int, store: Path | None = None,
            dask: bool = False) -> dict:
    spec = {"corpus": str(corpus), "cache": str(cache), "out": str(out), "workers": workers, "batch": batch,
            "store": str(store) if store else None, "dask": dask}
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"bench_build: the build failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def row(label: str, n: int, texts: str, cache: str, workers: int, m: dict) -> dict:
    s = {k: m["seconds"].get(k, 0.0) for k in (*STAGES, "total")}
    total = s["total"]
    after = total - s["read"] - s["parse"]  # everything after parsing, the store included
    return {"run": label, "articles": n, "texts": texts, "cache": cache, "workers": workers,
            "sentences": m["sentences"], "parsed": m["parsed"],
            **{k: s[k] for k in STAGES}, "total": total,
            "art/s": m["articles"] / total, "sent/s": m["sentences"] / total,
            "after parse %": 100 * after / total if workers == 1 else None,
            "peak RSS MB": m["rss_mb"], "end RSS MB": m["end_rss_mb"],
            "worker peak MB": m["worker_rss_mb"] if workers > 1 else None}


COLUMNS = ("run", "articles", "texts", "cache", "workers", "sentences", "parsed", *STAGES, "total", "art/s",
           "sent/s", "after parse %", "peak RSS MB", "end RSS MB", "worker peak MB")


def markdown(rows: list[dict]) -> str:
    def cell(v) -> str:
        if v is None:
            return "–"
        if isinstance(v, float):
            return f"{v:,.1f}" if v >= 10 else f"{v:.2f}"
        return f"{v:,}" if isinstance(v, int) else str(v)

    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")),
               platform.processor())
    from importlib.metadata import version

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, "
            f"Python {platform.python_version()}, torch {version('torch')}, stanza {version('stanza')}, "
            f"load average at start {os.getloadavg()[0]:.2f}, {time.strftime('%Y-%m-%d %H:%M')}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--news", type=Path, default=NEWS, help=f"the news-id folder (default {NEWS})")
    ap.add_argument("--cold", type=int, nargs="*", default=[100], help="sizes to build cold, serial")
    ap.add_argument("--workers-cold", type=int, nargs="*", default=[100, 1000],
                    help="sizes to build cold with --workers")
    ap.add_argument("--warm", type=int, nargs="*", default=[100, 1000, 5000], help="sizes to rebuild warm")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--markdown", type=Path, help="also write the table to this file")
    ap.add_argument("--scale", type=int, help="measure a build of this many repeated articles serial, with "
                                              "--workers and on a Dask LocalCluster, into a store (see above)")
    args = ap.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return 0
    if args.scale:
        return scale(args)
    items = base_items(args.news)
    header = machine()
    print(header, flush=True)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as tmp:
        tmp = Path(tmp)
        caches: dict[int, Path] = {}
        cold_max = max([*args.cold, *args.workers_cold], default=0)

        def run(label, n, texts, cache_kind, workers, corpus, cache):
            started = time.perf_counter()
            m = measure(corpus, cache, tmp / f"out-{label}-{n}.nq", workers, args.batch_size)
            rows.append(row(label, n, texts, cache_kind, workers, m))
            print(f"{label:>12} n={n:<6} {time.perf_counter() - started:7.1f} s  "
                  + " ".join(f"{k}={m['seconds'][k]:.2f}" for k in (*STAGES, "total"))
                  + f"  rss={m['rss_mb']:.0f} MB", flush=True)

        for n in sorted(set(args.cold) | set(args.workers_cold)):
            corpus = make_corpus(tmp / f"distinct-{n}.jsonl", items, n, distinct=True)
            if n in args.cold:
                caches[n] = tmp / f"cache-{n}"
                run("cold", n, "distinct", "cold", 1, corpus, caches[n])
            if n in args.workers_cold:
                caches.setdefault(n, tmp / f"cache-w-{n}")
                cache = caches[n] if n not in args.cold else tmp / f"cache-w-{n}"
                run("cold", n, "distinct", "cold", args.workers, corpus, cache)
            if n in args.warm and n in caches:
                run("warm", n, "distinct", "warm", 1, corpus, caches[n])
                run("warm", n, "distinct", "warm", args.workers, corpus, caches[n])
        for n in sorted(set(args.warm) - set(caches)):
            if cold_max < min(n, len(items)):
                print(f"warm n={n}: skipped (needs a cold run of at least {min(n, len(items))} articles)")
                continue
            corpus = make_corpus(tmp / f"repeated-{n}.jsonl", items, n, distinct=False)
            run("warm", n, "repeated", "warm", 1, corpus, caches[cold_max])
    table = markdown(rows)
    print()
    print(table)
    if args.markdown:
        args.markdown.write_text(f"Machine: {header}\n\n{table}\n", encoding="utf-8")
    return 0


def scale(args: argparse.Namespace) -> int:
    """The cold 432 into a store, then ``args.scale`` repeated articles three ways (serial, workers, Dask)."""
    items = base_items(args.news)
    header = machine()
    print(header, flush=True)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-scale-") as tmp:
        tmp = Path(tmp)
        cache = tmp / "cache"
        plan = [("cold, store", len(items), "distinct", "cold", 1, False),
                ("serial, store", args.scale, "repeated", "warm", 1, False),
                (f"{args.workers} workers, store", args.scale, "repeated", "warm", args.workers, False),
                (f"Dask {args.workers} workers, store", args.scale, "repeated", "warm", args.workers, True)]
        for i, (label, n, texts, kind, workers, dask) in enumerate(plan):
            corpus = make_corpus(tmp / f"{texts}-{n}.jsonl", items, n, distinct=texts == "distinct")
            started = time.perf_counter()
            m = measure(corpus, cache, tmp / f"out-{i}.nq", workers, args.batch_size, store=tmp / f"store-{i}",
                        dask=dask)
            rows.append(row(label, n, texts, kind, workers, m))
            print(f"{label:>24} n={n:<6} {time.perf_counter() - started:7.1f} s  "
                  + " ".join(f"{k}={m['seconds'].get(k, 0):.2f}" for k in (*STAGES, "total"))
                  + f"  rss={m['rss_mb']:.0f} MB workers={m['worker_rss_mb']:.0f} MB stored={m['stored']}",
                  flush=True)
    table = markdown(rows)
    print()
    print(table)
    if args.markdown:
        args.markdown.write_text(f"Machine: {header}\n\n{table}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
