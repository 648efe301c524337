"""kgraph.export and ``kgraph export``: every format, read back."""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal

from kgraph import cli
from kgraph.export import EDGE_COLUMNS, EXPORT_FORMATS, export
from kgraph.rdf.io import union_graph, write_dataset
from kgraph.sources import from_dataset, open_source, to_dataset
from conftest import forbid
from sample_graph import sample_dataset


def values(graph) -> set:
    return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}


@pytest.fixture(scope="module")
def trig(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("e") / "sample.trig"
    write_dataset(sample_dataset(), path)
    return path


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nq", ".nt", ".jsonld"])
def test_export_rdf_formats_round_trip(tmp_path, suffix):
    out = tmp_path / f"g{suffix}"
    export(sample_dataset(), out)
    back = to_dataset(open_source(out))  # opened for querying: with the statement layer
    assert values(union_graph(back)) == values(union_graph(to_dataset(from_dataset(sample_dataset()))))
    if suffix in (".trig", ".nq", ".jsonld"):  # a named graph per article
        names = {str(g.identifier) for g in back.graphs() if len(g)}
        assert {"https://w3id.org/kgraph/resource/graph/seed-a",
                "https://w3id.org/kgraph/resource/graph/seed-b"} <= names


@pytest.mark.parametrize("suffix, reader", [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)])
def test_export_network_formats(tmp_path, suffix, reader):
    out = tmp_path / f"g{suffix}"
    export(sample_dataset(), out)
    G = reader(out)
    kaz, rus = "https://w3id.org/kgraph/resource/country/KAZ", "https://w3id.org/kgraph/resource/country/RUS"
    assert G.number_of_nodes() == 7
    assert G.number_of_edges() == 9  # 9 fact triples; the hedged memberOf is left out
    assert G.has_edge(kaz, rus)
    labels = {d.get("label_en") or d.get("label") for _, d in G.nodes(data=True)}
    assert "Kazakhstan" in labels


def test_export_csv_edge_list(tmp_path):
    out = tmp_path / "edges.csv"
    export(sample_dataset(), out, table="edges")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == EDGE_COLUMNS and len(rows) == 9
    assert {(r["subject_type"], r["object_type"], r["hedged"]) for r in rows if r["relation"] == "metWith"} == \
        {("Person", "Person", "False")}
    trade = next(r for r in rows if r["relation"] == "tradePartnerOf")
    assert {trade["subject_label"], trade["object_label"]} == {"China", "Russia"}
    assert trade["assertions"] == "1" and trade["first_date"] == trade["last_date"] == "2024-01-12"
    modal = tmp_path / "modal.csv"
    export(sample_dataset(), modal, include_modal=True, table="edges")
    modal_rows = list(csv.DictReader(modal.open(encoding="utf-8")))
    assert len(modal_rows) == 10
    assert [(r["relation"], r["hedged"]) for r in modal_rows if r["hedged"] == "True"] == [("memberOf", "True")]


def test_export_cli_and_errors(trig, tmp_path, capsys):
    assert cli.main(["export", str(trig), "-o", str(tmp_path / "g.gexf")]) == 0
    assert (tmp_path / "g.gexf").stat().st_size > 0
    capsys.readouterr()
    assert cli.main(["export", str(trig), "-o", str(tmp_path / "g.xyz")]) != 0
    err = capsys.readouterr().err
    assert "unknown export suffix" in err and err.count("\n") == 1
    assert not (tmp_path / "g.xyz").exists()


def test_export_formats_are_documented():
    assert set(EXPORT_FORMATS) == {".ttl", ".trig", ".nq", ".nt", ".jsonld", ".graphml", ".gexf", ".csv", ".parquet"}


@pytest.mark.parametrize("suffix", [".nq", ".nt"])
def test_export_of_a_store_in_nquads_or_ntriples_is_written_by_oxigraph_as_rdflib_would(tmp_path, suffix,
                                                                                        monkeypatch):
    """A store of a million triples did not fit the rdflib copy (a MemoryError at 1M): N-Quads and
    N-Triples of an Oxigraph store are written by Oxigraph, with the quads rdflib wrote."""
    import pyoxigraph as ox

    import kgraph.sources

    store = from_dataset(sample_dataset())
    store.add(ox.Quad(ox.NamedNode("https://example.org/note"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                      ox.Literal("only in the default graph")))
    by_oxigraph, by_rdflib = tmp_path / f"o{suffix}", tmp_path / f"r{suffix}"
    export(to_dataset(store), by_rdflib)
    forbid(monkeypatch, kgraph.sources, "to_dataset")
    export(store, by_oxigraph)

    def quads(path):
        fmt = ox.RdfFormat.N_QUADS if suffix == ".nq" else ox.RdfFormat.N_TRIPLES
        return set(ox.parse(path=str(path), format=fmt))

    assert quads(by_oxigraph) == quads(by_rdflib) and len(quads(by_oxigraph)) > 100
