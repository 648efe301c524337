"""The event table and the dyad table (`kgraph export … -o events.csv|.parquet [--dyads]`), and
exports Gephi reads well (labels, types, GEXF timeline)."""
from __future__ import annotations

import csv
import datetime as dt
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kgraph.events import DYAD_COLUMNS, EVENT_COLUMNS
from kgraph.model import Assertion, Document, Entity, TimeValue
from kgraph.rdf.io import write_dataset
from kgraph.rdf.mapping import article_graph, new_dataset

from conftest import run_cli

JPN = Entity("country/JPN", "Country", "Japan", "Jepang")
IDN = Entity("country/IDN", "Country", "Indonesia", "Indonesia")
KISHIDA = Entity("person/Fumio_Kishida", "Person", "Fumio Kishida", "Fumio Kishida")
RETNO = Entity("person/Retno_Marsudi", "Person", "Retno Marsudi", "Retno Marsudi")
JAKARTA = Entity("place/Jakarta", "Place", "Jakarta", "Jakarta", located_in="country/IDN")
ASEAN = Entity("organization/ASEAN", "InternationalOrganization", "ASEAN", "ASEAN")
TEXT = ("Perdana Menteri Jepang Fumio Kishida tiba di Jakarta. Menlu RI Retno Marsudi bertemu Kishida. "
        "Jepang dan Indonesia berencana memperluas perdagangan senilai US$5 miliar.")
DOC1 = Document("a1", TEXT, title="Kishida di Jakarta", date=dt.date(2023, 3, 2), url="https://example.org/a1")
DOC2 = Document("a2", "Jepang bergabung dengan ASEAN? Tidak. Indonesia anggota ASEAN.", date=dt.date(2023, 4, 9),
                date_precision="month")


def _a(doc, s, p, o, sentence, **kw):
    start = doc.text.index(sentence)
    return Assertion(s, p, o, doc, sentence, start, start + len(sentence), f"rule/{p}", 0.8, **kw)


S1, S2, S3 = TEXT.split(". ")[0] + ".", TEXT.split(". ")[1] + ".", TEXT.split(". ")[2]


@pytest.fixture(scope="module")
def trig(tmp_path_factory):
    ds = new_dataset()
    article_graph(ds, DOC1, {e: set() for e in (JPN, IDN, KISHIDA, RETNO, JAKARTA)}, [
        _a(DOC1, KISHIDA, "headOfGovernmentOf", JPN, S1),
        _a(DOC1, RETNO, "foreignMinisterOf", IDN, S2),
        _a(DOC1, KISHIDA, "visited", JAKARTA, S1, date=TimeValue(2023, 3, 1)),
        _a(DOC1, RETNO, "metWith", KISHIDA, S2),
        _a(DOC1, JPN, "tradePartnerOf", IDN, S3, modality="intention", amount="5000000000", currency="USD"),
    ])
    article_graph(ds, DOC2, {e: set() for e in (JPN, IDN, ASEAN)}, [
        _a(DOC2, IDN, "memberOf", ASEAN, "Indonesia anggota ASEAN."),
    ])
    path = tmp_path_factory.mktemp("ev") / "g.trig"
    write_dataset(ds, path)
    return path


def _export(trig, out, *extra):
    result = run_cli("export", str(trig), "-o", str(out), *extra)
    assert result.returncode == 0, result.stderr.decode()
    return result.stderr.decode()


def _rows(path):
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_events_one_row_per_assertion_with_countries(trig, tmp_path):
    assert _export(trig, tmp_path / "events.csv") == f"wrote {tmp_path / 'events.csv'} (CSV events, 6 rows)\n"
    rows = _rows(tmp_path / "events.csv")
    assert tuple(rows[0]) == tuple(EVENT_COLUMNS)
    got = [(r["article_id"], r["published"], r["date"], r["subject"], r["subject_type"], r["subject_country"],
            r["relation"], r["object"], r["object_type"], r["object_country"], r["modality"], r["amount"],
            r["currency"], r["rule"], r["sentence"]) for r in rows]
    assert got == [
        ("a1", "2023-03-02", "", "person:Fumio_Kishida", "Person", "JPN", "headOfGovernmentOf", "country:JPN",
         "Country", "JPN", "", "", "", "rule/headOfGovernmentOf", S1),
        ("a1", "2023-03-02", "2023-03-01", "person:Fumio_Kishida", "Person", "JPN", "visited", "place:Jakarta",
         "Place", "IDN", "", "", "", "rule/visited", S1),
        ("a1", "2023-03-02", "", "person:Retno_Marsudi", "Person", "IDN", "foreignMinisterOf", "country:IDN",
         "Country", "IDN", "", "", "", "rule/foreignMinisterOf", S2),
        ("a1", "2023-03-02", "", "person:Retno_Marsudi", "Person", "IDN", "metWith", "person:Fumio_Kishida",
         "Person", "JPN", "", "", "", "rule/metWith", S2),
        ("a1", "2023-03-02", "", "country:JPN", "Country", "JPN", "tradePartnerOf", "country:IDN", "Country",
         "IDN", "intention", "5000000000.0", "USD", "rule/tradePartnerOf", S3),
        ("a2", "2023-04", "", "country:IDN", "Country", "IDN", "memberOf", "org:ASEAN",
         "InternationalOrganization", "", "", "", "", "rule/memberOf", "Indonesia anggota ASEAN."),
    ]
    first = rows[0]
    assert (first["url"], first["subject_label"], first["object_label"], first["confidence"]) == \
        ("https://example.org/a1", "Fumio Kishida", "Japan", "0.8")
    assert TEXT[int(first["char_start"]):int(first["char_end"])] == S1
    assert first["assertion"].startswith("kgr:assertion\\/")


def test_events_dyads_count_country_pairs_per_relation_and_month(trig, tmp_path):
    _export(trig, tmp_path / "dyads.csv", "--dyads")
    rows = _rows(tmp_path / "dyads.csv")
    assert tuple(rows[0]) == tuple(DYAD_COLUMNS)
    assert [tuple(r.values()) for r in rows] == [
        ("2023-03", "IDN", "JPN", "metWith", "True", "1", "0", "1"),
        ("2023-03", "IDN", "JPN", "tradePartnerOf", "True", "0", "1", "1"),
        ("2023-03", "JPN", "IDN", "visited", "False", "1", "0", "1"),
    ]


def test_events_parquet_holds_the_same_rows(trig, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    _export(trig, tmp_path / "events.csv")
    _export(trig, tmp_path / "events.parquet")
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column_names == list(EVENT_COLUMNS)
    assert str(table.schema.field("confidence").type) == "double"
    assert str(table.schema.field("char_start").type) == "int64"
    csv_rows = _rows(tmp_path / "events.csv")
    for got, want in zip(table.to_pylist(), csv_rows, strict=True):
        assert {k: "" if v is None else str(v) for k, v in got.items()} == want


def test_events_wrong_table_suffix_is_one_line(trig, tmp_path):
    result = run_cli("export", str(trig), "-o", str(tmp_path / "d.gexf"), "--dyads")
    assert result.returncode != 0
    assert result.stderr.decode() == f"kgraph: error: {tmp_path / 'd.gexf'}: --dyads writes a table: use .csv or .parquet\n"


def test_events_gexf_and_graphml_read_well_in_gephi(trig, tmp_path):
    _export(trig, tmp_path / "g.gexf")
    _export(trig, tmp_path / "g.graphml")
    kishida = "https://w3id.org/kgraph/resource/person/Fumio_Kishida"
    jakarta = "https://w3id.org/kgraph/resource/place/Jakarta"
    for G in (nx.read_gexf(tmp_path / "g.gexf"), nx.read_graphml(tmp_path / "g.graphml")):
        assert G.nodes[kishida]["label"] == "Fumio Kishida" and G.nodes[kishida]["type"] == "Person"
        visit = next(d for u, v, d in G.edges(data=True) if (u, v) == (kishida, jakarta))
        assert (visit["label"], visit["relation"], visit["count"]) == ("visited", "visited", 1)
        assert (visit["first_date"], visit["last_date"]) == ("2023-03-02", "2023-03-02")
    root = ET.parse(tmp_path / "g.gexf").getroot()
    ns = {"g": root.tag.split("}")[0][1:]}
    graph = root.find("g:graph", ns)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    member = [e for e in graph.iter(f"{{{ns['g']}}}edge") if e.get("label") == "memberOf"]
    assert [(e.get("start"), e.get("end")) for e in member] == [("2023-04-01", "2023-04-30")]  # month precision


def test_events_trig_from_a_ttl_says_it_has_no_article_graphs(trig, tmp_path):
    ttl = tmp_path / "g.ttl"
    _export(trig, ttl)
    err = _export(ttl, tmp_path / "again.trig")
    assert err.startswith(f"kgraph: warning: {ttl} has no per-article graphs (a .ttl or .nt file keeps only "
                          "their union)")
    assert _export(trig, tmp_path / "kept.trig") == f"wrote {tmp_path / 'kept.trig'} (TriG (a named graph per article))\n"
