"""Name forms for comparing entities across articles (data: ``ontologies/resolve.toml``).

``normal_form`` is what equality means (case, diacritics, punctuation, spacing, hyphens and
leading title words ignored: "George W. Bush" = "george w bush"); ``core_words`` also drops
particles and initials ("Nouri al-Maliki" and "Nouri Maliki" → ``nouri maliki``); ``folded``
spells a word the way transliterations agree on ("Mahmoud" → "mahmud").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kgraph.errors import DataFileError
from kgraph.resources import data_path, load_toml

__all__ = ["NameRules", "name_rules", "normal_form", "core_words", "folded", "within_distance"]


@dataclass(frozen=True)
class NameRules:
    leading_words: frozenset[str]
    particles: frozenset[str]
    generational: frozenset[str]
    folds: tuple[tuple[str, str], ...]
    max_word_distance: int
    min_fuzzy_length: int
    max_differing_words: int
    min_shared_neighbours: int


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    """The rules of ``ontologies/resolve.toml``, checked on load."""
    path = data_path("resolve.toml")
    data = load_toml(path)
    try:
        names, match = data["names"], data["match"]
        folds = tuple((str(a), str(b)) for a, b in names["folds"])
        rules = NameRules(
            frozenset(w.casefold() for w in names["leading_titles"]),
            frozenset(w.casefold() for w in names["particles"]),
            frozenset(w.casefold() for w in names["generational"]),
            folds, int(match["max_word_distance"]), int(match["min_fuzzy_length"]),
            int(match["max_differing_words"]), int(match["min_shared_neighbours"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(path, None, f"bad or missing entry {exc}: see the comments in the file") from exc
    return rules


_PUNCT = re.compile(r"[^\w\s]|_")


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(name: str) -> list[str]:
    """Lower-case words without diacritics; hyphens and punctuation separate words."""
    return _PUNCT.sub(" ", _plain(name).replace("-", " ")).split()


def _strip_leading(words: list[str], rules: NameRules) -> list[str]:
    while len(words) > 1 and words[0] in rules.leading_words:
        words = words[1:]
    return words


def normal_form(name: str) -> str:
    """The name as equality sees it: ``"Almarhum Adam Malik"`` → ``"adam malik"``."""
    return " ".join(_strip_leading(_words(name), name_rules()))


def core_words(name: str) -> tuple[str, ...]:
    """The words that identify a bearer: no particles, no initials (one letter, or two or three
    capitals: "Retno LP Marsudi", "TM Hamzah Thayeb"), no leading titles."""
    rules = name_rules()
    words = _strip_leading(_words(name), rules)
    initials = {t.casefold() for t in re.split(r"[\s.]+", name)
                if t.isalpha() and t.isupper() and len(t) <= 3 and t.casefold() not in rules.generational}
    kept = [w for w in words if w not in rules.particles and w not in initials and (len(w) > 1 or w.isdigit())]
    return tuple(kept or words)


@lru_cache(maxsize=65536)
def folded(word: str) -> str:
    for a, b in name_rules().folds:
        word = word.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", word)  # doubled letters: "Condoleezza" ~ "Condoleeza"


def within_distance(a: str, b: str, limit: int) -> int | None:
    """The Levenshtein distance of ``a`` and ``b`` if it is at most ``limit``, else None."""
    if abs(len(a) - len(b)) > limit:
        return None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None
