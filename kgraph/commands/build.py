"""``kgraph build INPUT... -o OUT``"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from kgraph.build import BuildOptions, build_graph
from kgraph.commands.argtypes import number
from kgraph.corpus import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, ReadOptions
from kgraph.errors import InputError
from kgraph.nlp.parse import ParseOptions


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from exc


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build a knowledge graph from Indonesian articles",
                       description="Read articles (.txt; .html/.htm pages, main text only; .jsonl, one per line; "
                                   ".json, an array of them; folders of these; or - for stdin), parse them "
                                   "with Stanza, extract relations and write RDF (format by OUT's suffix: "
                                   ".ttl .trig .nq .nt .jsonld).")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders (read recursively; other kinds of file are named in one warning) or -")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="RDF file to write (needed unless --store is given)")
    p.add_argument("--store", metavar="DIR",
                   help="also add every article to this store folder (created if needed); articles "
                        "already stored with the same text are skipped, so an interrupted build resumes")
    p.add_argument("--date", type=_date,
                   help="publication date of plain-text input, and of web pages whose markup gives none (YYYY-MM-DD)")
    p.add_argument("--on-error", choices=("stop", "skip"), default="stop",
                   help="what a bad JSONL line or JSON array item (malformed, not UTF-8, over a limit) does "
                        "(default: stop)")
    p.add_argument("--max-bytes", type=number(int, 1), default=DEFAULT_MAX_BYTES,
                   help="most bytes read from one file, JSONL line or stdin (default 50 MiB)")
    p.add_argument("--max-chars", type=number(int, 1), default=DEFAULT_MAX_CHARS,
                   help=f"longest article text, in characters (default {DEFAULT_MAX_CHARS:,})")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="in input folders, also read symbolic links that point out of the folder")
    p.add_argument("--stanza-dir", help="Stanza models folder (default: $KGRAPH_STANZA_DIR, else Stanza's)")
    p.add_argument("--stanza-ner", action="store_true", help="also run the NER model, if the folder has one")
    p.add_argument("--cache-dir", help="parse cache folder (default: $KGRAPH_CACHE_DIR, else the user cache)")
    p.add_argument("--no-cache", action="store_true", help="parse everything again, write no cache")
    p.add_argument("--batch-size", type=number(int, 1), default=16, help="articles per Stanza call (default 16)")
    p.add_argument("--workers", type=number(int, 1), default=1, metavar="N",
                   help="parse and extract in N local processes, torch threads shared among them (default 1)")
    p.add_argument("--device", choices=("cpu", "cuda", "auto"), default="cpu",
                   help="where Stanza parses: cpu (default), cuda (a GPU torch sees; an error if none) or "
                        "auto (a GPU if torch sees one); each worker process uses it")
    p.add_argument("--dask-scheduler", metavar="ADDRESS",
                   help="parse and extract on this Dask distributed cluster (tcp://HOST:8786); "
                        "needs pip install 'kgraph[dask]'")
    p.add_argument("--aliases", metavar="FILE",
                   help="TOML file of declared merges, splits and extra names for entity resolution "
                        "(see docs/entities.md)")
    p.add_argument("--keep-mentions", action="store_true",
                   help="keep entities that take part in no assertion (by default they are not nodes)")
    p.add_argument("--progress-every", type=number(int, 1), default=100, metavar="N",
                   help="when stderr is not a terminal (a log, CI), a progress line every N articles "
                        "instead of the bar (default 100)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress, model-loading note or summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.workers > 1 and args.dask_scheduler:
        raise InputError("give --workers or --dask-scheduler, not both (the cluster decides its workers)")
    if not args.output and not args.store:
        raise InputError("nothing to write: give -o OUT, --store DIR, or both")
    if args.device != "cpu":
        from kgraph.nlp.stanza_pipeline import use_gpu

        use_gpu(args.device)  # --device cuda without a GPU stops here, before any work
    options = BuildOptions(
        read=ReadOptions(date=args.date, on_error=args.on_error, max_bytes=args.max_bytes,
                         max_chars=args.max_chars, follow_symlinks=args.follow_symlinks),
        parse=ParseOptions(stanza_dir=args.stanza_dir, cache_dir=args.cache_dir, use_ner=args.stanza_ner,
                           use_cache=not args.no_cache, device=args.device,
                           announce=not args.quiet),
        batch_size=args.batch_size, progress=not args.quiet, workers=args.workers,
        dask_scheduler=args.dask_scheduler, store=args.store, aliases=args.aliases,
        keep_mentions=args.keep_mentions, progress_every=args.progress_every)
    report = build_graph(args.inputs, args.output, options)
    if not args.quiet:
        written = " and ".join(x for x in (args.output, args.store and f"store {args.store}") if x)
        print(f"kgraph: wrote {written}: {report.summary()}", file=sys.stderr)
    return 0
