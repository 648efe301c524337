"""Resolve the references an article makes clear, as mentions of the entities they denote.

- a title with its country and no name ("Presiden Federasi Rusia") → the holder named before;
- "pemimpin Kazakhstan tersebut" → the holder of Kazakhstan's top office;
- inside a quote, "saya" → the speaker;
- "kedua negara" → the last two countries named; "-nya" → the sentence's first entity;
- "ia"/"dia"/"beliau" as a subject → the last salient person; "negara itu" → the last country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph.extract.mentions import ArticleMentions, Office, SentenceView, mention_settings
from kgraph.model import Entity, Mention

__all__ = ["resolve_references", "Quote", "find_quotes"]

_QUOTES = re.compile(r"“[^”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)", re.MULTILINE)


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    speaker: Entity | None


def _holder(offices: list[Office], relations: list[str], of: Entity) -> Entity | None:
    """The one person the article names as holding one of ``relations`` of ``of``."""
    people = {o.person for o in offices if o.relation in relations and o.of == of}
    return people.pop() if len(people) == 1 else None


def _reference(view: SentenceView, entity: Entity, start: int, end: int, text: str) -> Mention:
    return Mention(entity, view.sentence.index, start, end, text, kind="reference")


def _add(article: ArticleMentions, view: SentenceView, mention: Mention) -> None:
    view.mentions = [m for m in view.mentions if not (m.start >= mention.start and m.end <= mention.end
                                                      and m.kind != "reference")]
    article.add(view, mention)


def _title_refs(article: ArticleMentions) -> None:
    for view in article.sentences:
        for ref in view.title_refs:
            relation = ref.title.relations.get(ref.of.type)
            holder = None if ref.blocked or relation is None else _holder(article.offices, [relation], ref.of)
            if holder is not None:
                _add(article, view, _reference(view, holder, ref.start, ref.end, ref.text))
            else:  # the country or organisation still counts by itself
                name = _name_of(ref.text, ref.of)
                article.add(view, Mention(ref.of, view.sentence.index, ref.end - len(name), ref.end, name))


def _name_of(text: str, entity: Entity) -> str:
    names = sorted({entity.label_en, entity.label_id, *entity.alt_labels} - {None}, key=len, reverse=True)
    end = text[-max(map(len, names)):]
    return next((end[-len(n):] for n in names if text.casefold().endswith(n.casefold())), text.split()[-1])


def _phrase_at(words: list[str], i: int, phrases: dict) -> tuple[str, int] | None:
    first = words[i].casefold()
    for phrase in sorted((p for p in phrases if p.split()[0] == first), key=len, reverse=True):
        parts = phrase.split()
        if [w.casefold() for w in words[i:i + len(parts)]] == parts:
            return phrase, len(parts)
    return None


def _leader_refs(article: ArticleMentions, settings: dict) -> None:
    leader_words = settings["leader_words"]
    plural = {w.casefold() for w in settings["plural_words"]}
    tersebut = re.compile(r"\s+(?:" + "|".join(map(re.escape, settings["demonstrative_words"])) + r")\b",
                          re.IGNORECASE)
    for view in article.sentences:
        words = [t for _, _, t in view.tokens]
        for i in range(len(words)):
            found = _phrase_at(words, i, leader_words)
            if not found:
                continue
            phrase, n = found
            if i and words[i - 1].casefold() in plural:  # "para pemimpin": not one holder
                continue
            start = view.tokens[i][0]
            nxt = next((m for m in view.mentions if m.start >= view.tokens[min(i + n, len(words) - 1)][0]), None)
            if nxt is None or nxt.start > view.tokens[min(i + n, len(words) - 1)][1] + 1:
                continue
            if nxt.entity.type != "Country":
                continue
            holder = _holder(article.offices, leader_words[phrase], nxt.entity)
            if holder is not None:
                doc_text = article.parsed.document.text
                demonstrative = tersebut.match(doc_text, nxt.end)  # "pemimpin Kazakhstan tersebut"
                end = demonstrative.end() if demonstrative else nxt.end
                _add(article, view, _reference(view, holder, start, end, doc_text[start:end]))


def find_quotes(article: ArticleMentions, settings: dict) -> list[Quote]:
    """Quoted passages and who said them ("…," ujar Tokayev / "…," ujarnya)."""
    text = article.parsed.document.text
    verbs = sorted(settings["speech_verbs"], key=len, reverse=True)
    after = re.compile(r"[\s,]*(" + "|".join(map(re.escape, verbs)) + r")\b\s*", re.IGNORECASE)
    mentions = sorted((m for v in article.sentences for m in v.mentions if m.entity.type == "Person"),
                      key=lambda m: m.start)
    before = re.compile(r"\b(?:" + "|".join(map(re.escape, settings["speech_verbs_before"])) + r")\s*[,:]?\s*$",
                        re.IGNORECASE)
    quotes, previous = [], None
    for match in _QUOTES.finditer(text):
        speaker = None
        tail = after.match(text, match.end())
        if tail:
            if tail.group(1).casefold().endswith("nya"):
                speaker = previous
            else:
                speaker = next((m.entity for m in mentions if tail.end() <= m.start <= tail.end() + 1), None)
        if speaker is None:  # 'Presiden X mengatakan, "…"'
            line_start = text.rfind("\n", 0, match.start()) + 1
            lead = before.search(text, line_start, match.start())
            if lead:
                speaker = next((m.entity for m in reversed(mentions)
                                if line_start <= m.start and m.end <= lead.start()), None)
        quotes.append(Quote(match.start(), match.end(), speaker))
        previous = speaker or previous
    # a quote with no attribution of its own continues the next attributed one in its paragraph
    for k in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[k], quotes[k + 1]
        if q.speaker is None and nxt.speaker is not None and "\n" not in text[q.end:nxt.start]:
            quotes[k] = Quote(q.start, q.end, nxt.speaker)
    return quotes


def _quote_pronouns(article: ArticleMentions, quotes: list[Quote], settings: dict) -> None:
    """"saya" inside a quote is its speaker."""
    me = set(settings["speaker_pronouns"])
    for view in article.sentences:
        for start, end, tok in view.tokens:
            if tok.casefold() not in me:
                continue
            quote = next((q for q in quotes if q.start <= start < q.end and q.speaker), None)
            if quote is not None:
                _add(article, view, _reference(view, quote.speaker, start, end, tok))


def _pair_refs(article: ArticleMentions, settings: dict) -> None:
    """"kedua negara" / "kedua pemimpin": the last two countries / persons named before it."""
    types = {k.casefold(): v for k, v in settings["pair_phrases"].items()}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(types, key=len, reverse=True))) + r")\b",
                         re.IGNORECASE)
    seen: list[Entity] = []  # entities in order of mention, names inside titles included
    for view in article.sentences:
        named = sorted((m for m in view.mentions + view.inner if m.kind != "reference"), key=lambda m: m.start)
        for match in pattern.finditer(view.sentence.text):
            start, end = match.start() + view.sentence.start, match.end() + view.sentence.start
            wanted = types[match.group().casefold()]
            recent = [e for e in reversed(seen + [m.entity for m in named if m.end <= start]) if e.type == wanted]
            pair = list(dict.fromkeys(recent))[:2]
            if len(pair) == 2:
                for entity in pair:
                    article.add(view, _reference(view, entity, start, end, match.group()))
        seen.extend(m.entity for m in named)


def _nya_refs(article: ArticleMentions, hosts: set[str]) -> None:
    for view in article.sentences:
        words = view.sentence.words
        for k, word in enumerate(words):
            host = words[k - 1].text.casefold() if k else ""
            if word.text.casefold() != "nya" or word.upos != "PRON" or host not in hosts:
                continue
            first = next((m for m in view.mentions if m.end <= word.start and m.kind != "reference"), None)
            if first is not None and first.entity.type in ("Country", "Person"):
                article.add(view, _reference(view, first.entity, word.start, word.end, word.text))


def _subject_pronouns(article: ArticleMentions, pronouns: set[str]) -> None:
    """"Ia juga mengunjungi Hanoi": a pronoun in subject position is the last salient person —
    the first person named before it in its sentence, else the subject of the nearest of the
    two sentences before it that names a person (its first person when the parse names none)."""
    def persons(view: SentenceView, before: int | None = None) -> list[Mention]:
        return [m for m in view.mentions if m.entity.type == "Person" and m.kind != "candidate"
                and (before is None or m.end <= before)]

    def subject_first(view: SentenceView, found: list[Mention]) -> list[Mention]:
        subjects = [w.start for w in view.sentence.words if w.deprel.startswith("nsubj")]
        return sorted(found, key=lambda m: not any(m.start <= s < m.end for s in subjects))

    for k, view in enumerate(article.sentences):
        for word in view.sentence.words:
            if word.text.casefold() not in pronouns or not word.deprel.startswith("nsubj"):
                continue
            found = persons(view, word.start)
            for previous in reversed(article.sentences[max(0, k - 2):k] if not found else []):
                found = subject_first(previous, persons(previous))
                if found:
                    break
            if found:
                article.add(view, _reference(view, found[0].entity, word.start, word.end, word.text))


def _demonstratives(article: ArticleMentions, phrases: dict[str, str]) -> None:
    """"negara itu" / "negeri tersebut": the last country named before it in the article."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True))) + r")\b",
                         re.IGNORECASE)
    seen: list[Mention] = []
    for view in article.sentences:
        named = sorted((m for m in view.mentions + view.inner if m.kind not in ("reference", "candidate")),
                       key=lambda m: m.start)
        for match in pattern.finditer(view.sentence.text):
            start, end = match.start() + view.sentence.start, match.end() + view.sentence.start
            wanted = phrases[match.group().casefold()]
            recent = [m for m in seen + [m for m in named if m.end <= start] if m.entity.type == wanted]
            if recent and not view.covered(start, end):
                article.add(view, _reference(view, recent[-1].entity, start, end, match.group()))
        seen.extend(named)


def resolve_references(article: ArticleMentions) -> list[Quote]:
    """Add reference mentions to ``article`` in place; return the quotes found."""
    settings = mention_settings()["references"]
    _title_refs(article)
    _leader_refs(article, settings)
    quotes = find_quotes(article, settings)
    _quote_pronouns(article, quotes, settings)
    _pair_refs(article, settings)
    _nya_refs(article, set(settings["nya_hosts"]))
    _subject_pronouns(article, {w.casefold() for w in settings["subject_pronouns"]})
    _demonstratives(article, {k.casefold(): v for k, v in settings["demonstratives"].items()})
    return quotes
