"""``kgraph stats SOURCE``: counts, centralities, communities and the most connected countries."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from kgraph.commands.argtypes import number

__all__ = ["register", "run", "format_text"]


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "stats", help="network analysis of a graph (networkx)",
        description="Counts per class and relation, degree and betweenness centrality, Louvain "
                    "communities and the most connected countries per relation.")
    p.add_argument("source", metavar="SOURCE", help="RDF file written by kgraph")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.add_argument("--top", type=number(int, 1), default=10, metavar="N", help="rows per ranking (default 10)")
    p.add_argument("--seed", type=int, default=0, help="random seed for Louvain and sampling")
    p.add_argument("--include-modal", action="store_true", help="also count hedged assertions")
    p.set_defaults(func=run)


def _rank(rows: list[dict[str, Any]]) -> list[str]:
    return [f"    {r['score']:<10g} {r['name']} ({r['type']})" for r in rows]


def format_text(s: dict[str, Any]) -> str:
    """The human-readable report of :func:`kgraph.network.summary`."""
    out = [f"{s['nodes']} entities, {s['edges']} relations ({s['assertions']} assertions)", "", "Entities per class:"]
    out += [f"    {k:<6} {c}" for c, k in s["classes"].items()]
    out += ["", "Relations (edges / assertions):"]
    out += [f"    {v['edges']:<4} {v['assertions']:<6} {r}" for r, v in s["relations"].items()]
    out += ["", "Degree centrality:"] + _rank(s["degree_centrality"])
    out += ["", "Betweenness centrality:"] + _rank(s["betweenness_centrality"])
    out += ["", f"Communities (Louvain, {len(s['communities'])}):"]
    out += [f"    {i + 1}. " + ", ".join(c) for i, c in enumerate(s["communities"])]
    out += ["", "Most connected countries per relation (distinct partners):"]
    for rel, rows in s["top_countries_by_relation"].items():
        out.append(f"    {rel}: " + ", ".join(f"{r['name']} ({r['score']})" for r in rows))
    return "\n".join(out)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from kgraph.network import summary, to_networkx
    from kgraph.rdf.graphview import GraphView
    from kgraph.sources import read_store

    out = out or sys.stdout
    graph = read_store(args.source, lambda store: to_networkx(GraphView(store), include_modal=args.include_modal))
    result = summary(graph, top=max(1, args.top), seed=args.seed)
    if args.json:
        json.dump(result, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(format_text(result) + "\n")
    return 0
