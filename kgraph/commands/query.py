"""``kgraph query SOURCE QUERY``: SPARQL over a graph file or a store, printed as a table or a standard format."""
from __future__ import annotations

import argparse
import sys

from kgraph.commands.argtypes import number
from kgraph.errors import InputError
from kgraph.query import MAX_TIMEOUT

__all__ = ["register", "run"]


def _binding(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip().lstrip("?$"):
        raise argparse.ArgumentTypeError(f"expected VAR=VALUE, got {text!r}")
    return name.strip().lstrip("?$"), value


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "query", help="run a SPARQL query over a graph file or a store",
        description="Run SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE) over an RDF file written by kgraph "
                    "or a store folder. The prefixes kgo kgr wd wdt rdf rdfs owl skos prov xsd dcterms "
                    "time are predeclared, and the default graph is the union of all articles' graphs. "
                    "Saved queries are in examples/queries/*.rq.")
    p.add_argument("source", metavar="SOURCE", help="RDF file (.ttl .trig .nq .nt .jsonld .rdf) or store folder")
    p.add_argument("query", metavar="QUERY", help="SPARQL text, or a .rq file")
    p.add_argument("-f", "--format", choices=("table", "csv", "tsv", "json"), default="table",
                   help="result format for SELECT/ASK (default: table; json is SPARQL 1.1 Query "
                        "Results JSON); CONSTRUCT/DESCRIBE always give Turtle")
    p.add_argument("-o", "--output", metavar="FILE", help="write the result here instead of stdout")
    p.add_argument("--bind", action="append", type=_binding, default=[], metavar="VAR=VALUE",
                   help="pre-bind a variable, e.g. --bind country=kgr:country/RUS (repeatable)")
    p.add_argument("--timeout", type=number(float, 0, strict=True, maximum=MAX_TIMEOUT), metavar="SECONDS",
                   help="stop the query after this long (exit code 5)")
    p.add_argument("--allow-network", action="store_true",
                   help="allow SERVICE and remote JSON-LD contexts (off by default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kgraph.fileio import atomic_write
    from kgraph.query import read_query, run_query
    from kgraph.sources import open_source

    text = read_query(args.query)
    if not text.strip():
        raise InputError("the query is empty")
    source = open_source(args.source, allow_network=args.allow_network)
    result = run_query(source, text, timeout=args.timeout, allow_network=args.allow_network,
                       bindings=dict(args.bind))
    data = result.serialize(args.format)
    if args.output:
        atomic_write(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
