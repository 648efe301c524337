"""kgraph.views.html and the view/stats commands: a self-contained, escaped, linear-time page."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

import kgraph.cli
from kgraph.network import to_networkx
from kgraph.rdf.io import write_dataset
from kgraph.views.html import PAGE_LAYOUT_MAX_NODES, WEBGL_ABOVE_NODES, choose_renderer, render_html
from kgraph.views.html import page_data as build_page_data
from sample_graph import sample_dataset
from xss_graph import xss_dataset


class _Tags(HTMLParser):
    """Start tags as the browser's tokenizer sees them (script content is raw text)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render_html(to_networkx(sample_dataset()), heading="Sample")


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run ``kgraph`` with just this issue's commands; returns (exit code, stdout, stderr)."""
    monkeypatch.setattr(kgraph.cli, "COMMANDS", ("view", "stats"))

    def run(*argv: str):
        code = kgraph.cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.mark.parametrize("renderer", ["canvas", "webgl"])
def test_views_html_is_self_contained(renderer):
    html = render_html(to_networkx(sample_dataset()), heading="Sample", renderer=renderer)
    for tag, attrs in _Tags(html).tags:
        assert tag not in ("link", "iframe", "img", "object", "embed") and "src" not in attrs
    assert not re.search(r"<(link|iframe|img|object|embed)\b", html, re.I)
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "@import" not in html and "cdn" not in html.lower().replace("cdn_", "")
    assert "default-src &#39;none&#39;" in html  # CSP, attribute-escaped
    if renderer == "canvas":
        assert "vis-network 9.1.2" in html and "new vis.Network" in html and "new Sigma(" not in html
    else:
        assert "sigma.js 3.0.2, graphology 0.26.0" in html and "new Sigma(" in html and "vis.Network" not in html
        assert page_data(html)["renderer"] == "webgl"
    # the CSP allows exactly the two inline scripts after the data block, by hash
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    hashes = re.search(r"script-src ([^;]*);", html.replace("&#39;", "'")).group(1).split()
    assert len(scripts) == 2 and hashes == [
        "'sha256-" + base64.b64encode(hashlib.sha256(js.encode()).digest()).decode() + "'" for js in scripts]
    # no markup from strings, no code from strings: kgraph's script, and sigma.js + graphology
    markup_or_eval = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function")
    assert not markup_or_eval.search(scripts[1])
    assert renderer == "canvas" or not markup_or_eval.search(scripts[0])


def test_views_renderer_auto_uses_webgl_for_big_graphs(tmp_path, cli):
    def graph(n: int) -> nx.MultiDiGraph:  # n connected nodes on a ring, and 3 isolated ones
        g = nx.MultiDiGraph()
        g.add_nodes_from((i, {"type": "Country", "name": f"n{i}"}) for i in range(n + 3))
        g.add_edges_from((i, (i + 1) % n, "r", {"relation": "allyOf", "count": 1, "evidence": []}) for i in range(n))
        return g
    assert choose_renderer(graph(WEBGL_ABOVE_NODES)) == "canvas"
    assert choose_renderer(graph(WEBGL_ABOVE_NODES + 1)) == "webgl"
    assert choose_renderer(graph(WEBGL_ABOVE_NODES + 1), "canvas") == "canvas"
    assert choose_renderer(graph(10), "webgl") == "webgl"
    with pytest.raises(ValueError):
        choose_renderer(graph(10), "svg")
    # every level of a WebGL page comes laid out, however small
    data = build_page_data(graph(10), renderer="webgl")
    assert {lv["layout"] for lv in data["levels"].values()} == {"precomputed"}
    assert sum("x" in n for n in data["levels"]["entities"]["nodes"]) == 10
    src, out = tmp_path / "g.trig", tmp_path / "graph.html"
    write_dataset(sample_dataset(), src)
    code, _, _ = cli("view", str(src), "-o", str(out), "--renderer", "webgl")
    assert code == 0 and page_data(out.read_text())["renderer"] == "webgl"
    code, _, _ = cli("view", str(src), "-o", str(out))
    assert code == 0 and page_data(out.read_text())["renderer"] == "canvas"


def test_views_html_nodes_and_edges_styled_by_class_and_relation(sample_html):
    data = page_data(sample_html)
    level = data["levels"]["entities"]
    assert len(level["nodes"]) == 7 and len(level["edges"]) == 9
    shapes = {n["type"]: n["shape"] for n in level["nodes"]}
    assert len(set(shapes.values())) == len(shapes) == 4
    colors = {e["relation"]: e["color"] for e in level["edges"]}
    assert len(set(colors.values())) == len(colors) == 7
    assert {c["name"] for c in level["classes"]} == set(shapes)
    assert {r["name"]: (r["label"], r["count"]) for r in level["relations"]}["foundingMemberOf"] == (
        "founding member of", 3)
    e = next(e for e in level["edges"] if e["relation"] == "strategicPartnerOf")
    assert e["arrows"] == "" and e["label"] == "strategic partner of" and e["count"] == 1 and "dashes" not in e
    (row,) = [data["assertions"][i] for i in e["a"]]
    doc, sentence, stated, modality, marks, subj, rel, obj = row
    assert data["docs"][doc] == ["Tokayev dan Lavrov", "2024-05-21", "https://example.org/a"]
    assert (sentence, stated, modality, rel) == ("Kazakhstan dan Rusia adalah mitra strategis.", None, None,
                                                 "strategicPartnerOf")
    assert [sentence[a:b] for a, b in marks] == ["Kazakhstan", "Rusia"]
    names = {n["id"]: n["label"] for n in level["nodes"]}
    assert {names[subj], names[obj]} == {"Kazakhstan", "Russia"}
    trade = next(e for e in level["edges"] if e["relation"] == "tradePartnerOf")
    assert [data["assertions"][i][2] for i in trade["a"]] == ["2023"]
    rus = next(n for n in level["nodes"] if n["label"] == "Russia")
    assert rus["names"] == {"en": "Russia", "id": "Rusia", "alt": ["Federasi Rusia"]}
    assert rus["degree"] == 4 and rus["value"] == 5
    assert rus["ids"] == [["gleditschWardCode", "365"], ["isoAlpha2", "RU"], ["isoAlpha3", "RUS"],
                          ["sameAs", "http://www.wikidata.org/entity/Q159"], ["unM49", "643"]]
    assert level["layout"] == "page" and level["options"]["physics"]["enabled"] is True


def test_views_html_labels_in_indonesian_and_hedged_edges_dashed():
    data = page_data(render_html(to_networkx(sample_dataset(), include_modal=True), lang="id"))
    level = data["levels"]["entities"]
    hedged = [e for e in level["edges"] if e.get("hedged")]
    assert [(e["relation"], e["label"], e["dashes"]) for e in hedged] == [("memberOf", "anggota", True)]
    assert data["assertions"][hedged[0]["a"][0]][3] == "intention"
    assert {n["label"] for n in level["nodes"]} >= {"Rusia", "Tiongkok", "Organisasi Kerja Sama Shanghai"}


def test_views_html_edge_width_and_label_grow_with_count():
    g = nx.MultiDiGraph()
    g.add_node("a", type="Country", name="A")
    g.add_node("b", type="Country", name="B")
    g.add_edge("a", "b", key="allyOf", relation="allyOf", symmetric=True, count=8, evidence=[])
    g.add_edge("a", "b", key="cooperatesWith", relation="cooperatesWith", symmetric=True, count=1, evidence=[])
    edges = build_page_data(g)["levels"]["entities"]["edges"]
    assert edges[0]["label"] == "ally of \u00d78" and edges[0]["width"] > edges[1]["width"]
    assert edges[0]["smooth"]["type"] != edges[1]["smooth"]["type"]  # parallel edges fan out


@pytest.mark.parametrize("renderer", ["canvas", "webgl"])
def test_views_html_escapes_article_text(renderer):
    html = render_html(to_networkx(xss_dataset()), heading="<script>window.__xss='heading'</script>",
                       renderer=renderer)
    tags = _Tags(html).tags
    assert [t for t, _ in tags if t == "script"] == ["script"] * 3  # data, the library, kgraph's own
    assert {t for t, _ in tags} <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "span",
                                    "main", "aside", "section", "h2", "label", "input", "datalist", "div",
                                    "button", "ul", "script"}
    assert not any(k.startswith("on") for _, attrs in tags for k in attrs)
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", html, flags=re.S)
    assert "<img" not in markup and "<b>" not in markup and "<a " not in markup
    assert "<h1 id=\"kg-heading\">&lt;script&gt;window.__xss=&#39;heading&#39;&lt;/script&gt;</h1>" in html
    block = re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = page_data(html)
    assert any("<img" in n["label"] for n in data["levels"]["entities"]["nodes"])  # kept as text, shown as text


def test_views_html_big_graphs_are_laid_out_before_the_page_opens():
    n, m = 2_000, 4_000
    g = nx.MultiDiGraph()
    g.add_nodes_from((i, {"type": "Country", "name": f"n{i}"}) for i in range(n + 5))  # 5 isolated
    g.add_edges_from((i % n, (i * 7 + 1) % n, f"r{i}", {"relation": "cooperatesWith", "count": 1,
                                                        "evidence": [], "symmetric": True})
                     for i in range(m))
    level = build_page_data(g)["levels"]["entities"]
    assert len(level["nodes"]) == n + 5 and len(level["edges"]) == m
    assert n > PAGE_LAYOUT_MAX_NODES and level["layout"] == "precomputed"
    assert level["options"]["physics"]["enabled"] is False
    placed = [node for node in level["nodes"] if "x" in node]
    assert len(placed) == n  # the connected ones; isolated nodes are placed by the page if shown
    assert all(isinstance(node["x"], int) and isinstance(node["y"], int) for node in placed)
    assert len({(node["x"], node["y"]) for node in placed}) > 0.95 * n  # spread out, not stacked
    # labels on the canvas: the 300 most connected of a level this big
    labelled = [node for node in level["nodes"] if node.get("drawLabel") is not False]
    assert len(labelled) == 300 and min(x["degree"] for x in labelled) >= max(
        x["degree"] for x in level["nodes"] if x.get("drawLabel") is False)
    small = build_page_data(g.subgraph(range(PAGE_LAYOUT_MAX_NODES)).copy())["levels"]["entities"]
    assert small["layout"] == "page" and not any("x" in node for node in small["nodes"])


def test_views_cli_writes_page(tmp_path, cli):
    src = tmp_path / "g.trig"
    write_dataset(sample_dataset(), src)
    out = tmp_path / "graph.html"
    code, _, err = cli("view", str(src), "-o", str(out))
    assert code == 0 and out.is_file() and "7 entities, 9 relations" in err
    code, _, _ = cli("view", str(src), "-o", str(out), "--focus", "Tiongkok", "--hops", "1")
    assert code == 0
    assert {n["label"] for n in page_data(out.read_text())["levels"]["entities"]["nodes"]} == {
        "China", "Russia", "Shanghai Cooperation Organisation"}
    code, _, _ = cli("view", str(src), "-o", str(out), "--max-nodes", "2")
    assert code == 0 and len(page_data(out.read_text())["levels"]["entities"]["nodes"]) == 2
    code, _, _ = cli("view", str(src), "-o", str(out), "--level", "countries", "--lang", "id")
    data = page_data(out.read_text())
    assert code == 0 and data["level"] == "countries" and data["lang"] == "id"
    assert {e["label"] for e in data["levels"]["countries"]["edges"]} == {
        "anggota pendiri", "mitra dagang", "mitra strategis", "bertemu dengan"}


@pytest.mark.parametrize("case", ["missing", "malformed", "unknown-focus", "not-html"])
def test_views_cli_bad_input_is_one_line(tmp_path, cli, case):
    src = tmp_path / "g.ttl"
    write_dataset(sample_dataset(), src)
    out = tmp_path / "graph.html"
    argv = {"missing": [str(tmp_path / "nope.ttl"), "-o", str(out)],
            "malformed": [str(tmp_path / "bad.ttl"), "-o", str(out)],
            "unknown-focus": [str(src), "-o", str(out), "--focus", "Atlantis"],
            "not-html": [str(src), "-o", str(tmp_path / "graph.png")]}[case]
    (tmp_path / "bad.ttl").write_text("<a> <b> .\nthis is not turtle", encoding="utf-8")
    code, out_text, err = cli("view", *argv)
    assert code != 0 and not out.exists()
    assert err.startswith("kgraph: error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_stats_cli_text_and_json(tmp_path, cli):
    src = tmp_path / "g.trig"
    write_dataset(sample_dataset(), src)
    code, out, _ = cli("stats", str(src))
    assert code == 0 and "7 entities, 9 relations" in out and "Communities (Louvain" in out
    code, out, _ = cli("stats", str(src), "--json")
    s = json.loads(out)
    assert code == 0 and s["classes"]["Country"] == 3 and s["relations"]["foundingMemberOf"]["edges"] == 3
    code, _, err = cli("stats", str(tmp_path / "nope.trig"))
    assert code != 0 and err.startswith("kgraph: error: ")


def test_views_country_level_folds_persons_into_their_states():
    from kgraph.countries import entity_countries
    from kgraph.views.levels import country_level

    g = to_networkx(sample_dataset(), include_modal=True)
    states = country_level(g, entity_countries(g))
    name = {n: d["name"] for n, d in g.nodes(data=True)}
    assert {name[n] for n in states} == {"Kazakhstan", "Russia", "China", "Shanghai Cooperation Organisation"}
    assert {(name[u], k, name[v], d["count"], d["hedged"]) for u, v, k, d in states.edges(keys=True, data=True)} == {
        ("China", "foundingMemberOf", "Shanghai Cooperation Organisation", 1, False),
        ("Kazakhstan", "foundingMemberOf", "Shanghai Cooperation Organisation", 1, False),
        ("Russia", "foundingMemberOf", "Shanghai Cooperation Organisation", 1, False),
        ("China", "tradePartnerOf", "Russia", 1, False),
        ("Kazakhstan", "strategicPartnerOf", "Russia", 1, False),
        ("Kazakhstan", "memberOf", "Russia", 1, True),
        # Tokayev (head of state of Kazakhstan) met Lavrov (foreign minister of Russia)
        ("Kazakhstan", "metWith", "Russia", 1, False),
    }
    kaz = next(n for n in states if name[n] == "Kazakhstan")
    assert states.nodes[kaz]["folded"] == {"Person": ["Kassym-Jomart Tokayev"]}
    data = build_page_data(g, level="countries")
    assert data["level"] == "countries"
    met = next(e for e in data["levels"]["countries"]["edges"] if e["relation"] == "metWith")
    (row,) = [data["assertions"][i] for i in met["a"]]
    persons = {n["id"]: n["label"] for n in data["levels"]["entities"]["nodes"]}
    assert (persons[row[5]], row[6], persons[row[7]]) == ("Kassym-Jomart Tokayev", "metWith", "Sergey Lavrov")
