"""Measure ``kgraph view`` on synthetic graphs: generation time, file size, and the time
until the layout stops in headless Chromium (Debian's /usr/bin/chromium via playwright).

    python benchmarks/bench_view.py [--sizes 100,1000,5000] [--chromium /usr/bin/chromium]
    python benchmarks/bench_view.py --shots DIR   # also keep a screenshot of each page

The graphs use kgraph's vocabulary: articles with Assertions between Countries, Persons,
InternationalOrganizations, Organizations and Places (about two relations per entity), mapped
to RDF with kgraph.rdf.mapping, then RDF → networkx → HTML as ``kgraph view`` does.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from kgraph.model import Assertion, Document, Entity
from kgraph.network import to_networkx
from kgraph.rdf.io import write_dataset
from kgraph.sources import open_dataset
from kgraph.rdf.mapping import article_graph, new_dataset
from kgraph.rdf.namespaces import RELATIONS
from kgraph.views.html import write_html

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KINDS = (("country", "Country", 0.25), ("person", "Person", 0.45), ("organization", "InternationalOrganization", 0.05),
         ("org", "Organization", 0.15), ("place", "Place", 0.10))


def synthetic_dataset(n_nodes: int, seed: int = 0, per_article: int = 20):
    """About ``n_nodes`` entities and ``2 * n_nodes`` assertions spread over articles."""
    rng = random.Random(seed)
    entities = []
    for prefix, cls, share in KINDS:
        for i in range(max(1, round(n_nodes * share))):
            name = f"{cls} {i}"
            entities.append(Entity(f"{prefix}/{cls}_{i}", cls, name, f"{name} (id)", frozenset({f"{cls[:3]}{i}"})))
    entities = entities[:n_nodes]
    weights = [1.0 / (i + 1) ** 0.6 for i in range(len(entities))]  # a few hubs, a long tail
    ds = new_dataset()
    n_assertions = 2 * n_nodes
    for a0 in range(0, n_assertions, per_article):
        date = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
        text = " ".join(f"Kalimat {k} tentang hubungan internasional." for k in range(per_article))
        doc = Document(f"synthetic-{a0}", text, title=f"Artikel {a0}", date=date)
        assertions, seen = [], {}
        for k in range(min(per_article, n_assertions - a0)):
            s, o = rng.choices(entities, weights, k=2)
            if s == o:
                continue
            seen[s] = set()
            seen[o] = set()
            start = k * 41
            assertions.append(Assertion(s, rng.choice(RELATIONS), o, doc, text[start:start + 40],
                                        start, start + 40, "synthetic", 0.8))
        article_graph(ds, doc, seen, assertions)
    # entities that no assertion touched still become nodes
    article_graph(ds, Document("synthetic-entities", "-"), {e: set() for e in entities}, [])
    return ds


def measure_browser(browser, path: Path, timeout_s: float, shot: Path | None = None) -> tuple[float, float]:
    """(ms until the page's script ran, ms until the layout stopped), from navigation start."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000)
    page.wait_for_function("() => window.kgraph && window.kgraph.stabilized", timeout=timeout_s * 1000,
                           polling=100)
    started, stabilized = page.evaluate("[kgraph.startedMs, kgraph.stabilizedMs]")
    if shot is not None:
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
    context.close()
    return started, stabilized


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per page")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--shots", type=Path, help="folder for a screenshot of each laid-out page")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    pw = browser = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright
        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=args.chromium, args=ARGS)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in sizes:
                src = Path(tmp) / f"graph-{n}.trig"
                write_dataset(synthetic_dataset(n), src)
                tp = time.perf_counter()
                ds = open_dataset(src)
                t0 = time.perf_counter()
                graph = to_networkx(ds)
                t1 = time.perf_counter()
                path = Path(tmp) / f"view-{n}.html"
                size = write_html(graph, path, heading=f"synthetic {n}")
                t2 = time.perf_counter()
                started = stabilized = float("nan")
                if browser is not None:
                    shot = args.shots / f"view-{n}.png" if args.shots else None
                    started, stabilized = measure_browser(browser, path, args.timeout, shot)
                rows.append((graph.number_of_nodes(), graph.number_of_edges(), t0 - tp, t1 - t0, t2 - t1, size,
                             started, stabilized))
                print(f"  measured {n} …", file=sys.stderr, flush=True)
    finally:
        if browser is not None:
            browser.close()
            pw.stop()
    print("| nodes | edges | parse TriG (s) | RDF → networkx (s) | networkx → HTML (s) | HTML size (MiB) "
          "| page script ran (s) | layout stopped (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for nodes, edges, t_parse, t_nx, t_html, size, started, stab in rows:
        print(f"| {nodes:,} | {edges:,} | {t_parse:.2f} | {t_nx:.2f} | {t_html:.2f} | {size / 2**20:.2f} "
              f"| {started / 1000:.2f} | {stab / 1000:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
