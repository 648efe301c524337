"""The small frozen records that the stages hand each other.

    Document ──► ParsedDocument (Sentence, Word) ──► Mention (Entity) ──► Assertion
"""
from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field

__all__ = ["Document", "Word", "Sentence", "ParsedDocument", "Entity", "Mention",
           "TimeValue", "Assertion"]


@dataclass(frozen=True)
class Document:
    """One news article as read from a source, already cleaned of page debris."""

    id: str
    text: str
    title: str | None = None
    date: _dt.date | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # file (and line) it was read from
    date_precision: str = "day"  # day | month | year: how much of ``date`` the source gave

    @property
    def when(self) -> TimeValue | None:
        """The publication date at the precision the source gave."""
        if self.date is None:
            return None
        d = self.date
        return TimeValue(d.year, d.month if self.date_precision != "year" else None,
                         d.day if self.date_precision == "day" else None)

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Word:
    """One syntactic word of a Stanza parse (after multi-word-token expansion)."""

    index: int  # 1-based within its sentence
    text: str
    lemma: str
    upos: str
    head: int  # 0 = root
    deprel: str
    start: int  # character offsets in the document text
    end: int
    feats: str = "_"
    ner: str = "O"  # BIOES tag when the optional NER ran


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int
    words: tuple[Word, ...]


@dataclass(frozen=True)
class ParsedDocument:
    document: Document
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Entity:
    """A real-world entity: one node in the graph, whatever name an article used.

    ``key`` is the IRI path below ``kgr:`` (``country/RUS``, ``person/Vladimir_Putin``).
    ``located_in`` is the key of a place's country in the gazetteer (``country/RUS`` for Moscow):
    a naming fact for grouping, not something an article stated.
    """

    key: str
    type: str  # kgo class local name: Country, InternationalOrganization, Organization, Person, Place
    label_en: str | None = None
    label_id: str | None = None
    alt_labels: frozenset[str] = field(default_factory=frozenset)
    located_in: str | None = None

    @property
    def name(self) -> str:
        return self.label_en or self.label_id or self.key.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Mention:
    """A stretch of a sentence that names (or refers to) an entity."""

    entity: Entity
    sentence: int
    start: int  # character offsets in the document text
    end: int
    text: str
    kind: str = "name"  # name | title | reference | ner (found only by the optional NER model)


@dataclass(frozen=True)
class TimeValue:
    """A date at the precision the text gives: 'day', 'month' or 'year'."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def isoformat(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass(frozen=True)
class Assertion:
    """One extracted statement ``subject predicate object`` with its evidence."""

    subject: Entity
    predicate: str  # kgo property local name
    object: Entity
    document: Document
    evidence: str
    char_start: int
    char_end: int
    rule: str
    confidence: float
    date: TimeValue | None = None
    start_date: TimeValue | None = None
    end_date: TimeValue | None = None
    amount: str | None = None  # decimal as text, exact
    currency: str | None = None  # ISO 4217
    role: str | None = None
    modality: str | None = None  # None = asserted as fact
    reported_by: Entity | None = None  # a reported statement: who said it ("menurut X", "X mengatakan bahwa …")

    @property
    def is_fact(self) -> bool:
        return self.modality is None
