"""`kgraph build` end to end: the seed article's graph, and every bad input through the CLI."""
from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import PROV, RDF, RDFS

from kgraph.rdf.namespaces import KGO

from conftest import SEED, run_cli

EXPECTED = {
    "Country": ["Kazakhstan", "Russia", "China", "Kyrgyzstan", "Tajikistan", "Uzbekistan",
                "Afghanistan", "Belarus", "Mongolia"],
    "InternationalOrganization": ["Shanghai Cooperation Organisation", "United Nations General Assembly"],
    "Person": ["Kassym-Jomart Tokayev", "Sergey Lavrov", "Vladimir Putin"],
    "Place": ["Astana"],
}


@pytest.fixture(scope="module")
def seed_graph(seed_ttl):
    ds = Dataset(default_union=True)
    ds.parse(seed_ttl, format="turtle")
    return ds


@pytest.mark.parametrize("cls, name", [(c, n) for c, names in EXPECTED.items() for n in names])
def test_build_seed_entity_is_one_typed_node_with_en_and_id_labels(seed_graph, cls, name):
    nodes = set(seed_graph.subjects(RDFS.label, Literal(name, lang="en")))
    assert len(nodes) == 1, f"{name}: {nodes}"
    node = nodes.pop()
    assert set(seed_graph.objects(node, RDF.type)) == {KGO[cls]}
    langs = {lbl.language for lbl in seed_graph.objects(node, RDFS.label)}
    assert {"en", "id"} <= langs


@pytest.mark.parametrize("subject, relation, obj", [
    ("Kassym-Jomart Tokayev", "headOfStateOf", "Kazakhstan"),
    ("Sergey Lavrov", "foreignMinisterOf", "Russia"),
    ("Vladimir Putin", "headOfStateOf", "Russia"),
    ("China", "foundingMemberOf", "Shanghai Cooperation Organisation"),
    ("Uzbekistan", "foundingMemberOf", "Shanghai Cooperation Organisation"),
    ("Mongolia", "observerOf", "Shanghai Cooperation Organisation"),
    ("Shanghai Cooperation Organisation", "observerOf", "United Nations General Assembly"),
])
def test_build_seed_relation_carries_its_evidence(seed_graph, subject, relation, obj):
    s = seed_graph.value(predicate=RDFS.label, object=Literal(subject, lang="en"))
    o = seed_graph.value(predicate=RDFS.label, object=Literal(obj, lang="en"))
    assert (s, KGO[relation], o) in seed_graph
    assertions = [a for a in seed_graph.subjects(RDF.subject, s)
                  if (a, RDF.predicate, KGO[relation]) in seed_graph and (a, RDF.object, o) in seed_graph]
    assert assertions
    text = SEED.read_text(encoding="utf-8")
    for a in assertions:
        doc = seed_graph.value(a, PROV.wasDerivedFrom)
        assert (doc, RDF.type, KGO.Document) in seed_graph
        start, end = int(seed_graph.value(a, KGO.charStart)), int(seed_graph.value(a, KGO.charEnd))
        evidence = str(seed_graph.value(a, KGO.evidenceText))
        assert evidence in text and end - start == len(evidence)
        assert str(seed_graph.value(a, KGO.extractor))
        assert 0 < float(seed_graph.value(a, KGO.confidence)) <= 1


def test_build_seed_document_metadata(seed_graph):
    (doc,) = seed_graph.subjects(RDF.type, KGO.Document)
    assert str(seed_graph.value(doc, KGO.url)).endswith("a664554.html")
    assert str(seed_graph.value(doc, KGO.textHash))


@pytest.mark.parametrize("suffix, fmt", [(".trig", "trig"), (".nq", "nquads"), (".jsonld", "json-ld"),
                                          (".nt", "nt")])
def test_build_writes_the_format_of_the_suffix(tmp_path, seed_ttl, suffix, fmt):
    out = tmp_path / f"seed{suffix}"
    result = run_cli("build", str(SEED), "-o", str(out), "--date", "2024-05-21", "-q")
    assert result.returncode == 0, result.stderr
    ds = Dataset(default_union=True)
    ds.parse(out, format=fmt)
    ttl = Dataset(default_union=True)
    ttl.parse(seed_ttl, format="turtle")
    assert set(ds.triples((None, None, None))) == set(ttl.triples((None, None, None)))


def _assert_clean_failure(result, *needles):
    err = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("kgraph: error:"), err
    for needle in needles:
        assert needle in err, err


def test_build_bad_inputs_fail_cleanly_and_leave_output_alone(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("# earlier result\n")
    cases = {
        "missing": (["nope.txt"], ["nope.txt", "no such file"]),
        "empty": (["empty.txt"], ["empty.txt", "empty text"]),
        "binary": (["binary.txt"], ["binary.txt", "binary"]),
        "latin1": (["latin1.txt"], ["latin1.txt", "not UTF-8"]),
        "jsonl": (["broken.jsonl"], ["broken.jsonl:2", "malformed JSON"]),
        "big": (["big.txt", "--max-bytes", "10"], ["big.txt", "over the limit"]),
    }
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\xff\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\u00e9 Rusia".encode("latin-1"))
    (tmp_path / "broken.jsonl").write_text(json.dumps({"text": "Rusia."}) + "\n{oops\n")
    (tmp_path / "big.txt").write_text("Rusia dan Tiongkok bertemu di Beijing.")
    for name, (args, needles) in cases.items():
        result = run_cli("build", *args, "-o", str(out), cwd=tmp_path)
        _assert_clean_failure(result, *needles)
        assert out.read_text() == "# earlier result\n", name


def test_build_jsonl_skip_mode_builds_the_good_lines(tmp_path):
    src = tmp_path / "mixed.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Indonesia dan Australia merupakan mitra strategis.",
                               "date": "2024-03-01"}) + "\n{oops\n")
    out = tmp_path / "out.ttl"
    result = run_cli("build", str(src), "-o", str(out), "--on-error", "skip")
    assert result.returncode == 0, result.stderr
    assert b"mixed.jsonl:2" in result.stderr
    ds = Dataset(default_union=True)
    ds.parse(out, format="turtle")
    assert len(list(ds.subject_objects(KGO.strategicPartnerOf))) == 1


def test_build_stdin_and_unknown_suffix(tmp_path):
    out = tmp_path / "out.ttl"
    result = run_cli("build", "-", "-o", str(out), "--date", "2024-03-01", "-q",
                     stdin="Indonesia dan Brasil menjalin hubungan diplomatik sejak 1953.".encode())
    assert result.returncode == 0, result.stderr
    assert "diplomaticRelationsWith" in out.read_text()
    _assert_clean_failure(run_cli("build", str(SEED), "-o", str(tmp_path / "out.xyz")), "unknown RDF suffix")


def test_build_missing_models_says_how_to_get_them(tmp_path):
    result = run_cli("build", str(SEED), "-o", str(tmp_path / "o.ttl"), "--stanza-dir", str(tmp_path),
                     "--no-cache")
    _assert_clean_failure(result, "kgraph models download")


def test_models_info_lists_the_shared_models():
    result = run_cli("models", "info")
    assert result.returncode == 0, result.stderr
    assert b"depparse" in result.stdout and b"NER available: yes" in result.stdout
