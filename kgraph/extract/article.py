"""Extraction of one parsed article: mentions → references → office and rule assertions."""
from __future__ import annotations

from dataclasses import dataclass

from kgraph.extract.engine import apply_rules
from kgraph.extract.mentions import ArticleMentions, find_mentions
from kgraph.extract.references import resolve_references
from kgraph.extract.rules import load_rules
from kgraph.model import Assertion, Entity, ParsedDocument

__all__ = ["ArticleExtraction", "extract_article"]


@dataclass(frozen=True)
class ArticleExtraction:
    entities: dict[Entity, set[str]]  # entity → names the article used for it
    assertions: list[Assertion]


def _office_assertions(article: ArticleMentions) -> list[Assertion]:
    """A title states an office as of the article's date."""
    doc = article.parsed.document
    as_of = doc.when
    best: dict[tuple, Assertion] = {}
    for o in article.offices:
        s = article.parsed.sentences[o.sentence]
        a = Assertion(o.person, o.relation, o.of, doc, s.text, s.start, s.end, o.rule, 0.95, date=as_of, role=o.role)
        best.setdefault((o.person, o.relation, o.of, o.sentence), a)
    return list(best.values())


def extract_article(parsed: ParsedDocument) -> ArticleExtraction:
    article = find_mentions(parsed)
    quotes = resolve_references(article)
    assertions = _office_assertions(article) + apply_rules(article, quotes, load_rules())
    entities = article.entity_names()
    for a in assertions:
        entities.setdefault(a.subject, set())
        entities.setdefault(a.object, set())
        if a.reported_by is not None:
            entities.setdefault(a.reported_by, set())
    return ArticleExtraction(entities, assertions)
