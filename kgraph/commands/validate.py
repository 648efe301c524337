"""``kgraph validate SOURCE``: check a graph or store against kgraph's SHACL shapes (pyshacl)."""
from __future__ import annotations

import argparse

__all__ = ["register", "run"]


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "validate", help="check a graph or store against the SHACL shapes (ontologies/shapes.ttl)",
        description="Validate SOURCE with pyshacl: every entity typed and labelled, every relation "
                    "triple supported by an assertion with document and evidence, dates well typed. "
                    "Lists the violations; exits 1 if there are any.")
    p.add_argument("source", metavar="SOURCE", help="RDF file (.ttl .trig .nq .nt .jsonld .rdf) or store folder")
    p.add_argument("--shapes", metavar="FILE.ttl", help="other SHACL shapes (default: ontologies/shapes.ttl)")
    p.add_argument("--allow-network", action="store_true",
                   help="allow remote JSON-LD contexts in SOURCE (off by default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kgraph.sources import open_source, to_dataset
    from kgraph.validate import load_shapes, validate

    shapes = load_shapes(args.shapes)
    report = validate(to_dataset(open_source(args.source, allow_network=args.allow_network)), shapes)
    for violation in report.violations:
        print(violation)
    if report.conforms:
        print(f"{args.source}: conforms ({report.triples} triples)")
        return 0
    print(f"{args.source}: {len(report.violations)} violation(s) in {report.triples} triples")
    return 1
