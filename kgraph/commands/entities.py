"""``kgraph entities SOURCE``: the resolved entities, their names, identifiers and merge evidence."""
from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from kgraph.rdf.namespaces import ENTITY_CLASSES

__all__ = ["register", "run"]


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "entities", help="review the resolved entities of a graph or store",
        description="List every entity node: its names and the variants it was seen under, its class, "
                    "identifiers (Wikidata, ISO, M49, Gleditsch-Ward), how many assertions and articles "
                    "name it, and why variants were merged into it. With --suspects, list the look-alike "
                    "entities that were kept apart, and why. Fix what is wrong with build --aliases FILE "
                    "(see docs/entities.md).")
    p.add_argument("source", metavar="SOURCE", help="RDF file written by kgraph build, or a store folder")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--suspects", action="store_true", help="list look-alike pairs kept apart instead")
    p.add_argument("--type", choices=ENTITY_CLASSES, help="only entities of this class")
    p.set_defaults(func=run)


def _text(infos) -> str:
    lines = []
    for i in infos:
        lines.append(f"{i.type:<26} {i.name}  <{i.iri}>  ({i.assertions} assertion(s), {i.articles} article(s))")
        if i.variants:
            lines.append("    also seen as: " + "; ".join(i.variants))
        if i.identifiers:
            lines.append("    identifiers: " + ", ".join(f"{k}={v}" for k, v in sorted(i.identifiers.items())))
        lines.extend(f"    merged: {m}" for m in i.merged)
    return "\n".join(lines)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from kgraph.entities import list_entities, list_suspects
    from kgraph.sources import open_source

    out = out or sys.stdout
    store = open_source(args.source)
    if args.suspects:
        pairs = list_suspects(store)
        if args.json:
            json.dump([p.__dict__ for p in pairs], out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            out.write("".join(f"{p.first}  /  {p.second}: {p.reason}\n" for p in pairs))
        return 0
    infos = list_entities(store, args.type)
    if args.json:
        json.dump([i.to_json() for i in infos], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(_text(infos) + ("\n" if infos else ""))
    return 0
