"""Money amounts in Indonesian text: "$27 miliar", "18,7 miliar dolar AS", "Rp15 triliun"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kgraph.resources import data_path, load_checked

__all__ = ["Amount", "find_amounts"]


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: Decimal
    currency: str


@dataclass(frozen=True)
class _Lexicon:
    scale: dict[str, int]
    prefix: dict[str, str]
    suffix: dict[str, str]
    pattern: re.Pattern


def _alt(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_checked(data_path("amounts.toml"), {"scale": dict, "prefix": dict, "suffix": dict})
    scale = {k.casefold(): int(v) for k, v in data["scale"].items()}
    prefix, suffix = data["prefix"], {k.casefold(): v for k, v in data["suffix"].items()}
    number = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    pattern = re.compile(
        rf"(?:(?P<pre>{_alt(prefix)})\s?)?(?P<num>{number})(?:\s*(?P<scale>{_alt(scale)})\b)?"
        rf"(?:\s+(?P<suf>{_alt(suffix)})\b)?", re.IGNORECASE)
    return _Lexicon(scale, prefix, suffix, pattern)


def _number(text: str) -> Decimal:
    """Indonesian notation: '.' groups thousands, ',' is the decimal mark."""
    return Decimal(text.replace(".", "").replace(",", "."))


def find_amounts(text: str, offset: int = 0) -> list[Amount]:
    """Amounts with a currency (a sign before or a currency word after the number)."""
    lex = _lexicon()
    out = []
    for m in lex.pattern.finditer(text):
        pre, suf = m.group("pre"), m.group("suf")
        if not (pre or suf):
            continue
        currency = lex.prefix.get(pre) or lex.prefix.get(pre.upper()) if pre else lex.suffix[suf.casefold()]
        if currency is None:
            continue
        try:
            value = _number(m.group("num")) * lex.scale.get((m.group("scale") or "").casefold(), 1)
        except InvalidOperation:
            continue
        out.append(Amount(m.start() + offset, m.end() + offset, value, currency))
    return out
