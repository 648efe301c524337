"""Time the saved queries (examples/queries/*.rq) on kgraph's Oxigraph store and on rdflib's
in-memory Dataset, over one synthetic graph in kgraph's vocabulary, in one run.

    python benchmarks/bench_queries.py                    # 1,000,000 triples (a few minutes)
    python benchmarks/bench_queries.py --triples 50000 --rdflib-timeout 30
    python benchmarks/bench_queries.py --triples 10000000 --repeat 1 --keep /big/store10m
    python benchmarks/bench_queries.py --store /big/store10m     # the queries again, no new load

The graph imitates what ``kgraph build`` writes: one named graph per article holding its
document node, the typed and labelled entities it mentions, its kgo:Assertion evidence nodes and
the plain relation triples; entities recur across articles with a skewed (Zipf-like) popularity.
Each query runs once untimed (warm-up) and then ``--repeat`` times; the table gives the median.
rdflib queries run in a forked child and are stopped after ``--rdflib-timeout`` seconds.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from kgraph.load import load_files  # noqa: E402
from kgraph.query import PREFIXES, _evaluate, parse_term, read_query, run_query  # noqa: E402
from kgraph.safety import no_network  # noqa: E402
from kgraph.store import open_store  # noqa: E402
from synthetic import generate  # noqa: E402

#: (query file, bindings) — the bindings pick the best-connected entities, as a researcher would
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("members-and-observers", {"org": "kgr:organization/O000"}),
    ("country-relations", {"country": "kgr:country/C001"}),
    ("meetings", {"person": "kgr:person/P0000"}),
    ("pair-timeline", {"country": "kgr:country/C000", "partner": "kgr:country/C001"}),
    ("alliances-partnerships", {}),
    ("bilateral-ranked", {}),
    ("triple-provenance", {"subject": "kgr:country/C000", "relation": "kgo:strategicPartnerOf",
                           "object": "kgr:country/C001"}),
]
#: the bound queries again, with typical entities (their answers do not grow as fast)
TYPICAL: list[tuple[str, dict[str, str]]] = [
    ("members-and-observers", {"org": "kgr:organization/O020"}),
    ("country-relations", {"country": "kgr:country/C050"}),
    ("meetings", {"person": "kgr:person/P0100"}),
    ("pair-timeline", {"country": "kgr:country/C020", "partner": "kgr:country/C030"}),
    ("triple-provenance", {"subject": "kgr:country/C020", "relation": "kgo:cooperatesWith",
                           "object": "kgr:country/C001"}),
]

def _rdflib_child(conn, ds: rdflib.Dataset, text: str, bindings: dict, repeat: int) -> None:
    try:
        times = []
        for i in range(repeat + 1):
            start = time.perf_counter()
            with no_network():
                n = len(list(ds.query(text, initNs=PREFIXES, initBindings=bindings)))
            if i:
                times.append(time.perf_counter() - start)
        conn.send((statistics.median(times), n))
    except Exception as exc:  # noqa: BLE001 - reported in the table
        conn.send((None, f"error: {exc}"))


def time_rdflib(ds: rdflib.Dataset, text: str, bindings: dict, repeat: int, timeout: float):
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(child, ds, text, bindings, repeat), daemon=True)
    proc.start()
    child.close()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        return None, None
    result = parent.recv()
    proc.join()
    return result


def time_oxigraph(store, text: str, bindings: dict, repeat: int):
    """(median wall seconds, median CPU seconds, rows) of the evaluation itself: kgraph.query's
    ``_evaluate``, what ``run_query`` runs in its forked child (the fork is timed apart)."""
    terms = {k: parse_term(v) for k, v in bindings.items()}
    times, cpu, n = [], [], 0
    for i in range(repeat + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        n = len(_evaluate(store, text, False, terms))
        if i:
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu), n


def generate_and_load(data: Path, where: Path, triples: int) -> str:
    """Write the synthetic graph to ``data``, bulk-load it into a new store at ``where``; the
    summary line of the load."""
    t0 = time.perf_counter()
    with open(data, "w", encoding="utf-8") as fh:
        for line in generate(triples):
            fh.write(line + "\n")
    print(f"generated {triples:,}+ triples ({data.stat().st_size / 2**20:,.0f} MiB of N-Quads) in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    t0, cpu0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    report = load_files(where, [data])
    load_s = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    load_cpu = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
    peak = cpu1.ru_maxrss / 1024
    for name, (wall, cpu) in report.stages.items():
        print(f"  load stage {name:26s} {wall:6.1f} s wall, {cpu:6.1f} s CPU", flush=True)
    print(f"  {report.quads:,} quads read, loaded in {load_s:.1f} s (CPU {load_cpu:.1f} s), peak RSS {peak:,.0f} MB",
          flush=True)
    return f"Load (kgraph load, bulk): {load_s:.1f} s wall, {load_cpu:.1f} s CPU (all threads), peak RSS {peak:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rdflib", action="store_true", help="also time rdflib's in-memory Dataset")
    parser.add_argument("--rdflib-timeout", type=float, default=300.0,
                        help="seconds allowed for each rdflib query (all repeats)")
    parser.add_argument("--keep", type=Path, help="keep the store in this (new) folder")
    parser.add_argument("--store", type=Path, help="time the queries on this existing store (made by --keep or "
                                                   "kgraph load) instead of generating and loading a graph")
    args = parser.parse_args(argv)
    if args.store and (args.rdflib or args.keep):
        parser.error("--store times an existing store: no --rdflib, no --keep")

    load_line = "Load: not measured (an existing store, --store)"
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-q-") as tmp:
        where, data = args.store, None
        if where is None:
            where, data = args.keep or Path(tmp) / "store", Path(tmp) / "graph.nq"
            load_line = generate_and_load(data, where, args.triples)
        with open_store(where, read_only=True) as store:
            n_union = int(run_query(store.ox, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows()[0]["n"].value)
            n_statements = int(run_query(store.ox, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kgo:Statement }")
                               .rows()[0]["n"].value)
            n_docs = int(run_query(store.ox, "SELECT (COUNT(*) AS ?n) WHERE { ?d a kgo:Document }")
                         .rows()[0]["n"].value)
            print(f"oxigraph store: {n_union:,} distinct triples in the default graph ({n_statements:,} statements, "
                  f"{n_docs:,} articles)", flush=True)
            fork = []
            for _ in range(5):
                t0 = time.perf_counter()
                run_query(store.ox, "ASK { }")
                fork.append(time.perf_counter() - t0)
            print(f"run_query's fixed cost (a forked child per query), median of 5: "
                  f"{statistics.median(fork) * 1000:.0f} ms", flush=True)
            folder = []
            typical_name, typical_binds = TYPICAL[2]
            typical = read_query(str(ROOT / "examples" / "queries" / f"{typical_name}.rq"))
            for _ in range(5):  # what kgraph query STORE does: the child opens the folder read-only
                t0 = time.perf_counter()
                run_query(Path(where), typical, timeout=60, bindings=typical_binds)
                folder.append(time.perf_counter() - t0)
            print(f"run_query on the store folder, as kgraph query runs it ({typical_name}, typical), median of 5: "
                  f"{statistics.median(folder) * 1000:.0f} ms", flush=True)
            rows = []
            ds = None
            if args.rdflib:
                ds = rdflib.Dataset(default_union=True)
                ds.parse(str(data), format="nquads")
            for kind, cases in (("most mentioned", QUERIES), ("typical", TYPICAL)):
                for name, binds in cases:
                    text = read_query(str(ROOT / "examples" / "queries" / f"{name}.rq"))
                    ox_s, ox_cpu, ox_n = time_oxigraph(store.ox, text, binds, args.repeat)
                    rd_s = rd_n = None
                    if ds is not None:
                        terms = {k: rdflib.URIRef(parse_term(v).value) for k, v in binds.items()}
                        rd_s, rd_n = time_rdflib(ds, text, terms, args.repeat, args.rdflib_timeout)
                    label = name if not binds else f"{name} ({kind})"
                    rows.append((label, ox_n, ox_s, ox_cpu, rd_s))
                    print(f"  {label:40s} rows={ox_n:<7} oxigraph {ox_s * 1000:9.1f} ms (CPU {ox_cpu * 1000:.1f} ms)"
                          + (f"  rdflib {rd_s if rd_s is not None else '> timeout'}" if ds is not None else ""),
                          flush=True)

    print()
    print(f"Saved queries, {n_union:,} triples ({n_docs:,} articles); median of {args.repeat}; "
          f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, load average "
          f"{os.getloadavg()[0]:.1f}")
    print(load_line)
    print()
    print("| query | rows | wall (ms) | CPU (ms) |" + (" rdflib in-memory (s) |" if args.rdflib else ""))
    print("|---|---:|---:|---:|" + ("---:|" if args.rdflib else ""))
    for name, ox_n, ox_s, ox_cpu, rd_s in rows:
        extra = ""
        if args.rdflib:
            extra = f" {rd_s:.3f} |" if rd_s is not None else f" > {args.rdflib_timeout:.0f} (stopped) |"
        print(f"| {name} | {ox_n} | {ox_s * 1000:.1f} | {ox_cpu * 1000:.1f} |{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
