"""Print Oxigraph's query plan, with per-step row counts and times, for every saved query.

pyoxigraph has no explain; the Oxigraph command-line tool has (``pip install oxigraph`` puts an
``oxigraph`` binary on PATH, same engine and version as pyoxigraph). Point it at a store made by
``kgraph load`` or ``kgraph build --store`` (``bench_queries.py --keep DIR`` keeps its store)::

    python benchmarks/explain_queries.py STORE [QUERY-NAME ...] [--oxigraph PATH]

Bindings are the ones ``bench_queries.py`` uses, written as the VALUES block that
``kgraph.query`` opens the WHERE clause with. Each plan is printed as a tree: operator, rows it
produced and seconds (with ``--stats``, so slower than a plain run).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_queries import QUERIES  # noqa: E402
from kgraph.query import PREFIXES, _with_values, parse_term, read_query  # noqa: E402


def tree(node, depth: int = 0) -> list[str]:
    lines = []
    if isinstance(node, dict):
        if node.get("name"):
            rows, secs = node.get("number of results"), node.get("duration in seconds") or 0.0
            lines.append("  " * depth + f"{node['name'][:140]}  [{rows} rows, {secs:.3f} s]")
            depth += 1
        for value in node.values():
            if isinstance(value, (dict, list)):
                lines += tree(value, depth)
    elif isinstance(node, list):
        for value in node:
            lines += tree(value, depth)
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("names", nargs="*", help="saved queries to explain (default: all)")
    ap.add_argument("--oxigraph", default=shutil.which("oxigraph"), help="the Oxigraph CLI binary")
    args = ap.parse_args(argv)
    if not args.oxigraph:
        sys.exit("explain_queries: no oxigraph binary; pip install oxigraph, or pass --oxigraph PATH")
    head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    with tempfile.TemporaryDirectory() as tmp:
        for name, binds in QUERIES:
            if args.names and name not in args.names:
                continue
            text = read_query(str(ROOT / "examples" / "queries" / f"{name}.rq"))
            text = _with_values(text, {k: parse_term(v) for k, v in binds.items()}) or text
            query, plan = Path(tmp) / "q.rq", Path(tmp) / "plan.json"
            query.write_text(head + text, encoding="utf-8")
            proc = subprocess.run([args.oxigraph, "query", "--location", str(args.store), "--query-file", str(query),
                                   "--results-format", "tsv", "--results-file", str(Path(tmp) / "out.tsv"),
                                   "--explain-file", str(plan), "--stats"], capture_output=True, text=True)
            print(f"===== {name} {binds or ''}")
            if proc.returncode:
                print(proc.stderr[-2000:])
                continue
            print("\n".join(tree(json.loads(plan.read_text(encoding="utf-8")))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
