"""The user's aliases file (``--aliases FILE``, TOML): declared merges, splits and extra names.

    [[merge]]                 # these names are one entity; the first one names it
    names = ["Susilo Bambang Yudhoyono", "SBY"]

    [[split]]                 # these names are different entities, never one node
    names = ["Sergei Ivanov", "Sergei Lavrov"]

    [[names]]                 # more names for an entity (skos:altLabel; text using them joins it)
    entity = "Condoleezza Rice"
    add = ["Condi Rice"]

Names are compared as :func:`kgraph.resolve.names.normal_form` does (case, accents,
punctuation and spacing ignored). See docs/entities.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import DataFileError, InputError
from kgraph.resolve.names import normal_form
from kgraph.resources import data_path, load_toml

__all__ = ["Aliases", "load_aliases", "shipped_aliases"]


@dataclass(frozen=True)
class Aliases:
    merges: tuple[tuple[str, ...], ...] = ()  # each: names of one entity, the first names it
    splits: tuple[tuple[str, ...], ...] = ()  # each: names that are pairwise different entities
    extra_names: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (entity name, more names)


def shipped_aliases(user: Aliases = Aliases()) -> Aliases:
    """The nicknames shipped in ontologies/nicknames.toml ("Jokowi"), then ``user``'s declarations;
    a merge the user splits is dropped."""
    shipped = load_aliases(data_path("nicknames.toml"))
    split = [{normal_form(n) for n in names} for names in user.splits]
    merges = tuple(m for m in shipped.merges
                   if not any(len(s & {normal_form(n) for n in m}) >= 2 for s in split))
    return Aliases(merges + user.merges, user.splits, shipped.extra_names + user.extra_names)


def _names(item: object, field: str, path: Path, index: int, table: str, least: int) -> tuple[str, ...]:
    value = item.get(field) if isinstance(item, dict) else None
    if not isinstance(value, list) or len(value) < least or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, None, f"[[{table}]] number {index + 1}: '{field}' must be a list of at "
                                        f"least {least} non-empty names")
    return tuple(v.strip() for v in value)


def load_aliases(path: str | Path) -> Aliases:
    """Read and check an aliases file; a mistake names the file (and the line for TOML errors)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: aliases file not found")
    data = load_toml(path)
    unknown = set(data) - {"merge", "split", "names"}
    if unknown:
        raise DataFileError(path, None, f"unknown table(s) {', '.join(sorted(unknown))}: "
                                        "use [[merge]], [[split]] or [[names]]")
    for table in ("merge", "split", "names"):
        if not isinstance(data.get(table, []), list):
            raise DataFileError(path, None, f"'{table}' must be an array of tables: write [[{table}]]")
    merges = tuple(_names(m, "names", path, i, "merge", 2) for i, m in enumerate(data.get("merge", [])))
    splits = tuple(_names(s, "names", path, i, "split", 2) for i, s in enumerate(data.get("split", [])))
    extra = []
    for i, item in enumerate(data.get("names", [])):
        entity = item.get("entity") if isinstance(item, dict) else None
        if not isinstance(entity, str) or not entity.strip():
            raise DataFileError(path, None, f"[[names]] number {i + 1}: 'entity' must be a name")
        extra.append((entity.strip(), _names(item, "add", path, i, "names", 1)))
    return Aliases(merges, splits, tuple(extra))
