"""kgraph.network: RDF → networkx with merged edges, and the analytics over it."""
from __future__ import annotations

import datetime as dt
import io
import json

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF

from kgraph.errors import KGraphError
from kgraph.model import Assertion, Document, TimeValue
from kgraph.network import (Evidence, UnknownNodeError, betweenness_centrality, class_counts,
                            communities, degree_centrality, ego_network, find_nodes,
                            flatten_for_graphml, most_connected, relation_counts, summary,
                            to_networkx, top_countries_by_relation)
from kgraph.rdf.iris import entity_iri
from kgraph.rdf.mapping import article_graph, new_dataset
from kgraph.rdf.namespaces import KGO
from sample_graph import CHN, KAZ, RUS, SCO, TOKAYEV, sample_dataset


def iri(entity) -> str:
    return str(entity_iri(entity.key))


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return to_networkx(sample_dataset())


def test_network_nodes_carry_class_and_names(graph):
    assert graph.number_of_nodes() == 7
    rus = graph.nodes[iri(RUS)]
    assert rus["type"] == "Country"
    assert (rus["label_en"], rus["label_id"], rus["name"]) == ("Russia", "Rusia", "Russia")
    assert "Federasi Rusia" in rus["alt_labels"]
    assert rus["key"] == "country/RUS"
    assert class_counts(graph) == {"Country": 3, "InternationalOrganization": 1, "Person": 2, "Place": 1}


def test_network_edges_are_facts_with_evidence(graph):
    assert graph.number_of_edges() == 9  # the hedged KAZ memberOf RUS is left out
    assert not graph.has_edge(iri(KAZ), iri(RUS), key="memberOf")
    d = graph.edges[iri(CHN), iri(SCO), "foundingMemberOf"]
    assert d["relation"] == "foundingMemberOf" and d["count"] == 1 and not d["symmetric"]
    (ev,) = d["evidence"]
    assert isinstance(ev, Evidence)
    assert ev == ("Tiongkok, Kazakhstan, dan Rusia mendirikan SCO.", "seed-b", "2024-01-12", None, None, None,
                  "https://w3id.org/kgraph/resource/document/seed-b")
    assert d["first_date"] == d["last_date"] == "2024-01-12"
    assert relation_counts(graph)["foundingMemberOf"] == {"edges": 3, "assertions": 3}


def test_network_include_modal_adds_hedged_relations():
    g = to_networkx(sample_dataset(), include_modal=True)
    assert g.has_edge(iri(KAZ), iri(RUS), key="memberOf")
    assert g.number_of_edges() == 10
    hedged = {(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d["hedged"]}
    assert hedged == {(iri(KAZ), iri(RUS), "memberOf")}
    (ev,) = g.edges[iri(KAZ), iri(RUS), "memberOf"]["evidence"]
    assert ev.modality == "intention"


def test_network_evidence_carries_url_and_stated_time(graph):
    (ev,) = graph.edges[iri(CHN), iri(RUS), "tradePartnerOf"]["evidence"]
    assert (ev.date, ev.stated, ev.url) == ("2024-01-12", "2023", None)
    (ev,) = graph.edges[iri(TOKAYEV), "https://w3id.org/kgraph/resource/person/Sergey_Lavrov", "metWith"]["evidence"]
    assert (ev.date, ev.stated, ev.url, ev.title) == ("2024-05-21", "2024-05-20", "https://example.org/a",
                                                      "Tokayev dan Lavrov")
    doc = Document("span", "Dari Juli 2023 hingga Juli 2024 Rusia memimpin SCO.", date=dt.date(2024, 9, 1))
    ds = new_dataset()
    article_graph(ds, doc, {RUS: set(), KAZ: set(), SCO: set()}, [
        Assertion(RUS, "chairs", SCO, doc, doc.text, 0, len(doc.text), "t", 0.9,
                  start_date=TimeValue(2023, 7), end_date=TimeValue(2024, 7)),
        Assertion(KAZ, "chairs", SCO, doc, doc.text, 0, len(doc.text), "t", 0.9, start_date=TimeValue(2024, 7))])
    g = to_networkx(ds)
    assert {u: [e.stated for e in d["evidence"]] for u, _, d in g.edges(data=True)} == {
        iri(RUS): ["2023-07/2024-07"], iri(KAZ): ["2024-07/"]}


def test_network_nodes_carry_identifiers():
    ds = sample_dataset()
    g0 = ds.graph(KGO["ids"])
    g0.add((entity_iri(RUS.key), KGO.mergeNote, Literal("not an identifier", lang="en")))
    g = to_networkx(ds)
    # the country identifiers the mapping adds from ontologies/gazetteer/country_codes.tsv
    assert g.nodes[iri(RUS)]["identifiers"] == (("gleditschWardCode", "365"), ("isoAlpha2", "RU"),
                                                ("isoAlpha3", "RUS"), ("sameAs", "http://www.wikidata.org/entity/Q159"),
                                                ("unM49", "643"))
    assert flatten_for_graphml(g).nodes[iri(RUS)]["identifiers"] == \
        "gleditschWardCode=365; isoAlpha2=RU; isoAlpha3=RUS; sameAs=http://www.wikidata.org/entity/Q159; unM49=643"


def test_network_symmetric_relations_merge_across_directions_and_articles():
    ds = sample_dataset()
    doc = Document("seed-c", "Rusia dan Kazakhstan mitra strategis.", title="Mitra", date=dt.date(2024, 9, 1))
    article_graph(ds, doc, {RUS: set(), KAZ: set()},
                  [Assertion(RUS, "strategicPartnerOf", KAZ, doc, doc.text, 0, len(doc.text), "t", 0.9)])
    g = to_networkx(ds)
    edges = [(u, v) for u, v, k in g.edges(keys=True) if k == "strategicPartnerOf"]
    assert len(edges) == 1
    (u, v), = edges
    d = g.edges[u, v, "strategicPartnerOf"]
    assert d["symmetric"] and d["count"] == 2 and len(d["evidence"]) == 2
    assert (d["first_date"], d["last_date"]) == ("2024-05-21", "2024-09-01")
    assert [e.title for e in d["evidence"]] == ["Tokayev dan Lavrov", "Mitra"]


def test_network_bare_triple_counts_once():
    ds = new_dataset()
    g0 = ds.graph(KGO["x"])
    g0.add((entity_iri("country/IDN"), RDF.type, KGO.Country))
    g0.add((entity_iri("organization/ASEAN"), RDF.type, KGO.InternationalOrganization))
    g0.add((entity_iri("country/IDN"), KGO.memberOf, entity_iri("organization/ASEAN")))
    g = to_networkx(ds)
    (_, _, d), = g.edges(data=True)
    assert d["count"] == 1 and d["evidence"] == [] and d["first_date"] is None
    assert g.nodes[str(entity_iri("country/IDN"))]["name"] == "IDN"


def test_network_flatten_for_graphml_round_trips(graph):
    flat = flatten_for_graphml(graph)
    for _, d in flat.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())
    for _, _, d in flat.edges(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())
    buf = io.BytesIO()
    nx.write_graphml(flat, buf)
    back = nx.read_graphml(io.BytesIO(buf.getvalue()), force_multigraph=True)
    assert back.number_of_nodes() == 7 and back.number_of_edges() == 9
    d = flat.edges[iri(CHN), iri(SCO), "foundingMemberOf"]
    assert json.loads(d["evidence"])[0][1] == "seed-b"
    assert "Federasi Rusia" in flat.nodes[iri(RUS)]["alt_labels"]


@pytest.mark.parametrize("name", ["Tiongkok", "china", "RRT", "country/CHN", iri(CHN)])
def test_network_find_nodes_by_any_name(graph, name):
    assert find_nodes(graph, name) == [iri(CHN)]


def test_network_ego_network_hops(graph):
    one = ego_network(graph, "Tokayev", 1)
    assert set(one) == {iri(TOKAYEV), iri(KAZ), "https://w3id.org/kgraph/resource/person/Sergey_Lavrov"}
    two = ego_network(graph, "Kassym-Jomart Tokayev", 2)
    assert iri(RUS) in two and iri(SCO) in two and iri(CHN) not in two
    assert ego_network(graph, "Tokayev", 0).number_of_nodes() == 1


def test_network_ego_network_unknown_name_is_a_kgraph_error(graph):
    with pytest.raises(UnknownNodeError) as info:
        ego_network(graph, "Atlantis", 1)
    assert isinstance(info.value, KGraphError) and "Atlantis" in str(info.value)


def test_network_most_connected(graph):
    top = most_connected(graph, 2)
    assert set(top) == {iri(RUS), iri(KAZ)}
    assert most_connected(graph, 100) is graph


def test_network_centrality_and_communities(graph):
    assert degree_centrality(graph, 1)[0][0] == iri(RUS)
    assert betweenness_centrality(graph, 1)[0][0] == iri(RUS)
    parts = communities(graph)
    assert sorted(n for p in parts for n in p) == sorted(graph.nodes)
    assert communities(graph) == parts  # seeded: deterministic


def test_network_top_countries_by_relation(graph):
    top = top_countries_by_relation(graph)
    assert {n for n, _ in top["foundingMemberOf"]} == {iri(CHN), iri(KAZ), iri(RUS)}
    assert top["strategicPartnerOf"] == [(iri(KAZ), 1), (iri(RUS), 1)]
    assert "headOfStateOf" in top  # Kazakhstan is the object
    assert "visited" not in top  # Lavrov visited Astana: no country involved


def test_network_summary_is_json(graph):
    s = summary(graph)
    assert json.loads(json.dumps(s)) == s
    assert (s["nodes"], s["edges"], s["assertions"]) == (7, 9, 9)
    assert s["degree_centrality"][0]["name"] == "Russia"


def test_network_empty_graph():
    g = to_networkx(new_dataset())
    assert g.number_of_nodes() == 0
    assert summary(g)["communities"] == []


def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr)


@pytest.mark.parametrize("include_modal", [False, True])
def test_network_from_a_store_view_equals_the_rdflib_dataset(include_modal):
    """kgraph stats and view read a store's default graph in place (GraphView): the same
    networkx graph as from the whole store copied into rdflib."""
    import sys
    from pathlib import Path

    import pyoxigraph as ox

    from kgraph.rdf.graphview import GraphView
    from kgraph.sources import from_dataset, to_dataset, union_into_default
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from synthetic import generate

    seed = from_dataset(sample_dataset())
    _same_graph(to_networkx(GraphView(seed), include_modal=include_modal),
                to_networkx(to_dataset(seed), include_modal=include_modal))
    store = ox.Store()
    store.load(("\n".join(generate(3_000, seed=2)) + "\n").encode(), ox.RdfFormat.N_QUADS)
    store = union_into_default(store)
    from_view = to_networkx(GraphView(store), include_modal=include_modal)
    assert from_view.number_of_edges() > 50
    _same_graph(from_view, to_networkx(to_dataset(store), include_modal=include_modal))
