"""kgraph.validate, ontologies/shapes.ttl and ``kgraph validate``."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from kgraph import cli
from kgraph.rdf.io import write_dataset
from kgraph.rdf.namespaces import KGO, KGR
from kgraph.validate import validate
from sample_graph import sample_dataset

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "kazakhstan-russia-sco.id.txt"


def test_validate_sample_conforms():
    report = validate(sample_dataset())
    assert report.conforms, [str(v) for v in report.violations]


def broken(kind: str):
    ds = sample_dataset()
    g = ds.graph(KGR["graph/seed-a"])
    if kind == "unlabelled":
        g.remove((KGR["place/Astana"], RDFS.label, None))
    elif kind == "untyped":
        for graph in ds.graphs():
            graph.remove((KGR["place/Astana"], RDF.type, None))
    elif kind == "unsupported":
        g.add((KGR["country/KAZ"], KGO.allyOf, KGR["country/RUS"]))
    elif kind == "bad-date":
        a = next(g.subjects(KGO.date, None))
        g.set((a, KGO.date, Literal("2024-13-45", datatype=XSD.date)))
    elif kind == "bad-code":
        g.add((KGR["country/KAZ"], KGO.isoAlpha2, Literal("kz")))
    elif kind == "no-evidence":
        a = next(g.subjects(KGO.date, None))
        g.remove((a, KGO.evidenceText, None))
    return ds


@pytest.mark.parametrize("kind, focus", [
    ("unlabelled", "kgr:place/Astana"), ("untyped", "kgr:place/Astana"), ("unsupported", "kgr:country/KAZ"),
    ("bad-date", "kgr:assertion/"), ("no-evidence", "kgr:"), ("bad-code", "kgr:country/KAZ"),
])
def test_validate_finds_violations(kind, focus):
    report = validate(broken(kind))
    assert not report.conforms
    assert any(v.focus.startswith(focus) for v in report.violations), [str(v) for v in report.violations]


def test_validate_symmetric_relation_supported_in_reverse():
    ds = sample_dataset()
    ds.graph(KGR["graph/seed-a"]).add((KGR["country/RUS"], KGO.strategicPartnerOf, KGR["country/KAZ"]))
    assert validate(ds).conforms


def test_validate_cli(tmp_path, capsys):
    good, bad = tmp_path / "good.trig", tmp_path / "bad.trig"
    write_dataset(sample_dataset(), good)
    write_dataset(broken("unsupported"), bad)
    assert cli.main(["validate", str(good)]) == 0
    assert "conforms" in capsys.readouterr().out
    assert cli.main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "kgr:country/KAZ" in out and "1 violation(s)" in out


@pytest.mark.slow
def test_validate_example_graph_built_from_the_seed_article(tmp_path):
    """CI: the graph that `kgraph build` makes of the seed article satisfies the shapes."""
    out = tmp_path / "seed.trig"
    env = dict(os.environ)
    env.setdefault("KGRAPH_STANZA_DIR", str(ROOT.parent / "shared" / "models" / "stanza"))
    subprocess.run([sys.executable, "-m", "kgraph", "build", str(SEED), "-o", str(out)], check=True, env=env)
    assert cli.main(["validate", str(out)]) == 0
