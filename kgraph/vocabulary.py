"""The relations and entity classes of ONTOLOGY.md, read from ``ontologies/relations.toml``.

Every stage may import this module: it knows names, symmetry, domains and ranges, and no RDF
(only :mod:`kgraph.rdf` turns them into IRIs).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kgraph.errors import DataFileError
from kgraph.resources import data_path, load_toml

__all__ = ["Relation", "relations", "RELATIONS", "SYMMETRIC", "ENTITY_CLASSES"]


@dataclass(frozen=True)
class Relation:
    name: str
    symmetric: bool
    domain: frozenset[str]
    range: frozenset[str]


@lru_cache(maxsize=1)
def relations() -> dict[str, Relation]:
    """Every relation of the vocabulary by name, in the file's order; validated."""
    path = data_path("relations.toml")
    data = load_toml(path)
    classes = data.get("classes", {})
    out = {}
    for name, spec in data.get("relations", {}).items():
        for key in ("domain", "range"):
            values = spec.get(key)
            if not isinstance(values, list) or not values or any(v not in classes for v in values):
                raise DataFileError(path, None, f"relation {name}: '{key}' must list classes of [classes]")
        out[name] = Relation(name, bool(spec.get("symmetric", False)), frozenset(spec["domain"]),
                             frozenset(spec["range"]))
    if not out:
        raise DataFileError(path, None, "no [relations.*] tables")
    return out


def _entity_classes() -> tuple[str, ...]:
    used = {c for r in relations().values() for c in r.domain | r.range}
    return tuple(c for c in load_toml(data_path("relations.toml"))["classes"] if c in used)


#: The relations of ONTOLOGY.md, and which of them are symmetric.
RELATIONS: tuple[str, ...] = tuple(relations())
SYMMETRIC: frozenset[str] = frozenset(r.name for r in relations().values() if r.symmetric)
#: The classes an entity node can have (those relations connect).
ENTITY_CLASSES: tuple[str, ...] = _entity_classes()
