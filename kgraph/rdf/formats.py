"""The one registry of RDF file formats: suffix → how Oxigraph reads it and how rdflib writes it.

Every command that reads RDF (:mod:`kgraph.sources`) and everything that writes it
(:mod:`kgraph.rdf.io`, :mod:`kgraph.rdf.stream`, ``kgraph export``, ``kgraph query -o``) looks
formats up here, so a suffix means the same thing everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kgraph.errors import InputError, OutputError

__all__ = ["RdfFormat", "RDF_FORMATS", "rdf_format", "readable_suffixes", "writable_suffixes"]


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax: its name, Oxigraph's parser, rdflib's serialiser (None: kgraph only reads
    it) and whether it keeps named graphs (one per article)."""

    name: str
    oxigraph: ox.RdfFormat
    rdflib: str | None
    keeps_graphs: bool


RDF_FORMATS: dict[str, RdfFormat] = {
    ".ttl": RdfFormat("Turtle", ox.RdfFormat.TURTLE, "turtle", False),
    ".nt": RdfFormat("N-Triples", ox.RdfFormat.N_TRIPLES, "nt", False),
    ".trig": RdfFormat("TriG", ox.RdfFormat.TRIG, "trig", True),
    ".nq": RdfFormat("N-Quads", ox.RdfFormat.N_QUADS, "nquads", True),
    ".jsonld": RdfFormat("JSON-LD", ox.RdfFormat.JSON_LD, "json-ld", True),
    ".json": RdfFormat("JSON-LD", ox.RdfFormat.JSON_LD, "json-ld", True),
    ".rdf": RdfFormat("RDF/XML", ox.RdfFormat.RDF_XML, None, False),
    ".owl": RdfFormat("RDF/XML", ox.RdfFormat.RDF_XML, None, False),
    ".xml": RdfFormat("RDF/XML", ox.RdfFormat.RDF_XML, None, False),
}


def readable_suffixes() -> list[str]:
    return list(RDF_FORMATS)


def writable_suffixes() -> list[str]:
    return [s for s, f in RDF_FORMATS.items() if f.rdflib]


def rdf_format(path: str | Path, *, writing: bool = False) -> RdfFormat:
    """The format of ``path`` by its suffix; an unknown (or, for writing, read-only) suffix is an
    :class:`InputError` (:class:`OutputError` when writing) that lists the known ones."""
    suffix = Path(path).suffix.lower()
    fmt = RDF_FORMATS.get(suffix)
    if fmt is None or (writing and fmt.rdflib is None):
        known = " ".join(writable_suffixes() if writing else readable_suffixes())
        error = OutputError if writing else InputError
        hint = "" if writing else ", or give a store folder"
        raise error(f"{path}: unknown RDF suffix {suffix or '(none)'!r}; use one of {known}{hint}")
    return fmt
