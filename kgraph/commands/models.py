"""``kgraph models download|info``"""
from __future__ import annotations

import argparse

from kgraph.errors import ModelsNotFoundError
from kgraph.nlp.models import download_models, model_info, models_dir_source


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="get or inspect the Stanza models for Indonesian")
    msub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, helptext in (("download", "download Stanza's official Indonesian models (needs internet); a "
                                        "failed download keeps nothing"),
                           ("info", "say which models are installed and where, or where kgraph looked and "
                                    "found none (exit 0 either way)")):
        a = msub.add_parser(name, help=helptext, description=helptext)
        a.add_argument("--stanza-dir", help="models folder (default: $KGRAPH_STANZA_DIR, else "
                                            "$STANZA_RESOURCES_DIR, else Stanza's ~/stanza_resources)")
        a.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    directory, source = models_dir_source(args.stanza_dir)
    if args.action == "download":
        info = download_models(directory)
    else:
        try:
            info = model_info(directory)
        except ModelsNotFoundError as exc:
            print(f"models folder: {directory} (from {source})")
            print(f"no usable models: {exc}")
            return 0
    print(f"models folder: {info.directory} (from {source})")
    print(f"stanza:        {info.stanza_version}")
    for proc, path in sorted(info.files.items()):
        print(f"  {proc:18s} {path.stat().st_size / 2**20:7.2f} MiB  {path}")
    print(f"NER available: {'yes (use --stanza-ner)' if info.has_ner else 'no'}")
    return 0
