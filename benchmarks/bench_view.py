"""Measure ``kgraph view`` on synthetic graphs: generation time, page size, and in headless
Chromium (Debian's /usr/bin/chromium via playwright) the time until the page is interactive
(first frame drawn with the final layout), until the layout settled, the frames the renderer
drew per second while the mouse pans the picture for two seconds, and the longest gap between
two animation frames during that pan (the page froze for that long).

    python benchmarks/bench_view.py [--sizes 100,1000,5000,20000] [--chromium /usr/bin/chromium]
    python benchmarks/bench_view.py --renderer canvas,webgl --sizes 1000,2000   # both, on the same graphs
    python benchmarks/bench_view.py --layout page --sizes 500,800,1000,2000   # vis-network's own layout
    python benchmarks/bench_view.py --shots DIR   # also keep a screenshot of each page

``--renderer auto --layout auto`` (default) is what ``kgraph view`` does: vis-network on a 2D
canvas up to ``WEBGL_ABOVE_NODES`` connected nodes (laid out in the page up to
``PAGE_LAYOUT_MAX_NODES``, in Python above), sigma.js on WebGL above; ``--renderer`` forces
one of them (a comma-separated list writes and measures one page each from the same graph),
``--layout page`` forces vis-network's own layout (to find where it slows).

The graphs use kgraph's vocabulary: articles with Assertions between Countries, Persons,
InternationalOrganizations, Organizations and Places (about two relations per entity), mapped
to RDF with kgraph.rdf.mapping, then RDF → networkx → HTML as ``kgraph view`` does.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
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
import kgraph.views.html as html
from kgraph.views.html import write_html

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KINDS = (("country", "Country", 0.25), ("person", "Person", 0.45), ("organization", "InternationalOrganization", 0.05),
         ("org", "Organization", 0.15), ("place", "Place", 0.10))


def synthetic_dataset(n_nodes: int, seed: int = 0, per_article: int = 20, edges_per_node: float = 2.0):
    """About ``n_nodes`` entities and ``edges_per_node * n_nodes`` assertions spread over articles."""
    rng = random.Random(seed)
    entities = []
    for prefix, cls, share in KINDS:
        for i in range(max(1, round(n_nodes * share))):
            name = f"{cls} {i}"
            entities.append(Entity(f"{prefix}/{cls}_{i}", cls, name, f"{name} (id)", frozenset({f"{cls[:3]}{i}"})))
    entities = entities[:n_nodes]
    weights = [1.0 / (i + 1) ** 0.6 for i in range(len(entities))]  # a few hubs, a long tail
    ds = new_dataset()
    n_assertions = round(edges_per_node * n_nodes)
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


#: what measure_browser returns, in its order (the table's last columns)
BROWSER_FIGURES = ("interactive (s)", "picture complete (s)", "layout settled (s)", "frames/s while panning", "redraws/s while panning",
                   "mouse moves/s handled", "longest frame while panning (ms)", "longest frame after release (ms)")

#: waits until what the renderer has drawn is really in its canvases: WebGL draws run after the
#: script that issued them (here in software, SwiftShader), so a 1-pixel read of every WebGL
#: context waits for them; a 2D canvas (vis-network) is drawn when its script returns
_PICTURE_DONE = ("(() => { const n = kgraph.network, gls = kgraph.renderer === 'webgl' ? Object.values(n.webGLContexts) : [];"
                 " gls.forEach(gl => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4)));"
                 " return performance.now(); })()")

_FRAME_CLOCK = ("window.__gap = 0; window.__last = null; (function tick(t) { if (window.__last !== null)"
                " window.__gap = Math.max(window.__gap, t - window.__last); window.__last = t;"
                " requestAnimationFrame(tick); })(performance.now()); 0")


def measure_browser(browser, path: Path, timeout_s: float, shot: Path | None = None) -> tuple[float, ...]:
    """BROWSER_FIGURES of one page: times from navigation start (interactive: the first frame
    with the final layout issued; picture complete: drawn, see _PICTURE_DONE); while the mouse drags the
    picture for two seconds, animation frames per second (how often the page could show a new
    picture), the renderer's redraws per second, the mouse moves the page took per second
    (playwright waits for each to be handled) and the longest gap between two animation
    frames; then the longest gap in the two seconds after the button is released (the redraw)."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000)
    page.wait_for_function("() => window.kgraph && window.kgraph.interactiveMs !== null", timeout=timeout_s * 1000,
                           polling=50)
    interactive, stabilized = page.evaluate("[kgraph.interactiveMs, kgraph.stabilizedMs]")
    complete = page.evaluate(_PICTURE_DONE)
    page.evaluate("window.__frames = 0; (function count() { window.__frames++; requestAnimationFrame(count); })(); 0")
    box = page.locator("#kg-network").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.evaluate("window.__frames0 = window.__frames; window.__redraws0 = kgraph.frames;" + _FRAME_CLOCK)
    start, k = time.perf_counter(), 0
    while time.perf_counter() - start < 2.0:
        k += 1
        page.mouse.move(x + 150 * ((k // 40) % 2 * 2 - 1) * (k % 40) / 40, y + (k % 20))
    elapsed = time.perf_counter() - start
    frames, redraws, gap = page.evaluate("[window.__frames - window.__frames0, kgraph.frames - window.__redraws0,"
                                         " window.__gap]")
    page.evaluate(_FRAME_CLOCK)
    page.mouse.up()
    page.wait_for_timeout(2000)
    after = page.evaluate("window.__gap")
    if shot is not None:
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
    context.close()
    return interactive / 1000, complete / 1000, stabilized / 1000, frames / elapsed, redraws / elapsed, k / elapsed, gap, after


def page_layout(path: Path) -> tuple[str, str]:
    """How a written page draws ('canvas' or 'webgl') and where its entity level is laid out
    ('page' or 'precomputed', in Python)."""
    text = path.read_text(encoding="utf-8")
    renderer = "webgl" if '"renderer":"webgl"' in text else "canvas"
    return renderer, "precomputed" if '"layout":"precomputed"' in text else "page"


def load() -> str:
    """The 1-, 5- and 15-minute load averages of this machine, as printed with the figures."""
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,5000,20000")
    ap.add_argument("--edges-per-node", type=float, default=2.0, help="assertions per entity (2.5: 20,000 → 50,000)")
    ap.add_argument("--layout", choices=("auto", "page"), default="auto")
    ap.add_argument("--renderer", default="auto", help="auto, canvas or webgl, or several, comma-separated")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per page")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--shots", type=Path, help="folder for a screenshot of each laid-out page")
    args = ap.parse_args(argv)
    if args.layout == "page":
        html.PAGE_LAYOUT_MAX_NODES = 10 ** 9
    sizes = [int(s) for s in args.sizes.split(",")]
    renderers = args.renderer.split(",")
    if not set(renderers) <= set(html.RENDERERS):
        ap.error(f"--renderer: each of {', '.join(html.RENDERERS)}")
    rows = []
    print(f"  load average at the start {load()} on {os.cpu_count()} CPUs", file=sys.stderr, flush=True)
    pw = browser = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright
        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=args.chromium, args=ARGS)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in sizes:
                src = Path(tmp) / f"graph-{n}.trig"
                write_dataset(synthetic_dataset(n, edges_per_node=args.edges_per_node), src)
                tp = time.perf_counter()
                ds = open_dataset(src)
                t0 = time.perf_counter()
                graph = to_networkx(ds)
                t1 = time.perf_counter()
                for renderer in renderers:
                    path = Path(tmp) / f"view-{n}-{renderer}.html"
                    t2 = time.perf_counter()
                    size = write_html(graph, path, heading=f"synthetic {n}", renderer=renderer)
                    t3 = time.perf_counter()
                    figures = (float("nan"),) * len(BROWSER_FIGURES)
                    if browser is not None:
                        shot = args.shots / f"view-{n}-{renderer}.png" if args.shots else None
                        figures = measure_browser(browser, path, args.timeout, shot)
                    drawn, layout = page_layout(path)
                    rows.append((graph.number_of_nodes(), graph.number_of_edges(), drawn, layout, t0 - tp, t1 - t0,
                                 t3 - t2, size, *figures))
                    path.unlink()
                print(f"  measured {n} (load average {load()})", file=sys.stderr, flush=True)
    finally:
        if browser is not None:
            browser.close()
            pw.stop()
    print("| nodes | edges | renderer | layout | parse TriG (s) | RDF → networkx (s) | networkx → HTML (s) "
          "| HTML size (MiB) | " + " | ".join(BROWSER_FIGURES) + " |")
    print("|---:|---:|---|---|" + "---:|" * (4 + len(BROWSER_FIGURES)))
    for nodes, edges, renderer, layout, t_parse, t_nx, t_html, size, *figures in rows:
        shown = [f"{v:.2f}" for v in figures[:3]] + [f"{v:.1f}" for v in figures[3:6]] + [f"{v:.0f}" for v in figures[6:]]
        print(f"| {nodes:,} | {edges:,} | {renderer} | {layout} | {t_parse:.2f} | {t_nx:.2f} | {t_html:.2f} "
              f"| {size / 2**20:.2f} | " + " | ".join(shown) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
