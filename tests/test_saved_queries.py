"""examples/queries/*.rq: each documented, each answering its question on the sample and the seed graph."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.query import read_query, run_query
from kgraph.sources import from_dataset, open_source
from sample_graph import sample_dataset

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "examples" / "queries"
SEED = ROOT / "examples" / "kazakhstan-russia-sco.id.txt"
KGR = "https://w3id.org/kgraph/resource/"
NAMES = ["members-and-observers", "country-relations", "meetings", "pair-timeline",
         "alliances-partnerships", "bilateral-ranked", "triple-provenance"]


def rows(store, name: str, **bindings) -> list[dict[str, str]]:
    result = run_query(store, read_query(str(QUERIES / f"{name}.rq")), bindings=bindings)
    return [{k: (v.value if v is not None else "") for k, v in r.items()} for r in result.rows()]


def test_saved_queries_all_present_and_documented():
    assert sorted(p.stem for p in QUERIES.glob("*.rq")) == sorted(NAMES)
    for name in NAMES:
        text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
        assert text.startswith("# ") and len([l for l in text.splitlines() if l.startswith("#")]) >= 2


@pytest.fixture(scope="module")
def sample():
    return from_dataset(sample_dataset())


def test_saved_members_and_observers(sample):
    got = rows(sample, "members-and-observers", org="kgr:organization/SCO")
    assert {(r["name"], r["status"]) for r in got} == {
        ("China", "founding member"), ("Kazakhstan", "founding member"), ("Russia", "founding member")}


def test_saved_country_relations(sample):
    got = rows(sample, "country-relations", country="kgr:country/KAZ")
    assert {r["relation"] for r in got} == {"headOfStateOf", "strategicPartnerOf", "foundingMemberOf"}
    partner = next(r for r in got if r["relation"] == "strategicPartnerOf")
    assert partner["evidence"] == "Kazakhstan dan Rusia adalah mitra strategis."
    assert partner["article"] == "seed-a" and partner["date"] == "2024-05-21"


def test_saved_meetings(sample):
    got = rows(sample, "meetings", person="kgr:person/Sergey_Lavrov")
    assert [(r["otherName"], r["relation"], r["date"]) for r in got] == [("Kassym-Jomart Tokayev", "metWith", "2024-05-20")]


def test_saved_pair_timeline(sample):
    got = rows(sample, "pair-timeline", country="kgr:country/CHN", partner="kgr:country/RUS")
    assert [(r["date"], r["relation"]) for r in got] == [("2023", "tradePartnerOf")]
    hedged = rows(sample, "pair-timeline", country="kgr:country/KAZ", partner="kgr:country/RUS")
    assert [(r["relation"], r["modality"]) for r in hedged] == [("memberOf", "intention"), ("strategicPartnerOf", "")]


def test_saved_alliances_partnerships(sample):
    got = rows(sample, "alliances-partnerships")
    assert [(r["a"], r["relation"], r["b"], r["articles"]) for r in got] == [("Kazakhstan", "strategicPartnerOf", "Russia", "1")]


def test_saved_bilateral_ranked(sample):
    got = rows(sample, "bilateral-ranked")
    assert {(r["a"], r["b"], r["relations"]) for r in got} == {
        ("China", "Russia", "tradePartnerOf"), ("Kazakhstan", "Russia", "strategicPartnerOf")}


def test_saved_triple_provenance(sample):
    got = rows(sample, "triple-provenance", subject="kgr:country/KAZ", relation="kgo:strategicPartnerOf",
               object="kgr:country/RUS")
    assert len(got) == 1
    r = got[0]
    assert r["graph"] == KGR + "graph/seed-a" and r["title"] == "Tokayev dan Lavrov"
    assert (r["charStart"], r["charEnd"], r["extractor"]) == ("101", "145", "test/strategicPartnerOf")


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "seed.trig"
    env = dict(os.environ)
    env.setdefault("KGRAPH_STANZA_DIR", str(ROOT.parent / "shared" / "models" / "stanza"))
    subprocess.run([sys.executable, "-m", "kgraph", "build", str(SEED), "-o", str(out)], check=True, env=env)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name, bindings, expect", [
    ("members-and-observers", {"org": "kgr:organization/SCO"}, {"Afghanistan", "Kazakhstan", "China"}),
    ("country-relations", {"country": "kgr:country/KAZ"}, {"tradePartnerOf", "foundingMemberOf"}),
    ("meetings", {}, {"Sergey Lavrov", "Kassym-Jomart Tokayev"}),
    ("pair-timeline", {"country": "kgr:country/KAZ", "partner": "kgr:country/RUS"}, {"tradePartnerOf"}),
    ("bilateral-ranked", {}, {"Kazakhstan", "Russia"}),
    ("triple-provenance", {"subject": "kgr:country/KAZ", "relation": "kgo:tradePartnerOf",
                           "object": "kgr:country/RUS"}, {"kazakhstan-russia-sco.id"}),
])
def test_saved_queries_on_the_seed_article(seed_graph, name, bindings, expect):
    got = rows(open_source(seed_graph), name, **bindings)
    assert got, f"{name} found nothing in the seed article's graph"
    seen = {value for r in got for value in r.values()}
    assert expect <= seen, expect - seen
