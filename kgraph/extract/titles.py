"""Titles before names (ontologies/titles.toml): who a person is, and the office it states."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from kgraph.errors import DataFileError
from kgraph.vocabulary import ENTITY_CLASSES, RELATIONS
from kgraph.resources import data_path, load_checked

__all__ = ["Title", "TitleBook", "load_titles"]


@dataclass(frozen=True)
class Title:
    phrase: tuple[str, ...]  # tokens, case-sensitive
    relations: dict  # class of the "of" entity → relation
    role: bool
    destination_markers: frozenset[str]
    destination_relation: str | None
    counterpart: bool = False  # "mitranya dari X, NAMA": the office of the person NAMA is the counterpart of

    @property
    def text(self) -> str:
        return " ".join(self.phrase)


@dataclass(frozen=True)
class TitleBook:
    titles: tuple[Title, ...]
    block: frozenset[str]

    @cached_property
    def _by_first(self) -> dict[str, list[Title]]:
        index: dict[str, list[Title]] = {}
        for title in sorted(self.titles, key=lambda t: -len(t.phrase)):
            index.setdefault(title.phrase[0], []).append(title)
        return index

    @cached_property
    def _by_folded_first(self) -> dict[str, list[Title]]:
        index: dict[str, list[Title]] = {}
        for title in sorted(self.titles, key=lambda t: -len(t.phrase)):
            index.setdefault(title.phrase[0].casefold(), []).append(title)
        return index

    def match(self, tokens: list[str], i: int) -> Title | None:
        """The longest title whose tokens start at ``tokens[i]``."""
        return next(self.matches(tokens, i), None)

    def matches(self, tokens: list[str], i: int):
        """The titles whose tokens start at ``tokens[i]``, longest first."""
        if i >= len(tokens):
            return iter(())
        return (t for t in self._by_first.get(tokens[i], ()) if tuple(tokens[i:i + len(t.phrase)]) == t.phrase)

    def match_any_case(self, tokens: list[str], i: int) -> Title | None:
        """The longest title at ``tokens[i]`` whatever its case ("menteri pertahanan Korea Selatan")."""
        if i >= len(tokens):
            return None
        return next((t for t in self._by_folded_first.get(tokens[i].casefold(), ())
                     if tuple(w.casefold() for w in tokens[i:i + len(t.phrase)]) == tuple(
                         p.casefold() for p in t.phrase)), None)


@lru_cache(maxsize=1)
def load_titles() -> TitleBook:
    from kgraph.extract.gazetteer import name_tokens

    path = data_path("titles.toml")
    data = load_checked(path, {"modifiers.block": list, "counterparts.words": list, "counterparts.markers": list})
    titles = []
    headers = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if line.strip() == "[[title]]"]
    for n, item in enumerate(data.get("title", []), 1):
        line = headers[n - 1] if n <= len(headers) else None
        rels = item.get("relations")
        if not isinstance(item.get("phrases"), list) or not isinstance(rels, dict):
            raise DataFileError(path, line, f"title #{n}: 'phrases' (list) and 'relations' (table) are required")
        for cls, rel in rels.items():
            if cls not in ENTITY_CLASSES or rel not in RELATIONS:
                raise DataFileError(path, line, f"title #{n}: unknown class {cls!r} or relation {rel!r}")
        dest = item.get("destination", {})
        if dest and dest.get("relation") not in RELATIONS:
            raise DataFileError(path, line, f"title #{n}: unknown destination relation {dest.get('relation')!r}")
        for phrase in item["phrases"]:
            titles.append(Title(tuple(t for _, _, t in name_tokens(phrase)), dict(rels), bool(item.get("role")),
                                frozenset(dest.get("markers", [])), dest.get("relation")))
    counterparts = data.get("counterparts", {})
    if not isinstance(counterparts.get("words", []), list) or not isinstance(counterparts.get("markers", []), list):
        raise DataFileError(path, None, "[counterparts]: 'words' and 'markers' must be lists")
    for word in counterparts.get("words", []):
        for marker in counterparts.get("markers", []):
            phrase = tuple(t for _, _, t in name_tokens(f"{word} {marker}"))
            titles.append(Title(phrase, {}, False, frozenset(), None, counterpart=True))
    return TitleBook(tuple(titles), frozenset(data.get("modifiers", {}).get("block", [])))
