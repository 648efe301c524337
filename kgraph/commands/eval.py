"""``kgraph eval GOLD.jsonl ALIASES.json GRAPH``"""
from __future__ import annotations

import argparse
import json

from kgraph.evaluate import evaluate, format_score


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score a graph against an annotated gold set",
                       description="Per-relation and overall precision, recall and F1 of GRAPH against GOLD.")
    p.add_argument("gold", metavar="GOLD.jsonl")
    p.add_argument("aliases", metavar="ALIASES.json")
    p.add_argument("graph", metavar="GRAPH")
    p.add_argument("--show", action="store_true", help="list the missed and the wrong triples")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    score = evaluate(args.gold, args.aliases, args.graph)
    if args.json:
        p, r, f = score.overall
        out = {"P": p, "R": r, "F1": f, "relations": score.per_relation()}
        if args.show:
            out["missed"] = sorted(map(list, score.fn))
            out["wrong"] = sorted(map(list, score.fp))
        print(json.dumps(out, indent=2))
    else:
        print(format_score(score, args.show))
    return 0
