"""What one index lookup costs inside Oxigraph's query engine, on an existing store: the floor
under a bound saved query whose answer has many rows (rows × lookups per row × this cost).

    python benchmarks/lookup_cost.py STORE [--pair kgr:country/C000 kgr:country/C001]

The assertions of one country pair (read through its statements) are counted with ``COUNT(*)``
(no output to write) under k = 0…8 patterns on the assertion, each a lookup per row, required
and then OPTIONAL. The cost per lookup is the least-squares slope of CPU time over k, divided by
the number of rows. Each query runs once untimed, then ``--repeat`` times (median).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgraph.query import PREFIXES, parse_term  # noqa: E402
from kgraph.store import open_store  # noqa: E402

#: properties every assertion has (required patterns) and ones most lack (OPTIONAL)
REQUIRED = ["kgo:evidenceText", "prov:wasDerivedFrom", "kgo:charStart", "kgo:charEnd", "kgo:extractor",
            "kgo:confidence", "rdf:subject", "rdf:predicate"]
OPTIONAL = ["kgo:date", "kgo:startDate", "kgo:endDate", "kgo:modality", "kgo:amount", "kgo:role",
            "kgo:currency", "kgo:reportedBy"]


def cpu_median(store, query: str, repeat: int) -> tuple[float, int]:
    times, n = [], 0
    for i in range(repeat + 1):
        start = time.process_time()
        n = int(next(iter(store.query(query, prefixes=PREFIXES)))["n"].value)
        if i:
            times.append(time.process_time() - start)
    return statistics.median(times), n


def slope(xs: list[int], ys: list[float]) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--pair", nargs=2, default=["kgr:country/C000", "kgr:country/C001"], metavar="IRI")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    a, b = (parse_term(t) for t in args.pair)
    head = (f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES (?c ?d) {{ ({a} {b}) }}\n"
            "  { ?st kgo:subject ?c ; kgo:object ?d } UNION { ?st kgo:subject ?d ; kgo:object ?c }\n"
            "  ?st kgo:assertion ?a .\n")
    print(f"load average {os.getloadavg()[0]:.2f}")
    with open_store(args.store, read_only=True) as store:
        for kind, props, pattern in (("required", REQUIRED, "  ?a {} ?v{} .\n"),
                                     ("OPTIONAL", OPTIONAL, "  OPTIONAL {{ ?a {} ?v{} }}\n")):
            ks, cpu, rows = list(range(len(props) + 1)), [], 0
            for k in ks:
                query = head + "".join(pattern.format(p, i) for i, p in enumerate(props[:k])) + "}"
                seconds, rows = cpu_median(store.ox, query, args.repeat)
                cpu.append(seconds)
                print(f"  {kind:8s} k={k}  {seconds * 1000:8.1f} ms CPU  ({rows:,} rows)", flush=True)
            per = slope(ks, cpu) / max(rows, 1)
            print(f"{kind} patterns: {per * 1e6:.1f} µs CPU per lookup ({rows:,} rows, k = 0…{len(props)})")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
