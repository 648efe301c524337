"""kgraph.query and ``kgraph query``: SPARQL over files and rdflib datasets, formats, errors, timeout."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kgraph import cli
from kgraph.query import QuerySyntaxError, QueryTimeoutError, parse_term, run_query
from kgraph.rdf.io import write_dataset
from kgraph.sources import from_dataset, open_source
from sample_graph import sample_dataset

KGR = "https://w3id.org/kgraph/resource/"

QUERIES = Path(__file__).resolve().parent.parent / "examples" / "queries"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def trig(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("q") / "sample.trig"
    write_dataset(sample_dataset(), path)
    return path


def kgraph(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_query_prefixes_are_predeclared(trig):
    result = run_query(open_source(trig), "SELECT DISTINCT ?c WHERE { ?c a kgo:Country ; rdfs:label ?l } ORDER BY ?c")
    assert [r["c"].value.rsplit("/", 1)[-1] for r in result.rows()] == ["CHN", "KAZ", "RUS"]


def test_query_default_graph_is_union_counted_once(trig):
    # KAZ and RUS are typed in both articles' graphs; each type triple must count once
    result = run_query(open_source(trig), "SELECT (COUNT(*) AS ?n) WHERE { ?c a kgo:Country }")
    assert result.rows()[0]["n"].value == "3"
    named = run_query(open_source(trig), "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a kgo:Country } }")
    assert named.rows()[0]["n"].value == "5"


def test_query_over_rdflib_dataset_and_bindings():
    result = run_query(sample_dataset(), "SELECT ?s ?o WHERE { ?s kgo:foundingMemberOf ?o }",
                       bindings={"s": "kgr:country/CHN"})
    assert [r["o"].value for r in result.rows()] == ["https://w3id.org/kgraph/resource/organization/SCO"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_formats_match_the_w3c_serialisations(trig, fmt):
    q = "SELECT ?s ?e WHERE { ?a rdf:subject ?s ; kgo:evidenceText ?e } ORDER BY ?s ?e"
    ours = run_query(open_source(trig), q).serialize(fmt)
    target = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}[fmt]
    store = open_source(trig)
    reference = store.query(q, prefixes={"kgo": "https://w3id.org/kgraph/ontology#",
                                         "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}).serialize(format=target)
    assert ours == reference
    if fmt == "json":
        doc = json.loads(ours)
        assert doc["head"]["vars"] == ["s", "e"] and len(doc["results"]["bindings"]) == 10


def test_query_ask_and_construct(trig):
    assert run_query(open_source(trig), "ASK { ?x kgo:metWith ?y }").boolean is True
    assert run_query(open_source(trig), "ASK { ?x kgo:allyOf ?y }").serialize("csv") == b"_askResult\r\nfalse\r\n"
    result = run_query(open_source(trig), "CONSTRUCT { ?x kgo:metWith ?y } WHERE { ?x kgo:metWith ?y }")
    turtle = result.serialize("table")
    g = Graph().parse(data=turtle, format="turtle")
    expected = Graph().parse(data="<https://w3id.org/kgraph/resource/person/Kassym-Jomart_Tokayev> "
                             "<https://w3id.org/kgraph/ontology#metWith> "
                             "<https://w3id.org/kgraph/resource/person/Sergey_Lavrov> .", format="nt")
    assert isomorphic(g, expected)
    described = run_query(open_source(trig), "DESCRIBE kgr:place\\/Astana")
    assert len(described.triples()) >= 3


def test_query_syntax_error_reports_line_and_column(trig):
    with pytest.raises(QuerySyntaxError, match=r"line 2, column \d+"):
        run_query(open_source(trig), "SELECT * WHERE {\n ?s ?p ?o . FILTER( }")


def test_query_cli_syntax_error_is_one_line(trig, capsys):
    code, out, err = kgraph(capsys, "query", trig, "SELECT * WHERE {\n ?s ?p ?o . FILTER( }")
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "line 2, column" in err and "Traceback" not in err


def test_query_timeout_stops_a_runaway_query(trig):
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        run_query(open_source(trig), SLOW_QUERY, timeout=0.5)
    assert time.monotonic() - start < 10


def test_query_timeout_returns_results_in_time(trig):
    result = run_query(open_source(trig), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=30)
    assert int(result.rows()[0]["n"].value) > 100


def test_query_cli_table_and_rq_file(trig, capsys):
    code, out, _ = kgraph(capsys, "query", trig, QUERIES / "members-and-observers.rq")
    assert code == 0
    assert out.splitlines()[0].startswith("?org") and "Kazakhstan" in out and out.rstrip().endswith("(3 rows)")


def test_query_cli_timeout_exit_code(trig, capsys):
    code, _, err = kgraph(capsys, "query", trig, SLOW_QUERY, "--timeout", "0.5")
    assert code == 5 and "longer than 0.5 s" in err


@pytest.mark.parametrize("argv, message", [
    (["query", "missing.ttl", "ASK {}"], "no such file"),
    (["query", "TMP/bad.ttl", "ASK {}"], "not valid"),
    (["query", "TMP", "ASK {}"], "not a kgraph store"),
    (["query", "TRIG", "missing.rq"], "no such query file"),
])
def test_query_cli_bad_input_is_one_line(trig, tmp_path, capsys, argv, message):
    (tmp_path / "bad.ttl").write_text("<a> <b> .", encoding="utf-8")
    argv = [a.replace("TMP", str(tmp_path)).replace("TRIG", str(trig)) for a in argv]
    code, _, err = kgraph(capsys, *argv)
    assert code != 0 and message in err and err.count("\n") == 1


def test_query_parse_term_forms():
    assert parse_term("kgr:country/RUS") == ox.NamedNode("https://w3id.org/kgraph/resource/country/RUS")
    assert parse_term("<http://x/y>") == ox.NamedNode("http://x/y")
    assert parse_term('"Rusia"@id') == ox.Literal("Rusia", language="id")
    assert parse_term('"2024"^^xsd:gYear') == ox.Literal("2024", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
    assert parse_term("3").datatype.value.endswith("#integer")


def test_bindings_become_a_values_block_opening_the_where_clause():
    """Oxigraph plans before it substitutes: the VALUES block makes a bound variable a lookup."""
    from kgraph.query import _with_values

    iri = ox.NamedNode("https://w3id.org/kgraph/resource/country/KAZ")
    text = "PREFIX x: <http://e.org/#> # a comment with WHERE {\nSELECT ?c WHERE { ?c a kgo:Country }"
    assert _with_values(text, {"c": iri}) == text.replace(
        "WHERE { ?c", f"WHERE {{ VALUES (?c) {{ ({iri}) }} ?c")
    assert _with_values("SELECT * { ?s ?p ?o }", {"s": iri}) is None  # no WHERE keyword: substitution only
    assert _with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": iri}) is None
    store = from_dataset(sample_dataset())
    got = run_query(store, "SELECT ?c ?o WHERE { ?c kgo:foundingMemberOf ?o }", bindings={"c": "kgr:country/KAZ"})
    assert [(r["c"].value, r["o"].value) for r in got.rows()] == [(iri.value, KGR + "organization/SCO")]
