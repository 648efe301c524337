"""One way in: every command opens its SOURCE (RDF file or store folder) the same way, with the
same strict parser, and one registry maps suffixes to formats."""
from __future__ import annotations

import json

import pytest

from kgraph.errors import InputError, OutputError
from kgraph.rdf.formats import RDF_FORMATS, rdf_format
from kgraph.rdf.io import write_dataset
from kgraph.store import open_store

from conftest import run_cli
from sample_graph import DOC_A, DOC_B, sample_dataset

COMMANDS = {  # command → arguments after SOURCE (outputs go to tmp_path/…)
    "query": ["SELECT ?c WHERE { ?c a kgo:Country }", "-f", "csv"],
    "export": ["-o", "{tmp}/out.csv"],
    "validate": [],
    "stats": ["--json"],
    "view": ["-o", "{tmp}/out.html"],
}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from kgraph.rdf.iris import graph_iri
    path = tmp_path_factory.mktemp("src") / "store"
    ds = sample_dataset()
    with open_store(path) as store:
        for doc in (DOC_A, DOC_B):
            store.add_article(graph_iri(doc.id), ds.graph(graph_iri(doc.id)), doc.text_hash)
    return path


def _run(command: str, source, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    return run_cli(command, str(source), *args)


@pytest.mark.parametrize("command", COMMANDS)
def test_sources_every_command_opens_a_store_folder(command, store_dir, tmp_path):
    result = _run(command, store_dir, tmp_path)
    assert result.returncode == 0, result.stderr.decode()


def test_sources_stats_of_a_store_equals_stats_of_its_file(store_dir, tmp_path):
    trig = tmp_path / "g.trig"
    write_dataset(sample_dataset(), trig)
    from_store = json.loads(run_cli("stats", str(store_dir), "--json").stdout)
    from_file = json.loads(run_cli("stats", str(trig), "--json").stdout)
    assert from_store == from_file and from_file["nodes"] == 7


def test_sources_eval_opens_a_store_folder(store_dir, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g", "text": "x", "triples": [["Kazakhstan", "strategicPartnerOf", "Russia"]]})
                    + "\n")
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"Kazakhstan": [], "Russia": ["Rusia"]}))
    result = run_cli("eval", str(gold), str(aliases), str(store_dir), "--json")
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["relations"]["strategicPartnerOf"]["tp"] == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_sources_every_command_rejects_turtle_that_oxigraph_rejects(command, tmp_path):
    bad = tmp_path / "bad.ttl"  # rdflib would accept the IRI with a space; Oxigraph does not
    bad.write_text('<http://example.org/a b> a <https://w3id.org/kgraph/ontology#Country> .\n')
    result = _run(command, bad, tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err.startswith(f"kgraph: error: {bad}: not valid Turtle (") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_sources_every_command_names_a_missing_source_and_the_suffixes(command, tmp_path):
    missing = _run(command, tmp_path / "nope.ttl", tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.decode() == f"kgraph: error: {tmp_path / 'nope.ttl'}: no such file (or store folder)\n"
    odd = tmp_path / "g.xyz"
    odd.write_text("x")
    result = _run(command, odd, tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == (f"kgraph: error: {odd}: unknown RDF suffix '.xyz'; use one of "
                                      ".ttl .nt .trig .nq .jsonld .json .rdf .owl .xml, or give a store folder\n")


def test_sources_one_registry_for_reading_and_writing(tmp_path):
    assert rdf_format("x.TRIG").keeps_graphs and not rdf_format("x.ttl").keeps_graphs
    assert rdf_format("x.rdf").rdflib is None  # read only
    with pytest.raises(OutputError, match="unknown RDF suffix '.rdf'"):
        rdf_format("x.rdf", writing=True)
    with pytest.raises(InputError):
        rdf_format("x.csv")
    for suffix, fmt in RDF_FORMATS.items():  # everything kgraph writes, it reads back the same
        if fmt.rdflib:
            path = tmp_path / f"g{suffix}"
            write_dataset(sample_dataset(), path)
            result = run_cli("query", str(path), "SELECT (COUNT(*) AS ?n) WHERE { ?a a kgo:Assertion }", "-f", "csv")
            assert result.stdout == b"n\r\n10\r\n", suffix
