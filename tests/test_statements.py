"""The statement layer (kgraph.rdf.statements): one kgo:Statement per triple, kept exact in a store."""
from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kgraph.query import run_query
from kgraph.rdf.iris import graph_iri, statement_iri
from kgraph.rdf.statements import STATEMENT_PREFIX, refresh_statements
from kgraph.sources import from_dataset
from kgraph.store import open_store
from sample_graph import sample_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synthetic import articles  # noqa: E402

KGO = "https://w3id.org/kgraph/ontology#"
KGR = "https://w3id.org/kgraph/resource/"


def synthetic(n: int, version: str = "") -> dict[str, tuple[str, Graph, str]]:
    """``n`` generated articles: doc id → (graph IRI, its graph, its text hash)."""
    out = {}
    for doc_id, lines in articles(seed=3, version=version):
        if len(out) == n:
            return out
        graph = Graph().parse(data="\n".join(line.rsplit(" ", 2)[0] + " ." for line in lines), format="nt")
        text_hash = next(str(o) for o in graph.objects(None, None) if len(str(o)) == 64)
        out[doc_id] = (str(graph_iri(doc_id)), graph, text_hash)
    return out


def statement_triples(store: ox.Store) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            if q.subject.value.startswith(STATEMENT_PREFIX)}


def all_quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store}


def test_statement_of_one_triple_exactly():
    store = from_dataset(sample_dataset())
    node = statement_iri(KGR + "country/KAZ", KGO + "foundingMemberOf", KGR + "organization/SCO")
    got = {(str(q.predicate), str(q.object)) for q in store.quads_for_pattern(ox.NamedNode(str(node)), None, None)}
    assertions = {str(q.subject) for q in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), ox.NamedNode(KGR + "country/KAZ"))
        if ox.Quad(q.subject, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"),
                   ox.NamedNode(KGO + "foundingMemberOf"), ox.DefaultGraph()) in store}
    assert len(assertions) == 1
    integer, date = "<http://www.w3.org/2001/XMLSchema#integer>", "<http://www.w3.org/2001/XMLSchema#date>"
    assert got == {
        ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{KGO}Statement>"),
        (f"<{KGO}subject>", f"<{KGR}country/KAZ>"), (f"<{KGO}relation>", f"<{KGO}foundingMemberOf>"),
        (f"<{KGO}object>", f"<{KGR}organization/SCO>"),
        (f"<{KGO}assertionCount>", f'"1"^^{integer}'), (f"<{KGO}articleCount>", f'"1"^^{integer}'),
        (f"<{KGO}firstDate>", f'"2024-01-12"^^{date}'), (f"<{KGO}lastDate>", f'"2024-01-12"^^{date}'),
        (f"<{KGO}assertion>", assertions.pop()),
        ("<http://www.w3.org/ns/prov#wasDerivedFrom>", f"<{KGR}document/seed-b>"),
    }
    # the hedged assertion (KAZ memberOf RUS, intention) has its statement, and no plain triple
    hedged = statement_iri(KGR + "country/KAZ", KGO + "memberOf", KGR + "country/RUS")
    assert ox.Quad(ox.NamedNode(str(hedged)), ox.NamedNode(KGO + "assertionCount"),
                   ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                   ox.DefaultGraph()) in store
    assert len(run_query(store, "SELECT * WHERE { ?st a kgo:Statement }")) == 10  # ten assertions, ten triples


def test_store_keeps_statements_exact_through_add_replace_remove(tmp_path):
    v1, v2 = synthetic(40), synthetic(40, version="-re-extracted")
    with open_store(tmp_path / "edited") as store:
        for doc_id in list(v1)[:30]:
            assert store.add_article(*v1[doc_id]) == "added"
        assert store.add_articles([v1[d] for d in list(v1)[30:]]) == ["added"] * 10
        replaced = list(v1)[10:20]
        assert store.add_articles([v2[d] for d in replaced[:6]]) == ["replaced"] * 6
        for doc_id in replaced[6:]:
            assert store.add_article(*v2[doc_id]) == "replaced"
        assert store.add_article(*v2[replaced[0]]) == "unchanged"
        removed = list(v1)[:5] + [replaced[1]]
        for doc_id in removed:
            assert store.remove_article(v1[doc_id][0])
        final = {d: (v2 if d in replaced else v1)[d] for d in v1 if d not in removed}
        edited_statements, edited = statement_triples(store.ox), all_quads(store.ox)
    with open_store(tmp_path / "rebuilt") as store:
        store.add_articles(final.values())
        rebuilt_statements, rebuilt = statement_triples(store.ox), all_quads(store.ox)
        refresh_statements(store.ox)  # from scratch, over the default graph
        assert statement_triples(store.ox) == rebuilt_statements
        # counts and dates agree with a direct GROUP BY over the assertions
        direct = run_query(store.ox, """
            SELECT ?s ?p ?o (COUNT(?a) AS ?n) (COUNT(DISTINCT ?doc) AS ?m) (MIN(?d) AS ?first) (MAX(?d) AS ?last)
            WHERE { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
                    ?doc dcterms:issued ?d } GROUP BY ?s ?p ?o""").rows()
        layer = run_query(store.ox, """
            SELECT ?s ?p ?o ?n ?m ?first ?last WHERE { ?st kgo:subject ?s ; kgo:relation ?p ; kgo:object ?o ;
                kgo:assertionCount ?n ; kgo:articleCount ?m ; kgo:firstDate ?first ; kgo:lastDate ?last }""").rows()
    assert edited_statements == rebuilt_statements and edited == rebuilt
    as_set = lambda rows: {tuple(str(v) for v in r.values()) for r in rows}  # noqa: E731
    assert as_set(direct) == as_set(layer) and len(direct) > 100


def test_statements_validate_and_a_wrong_count_is_a_violation():
    from kgraph.sources import to_dataset
    from kgraph.validate import validate

    store = from_dataset(sample_dataset())
    assert validate(to_dataset(store)).conforms
    store.update("DELETE { ?st kgo:assertionCount ?n } INSERT { ?st kgo:assertionCount 2 } "
                 "WHERE { ?st kgo:relation kgo:strategicPartnerOf ; kgo:assertionCount ?n }",
                 prefixes={"kgo": KGO})
    report = validate(to_dataset(store))
    assert [v.message for v in report.violations] == [
        "a statement's counts must match its assertions and articles, and each assertion its triple"]
