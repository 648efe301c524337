"""The HTML view in a real headless Chromium, with the network blocked for the page.

Every feature is tested with both renderers (``canvas``: vis-network; ``webgl``: sigma.js, the
fast path for big graphs) through the page's own API (``kgraph.nodesView`` is what the renderer
draws, ``kgraph.positions``, ``kgraph.clientXY`` …), and once at a size where ``auto`` picks WebGL.

Needs Debian's ``chromium`` (``apt-get install chromium chromium-driver``; .ci/run installs it)
and Python playwright (the ``test`` extra), which drives ``/usr/bin/chromium``.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kgraph.network import to_networkx
from kgraph.rdf.namespaces import KGR
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


def wait_until(page, expr: str, timeout_s: float = 60) -> None:
    """Poll ``expr`` with page.evaluate (playwright's wait_for_function evaluates strings, which
    the page's Content-Security-Policy forbids once it has to poll)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expr):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout_s} s: {expr}")
        page.wait_for_timeout(50)


def _gl_diagnostic(text: str) -> bool:
    """Chromium's own note on its software GL driver (SwiftShader reading pixels for sigma's
    hover picking), logged as a warning; not from the page."""
    return text.startswith("[.WebGL-") and "GL Driver Message" in text and "GPU stall due to ReadPixels" in text


class Page:
    """A loaded kgraph page, with what it logged and what it tried to fetch."""

    def __init__(self, browser, path: Path) -> None:
        self.context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and not _gl_diagnostic(m.text)
                     and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        wait_until(self.page, "!!(window.kgraph && window.kgraph.stabilized === true)")

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


RENDERERS = pytest.mark.parametrize("renderer", ["canvas", "webgl"])


def shot(name: str, renderer: str) -> str:
    """A screenshot's file name in test-artifacts/ (the canvas renderer's keeps its old name)."""
    return f"{name}.png" if renderer == "canvas" else f"{name}-{renderer}.png"


def check_page(browser, graph, path: Path, screenshot: str | None = None, relation: str | None = None,
               renderer: str | None = None) -> Page:
    """Load ``path`` and check what every page must do; returns the open page."""
    p = Page(browser, path)
    if renderer:
        assert p.js("kgraph.renderer") == renderer
    assert p.js("[kgraph.nodes.length, kgraph.edges.length]") == [graph.number_of_nodes(), graph.number_of_edges()]
    assert p.js("[kgraph.nodesView.length, kgraph.edgesView.length]") == [graph.number_of_nodes(),
                                                                           graph.number_of_edges()]
    # the layout has stopped: physics is off and positions do not change any more
    before = p.js("JSON.stringify(kgraph.positions())")
    p.page.wait_for_timeout(300)
    assert p.js("JSON.stringify(kgraph.positions())") == before
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


@RENDERERS
def test_browser_sample_page(browser, tmp_path, renderer):
    graph = to_networkx(sample_dataset())
    path = tmp_path / "sample.html"
    write_html(graph, path, heading="kgraph sample", renderer=renderer)
    p = check_page(browser, graph, path, screenshot=shot("view-sample", renderer), relation="foundingMemberOf",
                   renderer=renderer)
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
        node = p.js("kgraph.nodes.get({filter: n => n.label === 'China'})[0].id")
        p.js("id => kgraph.showNodeTip(id)", node)
        tip = p.page.inner_text("#kg-tip")
        assert "China" in tip and "Tiongkok" in tip and "RRT" in tip and "Country" in tip
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


@RENDERERS
def test_browser_article_markup_never_executes(browser, tmp_path, renderer):
    graph = to_networkx(xss_dataset())
    path = tmp_path / "xss.html"
    write_html(graph, path, heading="<script>window.__xss='heading'</script><img src=x onerror=\"window.__xss=1\">",
               renderer=renderer)
    p = check_page(browser, graph, path, screenshot=shot("view-xss", renderer), renderer=renderer)
    try:
        # real mouse hover over each node, and every edge tooltip
        for node_id in p.js("kgraph.nodes.getIds()"):
            p.page.mouse.move(0, 0)
            p.page.mouse.move(*p.js("id => kgraph.clientXY(id)", node_id))
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
    from kgraph.sources import load_dataset
    graph = to_networkx(load_dataset(ttl))
    assert graph.number_of_nodes() >= 3 and graph.number_of_edges() >= 2
    names = {d.get("label_en") for _, d in graph.nodes(data=True)}
    assert {"Kazakhstan", "Russia"} <= names
    relation = max((d["relation"] for _, _, d in graph.edges(data=True)),
                   key=lambda r: sum(1 for _, _, d in graph.edges(data=True) if d["relation"] == r))
    check_page(browser, graph, html, screenshot="view-seed-article.png", relation=relation).close()


@RENDERERS
def test_browser_type_toggle_keeps_positions(browser, tmp_path, renderer):
    """Bug: unticking 'Person' and ticking it again dropped every person into a ring in the centre."""
    graph = to_networkx(sample_dataset())
    path = tmp_path / "toggle.html"
    write_html(graph, path, renderer=renderer)
    p = check_page(browser, graph, path, renderer=renderer)
    try:
        persons = "kgraph.nodes.get({filter: n => n.type === 'Person'}).map(n => n.id)"
        before = p.js(f"kgraph.positions({persons})")
        p.page.locator('input.kg-type[data-name="Person"]').uncheck()
        p.page.locator('input.kg-type[data-name="Person"]').check()
        after = p.js(f"kgraph.positions({persons})")
        assert set(after) == set(before) and len(before) == 2
        for node, xy in before.items():
            assert abs(after[node]["x"] - xy["x"]) <= 1 and abs(after[node]["y"] - xy["y"]) <= 1
        assert p.errors == []
    finally:
        p.close()


def _dated_dataset():
    """Articles dated by year only, by day, and a statement that gives its own month."""
    from kgraph.model import Assertion, Document, TimeValue
    from kgraph.rdf.mapping import article_graph, new_dataset
    from sample_graph import CHN, KAZ, RUS, SCO

    old = Document("y2008", "Rusia dan Tiongkok bersekutu. Kazakhstan anggota SCO.", title="Tahun 2008",
                   date=dt.date(2008, 1, 1), date_precision="year")
    new = Document("d2015", "Rusia bekerja sama dengan Kazakhstan sejak Juni 2010.", title="Maret 2015",
                   date=dt.date(2015, 3, 10))
    ds = new_dataset()
    article_graph(ds, old, {RUS: set(), CHN: set(), KAZ: set(), SCO: set()}, [
        Assertion(RUS, "allyOf", CHN, old, "Rusia dan Tiongkok bersekutu.", 0, 29, "t", 0.9),
        Assertion(KAZ, "memberOf", SCO, old, "Kazakhstan anggota SCO.", 30, 53, "t", 0.9)])
    article_graph(ds, new, {RUS: set(), KAZ: set()}, [
        Assertion(RUS, "cooperatesWith", KAZ, new, new.text, 0, len(new.text), "t", 0.9, start_date=TimeValue(2010, 6))])
    return ds


@RENDERERS
def test_browser_date_filter_with_year_only_dates(browser, tmp_path, renderer):
    """Bug: edges dated '2008' (gYear) were all hidden by the filter 2008-01-01 … 2008-12-31."""
    graph = to_networkx(_dated_dataset())
    path = tmp_path / "dated.html"
    write_html(graph, path, renderer=renderer)
    p = check_page(browser, graph, path, renderer=renderer)
    shown = "kgraph.edgesView.get().map(e => e.relation).sort()"
    try:
        p.page.fill("#kg-date-from", "2008-01-01")
        p.page.fill("#kg-date-to", "2008-12-31")
        p.page.dispatch_event("#kg-date-to", "change")
        assert p.js(shown) == ["allyOf", "memberOf"]
        p.js("kgraph.setDates('2008', '2008')")
        assert p.js(shown) == ["allyOf", "memberOf"]
        p.js("kgraph.setDates('2008-06', '2008-06')")  # a month inside the year the article gives
        assert p.js(shown) == ["allyOf", "memberOf"]
        # the statement's own date (from June 2010) is used, not its article's (2015-03-10)
        p.js("kgraph.setDates('2011', '2012-02')")
        assert p.js(shown) == ["cooperatesWith"]
        p.js("kgraph.setDates('2015-03-10', '')")
        assert p.js(shown) == ["cooperatesWith"]
        p.js("kgraph.setDates('2009', '2009-12-31')")
        assert p.js(shown) == [] and p.js("kgraph.nodesView.length") == 0
        p.js("kgraph.setDates('not a date', '')")
        assert p.js(shown) == ["allyOf", "cooperatesWith", "memberOf"]
        assert p.js("document.getElementById('kg-date-from').classList.contains('kg-invalid')")
        p.js("kgraph.setDates('', '')")
        assert "statement's own date" in p.page.inner_text("#kg-date-legend")
    finally:
        p.close()


@RENDERERS
def test_browser_time_slider_steps_through_months(browser, tmp_path, renderer):
    graph = to_networkx(_dated_dataset())
    path = tmp_path / "slider.html"
    write_html(graph, path, renderer=renderer)
    p = check_page(browser, graph, path, renderer=renderer)
    shown = "kgraph.edgesView.get().map(e => e.relation).sort()"
    try:
        months = p.js("kgraph.months")
        assert months[0] == "2008-01" and months[-1] == "2010-06" and len(months) == 2 * 12 + 6
        assert p.page.inner_text("#kg-slider-label") == "all months"
        p.js("i => kgraph.setMonth(i, true)", months.index("2008-01"))
        assert p.js(shown) == ["allyOf", "memberOf"] and p.page.inner_text("#kg-slider-label") == "up to 2008-01"
        p.js("i => kgraph.setMonth(i, true)", months.index("2010-06"))
        assert p.js(shown) == ["allyOf", "cooperatesWith", "memberOf"]
        p.js("i => kgraph.setMonth(i, false)", months.index("2009-05"))
        assert p.js(shown) == [] and p.page.inner_text("#kg-slider-label") == "2009-05"
        # play steps month by month from the start
        p.page.click("#kg-play")
        assert p.page.inner_text("#kg-play") == "pause"
        wait_until(p.page, "+document.getElementById('kg-slider').value >= 2", 10)
        p.page.click("#kg-play")
        assert p.page.inner_text("#kg-play") == "play"
        at = p.js("+document.getElementById('kg-slider').value")
        p.page.wait_for_timeout(900)
        assert p.js("+document.getElementById('kg-slider').value") == at  # paused
        p.page.click("#kg-reset")
        assert p.js(shown) == ["allyOf", "cooperatesWith", "memberOf"]
        assert p.errors == []
    finally:
        p.close()


@RENDERERS
def test_browser_isolated_nodes_hidden_and_relation_filter_hides_orphans(browser, tmp_path, renderer):
    from kgraph.model import Entity
    from kgraph.rdf.mapping import add_entity

    ds = sample_dataset()
    lonely = Entity("country/ISL", "Country", "Iceland", "Islandia")
    add_entity(ds.graph(KGR["graph/extra"]), lonely)
    graph = to_networkx(ds)
    path = tmp_path / "isolated.html"
    write_html(graph, path, renderer=renderer)
    p = Page(browser, path)
    try:
        assert p.js("[kgraph.nodes.length, kgraph.nodesView.length]") == [8, 7]
        assert p.js("kgraph.nodesView.get({filter: n => n.label === 'Iceland'}).length") == 0
        p.page.locator("#kg-isolated").check()
        assert p.js("kgraph.nodesView.length") == 8
        pos = p.js("kgraph.positions(kgraph.nodesView.getIds())")
        iceland = p.js("kgraph.nodes.get({filter: n => n.label === 'Iceland'})[0].id")
        assert len(pos) == 8  # placed beside the picture, not on top of it
        assert pos[str(iceland)]["x"] > max(xy["x"] for k, xy in pos.items() if k != str(iceland))
        p.page.locator("#kg-isolated").uncheck()
        # only foundingMemberOf: persons, Astana and the trade/strategic-only links disappear
        p.page.click("#kg-rel-none")
        assert p.js("[kgraph.nodesView.length, kgraph.edgesView.length]") == [0, 0]
        p.js("kgraph.setRelation('foundingMemberOf', true)")
        assert sorted(p.js("kgraph.nodesView.get().map(n => n.label)")) == [
            "China", "Kazakhstan", "Russia", "Shanghai Cooperation Organisation"]
        p.page.locator("#kg-isolated").check()
        assert p.js("kgraph.nodesView.length") == 8
        assert p.errors == []
    finally:
        p.close()


@RENDERERS
def test_browser_side_panel_shows_the_evidence(browser, tmp_path, renderer):
    from rdflib import URIRef
    from rdflib.namespace import OWL
    from kgraph.rdf.iris import entity_iri
    from sample_graph import KAZ

    ds = sample_dataset()
    ds.graph(KGR["graph/ids"]).add((entity_iri(KAZ.key), OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q232")))
    graph = to_networkx(ds, include_modal=True)
    path = tmp_path / "panel.html"
    write_html(graph, path, renderer=renderer)
    p = check_page(browser, graph, path, renderer=renderer)
    try:
        assert p.js("kgraph.edges.get({filter: e => e.dashes === true}).map(e => e.relation)") == ["memberOf"]
        # a real click on Kazakhstan opens its panel
        kaz = p.js("kgraph.nodes.get({filter: n => n.label === 'Kazakhstan'})[0].id")
        p.page.mouse.click(*p.js("id => kgraph.clientXY(id)", kaz))
        p.page.wait_for_selector("#kg-details:not([hidden])")
        panel = p.page.inner_text("#kg-details")
        assert panel.startswith("×\nKazakhstan\nCountry") or "Kazakhstan\nCountry" in panel
        assert p.js("[...document.querySelectorAll('#kg-details .kg-ids a')].map(a => [a.textContent, a.href])") == [
            ["Q232", "http://www.wikidata.org/entity/Q232"]]
        items = p.js("[...document.querySelectorAll('#kg-details .kg-assertion')].map(li => ["
                     "li.querySelector('.kg-when').textContent, li.querySelector('strong').textContent,"
                     "[...li.querySelectorAll('mark')].map(m => m.textContent),"
                     "li.querySelector('.kg-modality') ? li.querySelector('.kg-modality').textContent : null])")
        assert items == [
            ["2024-01-12 (article date)", "founding member of", ["Kazakhstan", "SCO"], None],
            ["2024-01-12 (article date)", "member of", ["Kazakhstan", "Rusia"], "hedged: intention (not stated as a fact)"],
            ["2024-05-21 (article date)", "strategic partner of", ["Kazakhstan", "Rusia"], None],
            ["2024-05-21 (article date)", "head of state of", ["Kazakhstan", "Kassym-Jomart Tokayev"], None],
        ]
        links = p.js("[...document.querySelectorAll('#kg-details .kg-cite a')].map(a => "
                     "[a.textContent, a.href, a.target, a.rel])")
        assert links == [["Tokayev dan Lavrov", "https://example.org/a", "_blank", "noopener noreferrer"]] * 2
        ARTIFACTS.mkdir(exist_ok=True)
        p.page.screenshot(path=str(ARTIFACTS / shot("view-panel-sample", renderer)))
        # an edge's panel: the metWith statement gives its own date
        met = p.js("kgraph.edges.get({filter: e => e.relation === 'metWith'})[0].id")
        p.js("id => kgraph.showEdge(id)", met)
        assert p.page.inner_text("#kg-details .kg-when") == "2024-05-20 (stated)"
        hedged = p.js("kgraph.edges.get({filter: e => e.relation === 'memberOf'})[0].id")
        p.js("id => kgraph.showEdge(id)", hedged)
        assert "Hedged: no assertion states it as a fact." in p.page.inner_text("#kg-details")
        p.page.click("#kg-details-close")
        assert p.js("document.getElementById('kg-details').hidden")
        assert p.errors == []
    finally:
        p.close()


@RENDERERS
def test_browser_reset_fit_and_png(browser, tmp_path, renderer):
    graph = to_networkx(sample_dataset())
    path = tmp_path / "png.html"
    write_html(graph, path, heading="kgraph sample", renderer=renderer)
    p = check_page(browser, graph, path, renderer=renderer)
    try:
        p.page.locator('input.kg-type[data-name="Country"]').uncheck()
        p.js("kgraph.setDates('2024-05', '')")
        assert p.js("kgraph.edgesView.length") < graph.number_of_edges()
        p.page.click("#kg-reset")
        assert p.js("[kgraph.nodesView.length, kgraph.edgesView.length]") == [7, 9]
        assert p.page.locator('input.kg-type[data-name="Country"]').is_checked()
        fitted = p.js("kgraph.scale()")
        p.js("kgraph.zoom(5)")
        assert p.js("kgraph.scale()") > 4 * fitted
        p.page.click("#kg-fit")
        assert p.js("kgraph.scale()") < 1.5 * fitted
        with p.page.expect_download() as download:
            p.page.click("#kg-png")
        assert download.value.suggested_filename == "kgraph_sample.png"
        png = Path(download.value.path()).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


@RENDERERS
def test_browser_country_level_and_toggle(browser, tmp_path, renderer):
    graph = to_networkx(sample_dataset())
    path = tmp_path / "levels.html"
    write_html(graph, path, level="entities", renderer=renderer)
    p = check_page(browser, graph, path, renderer=renderer)
    try:
        before = p.js("JSON.stringify(kgraph.positions())")
        p.page.locator("#kg-level-countries").check()
        wait_until(p.page, "kgraph.stabilized === true")
        assert sorted(p.js("kgraph.nodesView.get().map(n => n.label)")) == [
            "China", "Kazakhstan", "Russia", "Shanghai Cooperation Organisation"]
        assert sorted(p.js("kgraph.edgesView.get().map(e => e.relation)")) == [
            "foundingMemberOf", "foundingMemberOf", "foundingMemberOf", "metWith", "strategicPartnerOf",
            "tradePartnerOf"]
        # the meeting of Tokayev and Lavrov is a meeting of their countries, with its evidence
        met = p.js("kgraph.edges.get({filter: e => e.relation === 'metWith'})[0].id")
        p.js("id => kgraph.showEdge(id)", met)
        panel = p.page.inner_text("#kg-details")
        assert "Kassym-Jomart Tokayev \u2014 met with \u2192 Sergey Lavrov" in panel
        kaz = p.js("kgraph.nodes.get({filter: n => n.label === 'Kazakhstan'})[0].id")
        p.js("id => kgraph.showNode(id)", kaz)
        assert "Person folded in (1): Kassym-Jomart Tokayev" in p.page.inner_text("#kg-details")
        assert p.page.inner_text("#kg-counts") == "4 / 4 entities, 6 / 6 relations"
        # back to entities: the layout it had
        p.page.locator("#kg-level-entities").check()
        assert p.js("[kgraph.nodesView.length, kgraph.edgesView.length]") == [7, 9]
        assert p.js("JSON.stringify(kgraph.positions())") == before
        assert p.errors == []
    finally:
        p.close()


@pytest.mark.slow
def test_browser_news_id_country_level_screenshots(browser, tmp_path):
    """The country network of the 432 news-id items, and one country's panel, to test-artifacts/."""
    why = _build_available()
    news = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "news-id"
    if why or not (news / "articles.jsonl").is_file():
        pytest.skip(why or f"no news-id corpus at {news}")
    from kgraph.countries import entity_countries
    from kgraph.sources import load_dataset
    from kgraph.views.levels import country_level

    ttl, html = tmp_path / "news.ttl", tmp_path / "news.html"
    subprocess.run([sys.executable, "-m", "kgraph", "build", str(news / "articles.jsonl"),
                    str(news / "sentences.jsonl"), "-o", str(ttl), "-q"], check=True)
    subprocess.run([sys.executable, "-m", "kgraph", "view", str(ttl), "-o", str(html), "--level", "countries"],
                   check=True)
    graph = to_networkx(load_dataset(ttl))
    states = country_level(graph, entity_countries(graph))
    connected = {n for e in states.edges() for n in e}
    p = Page(browser, html)
    try:
        assert p.js("[kgraph.nodesView.length, kgraph.edgesView.length]") == [len(connected),
                                                                              states.number_of_edges()]
        assert set(p.js("kgraph.nodesView.get().map(n => n.type)")) <= {"Country", "InternationalOrganization"}
        ARTIFACTS.mkdir(exist_ok=True)
        p.page.screenshot(path=str(ARTIFACTS / "view-news-id-countries.png"))
        hub = p.js("kgraph.nodesView.get().sort((a, b) => b.value - a.value)[0].id")
        p.page.mouse.click(*p.js("id => kgraph.clientXY(id)", hub))
        p.page.wait_for_selector("#kg-details:not([hidden])")
        assert p.js("document.querySelectorAll('#kg-details .kg-assertion').length") > 0
        p.page.screenshot(path=str(ARTIFACTS / "view-news-id-panel.png"))
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()


def _big_dataset(n: int):
    """The sample graph and a ring of ``n`` more states, allied with their neighbours in one
    article: big enough for ``auto`` to draw it with WebGL."""
    from kgraph.model import Assertion, Document, Entity
    from kgraph.rdf.mapping import article_graph
    from sample_graph import KAZ

    ds = sample_dataset()
    ring = [Entity(f"country/R{i}", "Country", f"Ringland {i}", f"Negeri Cincin {i}") for i in range(n)]
    doc = Document("ring", "Negeri-negeri cincin bersekutu.", title="Cincin", date=dt.date(2024, 3, 1))
    pairs = [(ring[i], ring[(i + 1) % n]) for i in range(n)] + [(ring[0], KAZ)]
    article_graph(ds, doc, {e: set() for e in [*ring, KAZ]},
                  [Assertion(s, "allyOf", o, doc, doc.text, 0, len(doc.text), "t", 0.9) for s, o in pairs])
    return ds


def test_browser_big_graph_uses_webgl_and_keeps_every_feature(browser, tmp_path):
    """Above WEBGL_ABOVE_NODES connected entities ``auto`` draws with sigma.js: levels, filters,
    search, the panel on a real click, isolated nodes, the slider and PNG still work."""
    from kgraph.views.html import WEBGL_ABOVE_NODES

    graph = to_networkx(_big_dataset(WEBGL_ABOVE_NODES))
    path = tmp_path / "big.html"
    write_html(graph, path, heading="big")
    p = check_page(browser, graph, path, relation="allyOf", renderer="webgl")
    try:
        n, m = graph.number_of_nodes(), graph.number_of_edges()
        assert p.page.inner_text("#kg-counts") == f"{n} / {n} entities, {m} / {m} relations"
        p.page.locator('input.kg-type[data-name="Person"]').uncheck()
        assert p.js("[kgraph.nodesView.length, kgraph.edgesView.length]") == [n - 3, m - 4]  # Astana too
        p.page.locator('input.kg-type[data-name="Person"]').check()
        assert p.js("kgraph.search('negeri cincin 1999').length") == 1
        assert p.js("kgraph.search('Ringland 1').length") == 1 + 10 + 100 + 1000
        kaz = p.js("kgraph.search('Kazakhstan')")[0]
        p.page.mouse.click(*p.js("id => kgraph.clientXY(id)", kaz))
        p.page.wait_for_selector("#kg-details:not([hidden])")
        assert sorted(p.js("[...document.querySelectorAll('#kg-details .kg-assertion strong')].map(s => s.textContent)")) == [
            "ally of", "founding member of", "head of state of", "strategic partner of"]
        assert p.js("i => kgraph.setMonth(i, false)", p.js("kgraph.months.indexOf('2024-03')")) is None
        assert p.js("kgraph.edgesView.get().map(e => e.relation)") == ["allyOf"] * (WEBGL_ABOVE_NODES + 1)
        p.page.click("#kg-reset")
        p.page.locator("#kg-level-countries").check()
        assert p.js("[kgraph.renderer, kgraph.nodesView.length]") == ["webgl", WEBGL_ABOVE_NODES + 4]
        p.page.locator("#kg-level-entities").check()
        with p.page.expect_download() as download:
            p.page.click("#kg-png")
        assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def test_browser_webgl_drag_moves_the_picture_then_the_camera(browser, tmp_path):
    """WebGL pages move the drawn picture while the mouse drags (no redraw per mouse move) and
    put the camera where the picture was dropped; a drag that starts on a node opens no panel."""
    graph = to_networkx(sample_dataset())
    path = tmp_path / "drag.html"
    write_html(graph, path, renderer="webgl")
    p = check_page(browser, graph, path, renderer="webgl")
    try:
        kaz = p.js("kgraph.nodes.get({filter: n => n.label === 'Kazakhstan'})[0].id")
        x, y = p.js("id => kgraph.clientXY(id)", kaz)
        p.page.mouse.move(x, y)
        p.page.mouse.down()
        redraws = p.js("kgraph.frames")
        for k in range(1, 11):
            p.page.mouse.move(x + 12 * k, y + 5 * k)
        assert p.js("kgraph.frames") == redraws  # nothing redrawn while dragging
        assert p.js("[...document.querySelectorAll('#kg-network canvas')].filter(c => c.style.transform"
                    " === 'translate(120px, 50px)').length") >= 4  # sigma's layers and the dashed one
        p.page.mouse.up()
        assert p.js("[...document.querySelectorAll('#kg-network canvas')].every(c => !c.style.transform)")
        x2, y2 = p.js("id => kgraph.clientXY(id)", kaz)
        assert abs(x2 - (x + 120)) < 2 and abs(y2 - (y + 50)) < 2
        assert p.js("kgraph.frames") > redraws
        p.page.wait_for_timeout(400)
        assert p.js("document.getElementById('kg-details').hidden")
        p.page.mouse.click(x2, y2)  # a click, not a drag: the panel
        p.page.wait_for_selector("#kg-details:not([hidden])")
        assert p.errors == []
    finally:
        p.close()
