"""``kgraph query SOURCE QUERY``: SPARQL over a graph file or a store, printed as a table or a standard format."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

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
                    "time are predeclared, and so are the entity kinds country: person: org: (igo:) "
                    "place: doc: (country:JPN is kgr:country/JPN; tables print them the same way). "
                    "The default graph is the union of all articles' graphs; GRAPH ?g reaches one "
                    "article's graph (a .ttl or .nt SOURCE has none: use .trig, .nq or a store). "
                    "Saved queries are in examples/queries/*.rq.")
    p.add_argument("source", metavar="SOURCE", help="RDF file (.ttl .trig .nq .nt .jsonld .rdf) or store folder")
    p.add_argument("query", metavar="QUERY", help="SPARQL text, or a .rq file")
    p.add_argument("-f", "--format", choices=("table", "csv", "tsv", "json"),
                   help="result format for SELECT/ASK (default: by the suffix of -o, else table; json is "
                        "SPARQL 1.1 Query Results JSON); CONSTRUCT/DESCRIBE give Turtle, or the RDF "
                        "format of -o's suffix (.ttl .nt .nq .trig .jsonld)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the result here instead of stdout, in the format its suffix says "
                        "(.csv .tsv .json .txt; RDF suffixes for CONSTRUCT/DESCRIBE); evidence is never cut")
    p.add_argument("--bind", action="append", type=_binding, default=[], metavar="VAR=VALUE",
                   help="pre-bind a variable, e.g. --bind country=country:RUS (repeatable)")
    p.add_argument("--timeout", type=number(float, 0, maximum=MAX_TIMEOUT), default=60, metavar="SECONDS",
                   help="stop the query after this long, exit code 5 (default 60; 0: no limit)")
    p.add_argument("--allow-network", action="store_true",
                   help="allow SERVICE and remote JSON-LD contexts (off by default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kgraph.fileio import atomic_write
    from kgraph.query import RESULT_SUFFIXES, read_query, run_query, unknown_terms
    from kgraph.rdf.formats import RDF_FORMATS
    from kgraph.sources import has_named_graphs, is_store_dir, open_source

    text = read_query(args.query)
    if not text.strip():
        raise InputError("the query is empty")
    if args.output:
        suffix = Path(args.output).suffix.lower()
        if suffix not in RESULT_SUFFIXES and suffix not in RDF_FORMATS:
            raise InputError(f"{args.output}: unknown suffix {suffix or '(none)'!r}; use .csv .tsv .json .txt, "
                             "or for CONSTRUCT/DESCRIBE .ttl .nt .nq .trig .jsonld")
    for warning in unknown_terms(text):
        print(f"kgraph: warning: {warning}", file=sys.stderr)
    if is_store_dir(args.source):  # queried in place by the query's own process, never copied
        source = Path(args.source)
    else:
        source = open_source(args.source, allow_network=args.allow_network)
    if re.search(r"\bGRAPH\b", text, re.IGNORECASE) and not isinstance(source, Path) and not has_named_graphs(source):
        print(f"kgraph: warning: {args.source} has no per-article named graphs (a .ttl or .nt file), so "
              "GRAPH ?g matches nothing; build or export to .trig, .nq or a store", file=sys.stderr)
    result = run_query(source, text, timeout=args.timeout or None, allow_network=args.allow_network,
                       bindings=dict(args.bind))
    fmt = args.format or (result.format_for_file(args.output) if args.output else "table")
    if args.output and result.kind == "graph":
        fmt = result.format_for_file(args.output)
    data = result.serialize(fmt)
    if args.output:
        atomic_write(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
