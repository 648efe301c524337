"""``kgraph eval GOLD.jsonl ALIASES.json GRAPH [--show] [--input CORPUS] [--json]``"""
from __future__ import annotations

import argparse
import json

from kgraph.corpus import read_documents
from kgraph.evaluate import evaluate, format_items, format_score, item_reports


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score a graph against an annotated gold set",
                       description="Per-relation and overall precision, recall and F1 of GRAPH against GOLD.")
    p.add_argument("gold", metavar="GOLD.jsonl")
    p.add_argument("aliases", metavar="ALIASES.json")
    p.add_argument("graph", metavar="GRAPH")
    p.add_argument("--show", action="store_true",
                   help="list, item by item, the missed triples and the wrong ones (with sentence and rule)")
    p.add_argument("--input", metavar="CORPUS", action="append", default=[],
                   help="the corpus GRAPH was built from (repeatable): missed triples are shown with the "
                        "sentence that names both ends")
    p.add_argument("--json", action="store_true", help="print the scores (and with --show, the items) as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    score = evaluate(args.gold, args.aliases, args.graph)
    texts = {doc.id: doc.text for doc in read_documents(args.input)} if args.show and args.input else None
    reports = item_reports(score, texts) if args.show else []
    if args.json:
        p, r, f = score.overall
        out = {"P": p, "R": r, "F1": f, "relations": score.per_relation()}
        if args.show:
            out["missed"] = sorted(map(list, score.fn))
            out["wrong"] = sorted(map(list, score.fp))
            out["items"] = [{"id": rep.id,
                             "missed": [{"triple": list(t), "sentence": s} for t, s in rep.missed],
                             "wrong": [{"triple": list(t), "sentence": s, "rule": rule} for t, s, rule in rep.wrong]}
                            for rep in reports]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        if args.show:
            print(format_items(reports))
        print(format_score(score))
    return 0
