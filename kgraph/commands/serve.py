"""``kgraph serve STORE``: a read-only SPARQL endpoint on localhost (the Oxigraph server)."""
from __future__ import annotations

import argparse

from kgraph.commands.argtypes import number

__all__ = ["register", "run"]


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "serve", help="serve a store as a read-only SPARQL endpoint on localhost (Oxigraph server)",
        description="Run the Oxigraph server (pip install 'kgraph[serve]') read-only over STORE, a "
                    "folder made by 'kgraph build --store': SPARQL 1.1 Protocol at "
                    "http://HOST:PORT/query, for YASGUI, Gephi's SPARQL plugin, SPARQLWrapper or curl. "
                    "Queries must declare their prefixes; the PREFIX lines of kgraph's are printed "
                    "at start (docs/serve.md).")
    p.add_argument("store", metavar="STORE", help="store folder (kgraph build --store)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=number(int, 1), default=7878, help="port (default 7878)")
    p.add_argument("--cors", action="store_true", help="allow cross-origin requests (browser tools such as YASGUI)")
    p.add_argument("--timeout", type=number(float, 0), default=60, metavar="SECONDS",
                   help="stop a query after this long (default 60; 0: no limit)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kgraph.serve import serve
    return serve(args.store, args.host, args.port, cors=args.cors, timeout=args.timeout or None)
