"""Entity resolution end to end: ``kgraph build`` (real Stanza) on articles written for this test,
``--aliases`` merges and splits, ``--keep-mentions``, ``kgraph entities`` and the store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, SKOS

from conftest import run_cli
from kgraph.sources import load_dataset
from kgraph.rdf.namespaces import ENTITY_CLASSES, KGO, KGR

ARTICLES = [
    ("r1", "2008-05-06", "Presiden Tiongkok Hu Jintao tiba di Tokyo pada Selasa untuk kunjungan kenegaraan."),
    ("r2", "2008-05-07", "Presiden Tiongkok Hu Jintai bertemu Perdana Menteri Jepang Shinzo Abe di Tokyo."),
    ("r3", "2008-05-08", "Menteri Luar Negeri Rusia Sergei Lavrov dan Menteri Pertahanan Rusia Sergei Ivanov "
                         "tiba di Jakarta."),
    ("r4", "2008-05-09", "Menteri Luar Negeri Rusia Sergey Lavrov mengunjungi Indonesia pekan lalu."),
    ("r5", "2008-05-10", "Menlu Lavrov tiba di Washington pada Rabu."),
    ("r6", "2008-05-11", "Perdana Menteri Abe mengunjungi India pada Kamis."),
    ("r7", "2008-05-12", "Presiden Indonesia Susilo Bambang Yudhoyono tiba di Canberra pada Jumat."),
    ("r8", "2008-05-13", "Presiden SBY tiba di Tokyo pada Sabtu."),
    ("r9", "2008-05-14", "Harga minyak di Malaysia naik lagi pekan ini."),  # a mention in no assertion
]

HU, ABE = "person/Hu_Jintai", "person/Shinzo_Abe"
LAVROV, IVANOV = "person/Sergei_Lavrov", "person/Sergei_Ivanov"
SBY, SBY_FULL = "person/SBY", "person/Susilo_Bambang_Yudhoyono"


def facts(ds) -> set[tuple[str, str, str]]:
    """The relation triples of persons, as (subject key, relation, object key)."""
    out = set()
    for s, p, o in ds.triples((None, None, None)):
        if str(p).startswith(str(KGO)) and (s, RDF.type, KGO.Person) in ds and isinstance(o, URIRef) \
                and str(o).startswith(str(KGR)):
            out.add((str(s)[len(KGR):], str(p)[len(KGO):], str(o)[len(KGR):]))
    return out


def expected(hu: str = HU, sby: str = SBY_FULL) -> set[tuple[str, str, str]]:
    return {
        (hu, "headOfStateOf", "country/CHN"), (hu, "visited", "place/Tokyo"), (hu, "metWith", ABE),
        (ABE, "headOfGovernmentOf", "country/JPN"), (ABE, "visited", "country/IND"),
        (LAVROV, "foreignMinisterOf", "country/RUS"), (LAVROV, "visited", "place/Jakarta"),
        (LAVROV, "visited", "country/IDN"), (LAVROV, "visited", "place/Washington"),
        (IVANOV, "ministerOf", "country/RUS"), (IVANOV, "visited", "place/Jakarta"),
        (SBY_FULL, "headOfStateOf", "country/IDN"), (SBY_FULL, "visited", "place/Canberra"),
        (sby, "visited", "place/Tokyo"),
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("resolve") / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": i, "date": d, "text": t}, ensure_ascii=False) + "\n"
                            for i, d, t in ARTICLES), encoding="utf-8")
    return path


def build(corpus: Path, out: Path, *extra: str):
    result = run_cli("build", str(corpus), "-o", str(out), "-q", *extra)
    assert result.returncode == 0, result.stderr.decode()
    return load_dataset(out)


@pytest.fixture(scope="module")
def plain(corpus) -> Path:
    """The corpus built with the defaults."""
    out = corpus.parent / "plain.nq"
    build(corpus, out)
    return out


def test_resolve_build_merges_variants_across_articles(plain):
    ds = load_dataset(plain)
    # Hu Jintao / Hu Jintai one node; Sergei / Sergey Lavrov and "Menlu Lavrov" one node, Sergei
    # Ivanov apart; "Perdana Menteri Abe" is Shinzo Abe; SBY is Yudhoyono by ontologies/nicknames.toml
    assert facts(ds) == expected()
    assert {str(n) for n in ds.objects(KGR[HU], SKOS.altLabel)} == {"Hu Jintao"}
    assert (KGR["person/Sergey_Lavrov"], OWL.sameAs, KGR[LAVROV]) in ds
    assert (KGR[IVANOV], OWL.differentFrom, KGR[LAVROV]) in ds
    assert (KGR["country/RUS"], OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q159")) in ds
    result = run_cli("validate", str(plain))
    assert result.returncode == 0, result.stdout.decode()


def test_resolve_build_applies_declared_merge_and_split(corpus, tmp_path):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[[merge]]\nnames = ["Susilo Bambang Yudhoyono", "SBY"]\n\n'
                       '[[split]]\nnames = ["Hu Jintao", "Hu Jintai"]\n', encoding="utf-8")
    ds = build(corpus, tmp_path / "g.nq", "--aliases", str(aliases))
    hu_apart = {("person/Hu_Jintao", "headOfStateOf", "country/CHN"), ("person/Hu_Jintao", "visited", "place/Tokyo"),
                (HU, "headOfStateOf", "country/CHN"), (HU, "metWith", ABE)}
    assert facts(ds) == (expected(sby=SBY_FULL) - {(HU, "visited", "place/Tokyo")}) | hu_apart


def test_resolve_build_user_split_overrides_a_shipped_nickname(corpus, tmp_path):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[[split]]\nnames = ["SBY", "Susilo Bambang Yudhoyono"]\n', encoding="utf-8")
    assert facts(build(corpus, tmp_path / "g.nq", "--aliases", str(aliases))) == expected(sby=SBY)


def test_resolve_build_bad_aliases_file_is_one_line(corpus, tmp_path):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[[merge]]\nnames = "SBY"\n', encoding="utf-8")
    result = run_cli("build", str(corpus), "-o", str(tmp_path / "g.nq"), "-q", "--aliases", str(aliases))
    assert result.returncode != 0 and not (tmp_path / "g.nq").exists()
    assert result.stderr.decode().strip().splitlines() == [
        f"kgraph: error: {aliases}: [[merge]] number 1: 'names' must be a list of at least 2 non-empty names"]


@pytest.mark.slow
def test_resolve_build_keeps_mentions_only_when_asked(corpus, plain, tmp_path):
    kept = build(corpus, tmp_path / "kept.nq", "--keep-mentions")

    def nodes(ds) -> set[str]:
        return {str(s)[len(KGR):] for c in ENTITY_CLASSES for s in ds.subjects(RDF.type, KGO[c])}

    assert nodes(kept) - nodes(load_dataset(plain)) == {"country/MYS"}


def test_resolve_build_entities_command_lists_merges_and_suspects(plain):
    result = run_cli("entities", str(plain), "--json", "--type", "Person")
    assert result.returncode == 0, result.stderr.decode()
    people = {p["key"]: p for p in json.loads(result.stdout)}
    assert set(people) == {"person/Hu Jintai", "person/Shinzo Abe", "person/Sergei Lavrov", "person/Sergei Ivanov",
                           "person/Susilo Bambang Yudhoyono"}
    assert people["person/Susilo Bambang Yudhoyono"]["variants"] == ["SBY"]  # ontologies/nicknames.toml
    lavrov = people["person/Sergei Lavrov"]
    assert lavrov["variants"] == ["Lavrov", "Sergey Lavrov"]
    assert (lavrov["assertions"], lavrov["articles"]) == (5, 3)
    assert [m.split(":")[0] for m in lavrov["merged"]] == ["person/Lavrov (article r5)", "person/Sergey Lavrov"]
    result = run_cli("entities", str(plain), "--suspects", "--json")
    assert json.loads(result.stdout) == [{"first": "person/Sergei Ivanov", "second": "person/Sergei Lavrov",
                                          "reason": "share a name but are named side by side in article r3"}]


@pytest.mark.slow
def test_resolve_build_store_joins_new_articles_to_stored_nodes(corpus, tmp_path):
    first = tmp_path / "first.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    first.write_text("".join(lines[2:3]), encoding="utf-8")  # r3 only: Sergei Lavrov and Sergei Ivanov
    store = tmp_path / "store"
    assert run_cli("build", str(first), "--store", str(store), "-q").returncode == 0
    result = run_cli("build", str(corpus), "--store", str(store), "-o", str(tmp_path / "g.nq"), "-q")
    assert result.returncode == 0, result.stderr.decode()
    ds = load_dataset(tmp_path / "g.nq")
    assert facts(ds) == expected()  # Sergey Lavrov and "Menlu Lavrov" joined the stored node
    assert (KGR["person/Sergey_Lavrov"], OWL.sameAs, KGR[LAVROV]) in ds
    result = run_cli("entities", str(store), "--json", "--type", "Person")
    people = {p["key"]: p for p in json.loads(result.stdout)}
    assert people["person/Sergei Lavrov"]["variants"] == ["Lavrov", "Sergey Lavrov"]
    assert "person/Sergey Lavrov" not in people


@pytest.mark.slow
def test_resolve_build_store_without_entity_index_is_indexed_from_its_graphs(corpus, tmp_path):
    """A store made before kgraph-entities.json existed: the stored graphs give the profiles."""
    first = tmp_path / "first.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    first.write_text("".join(lines[2:3]), encoding="utf-8")
    store = tmp_path / "store"
    assert run_cli("build", str(first), "--store", str(store), "-q").returncode == 0
    (store / "kgraph-entities.json").unlink()
    result = run_cli("build", str(corpus), "--store", str(store), "-o", str(tmp_path / "g.nq"), "-q")
    assert result.returncode == 0, result.stderr.decode()
    assert facts(load_dataset(tmp_path / "g.nq")) == expected()
    assert (store / "kgraph-entities.json").is_file()


@pytest.mark.slow
def test_resolve_build_does_not_depend_on_article_order(corpus, plain, tmp_path):
    reversed_corpus = tmp_path / "reversed.jsonl"
    reversed_corpus.write_text("".join(reversed(corpus.read_text(encoding="utf-8").splitlines(keepends=True))),
                               encoding="utf-8")
    again = build(reversed_corpus, tmp_path / "reversed.nq")
    first = load_dataset(plain)
    assert facts(again) == facts(first) == expected()
    resolution = KGR["resolution"]
    assert set(again.graph(resolution)) == set(first.graph(resolution)) != set()
