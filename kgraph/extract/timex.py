"""Indonesian time expressions, normalised against the article's date.

"20 Mei", "Senin (20/1)", "Juli 2023 hingga Juli 2024", "sejak 2018", "pada Desember 2004",
"November tahun lalu", "tahun ini" → :class:`~kgraph.model.TimeValue` at the stated precision.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from kgraph.model import TimeValue
from kgraph.resources import data_path, load_checked

__all__ = ["TimeMention", "TimeQualifiers", "find_times", "qualifiers_for"]


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    value: TimeValue
    marker: str | None  # the word before it: sejak, hingga, dari, …


@dataclass(frozen=True)
class TimeQualifiers:
    date: TimeValue | None = None
    start: TimeValue | None = None
    end: TimeValue | None = None


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, tuple[str, int]]
    markers: dict[str, frozenset[str]]
    pattern: re.Pattern
    relative_year: dict[str, int]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_checked(data_path("time.toml"), {
        "months.extra": dict, "relative": dict, "relative_year": dict,
        **{f"markers.{k}": list for k in ("since", "range_start", "range_end", "until")}})
    months = {name.casefold(): n for width in ("wide", "abbreviated")
              for n, name in get_month_names(width, locale="id").items()}
    months.update({k.casefold(): v for k, v in data["months"]["extra"].items()})
    weekdays = {name.casefold(): n for n, name in get_day_names("wide", locale="id").items()}
    relative = {k: (v[0], int(v[1])) for k, v in data["relative"].items()}
    alt = lambda words: "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # noqa: E731
    m, w, rel, mrel = alt(months), alt(weekdays), alt(relative), alt(data["relative_year"])
    year = r"(?:1[89]\d\d|20\d\d)"
    pattern = re.compile(
        rf"(?P<wd>{w})\s*\((?P<wdd>\d{{1,2}})/(?P<wdm>\d{{1,2}})\)"
        rf"|(?P<d>\d{{1,2}})\s+(?P<dm>{m})\.?(?:\s+(?P<dy>{year}))?\b"
        rf"|(?P<m>{m})\.?\s+(?:(?P<my>{year})\b|tahun\s+(?P<mrel>{mrel})\b)"
        rf"|(?P<rel>{rel})\b"
        rf"|(?<![\d.,$])(?:tahun\s+)?(?P<y>{year})\b(?![.,]\d)(?!\s*(?:juta|miliar|milyar|triliun|ribu))"
        rf"|\b(?:pada|hari)\s+(?P<wd2>{w})\b",
        re.IGNORECASE)
    markers = {k: frozenset(v) for k, v in data["markers"].items()}
    relative_year = {k.casefold(): int(v) for k, v in data["relative_year"].items()}
    return _Lexicon(months, weekdays, relative, markers, pattern, relative_year)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


def _value(match: re.Match, lex: _Lexicon, today: TimeValue | None) -> TimeValue | None:
    """The date an expression denotes; relative ones need the article date at enough precision."""
    g = match.groupdict()
    year = today.year if today else None
    try:
        if g["wd"] and year:  # Senin (20/1)
            month, day = int(g["wdm"]), int(g["wdd"])
            dt.date(year, month, day)
            return TimeValue(year, month, day)
        if g["d"]:  # 20 Mei [2024]
            month, day = lex.months[g["dm"].casefold()], int(g["d"])
            year = int(g["dy"]) if g["dy"] else year
            if year is None:
                return None
            dt.date(year, month, day)
            return TimeValue(year, month, day)
        if g["m"]:  # Juli 2023, November tahun lalu
            month = lex.months[g["m"].casefold()]
            if g["my"]:
                return TimeValue(int(g["my"]), month)
            return TimeValue(year + lex.relative_year[g["mrel"].casefold()], month) if year else None
        if g["rel"]:  # tahun lalu, bulan ini, kemarin
            unit, delta = lex.relative[g["rel"].casefold()]
            if unit == "year" and year:
                return TimeValue(year + delta)
            if unit == "month" and today and today.month:
                return TimeValue(*_shift_month(year, today.month, delta))
            if unit == "day" and today and today.day:
                d = dt.date(year, today.month, today.day) + dt.timedelta(days=delta)
                return TimeValue(d.year, d.month, d.day)
            return None
        if g["y"]:
            return TimeValue(int(g["y"]))
        if g["wd2"] and today and today.day:  # pada Kamis: that day of the article's week
            d = dt.date(year, today.month, today.day)
            d -= dt.timedelta(days=(d.weekday() - lex.weekdays[g["wd2"].casefold()]) % 7)
            return TimeValue(d.year, d.month, d.day)
    except ValueError:  # 31 Februari, 20/13 …
        return None
    return None


def find_times(text: str, today: TimeValue | None, offset: int = 0) -> list[TimeMention]:
    """Time expressions in ``text`` (one sentence), with the marker word before each."""
    lex = _lexicon()
    out = []
    for match in lex.pattern.finditer(text):
        value = _value(match, lex, today)
        if value is None:
            continue
        before = text[:match.start()].split()
        marker = before[-1].casefold() if before else None
        if marker in ("pada", "bulan", "tahun") and len(before) > 1:
            marker = before[-2].casefold() if before[-2].casefold() in lex.markers["since"] else marker
        out.append(TimeMention(match.start() + offset, match.end() + offset, value, marker))
    return out


def qualifiers_for(times: list[TimeMention], anchor: int) -> TimeQualifiers:
    """The time qualifiers of a statement whose trigger is at ``anchor``: a range or
    "since" expression if the sentence has one, else the point nearest the trigger."""
    markers = _lexicon().markers
    for a, b in zip(times, times[1:]):
        if a.marker in markers["range_start"] and b.marker in markers["range_end"]:
            return TimeQualifiers(start=a.value, end=b.value)
    for t in times:
        if t.marker in markers["since"]:
            return TimeQualifiers(start=t.value)
    for t in times:
        if t.marker in markers["until"]:
            return TimeQualifiers(end=t.value)
    if not times:
        return TimeQualifiers()
    nearest = min(times, key=lambda t: abs(t.start - anchor) + (0 if t.start >= anchor else 0.5))
    return TimeQualifiers(date=nearest.value)
