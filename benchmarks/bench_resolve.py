"""Measure entity resolution (kgraph/resolve) on synthetic corpora of growing size.

    python benchmarks/bench_resolve.py [--sizes 1000,10000,100000] [--markdown table.md]

Each size N is a corpus of N articles over a population of N/2 distinct persons (given names
and surnames drawn from pools of made-up syllable names, so names collide as in real news),
each article naming 3 persons and 2 of 30 countries. A mention is the full name (70%), a
case/punctuation variant (10%), a one-letter misspelling (10%) or the surname alone (10%);
a third of the persons hold an office of one country, stated in the articles that name them.
Reported: the time to index the articles (CorpusIndex.add_article, done while the build
streams), the time of resolve(), the Person entities before and after, the merges, and the
growth of the resolver's memory (tracemalloc peak, only on request: it slows the run).
"""
from __future__ import annotations

import argparse
import random
import time
import tracemalloc

from kgraph.model import Assertion, Document, Entity
from kgraph.resolve.resolver import CorpusIndex, resolve

SYLLABLES = ["ka", "ri", "mo", "ta", "sen", "lo", "vi", "na", "dra", "ku", "mir", "zan", "pe", "to", "sha",
             "bel", "gor", "un", "ya", "hal", "ev", "dim", "os", "tur", "qi", "lan", "ber", "sto", "wa", "jin"]
RELATIONS = ("headOfStateOf", "headOfGovernmentOf", "foreignMinisterOf", "ministerOf")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _misspell(rng: random.Random, name: str) -> str:
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1:] if name[i] != " " else name


def synthetic_corpus(n_articles: int, seed: int = 0):
    """(id, entities, assertions) of ``n_articles`` made-up articles."""
    rng = random.Random(seed)
    given = [_word(rng) for _ in range(max(50, n_articles // 40))]
    surnames = [_word(rng) for _ in range(max(100, n_articles // 8))]
    persons = [f"{rng.choice(given)} {rng.choice(surnames)}" for _ in range(max(10, n_articles // 2))]
    countries = [Entity(f"country/C{i:02d}", "Country", f"Country {i}", f"Negara {i}") for i in range(30)]
    offices = {p: (rng.choice(RELATIONS), rng.choice(countries)) for p in persons if rng.random() < 1 / 3}
    corpus = []
    for a in range(n_articles):
        doc = Document(f"a{a}", f"article {a}")
        entities: dict[Entity, set[str]] = {c: {c.label_id} for c in rng.sample(countries, 2)}
        assertions = []
        for full in rng.sample(persons, 3):
            r = rng.random()
            name = full if r < 0.7 else full.upper() if r < 0.8 else _misspell(rng, full) if r < 0.9 \
                else full.split()[-1]
            person = Entity(f"person/{name}", "Person", name, name)
            entities[person] = {name}
            if full in offices:
                rel, country = offices[full]
                assertions.append(Assertion(person, rel, country, doc, "…", 0, 1, "synthetic", 0.9))
        corpus.append((doc.id, entities, assertions))
    return corpus


def measure(n_articles: int, memory: bool) -> dict:
    corpus = synthetic_corpus(n_articles)
    if memory:
        tracemalloc.start()
    t0 = time.perf_counter()
    index = CorpusIndex()
    for doc_id, entities, assertions in corpus:
        index.add_article(doc_id, entities, assertions)
    t1 = time.perf_counter()
    resolution = resolve(index)
    t2 = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20 if memory else None
    if memory:
        tracemalloc.stop()
    persons = {k for k, r in index.records.items() if r.entity.type == "Person"}
    after = {resolution.canonical[k].key if k in resolution.canonical else k for k in persons}
    return {"articles": n_articles, "persons_in": len(persons), "persons_out": len(after),
            "merges": len(resolution.merges), "suspects": len(resolution.suspects),
            "index_s": t1 - t0, "resolve_s": t2 - t1, "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="article counts (comma-separated)")
    parser.add_argument("--memory", action="store_true", help="also trace the peak memory (slower)")
    parser.add_argument("--markdown", help="also write the table to this Markdown file")
    args = parser.parse_args()
    rows = [measure(int(n), args.memory) for n in args.sizes.split(",")]
    head = "| articles | person entities in | person nodes out | merges | suspects | index s | resolve s | " \
           "µs per person entity | peak MB |"
    lines = [head, "|" + "---|" * 9]
    for r in rows:
        per = 1e6 * (r["index_s"] + r["resolve_s"]) / r["persons_in"]
        peak = f"{r['peak_mb']:.0f}" if r["peak_mb"] is not None else "–"
        lines.append(f"| {r['articles']:,} | {r['persons_in']:,} | {r['persons_out']:,} | {r['merges']:,} | "
                     f"{r['suspects']:,} | {r['index_s']:.2f} | {r['resolve_s']:.2f} | {per:.0f} | {peak} |")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
