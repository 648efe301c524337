"""Country identifiers: the generated table, its checks, and the triples the mapping adds."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, XSD

from conftest import ROOT, SHARED
from kgraph.errors import DataFileError
from kgraph.model import Entity
from kgraph.rdf import identifiers
from kgraph.rdf.iris import entity_iri
from kgraph.rdf.mapping import add_entity
from kgraph.rdf.namespaces import KGO

TABLE = ROOT / "ontologies" / "gazetteer" / "country_codes.tsv"
CSV = SHARED / "data" / "country-codes" / "country-codes.csv"


def test_identifiers_generator_reproduces_committed_table(tmp_path: Path) -> None:
    pytest.importorskip("country_converter")
    if not CSV.is_file():
        pytest.skip(f"{CSV} is not there (the shared country-codes data)")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_country_codes.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    assert (tmp_path / "country_codes.tsv").read_bytes() == TABLE.read_bytes(), \
        "country_codes.tsv is stale: run python scripts/make_country_codes.py"


def test_identifiers_cover_every_gazetteer_country() -> None:
    with open(ROOT / "ontologies" / "gazetteer" / "countries.tsv", encoding="utf-8") as fh:
        countries = {r["iso3"] for r in csv.DictReader(fh, delimiter="\t")}
    codes = identifiers.country_codes()
    assert set(codes) == countries
    assert codes["RUS"] == {"iso3": "RUS", "iso2": "RU", "m49": "643", "gw": "365", "wikidata": "Q159"}
    assert codes["USA"]["gw"] == "2" and codes["DEU"]["gw"] == "260" and codes["AFG"]["m49"] == "004"
    missing = {k: [c for c in ("iso2", "m49", "gw", "wikidata") if not v[c]] for k, v in codes.items()}
    assert {k: v for k, v in missing.items() if v} == {"NAM": ["wikidata"], "PSE": ["gw"], "VAT": ["gw"],
                                                       "XKX": ["iso2", "m49", "wikidata"]}


def test_identifiers_added_to_country_nodes_only() -> None:
    g = Graph()
    rus = Entity("country/RUS", "Country", "Russia", "Rusia")
    add_entity(g, rus)
    add_entity(g, Entity("person/Vladimir Putin", "Person", "Vladimir Putin", "Vladimir Putin"))
    node = entity_iri(rus.key)
    ids = {(p, o) for p, o in g.predicate_objects(node) if p == OWL.sameAs or str(p).startswith(str(KGO))}
    assert ids == {(OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q159")), (KGO.isoAlpha2, Literal("RU")),
                   (KGO.isoAlpha3, Literal("RUS")), (KGO.unM49, Literal("643")),
                   (KGO.gleditschWardCode, Literal(365, datatype=XSD.integer))}
    assert not {p for p, _ in g.predicate_objects(entity_iri("person/Vladimir Putin"))} & {OWL.sameAs, KGO.isoAlpha3}


@pytest.mark.parametrize("text, line, message", [
    ("iso3\tiso2\n", 1, "the header must be"),
    ("iso3\tiso2\tm49\tgw\twikidata\nRUS\tRU\t643\t365\n", 2, "expected 5"),
    ("iso3\tiso2\tm49\tgw\twikidata\nRUS\tRU\t643\tx\tQ159\n", 2, "gw must be a number"),
    ("iso3\tiso2\tm49\tgw\twikidata\nRUS\tRU\t64\t365\tQ159\n", 2, "m49 three digits"),
])
def test_identifiers_bad_table_names_file_and_line(tmp_path, monkeypatch, text, line, message) -> None:
    folder = tmp_path / "gazetteer"
    folder.mkdir()
    (folder / "country_codes.tsv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(identifiers, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    identifiers.country_codes.cache_clear()
    try:
        with pytest.raises(DataFileError, match=rf"country_codes.tsv:{line}: .*{message}"):
            identifiers.country_codes()
    finally:
        identifiers.country_codes.cache_clear()
