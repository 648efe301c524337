"""`kgraph query` as a researcher uses it: entity prefixes, actionable errors, -o by suffix,
the default timeout, long inline queries."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from kgraph.cli import make_parser
from kgraph.rdf.io import write_dataset

from conftest import run_cli
from sample_graph import sample_dataset

MEMBERS = "SELECT ?c WHERE { ?c kgo:foundingMemberOf org:SCO } ORDER BY ?c"


@pytest.fixture(scope="module")
def trig(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "g.trig"
    write_dataset(sample_dataset(), path)
    return str(path)


def query(*args):
    result = run_cli("query", *map(str, args))
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def test_query_cli_entity_prefixes_in_text_bind_and_table(trig):
    code, out, err = query(trig, MEMBERS)
    assert (code, err) == (0, "")
    assert out.splitlines() == ["?c", "-----------", "country:CHN", "country:KAZ", "country:RUS", "(3 rows)"]
    code, out, _ = query(trig, "SELECT ?c ?r ?p WHERE { ?p ?r ?c }", "--bind", "c=country:KAZ", "--bind",
                         "r=kgo:headOfStateOf")
    assert out.splitlines()[2:] == ["country:KAZ  kgo:headOfStateOf  person:Kassym-Jomart_Tokayev", "(1 row)"]
    # what a table prints can be pasted back into a query
    code, out, _ = query(trig, "ASK { person:Kassym-Jomart_Tokayev kgo:metWith person:Sergey_Lavrov . "
                               "place:Astana a kgo:Place . doc:seed-a a kgo:Document . igo:SCO a ?t }")
    assert out == "true\n"


@pytest.mark.parametrize("text, message", [
    ("SELECT ?c WHERE { ?c kgo:memberOf kgr:country/JPN }",
     "line 1, column 52: 'kgr:country/JPN': a prefixed name cannot contain '/'; write country:JPN or "
     "<https://w3id.org/kgraph/resource/country/JPN>"),
    ("SELEC ?c WHERE { ?c ?p ?o }",
     "line 1, column 1: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE (after PREFIX lines), not 'SELEC'"),
    ("INSERT DATA { country:JPN a kgo:Country }",
     "line 1, column 1: 'INSERT': kgraph query runs read-only queries; SPARQL updates (INSERT …) are not allowed"),
    ("SELECT ?c WHERE { ?c a foo:Country }",
     "line 1, column 35: unknown prefix 'foo:'; declare it (PREFIX foo: <…>) or use one of the predeclared "
     "ones: kgo: kgr: wd: wdt: rdf: rdfs: owl: skos: prov: xsd: dcterms: time: country: person: org: igo: "
     "place: doc:"),
])
def test_query_cli_syntax_errors_say_what_to_do(trig, text, message):
    code, out, err = query(trig, text)
    assert (code, out) == (1, "")
    assert err.replace("column 10", "column 1") == f"kgraph: error: SPARQL syntax error at {message}\n"


def test_query_cli_warns_about_terms_not_in_the_ontology(trig):
    code, out, err = query(trig, "SELECT ?p WHERE { ?p kgo:visitd ?x . ?p kgo:visited ?y }")
    assert code == 0 and out.endswith("(0 rows)\n")
    assert err == "kgraph: warning: kgo:visitd is not in the kgraph ontology (did you mean kgo:visited?); " \
                  "it matches nothing\n"


def test_query_cli_output_format_follows_the_suffix(trig, tmp_path):
    q = "SELECT ?a ?text WHERE { ?a kgo:evidenceText ?text ; rdf:predicate kgo:foundingMemberOf } LIMIT 1"
    for suffix in (".csv", ".tsv", ".json", ".txt"):
        assert query(trig, q, "-o", tmp_path / f"r{suffix}")[0] == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())))
    evidence = "Tiongkok, Kazakhstan, dan Rusia mendirikan SCO."
    assert [r["text"] for r in rows] == [evidence]
    assert (tmp_path / "r.tsv").read_text().splitlines()[0] == "?a\t?text"
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["results"]["bindings"][0]["text"]["value"] == evidence
    assert (tmp_path / "r.txt").read_text().splitlines()[0].startswith("?a")
    long_text = "SELECT ?text WHERE { ?a kgo:evidenceText ?text } ORDER BY DESC(STRLEN(?text)) LIMIT 1"
    query(trig, long_text, "-o", tmp_path / "long.csv")
    longest = (tmp_path / "long.csv").read_text().splitlines()[1]
    assert len(longest) > 80 and "…" not in longest  # evidence is never cut in files


def test_query_cli_construct_output_follows_the_suffix(trig, tmp_path):
    q = "CONSTRUCT { ?a kgo:metWith ?b } WHERE { ?a kgo:metWith ?b }"
    expected = [ox.Triple(ox.NamedNode("https://w3id.org/kgraph/resource/person/Kassym-Jomart_Tokayev"),
                          ox.NamedNode("https://w3id.org/kgraph/ontology#metWith"),
                          ox.NamedNode("https://w3id.org/kgraph/resource/person/Sergey_Lavrov"))]
    for suffix, fmt in ((".nt", ox.RdfFormat.N_TRIPLES), (".ttl", ox.RdfFormat.TURTLE),
                        (".jsonld", ox.RdfFormat.JSON_LD)):
        assert query(trig, q, "-o", tmp_path / f"c{suffix}")[0] == 0
        assert [q.triple for q in ox.parse(path=str(tmp_path / f"c{suffix}"), format=fmt)] == expected
    code, _, err = query(trig, q, "-o", tmp_path / "c.csv")
    assert code == 2 and "a CONSTRUCT or DESCRIBE result is RDF" in err and not (tmp_path / "c.csv").exists()
    code, _, err = query(trig, MEMBERS, "-o", tmp_path / "m.ttl")
    assert code == 2 and "a SELECT or ASK result is written as one of .csv .tsv .json .srj .txt" in err
    code, _, err = query(trig, MEMBERS, "-o", tmp_path / "m.xlsx")
    assert code == 2 and "unknown suffix '.xlsx'" in err


def test_query_cli_inline_query_of_any_length(trig):
    text = "SELECT ?c WHERE { ?c kgo:foundingMemberOf org:SCO " + "FILTER(?c != country:XXX) " * 20 + "} ORDER BY ?c"
    assert len(text) > 255 and "\n" not in text
    code, out, err = query(trig, text)
    assert (code, err) == (0, "") and out.endswith("(3 rows)\n")


def test_query_cli_default_timeout_is_60_seconds_and_0_turns_it_off(trig):
    parser = make_parser()
    assert parser.parse_args(["query", trig, "ASK {}"]).timeout == 60
    assert parser.parse_args(["query", trig, "ASK {}", "--timeout", "0"]).timeout == 0
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    code, _, err = query(trig, slow, "--timeout", "1")
    assert code == 5 and "ran longer than 1 s" in err
    assert query(trig, "ASK { ?s ?p ?o }", "--timeout", "0")[1] == "true\n"


def test_query_cli_graph_on_a_file_without_named_graphs_says_why(trig, tmp_path):
    ttl = tmp_path / "g.ttl"
    write_dataset(sample_dataset(), ttl)
    q = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    code, out, err = query(ttl, q)
    assert code == 0 and out.endswith("(0 rows)\n")
    assert err == (f"kgraph: warning: {ttl} has no per-article named graphs (a .ttl or .nt file), so GRAPH ?g "
                   "matches nothing; build or export to .trig, .nq or a store\n")
    assert query(trig, q)[2] == ""
