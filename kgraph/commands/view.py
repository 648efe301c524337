"""``kgraph view SOURCE -o graph.html``: the interactive, offline HTML page of a graph."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kgraph.commands.argtypes import number
from kgraph.errors import InputError
from kgraph.views.levels import LANGS, LEVELS
from kgraph.views.renderers import PAGE_LAYOUT_MAX_NODES, RENDERERS, WEBGL_ABOVE_NODES

__all__ = ["register", "run"]


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "view", help="write an interactive HTML view of a graph (works offline)",
        description="Write one self-contained HTML page (nothing loaded from the network): "
                    "entity or country level, filters by relation, entity type and date (year, month "
                    "or day), a month slider with play, search by any name or variant, a side panel "
                    "with every assertion's sentence and article on click, PNG export. Entities "
                    "without a shown relation are hidden unless asked for; graphs of more than "
                    f"{PAGE_LAYOUT_MAX_NODES} connected entities are laid out before the page opens, "
                    f"and above {WEBGL_ABOVE_NODES} they are drawn with WebGL (sigma.js) instead of "
                    "vis-network's 2D canvas.")
    p.add_argument("source", metavar="SOURCE", help="RDF file written by kgraph (.ttl, .trig, .nq, .jsonld, .nt)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="page to write")
    p.add_argument("--focus", metavar="NAME", help="draw only the neighbourhood of this entity "
                   "(English or Indonesian name, alias or IRI)")
    p.add_argument("--hops", type=number(int, 0), default=1, metavar="N",
                   help="with --focus: how many edges away to go (default 1)")
    p.add_argument("--max-nodes", type=number(int, 1), metavar="N",
                   help="keep only the N most connected entities")
    p.add_argument("--title", help="page heading (default: the source file name)")
    p.add_argument("--include-modal", action="store_true",
                   help="also draw hedged assertions (intentions, plans), dashed, not only facts")
    p.add_argument("--level", choices=LEVELS, default="entities",
                   help="entities: the graph as built (default); countries: persons and places folded "
                        "into their state (the page can switch)")
    p.add_argument("--lang", choices=LANGS, default="en",
                   help="language of relation names and entity labels: the ontology's en (default) or id")
    p.add_argument("--renderer", choices=RENDERERS, default="auto",
                   help="canvas: vis-network (any size; shapes, curved parallel edges, draggable nodes); "
                        "webgl: sigma.js (fast at tens of thousands of nodes; circles, laid out in Python); "
                        f"auto (default): webgl above {WEBGL_ABOVE_NODES} connected entities")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kgraph.network import ego_network, most_connected, to_networkx
    from kgraph.rdf.graphview import GraphView
    from kgraph.sources import read_store
    from kgraph.views.html import write_html

    if Path(args.output).suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{args.output}: the output of 'kgraph view' must end in .html")
    graph = read_store(args.source, lambda store: to_networkx(GraphView(store), include_modal=args.include_modal))
    if args.focus:
        graph = ego_network(graph, args.focus, args.hops)
    if args.max_nodes is not None:
        graph = most_connected(graph, args.max_nodes)
    size = write_html(graph, args.output, heading=args.title or f"kgraph \u2014 {Path(args.source).name}",
                      level=args.level, lang=args.lang, renderer=args.renderer)
    print(f"wrote {args.output}: {graph.number_of_nodes()} entities, {graph.number_of_edges()} relations, "
          f"{size / 1024:.0f} KiB", file=sys.stderr)
    return 0
