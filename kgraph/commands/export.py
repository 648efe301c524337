"""``kgraph export SOURCE -o OUT``: a graph or store as RDF, GraphML, GEXF, or an event table (CSV, Parquet)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register", "run"]


def register(subparsers) -> None:
    from kgraph.export import EXPORT_FORMATS

    formats = "; ".join(f"{suffix} {name}" for suffix, name in EXPORT_FORMATS.items())
    p = subparsers.add_parser(
        "export", help="write a graph or store as RDF, GraphML, GEXF, or an event table (CSV, Parquet)",
        description=f"Export SOURCE; the format follows the suffix of OUT: {formats}. The event table "
                    "has one row per assertion (article, dates, subject and object with type and "
                    "country, relation, modality, confidence, amount, rule, sentence, offsets); "
                    "--dyads counts events per country pair, relation and month. Columns: "
                    "docs/events.md. GraphML/GEXF label nodes by name and edges by relation, with "
                    "type, identifiers, count and first/last date; GEXF edges carry start/end for "
                    "Gephi's timeline.")
    p.add_argument("source", metavar="SOURCE", help="RDF file (.ttl .trig .nq .nt .jsonld .rdf) or store folder")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")
    table = p.add_mutually_exclusive_group()
    table.add_argument("--dyads", action="store_const", const="dyads", dest="table", default="events",
                       help=".csv/.parquet: country pair × relation × month counts instead of events")
    table.add_argument("--edges", action="store_const", const="edges", dest="table",
                       help=".csv: the merged edge list (one row per subject, relation, object)")
    p.add_argument("--include-modal", action="store_true",
                   help="GraphML/GEXF/--edges: also count hedged assertions (intentions, plans) as edges")
    p.add_argument("--allow-network", action="store_true",
                   help="allow remote JSON-LD contexts in SOURCE (off by default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kgraph.export import export
    from kgraph.rdf.formats import RDF_FORMATS
    from kgraph.sources import has_named_graphs, open_source

    store = open_source(args.source, allow_network=args.allow_network)
    fmt = RDF_FORMATS.get(Path(args.output).suffix.lower())
    if fmt is not None and fmt.keeps_graphs and not has_named_graphs(store):
        print(f"kgraph: warning: {args.source} has no per-article graphs (a .ttl or .nt file keeps only "
              f"their union), so {args.output} holds everything in its default graph; export from a "
              ".trig, .nq or store to keep them", file=sys.stderr)
    name = export(store, args.output, include_modal=args.include_modal, table=args.table)
    print(f"wrote {args.output} ({name})", file=sys.stderr)
    return 0
