"""`kgraph validate` accepts what `kgraph build` writes: year- and month-precision publication dates."""
from __future__ import annotations

import datetime as dt

import pytest

from kgraph.model import Assertion, Document, Entity
from kgraph.rdf.io import write_dataset
from kgraph.rdf.mapping import article_graph, new_dataset

from conftest import run_cli

IDN = Entity("country/IDN", "Country", "Indonesia", "Indonesia")
JPN = Entity("country/JPN", "Country", "Japan", "Jepang")


def _graph(tmp_path, precision: str):
    doc = Document("d", "Indonesia dan Jepang bekerja sama.", date=dt.date(2008, 5, 1), date_precision=precision)
    ds = new_dataset()
    article_graph(ds, doc, {IDN: set(), JPN: set()},
                  [Assertion(IDN, "cooperatesWith", JPN, doc, doc.text, 0, len(doc.text), "r", 0.9)])
    path = tmp_path / f"{precision}.trig"
    write_dataset(ds, path)
    return path


@pytest.mark.parametrize("precision, literal", [("year", '"2008"^^xsd:gYear'), ("month", '"2008-05"^^xsd:gYearMonth'),
                                                ("day", '"2008-05-01"^^xsd:date')])
def test_validate_accepts_the_publication_dates_build_writes(tmp_path, precision, literal):
    path = _graph(tmp_path, precision)
    assert literal in path.read_text()
    result = run_cli("validate", str(path))
    assert result.returncode == 0, result.stdout.decode()
    assert result.stdout.decode().endswith(": conforms (" + result.stdout.decode().rsplit("(", 1)[1])


def test_validate_still_rejects_a_malformed_date(tmp_path):
    path = _graph(tmp_path, "year")
    path.write_text(path.read_text().replace('"2008"^^xsd:gYear', '"2008-13"^^xsd:gYearMonth'))
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert "dcterms:issued" in result.stdout.decode()


def test_build_warns_once_per_truncated_date_and_validate_accepts_its_output(tmp_path):
    import json
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(item) for item in [
        {"id": "a", "date": "2024-05-21T10:00:00+07:00", "text": "Indonesia dan Jepang memperkuat kerja sama."},
        {"id": "b", "date": "2008", "text": "Indonesia dan Jepang memperkuat kerja sama."},
    ]) + "\n")
    out = tmp_path / "out.trig"
    result = run_cli("build", str(src), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    warnings = [line for line in result.stderr.decode().splitlines() if "truncated" in line]
    assert warnings == [f"kgraph: warning: {src}:1: date '2024-05-21T10:00:00+07:00' truncated to 2024-05-21 "
                        "(kgraph keeps the day only)"]
    assert '"2008"^^xsd:gYear' in out.read_text()
    check = run_cli("validate", str(out))
    assert check.returncode == 0 and b": conforms (" in check.stdout, check.stdout.decode()
