"""``kgraph load STORE FILE…``: load existing RDF (N-Quads, TriG, JSON-LD) into a store."""
from __future__ import annotations

import argparse
import sys
import time

from kgraph.commands.argtypes import number

__all__ = ["register", "run", "LOAD_MAX_MEMORY"]

#: the default memory ceiling of ``kgraph load``: Oxigraph's bulk loader holds batches of up to a
#: million quads per thread (about 2 GB, whatever the input's size), and the assertion rows of
#: the statement layer grow with the corpus (measured in docs/benchmarks.md)
LOAD_MAX_MEMORY = 8 * 1024 ** 3


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "load", help="load RDF files (one named graph per article) into a store, fast",
        description="Load FILEs made by 'kgraph build -o' or 'kgraph export' (.nq .trig .jsonld) into STORE. "
                    "A new STORE is written by Oxigraph's bulk loader into a hidden folder renamed into "
                    "place at the end (an interrupted load leaves no STORE); into an existing STORE the "
                    "articles go in by transactions of --batch articles, each replacing the stored "
                    "article of the same graph (an interrupted load leaves every article old or new). "
                    "Either way the store's default graph and statement layer are kept up to date. "
                    "The default memory ceiling of load is 8G (kgraph --max-memory SIZE load … sets another).")
    p.add_argument("store", metavar="STORE", help="store folder (created if absent)")
    p.add_argument("files", nargs="+", metavar="FILE", help="RDF files with named graphs")
    p.add_argument("--batch", type=number(int, 1), default=64, metavar="N",
                   help="articles per transaction when adding to an existing store (default 64)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary")
    p.set_defaults(func=run, default_max_memory=LOAD_MAX_MEMORY)


def run(args: argparse.Namespace) -> int:
    from kgraph.load import load_files

    started = time.perf_counter()
    report = load_files(args.store, args.files, batch=args.batch)
    if not args.quiet:
        print(f"kgraph: loaded {args.store}: {report.summary()} in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    return 0
