"""The HTML view in a real headless Chromium, with the network blocked for the page.

Needs Debian's ``chromium`` (``apt-get install chromium chromium-driver``; .ci/run installs it)
and Python playwright (the ``test`` extra), which drives ``/usr/bin/chromium``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.network import to_networkx
from kgraph.views.html import write_html
from sample_graph import sample_dataset
from xss_graph import xss_dataset

CHROMIUM = os.environ.get("KGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's 'chromium' package "
                "(or set KGRAPH_CHROMIUM) to run the browser tests", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the 'test' extra)")


class Page:
    """A loaded kgraph page, with what it logged and what it tried to fetch."""

    def __init__(self, browser, path: Path) -> None:
        self.context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.kgraph && window.kgraph.stabilized === true", timeout=60_000)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def check_page(browser, graph, path: Path, screenshot: str | None = None, relation: str | None = None) -> Page:
    """Load ``path`` and check what every page must do; returns the open page."""
    p = Page(browser, path)
    assert p.js("[kgraph.nodes.length, kgraph.edges.length]") == [graph.number_of_nodes(), graph.number_of_edges()]
    assert p.js("[kgraph.nodesView.length, kgraph.edgesView.length]") == [graph.number_of_nodes(),
                                                                           graph.number_of_edges()]
    # the layout has stopped: physics is off and positions do not change any more
    before = p.js("JSON.stringify(kgraph.network.getPositions())")
    p.page.wait_for_timeout(300)
    assert p.js("JSON.stringify(kgraph.network.getPositions())") == before
    if screenshot:
        ARTIFACTS.mkdir(exist_ok=True)
        p.page.screenshot(path=str(ARTIFACTS / screenshot))
    if relation:
        n = sum(1 for _, _, d in graph.edges(data=True) if d["relation"] == relation)
        assert n > 0
        p.page.locator(f'input.kg-relation[data-name="{relation}"]').uncheck()
        assert p.js("kgraph.edgesView.length") == graph.number_of_edges() - n
        assert p.js("r => kgraph.edgesView.get({filter: e => e.relation === r}).length", relation) == 0
        assert p.js("kgraph.edges.length") == graph.number_of_edges()  # hidden, not removed
        p.page.locator(f'input.kg-relation[data-name="{relation}"]').check()
        assert p.js("kgraph.edgesView.length") == graph.number_of_edges()
    assert p.errors == [] and p.requests == [] and p.dialogs == []
    return p


def test_browser_sample_page(browser, tmp_path):
    graph = to_networkx(sample_dataset())
    path = tmp_path / "sample.html"
    write_html(graph, path, heading="kgraph sample")
    p = check_page(browser, graph, path, screenshot="view-sample.png", relation="foundingMemberOf")
    try:
        # type filter hides the nodes and their edges
        # (Astana, visited only by a person, is left without relations: hidden too, unless asked for)
        p.page.locator('input.kg-type[data-name="Person"]').uncheck()
        assert p.js("[kgraph.nodesView.length, kgraph.edgesView.length]") == [4, 5]
        assert p.js("kgraph.nodesView.get({filter: n => n.label === 'Astana'}).length") == 0
        p.page.locator("#kg-isolated").check()
        assert p.js("[kgraph.nodesView.length, kgraph.edgesView.length]") == [5, 5]
        p.page.locator("#kg-isolated").uncheck()
        p.page.locator('input.kg-type[data-name="Person"]').check()
        # date filter: only seed-a (2024-05-21) is on or after 2024-05-01
        p.page.fill("#kg-date-from", "2024-05-01")
        p.page.dispatch_event("#kg-date-from", "change")
        assert p.js("kgraph.edgesView.length") == 5
        p.page.fill("#kg-date-from", "")
        p.page.dispatch_event("#kg-date-from", "change")
        # search by Indonesian name and by alias
        assert p.js("kgraph.search('Tiongkok').length") == 1
        assert p.js("kgraph.search('federasi rusia').length") == 1
        assert p.page.inner_text("#kg-search-result") == "1 match"
        # search by a variant (alternative name) too
        assert p.js("kgraph.search('OKS').length") == 1
        # tooltips: edge evidence with article title and date, node names and type
        edge = p.js("kgraph.edges.get({filter: e => e.relation === 'strategicPartnerOf'})[0].id")
        p.js("id => kgraph.showEdgeTip(id)", edge)
        tip = p.page.inner_text("#kg-tip")
        assert "Kazakhstan dan Rusia adalah mitra strategis." in tip and "Tokayev dan Lavrov (2024-05-21)" in tip
        node = p.js("kgraph.nodes.get({filter: n => n.names.id === 'Tiongkok'})[0].id")
        p.js("id => kgraph.showNodeTip(id)", node)
        tip = p.page.inner_text("#kg-tip")
        assert "China" in tip and "Tiongkok" in tip and "RRT" in tip and "Country" in tip
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def test_browser_article_markup_never_executes(browser, tmp_path):
    graph = to_networkx(xss_dataset())
    path = tmp_path / "xss.html"
    write_html(graph, path, heading="<script>window.__xss='heading'</script><img src=x onerror=\"window.__xss=1\">")
    p = check_page(browser, graph, path, screenshot="view-xss.png")
    try:
        # real mouse hover over each node, and every edge tooltip
        for node_id in p.js("kgraph.nodes.getIds()"):
            pos = p.js("id => { const c = kgraph.network.getPositions([id])[id];"
                       " const d = kgraph.network.canvasToDOM(c);"
                       " const r = document.getElementById('kg-network').getBoundingClientRect();"
                       " return [r.left + d.x, r.top + d.y]; }", node_id)
            p.page.mouse.move(*pos)
            p.page.wait_for_timeout(250)
            assert p.js("!document.getElementById('kg-tip').hidden")
            assert "<img" in p.page.inner_text("#kg-tip") or "<script>" in p.page.inner_text("#kg-tip")
        for edge_id in p.js("kgraph.edges.getIds()"):
            p.js("id => kgraph.showEdgeTip(id)", edge_id)
            assert "</script><script>" in p.page.inner_text("#kg-tip")  # the article title, as text
        # the side panel of every node and edge: names, sentences, titles as text, no javascript: link
        for node_id in p.js("kgraph.nodes.getIds()"):
            p.js("id => kgraph.showNode(id)", node_id)
            text = p.page.inner_text("#kg-details")
            assert "<img" in text or "<script>" in text
            assert "</script><script>" in text and "Menurut <img src=x" in text
            links = p.js("[...document.querySelectorAll('a')].map(a => [a.getAttribute('href'), a.target, a.rel])")
            assert all(href.startswith(("http://", "https://")) and (target, rel) == ("_blank", "noopener noreferrer")
                       for href, target, rel in links)
        for edge_id in p.js("kgraph.edges.getIds()"):
            p.js("id => kgraph.showEdge(id)", edge_id)
            assert "</script><script>" in p.page.inner_text("#kg-details")
            assert p.js("document.querySelectorAll('a').length") == 0  # the article's javascript: URL
        p.page.wait_for_timeout(200)
        assert p.js("window.__xss") is None
        assert p.js("document.querySelectorAll('img, b, #kg-tip script, #kg-details script').length") == 0
        # the one http(s) identifier is the only link; the javascript: URL and identifier are text
        p.js("id => kgraph.showNode(id)", p.js("kgraph.nodes.get({filter: n => n.type === 'Person'})[0].id"))
        assert p.js("[...document.querySelectorAll('a')].map(a => a.href)") == ["http://www.wikidata.org/entity/Q42"]
        p.js("id => kgraph.showNode(id)", p.js("kgraph.nodes.get({filter: n => n.type === 'Country'})[0].id"))
        assert p.js("document.querySelectorAll('a').length") == 0
        assert "javascript:window.__xss='sameAs'" in p.page.inner_text("#kg-details")
        assert p.js("document.scripts.length") == 3
        assert p.page.inner_text("#kg-heading").startswith("<script>")
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def _build_available() -> str | None:
    try:
        import kgraph.commands.build  # noqa: F401
    except ImportError:
        return "the 'kgraph build' command is not in this checkout yet"
    if not os.environ.get("KGRAPH_STANZA_DIR"):
        return "KGRAPH_STANZA_DIR is not set (the shared Stanza models)"
    return None


@pytest.mark.slow
def test_browser_seed_article_page(browser, tmp_path):
    why = _build_available()
    if why:
        pytest.skip(why)
    seed = Path(__file__).resolve().parent.parent / "examples" / "kazakhstan-russia-sco.id.txt"
    ttl = tmp_path / "seed.ttl"
    subprocess.run([sys.executable, "-m", "kgraph", "build", str(seed), "-o", str(ttl)], check=True)
    html = tmp_path / "seed.html"
    subprocess.run([sys.executable, "-m", "kgraph", "view", str(ttl), "-o", str(html)], check=True)
    from kgraph.rdf.io import load_dataset
    graph = to_networkx(load_dataset(ttl))
    assert graph.number_of_nodes() >= 3 and graph.number_of_edges() >= 2
    names = {d.get("label_en") for _, d in graph.nodes(data=True)}
    assert {"Kazakhstan", "Russia"} <= names
    relation = max((d["relation"] for _, _, d in graph.edges(data=True)),
                   key=lambda r: sum(1 for _, _, d in graph.edges(data=True) if d["relation"] == r))
    check_page(browser, graph, html, screenshot="view-seed-article.png", relation=relation).close()
