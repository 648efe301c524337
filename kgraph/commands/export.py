"""``kgraph export SOURCE -o OUT``: convert a graph or store to RDF formats, GraphML, GEXF or a CSV edge list."""
from __future__ import annotations

import argparse
import sys

__all__ = ["register", "run"]


def register(subparsers) -> None:
    from kgraph.export import EXPORT_FORMATS

    formats = "; ".join(f"{suffix} {name}" for suffix, name in EXPORT_FORMATS.items())
    p = subparsers.add_parser(
        "export", help="write a graph or store as Turtle, TriG, N-Quads, JSON-LD, GraphML, GEXF or CSV",
        description=f"Export SOURCE; the format follows the suffix of OUT: {formats}. The CSV edge "
                    "list has subject, relation, object, their labels, the number of supporting "
                    "assertions and the first and last article date.")
    p.add_argument("source", metavar="SOURCE", help="RDF file (.ttl .trig .nq .nt .jsonld .rdf) or store folder")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")
    p.add_argument("--include-modal", action="store_true",
                   help="GraphML/GEXF/CSV: also count hedged assertions (intentions, plans) as edges")
    p.add_argument("--allow-network", action="store_true",
                   help="allow remote JSON-LD contexts in SOURCE (off by default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kgraph.export import export
    from kgraph.sources import open_source, to_dataset

    dataset = to_dataset(open_source(args.source, allow_network=args.allow_network))
    name = export(dataset, args.output, include_modal=args.include_modal)
    print(f"wrote {args.output} ({name})", file=sys.stderr)
    return 0
