#!/usr/bin/env python3
"""Extraction throughput with parsing excluded: sentences per second of ``extract_article``.

usage: bench_extract.py [INPUT ...] [--repeat N]

INPUT defaults to the news-id corpus (../shared/data/news-id/*.jsonl). Parses come from the
parse cache (made once with Stanza if missing); only extraction (mentions, references, rules,
the dependency-tree arguments) is timed, best of ``--repeat`` runs, on one core. Prints the
sentences, facts by how the arguments were found (tree / order / title), and sentences/s.
"""
from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from kgraph.corpus import read_documents
from kgraph.extract.article import extract_article
from kgraph.nlp.parse import Parser

NEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-id"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", default=[str(NEWS / "articles.jsonl"), str(NEWS / "sentences.jsonl")])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = list(read_documents(args.inputs))
    parser = Parser()
    parsed = [p for i in range(0, len(docs), 64) for p in parser.parse_batch(docs[i:i + 64])]
    sentences = sum(len(p.sentences) for p in parsed)
    best, how = float("inf"), collections.Counter()
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = [extract_article(p) for p in parsed]
        best = min(best, time.perf_counter() - start)
    for result in results:
        for a in result.assertions:
            if a.is_fact:
                how[a.rule.split("/", 1)[1].split("+seat")[0] if "/" in a.rule else a.rule.split(":")[0]] += 1
    print(f"articles {len(parsed)}  sentences {sentences}  facts {sum(how.values())}")
    print("facts by argument source: " + ", ".join(f"{k} {v}" for k, v in how.most_common()))
    print(f"extraction {best:.2f} s (best of {args.repeat})  {sentences / best:,.0f} sentences/s")


if __name__ == "__main__":
    main()
