"""``kgraph models download|info``"""
from __future__ import annotations

import argparse

from kgraph.nlp.models import download_models, model_info, resolve_models_dir


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="get or inspect the Stanza models for Indonesian")
    msub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, helptext in (("download", "download Stanza's official Indonesian models (needs internet)"),
                           ("info", "say which models are installed and where")):
        a = msub.add_parser(name, help=helptext)
        a.add_argument("--stanza-dir", help="models folder (default: $KGRAPH_STANZA_DIR, else Stanza's)")
        a.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    directory = resolve_models_dir(args.stanza_dir)
    info = download_models(directory) if args.action == "download" else model_info(directory)
    print(f"models folder: {info.directory}")
    print(f"stanza:        {info.stanza_version}")
    for proc, path in sorted(info.files.items()):
        print(f"  {proc:18s} {path.stat().st_size / 2**20:7.2f} MiB  {path}")
    print(f"NER available: {'yes (use --stanza-ner)' if info.has_ner else 'no'}")
    return 0
