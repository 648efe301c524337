"""Write a kgraph dataset in the formats researchers open elsewhere; the format follows the suffix.

RDF: Turtle ``.ttl`` and N-Triples ``.nt`` (the union of all graphs), TriG ``.trig``, N-Quads
``.nq`` and JSON-LD ``.jsonld`` (a named graph per article) — rdflib's serialisers.
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
from rdflib import Dataset

from kgraph.errors import OutputError
from kgraph.fileio import atomic_write
from kgraph.rdf.formats import RDF_FORMATS, writable_suffixes
from kgraph.rdf.io import write_dataset

__all__ = ["EXPORT_FORMATS", "EDGE_COLUMNS", "export", "generate_edge_rows", "write_edge_csv",
           "write_graphml", "write_gexf"]

#: suffix → short description, for ``kgraph export --help`` and error messages
EXPORT_FORMATS: dict[str, str] = {
    **{s: RDF_FORMATS[s].name + (" (a named graph per article)" if RDF_FORMATS[s].keeps_graphs else "")
       for s in writable_suffixes() if s != ".json"},
    ".graphml": "GraphML", ".gexf": "GEXF (Gephi)", ".csv": "CSV edge list",
}
EDGE_COLUMNS: tuple[str, ...] = ("subject", "relation", "object", "subject_label", "object_label",
                                 "assertions", "first_date", "last_date")


def _network(dataset: Dataset, include_modal: bool) -> nx.MultiDiGraph:
    from kgraph.network import to_networkx
    return to_networkx(dataset, include_modal=include_modal)


def generate_edge_rows(G: nx.MultiDiGraph) -> Iterator[dict[str, object]]:
    """One dict per relation edge (EDGE_COLUMNS), sorted by subject, relation, object."""
    for s, o, rel, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        yield {"subject": s, "relation": d.get("relation", rel), "object": o,
               "subject_label": G.nodes[s].get("name", ""), "object_label": G.nodes[o].get("name", ""),
               "assertions": d.get("count", 1), "first_date": d.get("first_date") or "",
               "last_date": d.get("last_date") or ""}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def csv_safe(value: object) -> object:
    """A text cell a spreadsheet would evaluate as a formula, defused with a leading ``'``."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_edge_csv(G: nx.MultiDiGraph, path: str | Path) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EDGE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in generate_edge_rows(G))
    atomic_write(path, out.getvalue().encode("utf-8", errors="replace"))


def _xml_text(value: object) -> object:
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with flat attributes (:func:`kgraph.network.flatten_for_graphml`), every string
    stripped of characters XML cannot hold."""
    from kgraph.network import flatten_for_graphml
    flat = flatten_for_graphml(G)
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
    nx.write_gexf(_flat(G), buf, encoding="utf-8")
    atomic_write(path, buf.getvalue())


def export(dataset: Dataset, path: str | Path, *, include_modal: bool = False) -> str:
    """Write ``dataset`` to ``path`` in the format of its suffix; returns the format's name.

    ``include_modal`` adds hedged assertions as edges in the network formats and the CSV.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in EXPORT_FORMATS:
        known = ", ".join(EXPORT_FORMATS)
        raise OutputError(f"{path}: unknown export suffix {suffix or '(none)'!r}; use one of {known}")
    if suffix in RDF_FORMATS:  # EXPORT_FORMATS holds only the writable ones
        write_dataset(dataset, path)
    else:
        G = _network(dataset, include_modal)
        {".graphml": write_graphml, ".gexf": write_gexf, ".csv": write_edge_csv}[suffix](G, path)
    return EXPORT_FORMATS[suffix]
