"""The entity gazetteer (ontologies/gazetteer/*.tsv) and a longest-match name finder."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kgraph.errors import DataFileError
from kgraph.model import Entity
from kgraph.resources import data_path, load_toml

__all__ = ["Gazetteer", "NameMatch", "load_gazetteer", "load_seats", "name_tokens"]

_TOKEN = re.compile(r"[A-Z]\.(?=\s+[A-Z])|\w+(?:[-'’.]\w+)*|[^\w\s]")  # "A." is an initial in "Ibrahim A. Gambari"

#: file → (key column, IRI kind, class column or fixed class)
_FILES = {
    "countries.tsv": ("iso3", "country", "Country"),
    "organizations.tsv": ("key", "organization", None),
    "places.tsv": ("key", "place", "Place"),
    "seats.tsv": ("key", "place", "Place"),  # seats of government that are no capital (Kremlin, Gedung Putih)
}
_REQUIRED = ("name_en", "name_id", "aliases")


def name_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) for the words and punctuation marks of ``text``."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    entity: Entity
    text: str


@dataclass(frozen=True)
class _Name:
    tokens: tuple[str, ...]  # case-folded
    entity: Entity
    exact_case: tuple[str, ...] | None  # acronyms must match in capitals


class Gazetteer:
    """All known entities and an index from their names to them."""

    def __init__(self, entities: list[Entity], skip_after: frozenset[str]) -> None:
        self.entities = {e.key: e for e in entities}
        self.skip_after = skip_after
        self._index: dict[str, list[_Name]] = {}
        for entity in entities:
            for name in {entity.label_en, entity.label_id, *entity.alt_labels} - {None, ""}:
                toks = tuple(t for _, _, t in name_tokens(name))
                exact = toks if name.isupper() and len(name) <= 8 else None
                self._index.setdefault(toks[0].casefold(), []).append(
                    _Name(tuple(t.casefold() for t in toks), entity, exact))
        for names in self._index.values():
            names.sort(key=lambda n: -len(n.tokens))

    def get(self, key: str) -> Entity | None:
        return self.entities.get(key)

    def lookup(self, name: str) -> Entity | None:
        """The entity a whole name denotes, if any (case-insensitive except for acronyms)."""
        matches = self.find(name)
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(name.strip()):
            return matches[0].entity
        return None

    def find(self, text: str, offset: int = 0) -> list[NameMatch]:
        """Longest non-overlapping name matches in ``text``; offsets shifted by ``offset``."""
        toks = name_tokens(text)
        out: list[NameMatch] = []
        i = 0
        while i < len(toks):
            match = self._match_at(toks, i)
            if match is None:
                out.extend(self._compound(toks[i], text, offset))
                i += 1
                continue
            length, entity = match
            start, end = toks[i][0], toks[i + length - 1][1]
            out.append(NameMatch(start + offset, end + offset, entity, text[start:end]))
            i += length
        return out

    def _compound(self, tok: tuple[int, int, str], text: str, offset: int) -> list[NameMatch]:
        """"Rusia-Ukraina" names two entities when every part is a name ("perang Rusia-Ukraina")."""
        start, _, word = tok
        if "-" not in word:
            return []
        out, pos = [], start
        for part in word.split("-"):
            entity = self.lookup(part) if part[:1].isupper() else None
            if entity is None:
                return []
            out.append(NameMatch(pos + offset, pos + len(part) + offset, entity, part))
            pos += len(part) + 1
        return out

    def _match_at(self, toks: list[tuple[int, int, str]], i: int) -> tuple[int, Entity] | None:
        first = toks[i][2]
        if i and toks[i - 1][2].casefold() in self.skip_after:
            return None
        for name in self._index.get(first.casefold(), ()):
            n = len(name.tokens)
            window = [t for _, _, t in toks[i:i + n]]
            if len(window) < n or tuple(t.casefold() for t in window) != name.tokens:
                continue
            if name.exact_case is not None:
                if tuple(window) != name.exact_case:
                    continue
            elif not (first[0].isupper() or first[0].isdigit()):
                continue
            return n, name.entity
        return None


def _read_tsv(path: Path, key_col: str, kind: str, fixed_class: str | None) -> list[Entity]:
    entities = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        needed = (key_col, *_REQUIRED) + (() if fixed_class else ("class",))
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError(path, 1, f"missing column(s) {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            if None in row or any(row[c] is None for c in needed):
                raise DataFileError(path, line, "wrong number of tab-separated columns")
            key, en, id_ = row[key_col].strip(), row["name_en"].strip(), row["name_id"].strip()
            if not key or not (en or id_):
                raise DataFileError(path, line, "a key and at least one name are required")
            cls = fixed_class or row["class"].strip()
            if cls not in ("InternationalOrganization", "Organization", "Country", "Place"):
                raise DataFileError(path, line, f"unknown class {cls!r}")
            aliases = frozenset(a.strip() for a in row["aliases"].split("|") if a.strip())
            country = (row.get("country") or "").strip()
            entities.append(Entity(f"{kind}/{key}", cls, en or id_, id_ or en, aliases,
                                   f"country/{country}" if country else None))
    return entities


@lru_cache(maxsize=4)
def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    """Load every gazetteer file (cached); the folder defaults to ontologies/gazetteer."""
    folder = folder or data_path("gazetteer")
    entities: list[Entity] = []
    for name, (key_col, kind, cls) in _FILES.items():
        entities.extend(_read_tsv(folder / name, key_col, kind, cls))
    settings = load_toml(data_path("mentions.toml"))
    skip = frozenset(w.casefold() for w in settings.get("gazetteer", {}).get("skip_after", []))
    return Gazetteer(entities, skip)


@lru_cache(maxsize=4)
def load_seats(folder: Path | None = None) -> dict[str, Entity]:
    """Capitals and seats of government (place key → its country), from the ``capital_of``
    column of places.tsv and seats.tsv: "Washington" or "Kremlin" acting stands for its state."""
    folder = folder or data_path("gazetteer")
    gazetteer = load_gazetteer(folder)
    out = {}
    for name in ("places.tsv", "seats.tsv"):
        path = folder / name
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if "capital_of" not in (reader.fieldnames or []):
                raise DataFileError(path, 1, "missing column capital_of")
            for row in reader:
                code = (row["capital_of"] or "").strip()
                if not code:
                    continue
                country = gazetteer.get(f"country/{code}")
                if country is None:
                    raise DataFileError(path, reader.line_num, f"capital_of {code!r} is no country of countries.tsv")
                out[f"place/{row['key'].strip()}"] = country
    return out
