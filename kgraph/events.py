"""The event table (one row per assertion, GDELT/ICEWS-style) and the dyad table (country pair ×
relation × month counts), written as CSV or Parquet (pyarrow) for pandas, R or a spreadsheet.

Columns are documented in ``docs/events.md``. Rows come from the ``kgo:Assertion`` nodes of a
SOURCE opened by :func:`kgraph.sources.open_source`; entity types, names and countries from the
graph of :func:`kgraph.network.to_networkx` and :func:`kgraph.countries.entity_countries`.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kgraph.countries import country_code, entity_countries
from kgraph.errors import OutputError
from kgraph.fileio import atomic_write
from kgraph.query import PREFIXES, shorten
from kgraph.rdf.namespaces import SYMMETRIC

__all__ = ["EVENT_COLUMNS", "DYAD_COLUMNS", "TABLE_SUFFIXES", "event_rows", "dyad_rows", "write_table"]

#: column → Parquet type (``string`` unless said); the CSV has the same columns in this order
EVENT_COLUMNS: dict[str, str] = {
    "article_id": "string", "url": "string", "published": "string",
    "date": "string", "start_date": "string", "end_date": "string",
    "subject": "string", "subject_label": "string", "subject_type": "string", "subject_country": "string",
    "relation": "string",
    "object": "string", "object_label": "string", "object_type": "string", "object_country": "string",
    "modality": "string", "confidence": "float64", "amount": "float64", "currency": "string",
    "role": "string", "rule": "string", "sentence": "string", "char_start": "int64", "char_end": "int64",
    "assertion": "string",
}
DYAD_COLUMNS: dict[str, str] = {
    "month": "string", "source": "string", "target": "string", "relation": "string", "symmetric": "bool",
    "events": "int64", "hedged": "int64", "articles": "int64",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: the table formats, by suffix
TABLE_SUFFIXES: dict[str, str] = {".csv": "CSV", ".parquet": "Parquet (pyarrow)"}

_QUERY = """
SELECT ?a ?s ?p ?o ?id ?url ?issued ?date ?start ?end ?modality ?confidence ?amount ?currency ?role
       ?rule ?text ?cs ?ce WHERE {
  ?a a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?a prov:wasDerivedFrom ?doc .
             OPTIONAL { ?doc dcterms:identifier ?id } OPTIONAL { ?doc kgo:url ?url }
             OPTIONAL { ?doc dcterms:issued ?issued } }
  OPTIONAL { ?a kgo:date ?date } OPTIONAL { ?a kgo:startDate ?start } OPTIONAL { ?a kgo:endDate ?end }
  OPTIONAL { ?a kgo:modality ?modality } OPTIONAL { ?a kgo:confidence ?confidence }
  OPTIONAL { ?a kgo:amount ?amount } OPTIONAL { ?a kgo:currency ?currency } OPTIONAL { ?a kgo:role ?role }
  OPTIONAL { ?a kgo:extractor ?rule } OPTIONAL { ?a kgo:evidenceText ?text }
  OPTIONAL { ?a kgo:charStart ?cs } OPTIONAL { ?a kgo:charEnd ?ce }
}"""


def _value(term: Any) -> str:
    return term.value if term is not None else ""


def _number(term: Any, cast: type) -> float | int | None:
    try:
        return cast(term.value) if term is not None else None
    except ValueError:
        return None


def event_rows(store: ox.Store, G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One dict per assertion (EVENT_COLUMNS), sorted by publication date, article and offset.

    ``G`` is ``to_networkx`` of the same source (facts only): it gives types, names and, through
    :func:`entity_countries`, each entity's country (ISO3 code, or '' where none is known)."""
    countries = entity_countries(G)
    kgo = PREFIXES["kgo"]
    seen: dict[str, dict[str, Any]] = {}
    for sol in store.query(_QUERY, prefixes=PREFIXES):
        key = sol["a"].value
        if key in seen:  # a second value of some optional property: the first one is kept
            continue
        s, o = sol["s"].value, sol["o"].value
        subject, obj = G.nodes.get(s, {}), G.nodes.get(o, {})
        seen[key] = {
            "article_id": _value(sol["id"]), "url": _value(sol["url"]), "published": _value(sol["issued"]),
            "date": _value(sol["date"]), "start_date": _value(sol["start"]), "end_date": _value(sol["end"]),
            "subject": shorten(sol["s"]), "subject_label": subject.get("name", ""),
            "subject_type": subject.get("type", ""), "subject_country": country_code(countries.get(s)),
            "relation": sol["p"].value.removeprefix(kgo),
            "object": shorten(sol["o"]), "object_label": obj.get("name", ""),
            "object_type": obj.get("type", ""), "object_country": country_code(countries.get(o)),
            "modality": _value(sol["modality"]), "confidence": _number(sol["confidence"], float),
            "amount": _number(sol["amount"], float), "currency": _value(sol["currency"]),
            "role": _value(sol["role"]), "rule": _value(sol["rule"]), "sentence": _value(sol["text"]),
            "char_start": _number(sol["cs"], int), "char_end": _number(sol["ce"], int),
            "assertion": shorten(sol["a"]),
        }
    return sorted(seen.values(), key=lambda r: (r["published"], r["article_id"], r["char_start"] or 0,
                                                r["relation"], r["subject"], r["object"], r["assertion"]))


def _month(row: dict[str, Any]) -> str:
    """The event's month: its own date if it has a month, else the article's, else ''."""
    for value in (row["date"], row["published"]):
        if len(value) >= 7:
            return value[:7]
    return ""


def dyad_rows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Country pair × relation × month counts of the events whose two sides have different
    countries: ``events`` (facts), ``hedged`` (assertions with a modality) and distinct
    ``articles``. Symmetric relations are counted once per unordered pair (source < target)."""
    counts: dict[tuple[str, str, str, str], list] = defaultdict(lambda: [0, 0, set()])
    for row in events:
        a, b, rel = row["subject_country"], row["object_country"], row["relation"]
        if not a or not b or a == b:
            continue
        if rel in SYMMETRIC and b < a:
            a, b = b, a
        entry = counts[(_month(row), a, b, rel)]
        entry[1 if row["modality"] else 0] += 1
        entry[2].add(row["article_id"])
    return [{"month": m, "source": a, "target": b, "relation": rel, "symmetric": rel in SYMMETRIC,
             "events": facts, "hedged": hedged, "articles": len(articles)}
            for (m, a, b, rel), (facts, hedged, articles) in sorted(counts.items())]


def write_table(rows: list[dict[str, Any]], columns: dict[str, str], path: str | Path) -> None:
    """Write ``rows`` as CSV or Parquet, by the suffix of ``path`` (atomically)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else csv_safe(v) for k, v in row.items()} for row in rows)
        atomic_write(path, out.getvalue().encode("utf-8"))
    elif suffix == ".parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise OutputError(f"{path}: writing Parquet needs pyarrow (pip install 'kgraph[parquet]'), "
                              "or write .csv") from None
        schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns.items()])
        table = pa.Table.from_pylist(rows, schema=schema)
        buf = pa.BufferOutputStream()
        pq.write_table(table, buf)
        atomic_write(path, buf.getvalue().to_pybytes())
    else:
        raise OutputError(f"{path}: a table is written as .csv or .parquet")


def csv_safe(value: object) -> object:
    """A text cell a spreadsheet would evaluate as a formula, defused with a leading ``'``."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value
