"""Apply a :class:`~kgraph.resolve.resolver.Resolution` to one article's extraction."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from kgraph.model import Assertion, Entity
from kgraph.resolve.aliases import Aliases
from kgraph.resolve.resolver import CorpusIndex, Resolution, resolve

__all__ = ["resolve_article", "resolve_corpus"]


def resolve_article(resolution: Resolution, doc_id: str, entities: Mapping[Entity, Iterable[str]],
                    assertions: Iterable[Assertion], *, keep_mentions: bool = False
                    ) -> tuple[dict[Entity, set[str]], list[Assertion]]:
    """The article's entities and assertions with every entity replaced by its canonical one.

    Entities that take part in no assertion anywhere in the corpus are left out unless
    ``keep_mentions``; an assertion whose two ends became one entity is dropped.
    """
    out: dict[Entity, set[str]] = {}
    for entity, names in entities.items():
        canonical = resolution.entity(doc_id, entity)
        if keep_mentions or canonical.key in resolution.asserted:
            seen = out.setdefault(canonical, set())
            seen.update(names)
            if canonical.key != entity.key:
                seen.update(n for n in (entity.label_en, entity.label_id) if n)
    kept = []
    for a in assertions:
        s, o = resolution.entity(doc_id, a.subject), resolution.entity(doc_id, a.object)
        if s.key == o.key:
            continue
        kept.append(replace(a, subject=s, object=o) if (s, o) != (a.subject, a.object) else a)
        out.setdefault(s, set())
        out.setdefault(o, set())
    return out, kept


def resolve_corpus(articles: Iterable[tuple[str, Mapping[Entity, Iterable[str]], Iterable[Assertion]]],
                   aliases: Aliases = Aliases(), *, keep_mentions: bool = False
                   ) -> tuple[Resolution, list[tuple[dict[Entity, set[str]], list[Assertion]]]]:
    """Resolve a corpus held in memory: (article id, entities, assertions) for each article →
    the resolution and each article's resolved entities and assertions, in the same order."""
    articles = [(doc, dict(entities), list(assertions)) for doc, entities, assertions in articles]
    index = CorpusIndex()
    for doc, entities, assertions in articles:
        index.add_article(doc, entities, assertions)
    resolution = resolve(index, aliases)
    return resolution, [resolve_article(resolution, doc, entities, assertions, keep_mentions=keep_mentions)
                        for doc, entities, assertions in articles]
