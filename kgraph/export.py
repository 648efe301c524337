"""Write a kgraph dataset in the formats researchers open elsewhere; the format follows the suffix.

RDF: Turtle ``.ttl`` and N-Triples ``.nt`` (the union of all graphs), TriG ``.trig``, N-Quads
``.nq`` and JSON-LD ``.jsonld`` (a named graph per article) — rdflib's serialisers, except
N-Quads and N-Triples of an Oxigraph store (a file or store folder opened by a command), which
Oxigraph writes without an rdflib copy.
Networks (through :func:`kgraph.network.to_networkx`): GraphML ``.graphml`` and GEXF ``.gexf``
(for Gephi) — one node per entity, one edge per merged relation.
Tables: a CSV edge list ``.csv`` — subject, relation, object, their labels, the number of
supporting assertions and the first and last date of the supporting articles.

Every file is written through :func:`kgraph.fileio.atomic_write`: never half a file. Text from
the articles is made safe for where it goes: characters XML 1.0 forbids (control characters,
lone surrogates) become U+FFFD in GraphML and GEXF, and a CSV cell that a spreadsheet would run
as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading ``'``.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset

from kgraph.errors import OutputError
from kgraph.fileio import atomic_write
from kgraph.rdf.formats import RDF_FORMATS, writable_suffixes
from kgraph.rdf.io import write_dataset

__all__ = ["EXPORT_FORMATS", "EDGE_COLUMNS", "TABLES", "export", "for_gephi", "generate_edge_rows", "write_edge_csv",
           "write_graphml", "write_gexf"]

#: suffix → short description, for ``kgraph export --help`` and error messages
EXPORT_FORMATS: dict[str, str] = {
    **{s: RDF_FORMATS[s].name + (" (a named graph per article)" if RDF_FORMATS[s].keeps_graphs else "")
       for s in writable_suffixes() if s != ".json"},
    ".graphml": "GraphML", ".gexf": "GEXF (Gephi, with a timeline)",
    ".csv": "CSV event table (--dyads: country-pair counts; --edges: merged edge list)",
    ".parquet": "Parquet event table (--dyads: country-pair counts; needs pyarrow)",
}
#: what a table export writes: one row per assertion, dyad counts, or the merged edge list
TABLES: tuple[str, ...] = ("events", "dyads", "edges")
EDGE_COLUMNS: tuple[str, ...] = ("subject", "relation", "object", "subject_label", "object_label",
                                 "subject_type", "object_type", "assertions", "hedged", "first_date",
                                 "last_date")


def _network(dataset: Dataset, include_modal: bool) -> nx.MultiDiGraph:
    from kgraph.network import to_networkx
    return to_networkx(dataset, include_modal=include_modal)


def generate_edge_rows(G: nx.MultiDiGraph) -> Iterator[dict[str, object]]:
    """One dict per relation edge (EDGE_COLUMNS), sorted by subject, relation, object."""
    for s, o, rel, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        yield {"subject": s, "relation": d.get("relation", rel), "object": o,
               "subject_label": G.nodes[s].get("name", ""), "object_label": G.nodes[o].get("name", ""),
               "subject_type": G.nodes[s].get("type", ""), "object_type": G.nodes[o].get("type", ""),
               "assertions": d.get("count", 1), "hedged": bool(d.get("hedged")),
               "first_date": d.get("first_date") or "",
               "last_date": d.get("last_date") or ""}


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write_edge_csv(G: nx.MultiDiGraph, path: str | Path) -> None:
    from kgraph.events import csv_safe
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EDGE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in generate_edge_rows(G))
    atomic_write(path, out.getvalue().encode("utf-8", errors="replace"))


def _xml_text(value: object) -> object:
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _day(value: str | None, last: bool = False) -> str | None:
    """A gYear/gYearMonth/date as a full date for Gephi's timeline (a period's first day, or its
    last day with ``last``)."""
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-12-31" if last else f"{value}-01-01"
    if len(value) == 7:
        import calendar
        return f"{value}-{calendar.monthrange(int(value[:4]), int(value[5:]))[1]:02d}" if last else f"{value}-01"
    return value[:10]


def for_gephi(G: nx.MultiDiGraph, *, timeline: bool = False) -> nx.MultiDiGraph:
    """A copy Gephi and networkx show well: each node's ``label`` is its name and each edge's its
    relation; with ``timeline`` an edge spans ``start``–``end`` (its first and last dates), which
    networkx writes as GEXF spells, so Gephi's timeline can filter it."""
    H = G.copy()
    for _, data in H.nodes(data=True):
        data["label"] = data.get("name") or data.get("key", "")
    for *_, data in H.edges(keys=True, data=True):
        data["label"] = data.get("relation", "")
        if timeline and data.get("first_date"):
            data["start"] = _day(data["first_date"])
            data["end"] = _day(data.get("last_date") or data["first_date"], last=True)
    return H


def _flat(G: nx.MultiDiGraph, *, timeline: bool = False) -> nx.MultiDiGraph:
    """The graph with flat attributes (:func:`kgraph.network.flatten_for_graphml`) and readable
    labels (:func:`for_gephi`), every string stripped of characters XML cannot hold."""
    from kgraph.network import flatten_for_graphml
    flat = flatten_for_graphml(for_gephi(G, timeline=timeline))
    clean = nx.relabel_nodes(flat, {n: _xml_text(n) for n in flat if _xml_text(n) != n}, copy=True)
    for _, data in clean.nodes(data=True):
        data.update({k: _xml_text(v) for k, v in data.items()})
    for *_, data in clean.edges(keys=True, data=True):
        data.update({k: _xml_text(v) for k, v in data.items()})
    clean.graph.update({k: _xml_text(v) for k, v in clean.graph.items()})
    return clean


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    buf = io.BytesIO()
    nx.write_graphml(_flat(G), buf, encoding="utf-8")
    atomic_write(path, buf.getvalue())


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    buf = io.BytesIO()
    nx.write_gexf(_flat(G, timeline=True), buf, encoding="utf-8")
    atomic_write(path, buf.getvalue())


def export(source: ox.Store | Dataset, path: str | Path, *, include_modal: bool = False,
           table: str = "events") -> str:
    """Write ``source`` to ``path`` in the format of its suffix; returns the format's name.

    ``.csv`` and ``.parquet`` write the event table (:mod:`kgraph.events`), or with ``table``
    ``"dyads"`` the country-pair counts, ``"edges"`` (CSV only) the merged edge list.
    ``include_modal`` adds hedged assertions as edges in the network formats and the edge list
    (the event table always has them, with their ``modality``).
    """
    from kgraph.sources import from_dataset, nquads_text, ntriples_text, to_dataset

    suffix = Path(path).suffix.lower()
    if suffix not in EXPORT_FORMATS:
        known = ", ".join(EXPORT_FORMATS)
        raise OutputError(f"{path}: unknown export suffix {suffix or '(none)'!r}; use one of {known}")
    if table not in TABLES:
        raise OutputError(f"unknown table {table!r}; use one of {', '.join(TABLES)}")
    if table != "events" and (suffix not in (".csv", ".parquet") or (table == "edges" and suffix != ".csv")):
        raise OutputError(f"{path}: --{table} writes a table: use "
                          + (".csv" if table == "edges" else ".csv or .parquet"))
    if suffix in (".nq", ".nt") and isinstance(source, ox.Store):  # no rdflib copy: a store of
        # millions of triples does not fit one under the memory ceiling
        atomic_write(path, nquads_text(source) if suffix == ".nq" else ntriples_text(source))
        return EXPORT_FORMATS[suffix]
    dataset = source if isinstance(source, Dataset) else to_dataset(source)
    if suffix in RDF_FORMATS:  # EXPORT_FORMATS holds only the writable ones
        write_dataset(dataset, path)
    elif suffix in (".csv", ".parquet") and table != "edges":
        from kgraph.events import DYAD_COLUMNS, EVENT_COLUMNS, dyad_rows, event_rows, write_table
        store = source if isinstance(source, ox.Store) else from_dataset(source)
        events = event_rows(store, _network(dataset, False))
        rows, columns = (dyad_rows(events), DYAD_COLUMNS) if table == "dyads" else (events, EVENT_COLUMNS)
        write_table(rows, columns, path)
        return f"{EXPORT_FORMATS[suffix].split(' (')[0].replace('event table', table)}, {len(rows)} rows"
    else:
        G = _network(dataset, include_modal)
        {".graphml": write_graphml, ".gexf": write_gexf, ".csv": write_edge_csv}[suffix](G, path)
    return EXPORT_FORMATS[suffix]
