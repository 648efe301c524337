"""IRIs, the mapping to RDF, format round trips and the ontology file."""
from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from kgraph.extract.gazetteer import load_gazetteer
from kgraph.extract.mentions import person_entity
from kgraph.rdf.io import union_graph, write_dataset
from kgraph.sources import load_dataset
from kgraph.rdf.iris import assertion_iri, entity_iri
from kgraph.rdf.mapping import decimal_literal
from kgraph.rdf.namespaces import KGO, RELATIONS, SYMMETRIC
from kgraph.resources import data_path, load_toml

from conftest import ROOT
from sample_graph import sample_dataset


@pytest.mark.parametrize("indonesian, english", [("Tiongkok", "China"), ("RRT", "China"), ("AS", "Amerika Serikat"),
                                                 ("Inggris", "Britania Raya"), ("Korsel", "Korea Selatan"),
                                                 ("OKS", "SCO"), ("Majelis Umum PBB", "UNGA")])
def test_linking_indonesian_and_english_names_give_one_node(indonesian, english):
    gaz = load_gazetteer()
    a, b = gaz.lookup(indonesian), gaz.lookup(english)
    assert a is not None and a == b
    assert entity_iri(a.key) == entity_iri(b.key)


def test_linking_acronyms_need_capitals_and_context():
    gaz = load_gazetteer()
    assert gaz.lookup("as") is None
    assert [m.entity.key for m in gaz.find("pakai bahasa Inggris dan dolar AS")] == []


def test_iris_are_deterministic_valid_and_encoded():
    person = person_entity("Recep Tayyip Erdoğan")
    iri = entity_iri(person.key)
    assert iri == entity_iri(person_entity("Recep  Tayyip Erdoğan").key)
    assert str(iri) == "https://w3id.org/kgraph/resource/person/Recep_Tayyip_Erdo%C4%9Fan"
    odd = entity_iri("person/A <b> \"c\" {d}|e^f`g\\h")
    assert not set('<>"{}|^`\\ ') & set(str(odd).split("resource/")[1])
    assert assertion_iri("d", "s", "p", "o", 1, 2) == assertion_iri("d", "s", "p", "o", 1, 2)
    assert assertion_iri("d", "s", "p", "o", 1, 2) != assertion_iri("d", "s", "p", "o", 1, 3)


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nq", ".nt", ".jsonld"])
def test_rdf_round_trip_is_isomorphic(tmp_path, suffix):
    ds = sample_dataset()
    path = tmp_path / f"g{suffix}"
    write_dataset(ds, path)
    assert isomorphic(union_graph(load_dataset(path)), union_graph(ds))


def test_rdf_named_graph_per_article(tmp_path):
    path = tmp_path / "g.trig"
    write_dataset(sample_dataset(), path)
    ds = Dataset()
    ds.parse(path, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert {n.rsplit("/", 1)[1] for n in names if "/graph/" in n} == {"seed-a", "seed-b"}


def test_rdf_modal_assertion_has_no_plain_triple():
    ds = sample_dataset()
    kaz, rus = entity_iri("country/KAZ"), entity_iri("country/RUS")
    assert (kaz, KGO.memberOf, rus) not in ds
    assert any(ds.triples((None, KGO.modality, None)))


def test_rdf_decimal_literals_are_canonical():
    assert str(decimal_literal("27000000000")) == "27000000000.0"
    assert str(decimal_literal(0.85)) == "0.85"


def test_ontology_implements_every_relation():
    g = Graph().parse(data_path("kgraph.ttl"))
    toml = load_toml(data_path("relations.toml"))["relations"]
    assert set(toml) == set(RELATIONS)
    for rel in RELATIONS:
        node = KGO[rel]
        assert (node, RDF.type, OWL.ObjectProperty) in g
        assert {lbl.language for lbl in g.objects(node, RDFS.label)} == {"en", "id"}
        assert ((node, RDF.type, OWL.SymmetricProperty) in g) == (rel in SYMMETRIC)
        assert g.value(node, RDFS.domain) is not None and g.value(node, RDFS.range) is not None
    assert (KGO.foundingMemberOf, RDFS.subPropertyOf, KGO.memberOf) in g
    assert (KGO.memberOf, URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"),
            URIRef("http://www.wikidata.org/prop/direct/P463")) in g


def test_ontology_file_is_what_the_generator_writes(tmp_path):
    before = (ROOT / "ontologies" / "kgraph.ttl").read_text(encoding="utf-8")
    out = tmp_path / "kgraph.ttl"
    result = subprocess.run([sys.executable, "scripts/make_ontology.py", str(out)], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr
    after = out.read_text(encoding="utf-8")
    assert isomorphic(Graph().parse(data=before, format="turtle"), Graph().parse(data=after, format="turtle"))


def test_rdf_loading_never_fetches_a_remote_jsonld_context(tmp_path):
    import json

    from kgraph.errors import InputError

    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "http://example.invalid/context.jsonld", "@id": "x", "name": "y"}))
    with pytest.raises(InputError, match="remote JSON-LD context, which kgraph does not fetch"):
        load_dataset(path)
