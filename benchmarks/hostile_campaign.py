"""Run the hostile-input campaign (tests/hostile/) and print the counts per family.

    python benchmarks/hostile_campaign.py [--family NAME ...] [--no-stanza] [--show]

For each family: cases run, and how many of them printed a traceback, died by a signal, made a
network connection (to the loopback listener, or any socket connect seen by the audit hook),
opened a file it was not given, lost or merged articles, changed an earlier output, went over
2 GiB of memory or past its time limit, or failed otherwise; and the peak memory. The figures
are recorded in docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "hostile"), str(ROOT / "tests")]
os.environ.setdefault("KGRAPH_STANZA_DIR", str(ROOT.parent / "shared" / "models" / "stanza"))

from families import make_cases, write_sample  # noqa: E402
from harness import MEMORY_TARGET, run_case  # noqa: E402
from test_safety import Listener  # noqa: E402

COLUMNS = ("cases", "tracebacks", "signals", "connections", "outside reads", "lost/merged", "output changed",
           "over 2 GiB", "over time", "other", "peak MiB")


def classify(problem: str) -> str:
    for key, column in (("traceback", "tracebacks"), ("signal", "signals"), ("network", "connections"),
                        ("not given", "outside reads"), ("documents for", "lost/merged"),
                        ("replaced another", "lost/merged"), ("changed although", "output changed"),
                        ("peak memory", "over 2 GiB"), ("time limit", "over time")):
        if key in problem:
            return column
    return "other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", action="append", help="run only this family (repeatable)")
    parser.add_argument("--no-stanza", action="store_true", help="skip the cases that parse with Stanza")
    parser.add_argument("--show", action="store_true", help="print each failing case and its problems")
    args = parser.parse_args()
    listener = Listener()
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ.setdefault("KGRAPH_CACHE_DIR", str(tmp / "parse-cache"))
        graph, store = write_sample(tmp)
        families = make_cases(tmp / "cases", graph=graph, store=store, port=listener.port)
        for family, cases in families.items():
            if args.family and family not in args.family:
                continue
            counts, peak = Counter(), 0
            for case in cases:
                if args.no_stanza and case.stanza:
                    continue
                outcome, problems = run_case(case, tmp, lambda: listener.connections)
                counts["cases"] += 1
                peak = max(peak, outcome.peak_rss)
                for column in {classify(p) for p in problems}:
                    counts[column] += 1
                if args.show and (problems or outcome.peak_rss > 2 ** 30):
                    print(f"  {case.id}: exit {outcome.returncode}, {outcome.peak_rss >> 20} MiB, "
                          f"{outcome.seconds:.1f} s {problems or ''} {outcome.error_lines[-1:]}", file=sys.stderr)
            rows[family] = [counts[c] for c in COLUMNS[:-1]] + [peak // 2 ** 20]
    listener.close()
    width = max(len(f) for f in rows) + 2
    print("family".ljust(width) + "  ".join(COLUMNS))
    for family, values in rows.items():
        print(family.ljust(width) + "  ".join(str(v).rjust(len(c)) for v, c in zip(values, COLUMNS)))
    print(f"(memory target: every run under {MEMORY_TARGET // 2 ** 30} GiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
