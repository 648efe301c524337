"""Apply the relation rules to one article's sentences and mentions.

For each trigger the engine takes the nearest list of fitting mentions on each side
("Brasil, Rusia, India, dan Tiongkok" is one list), assigns subject and object by the
rule's side and the relation's types, and drops statements under modality or negation
to modal assertions.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from kgraph.extract.amounts import Amount, find_amounts
from kgraph.extract.gazetteer import load_seats
from kgraph.extract.arguments import TreeArguments, tree_arguments
from kgraph.extract.mentions import ArticleMentions, SentenceView, fronted_openers
from kgraph.extract.references import Quote
from kgraph.extract.rules import Rule, RuleSet
from kgraph.extract.syntax import Tree
from kgraph.extract.timex import find_times, qualifiers_for
from kgraph.model import Assertion, Entity, Mention, Word
from kgraph.vocabulary import SYMMETRIC

__all__ = ["apply_rules"]



@dataclass(frozen=True)
class _Trigger:
    rule: Rule
    first: int  # token indices, inclusive
    last: int
    by_lemma: bool = False  # matched on the parse's lemma: arguments come from the tree only


class _Sentence:
    """One sentence's tokens, mentions and qualifiers, with position helpers."""

    def __init__(self, view: SentenceView, article: ArticleMentions, rules: RuleSet) -> None:
        self.view, self.article, self.rules = view, article, rules
        self.gaps = rules.gaps
        self.text = article.parsed.document.text
        self.starts = [t[0] for t in view.tokens]
        self.words = [_singular(t[2].casefold()) for t in view.tokens]
        s = view.sentence
        self.times = find_times(s.text, article.parsed.document.when, s.start)
        self.amounts: list[Amount] = find_amounts(s.text, s.start)
        self.tree = Tree(s)
        self.mentions: list[Mention] = view.mentions
        self._for_rule: dict[tuple[bool, bool, bool], list[Mention]] = {}
        self.triggers: list[_Trigger] = []  # set by apply_rules

    def use(self, rule: Rule, rules: RuleSet) -> None:
        """Set :attr:`mentions` to what ``rule`` can take as arguments: capitalised runs with no
        evidence of a person only where nothing but a person fits ("… bertemu Xi Jinping"), and
        capitals and seats of government as their state where a state, not a place, fits
        ("Washington menjatuhkan sanksi")."""
        types = rule.subject_types | rule.object_types
        key = (rule.subject_types <= {"Person"}, "Country" in types and "Place" not in types, rule.office_holders_act)
        if key not in self._for_rule:
            persons_only, states, holders = key
            seats = load_seats() if states else {}
            offices = self._state_offices(rules) if holders else {}
            out = []
            for m in self.view.mentions:
                if m.kind == "candidate" and not persons_only:
                    continue
                k = self.index(m.start)
                if m.entity.key in seats and not (k and self.words[k - 1] in rules.locatives):
                    m = Mention(seats[m.entity.key], m.sentence, m.start, m.end, m.text, kind="seat")
                elif m.entity in offices:  # "Dubes Jepang X dan Menlu Indonesia Y menandatangani …"
                    m = Mention(offices[m.entity], m.sentence, m.start, m.end, m.text, kind="office")
                out.append(m)
            self._for_rule[key] = out
        self.mentions = self._for_rule[key]

    def _state_offices(self, rules: RuleSet) -> dict[Entity, Entity]:
        """Persons the article gives exactly one state office, and that state."""
        states: dict[Entity, set[Entity]] = {}
        for office in self.article.offices:
            if office.relation.casefold() in rules.state_offices and office.of.type == "Country":
                states.setdefault(office.person, set()).add(office.of)
        return {person: next(iter(of)) for person, of in states.items() if len(of) == 1}

    def word_at(self, char: int) -> Word | None:
        return next((w for w in self.view.sentence.words if w.start <= char < w.end), None)

    def named_subject(self, trigger_start: int) -> Word | None:
        """The proper-noun subject (nsubj) the parse gives the trigger's verb, following
        coordination ("X mengadakan … dan mengunjungi Y": X), if there is one."""
        words = self.view.sentence.words
        verb = self.word_at(trigger_start)
        while verb is not None and verb.deprel == "conj" and verb.head:
            verb = words[verb.head - 1]
        if verb is None or verb.upos != "VERB":
            return None
        return next((w for w in words if w.head == verb.index and w.deprel.startswith("nsubj")
                     and w.upos == "PROPN"), None)

    def index(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect.bisect_left(self.starts, char)

    def gap(self, end: int, start: int) -> int:
        return max(0, self.index(start) - self.index(end))

    def between(self, end: int, start: int) -> str:
        return self.text[end:start]


def _singular(word: str) -> str:
    """A reduplicated plural read as its noun ("perundingan-perundingan" → "perundingan")."""
    half, dash, rest = word.partition("-")
    return half if dash and half == rest else word


def _word_matches(word: str, pattern: str) -> bool:
    return word == pattern or (pattern.endswith("*") and word.startswith(pattern[:-1]))


def _matches(rules: RuleSet, words: list[str]) -> Iterator[_Trigger]:
    wildcard = rules.by_first_word.get("", [])
    for i, word in enumerate(words):
        for rule, phrase in rules.by_first_word.get(word, []) + wildcard:
            n = len(phrase)
            if i + n <= len(words) and all(_word_matches(w, p) for w, p in zip(words[i:i + n], phrase)):
                yield _Trigger(rule, i, i + n - 1)


def _lemma_matches(rules: RuleSet, sent: _Sentence) -> Iterator[_Trigger]:
    """Single-word triggers by the parse's lemma ("temu": bertemu, menemui, pertemuan)."""
    for w in sent.view.sentence.words:
        for rule in rules.by_lemma.get(w.lemma.casefold(), ()):
            i = bisect.bisect_right(sent.starts, w.start) - 1
            inside_name = i > 0 and sent.view.tokens[i][2][:1].isupper()  # "Pertemuan Tingkat Tinggi"
            if i >= 0 and w.upos in ("VERB", "NOUN") and sent.words[i] not in rule.lemma_exclude and not inside_name:
                yield _Trigger(rule, i, i, by_lemma=True)


def _triggers(rules: RuleSet, sent: _Sentence) -> list[_Trigger]:
    """All trigger matches, without those inside a longer match or inside a name ("Ketua DPR …")."""
    found = {t for t in [*_matches(rules, sent.words), *_lemma_matches(rules, sent)]
             if not sent.view.covered(sent.view.tokens[t.first][0], sent.view.tokens[t.last][1])}
    return sorted((t for t in found if not any(
        o.first <= t.first and t.last <= o.last and (o.last - o.first) > (t.last - t.first) for o in found)),
        key=lambda t: (t.first, t.rule.id))


def _extend(mentions: list[Mention], k: int, step: int, types: frozenset[str], sent: _Sentence) -> list[Mention]:
    """The list that mention ``k`` belongs to, read in direction ``step``."""
    out = [mentions[k]]
    j = k + step
    while 0 <= j < len(mentions):
        m, last = mentions[j], out[-1]
        same_span = (m.start, m.end) == (last.start, last.end)
        gap = sent.between(m.end, last.start) if step < 0 else sent.between(last.end, m.start)
        persons = (m.entity.type == "Person", last.entity.type == "Person")
        if m.entity.type not in types or persons[0] != persons[1] or not (same_span or sent.rules.list_gap.fullmatch(gap)):
            break
        out.append(m)
        j += step
    return out


def _skippable(m: Mention, types: frozenset[str]) -> bool:
    """Places (and, between persons, countries) can stand between a trigger and its
    argument; other actors cannot ("IAEA … mengecam AS": not the US's condemnation),
    unless only the optional NER model saw them."""
    passable = {"Place", "Country"} if types <= {"Person"} else {"Place"}
    return m.entity.type not in types and (m.entity.type in passable or m.kind == "ner")


def _left(sent: _Sentence, trigger_start: int, types: frozenset[str], max_gap: int,
          blockers: frozenset[str] = frozenset()) -> list[Mention]:
    mentions = sent.mentions
    for k in range(len(mentions) - 1, -1, -1):
        m = mentions[k]
        if m.end > trigger_start or _skippable(m, types):
            continue
        if m.entity.type not in types:
            return []
        between = sent.words[sent.index(m.end):sent.index(trigger_start)]
        if len(between) > max_gap or blockers & set(between):
            return []
        return _extend(mentions, k, -1, types, sent)
    return []


def _right(sent: _Sentence, pos: int, types: frozenset[str], max_gap: int, markers: frozenset[str] = frozenset(),
           not_after: frozenset[str] = frozenset()) -> tuple[list[Mention], bool]:
    """The right-hand list after ``pos`` and whether it is the trigger's own (close, or after dengan/antara)."""
    mentions = sent.mentions
    for k, m in enumerate(mentions):
        if m.start < pos or _skippable(m, types):
            continue
        if m.entity.type not in types:
            return [], False
        gap_words = sent.words[sent.index(pos):sent.index(m.start)]
        if len(gap_words) > max_gap or (markers and not markers & set(gap_words)):
            return [], False
        if gap_words and gap_words[-1] in not_after:
            return [], False
        introduced = len(gap_words) <= sent.gaps["introduced"] or bool(sent.rules.pair_markers & set(gap_words))
        return _extend(mentions, k, 1, types, sent), introduced
    return [], False


def _fronted_subject(sent: _Sentence, end: int, types: frozenset[str]) -> list[Mention]:
    """"Dalam kunjungan ke Vietnam, Presiden Jokowi …": the subject after the fronted phrase."""
    if not sent.words or sent.words[0] not in fronted_openers():
        return []
    comma = next((s for s, w in zip(sent.starts, sent.words) if s >= end and w == ","), None)
    return [] if comma is None else _right(sent, comma + 1, types, 0)[0]


Pair = tuple[Mention, Mention, str]  # subject, object, and how they were found: tree | order | tree+order


def _pairs(rule: Rule, sent: _Sentence, trig: _Trigger, rules: RuleSet, quotes: list[Quote]) -> Iterator[Pair]:
    start, end = sent.view.tokens[trig.first][0], sent.view.tokens[trig.last][1]
    if rule.subject == "apposition":
        yield from ((s, o, "order") for s, o in _apposition(rule, sent, start, end))
        return
    if rule.subject == "right":
        yield from ((s, o, "order") for s, o in _subject_right(rule, sent, start, end, rules, quotes))
        return
    tree = tree_arguments(sent.tree, sent.mentions, start, end, rule, rules) if sent.tree.words else None
    if tree is not None and (tree.subjects.found or tree.objects.found or tree.pair_list):
        yield from _tree_pairs(rule, sent, start, end, tree, rules)
        return
    if trig.by_lemma:
        return
    yield from ((s, o, "order") for s, o in _order_pairs(rule, sent, start, end, trig, rules))


def _typed(rule: Rule, pairs: Iterator[tuple[Mention, Mention]]) -> Iterator[tuple[Mention, Mention]]:
    """Subject and object in the rule's types (the other way round with ``swap_on_types``)."""
    for s, o in pairs:
        if rule.relation in SYMMETRIC or (s.entity.type in rule.subject_types and o.entity.type in rule.object_types):
            yield s, o
        elif rule.swap_on_types and o.entity.type in rule.subject_types and s.entity.type in rule.object_types:
            yield o, s


def _tree_pairs(rule: Rule, sent: _Sentence, start: int, end: int, tree: TreeArguments,
                rules: RuleSet) -> Iterator[Pair]:
    """Pairs from the parse; a side the parse leaves without any word is read by word order."""
    types = rule.subject_types | rule.object_types
    head = sent.tree.span_head(start, end)
    if head is not None and any(k.text.casefold() in rules.left_blockers for k in sent.tree.children(head, "det", "nummod")):
        return  # "semua anggota Uni Eropa": a generic subject of its own
    if len(tree.pair_list) >= 2 and not tree.subjects.mentions:  # "pertemuan antara X dan Y"
        yield from ((s, o, "tree") for s, o in combinations(tree.pair_list[:sent.gaps["max_pair_list"]], 2))
        return
    subjects, objects = list(tree.subjects.mentions), list(tree.objects.mentions)
    how = "tree"
    if not tree.objects.found:
        objects, introduced = _right(sent, end, types, rule.max_gap, rule.right_markers, rule.object_not_after)
        if not introduced or (objects and _crosses_trigger(sent, rule, end, objects[0].start)):
            objects = []
        how = "tree+order" if objects else how
    if subjects and all(s.start >= end for s in subjects):
        # a fronted clause's subject taken from the main clause after it, while a name stands
        # right before the trigger: "Usai mendampingi Presiden Yudhoyono bertemu X, Dino …"
        subjects = _left(sent, start, rule.subject_types, 0) or subjects
    if not tree.subjects.found:
        subjects = _left(sent, start, types, rule.left_max_gap, rules.left_blockers)
        if not subjects and objects:
            subjects = _fronted_subject(sent, objects[-1].end, rule.subject_types)
        how = "tree+order"
    objects = [o for o in objects if o not in subjects]
    if rule.relation in SYMMETRIC and not objects and 2 <= len(subjects) <= sent.gaps["max_pair_list"]:
        yield from ((s, o, how) for s, o in combinations(subjects, 2))  # "X dan Y bertemu"
        return
    near = set(sent.words[sent.index(start):sent.index(end) + 2])
    if rule.relation in SYMMETRIC and near & rules.multilateral and 2 <= len(objects) <= sent.gaps["max_pair_list"]:
        yield from ((s, o, how) for s, o in combinations(objects, 2))  # "pertemuan segitiga dengan X dan Y"
    yield from ((s, o, how) for s, o in _typed(rule, ((s, o) for s in subjects for o in objects)))


def _crosses_trigger(sent: _Sentence, rule: Rule, end: int, start: int) -> bool:
    """True when another trigger of ``rule``'s relation stands in ``[end, start)``: a word-order
    argument there is that trigger's ("Kedua pemimpin melakukan pertemuan untuk menilai hasil
    pertemuan dengan X": X belongs to the second meeting)."""
    return any(t.rule.relation == rule.relation and end <= sent.starts[t.first] < start for t in sent.triggers)


def _order_pairs(rule: Rule, sent: _Sentence, start: int, end: int, trig: _Trigger,
                 rules: RuleSet) -> Iterator[tuple[Mention, Mention]]:
    """Pairs from word order: the nearest fitting lists left and right of the trigger."""
    types = rule.subject_types | rule.object_types
    left = _left(sent, start, types, rule.left_max_gap, rules.left_blockers)
    right, introduced = _right(sent, end, types, rule.max_gap, rule.right_markers, rule.object_not_after)
    if rule.relation in SYMMETRIC:
        markers = set(sent.words[trig.first:sent.index(right[0].start)]) if right else set()
        # "bertemu X dan Y": someone met both, so a person list pairs up only after "antara"
        own_pair = introduced and "dengan" not in markers and (
            "antara" in markers or not (left or rule.subject_types <= {"Person"}))
        if 2 <= len(right) <= sent.gaps["max_pair_list"] and own_pair:  # "perdagangan bilateral Tiongkok dan Rusia"
            yield from combinations(right, 2)
        elif left and right and introduced:
            yield from ((s, o) for s in left for o in right)
        elif 2 <= len(left) <= sent.gaps["max_pair_list"] and sent.gap(left[0].end, start) <= sent.gaps["own_pair"]:  # "X dan Y menjalin …"
            yield from combinations(left, 2)
        return
    if not left and right:
        left = _fronted_subject(sent, right[-1].end, rule.subject_types)
    if rule.subject_dependency and left and not _parse_agrees(sent, start, left):
        return
    yield from _typed(rule, ((s, o) for s in left for o in right))


def _parse_agrees(sent: _Sentence, trigger_start: int, subjects: list[Mention]) -> bool:
    """False when the parse names another subject for the trigger's verb: "Richardson … dengan
    Menlu Lam Akol dan mengunjungi Darfur" is Richardson's visit, not Lam Akol's."""
    subject = sent.named_subject(trigger_start)
    chosen = {s.entity for s in subjects}
    return subject is None or any(m.start <= subject.start < m.end for m in sent.mentions if m.entity in chosen)


def _subject_right(rule: Rule, sent: _Sentence, start: int, end: int, rules: RuleSet,
                   quotes: list[Quote]) -> Iterator[tuple[Mention, Mention]]:
    """Passives ("didirikan oleh X") and nominal triggers ("kunjungan X ke Y", "menerima X di Y")."""
    subjects, _ = _right(sent, end, rule.subject_types, rule.max_gap, rule.right_markers)
    if not subjects:
        return
    if rule.object_side == "left":
        objects = _left(sent, start, rule.object_types, rule.left_max_gap, rules.left_blockers)
    else:
        objects = _right(sent, subjects[-1].end, rule.object_types, sent.gaps["left"], rule.object_markers)[0]
    yield from ((s, o) for s in subjects for o in objects)


def _apposition(rule: Rule, sent: _Sentence, start: int, end: int) -> Iterator[tuple[Mention, Mention]]:
    """'Y, ibu kota X' and 'ibu kota X, Y' (and 'Y adalah ibu kota X')."""
    objects, _ = _right(sent, end, rule.object_types, rule.max_gap)
    if not objects:
        return
    obj = objects[0]
    mentions = sent.mentions
    before = [m for m in mentions if m.end <= start and m.entity.type in rule.subject_types]
    if before and sent.rules.apposition.fullmatch(sent.between(before[-1].end, start)):
        yield before[-1], obj
    after = [m for m in mentions if m.start >= obj.end and m.entity.type in rule.subject_types]
    if after and re.fullmatch(r"[\s,(]*", sent.between(obj.end, after[0].start)):
        yield after[0], obj


def _modality(rules: RuleSet, rule: Rule, sent: _Sentence, trig: _Trigger, first_arg: Mention,
              last_arg: Mention) -> str | None:
    """The modality of the trigger's clause, None for a plain statement.

    With a parse, cues count where they qualify the trigger's clause (see
    :meth:`Tree.clause_words`): the words that govern it ("membantah laporan bahwa …"), its
    auxiliaries, markers and adverbs, and "mendatang" inside it. Without one, a cue within the
    window before the trigger (after the first argument), or a negation right after the
    statement."""
    if rule.subject == "apposition":  # "ibu kota Georgia, Tbilisi" is stated, whatever the verb around it
        return None
    presupposed = rule.presupposed or (trig.first > 0 and sent.words[trig.first - 1] in rules.presupposing_verbs)

    def cue(word: str) -> str | None:
        label = rules.modality.get(word.casefold())
        return None if presupposed and label in rules.presupposition_ignores else label

    head = sent.tree.predicate(sent.view.tokens[trig.first][0], sent.view.tokens[trig.last][1])
    if head is not None:
        for word in sent.tree.clause_words(head):
            if cue(word.text):
                return cue(word.text)
        later = sent.words[trig.last + 1:trig.last + 1 + sent.gaps["future_after"]]
        if rules.future_after & set(later[:later.index(",")] if "," in later else later) and not presupposed:
            return "future"
    # the window before the trigger (after the subject), up to a clause boundary ("X, yang …", "tetapi")
    after_subject = sent.index(first_arg.end) if first_arg.end <= sent.starts[trig.first] else 0
    window = sent.words[max(trig.first - rules.modality_window, after_subject):trig.first]
    while set(window) & rules.clause_boundaries:
        window = window[1:]
    for word in window:
        if cue(word):
            return cue(word)
    # "Hubungan diplomatik antara X dan Y tidak pernah terjalin": negated after its arguments
    after = sent.index(max(sent.starts[trig.last] + 1, first_arg.end, last_arg.end))
    for word in sent.words[after:after + sent.gaps["negation_after"]]:
        if rules.modality.get(word) in ("negation", "denial"):
            return rules.modality[word]
    return None


def _reported_by(sent: _Sentence, trig: _Trigger, rules: RuleSet) -> Entity | None:
    """Who a reported statement is attributed to ("X mengatakan bahwa …", "menurut X")."""
    head = sent.tree.predicate(sent.view.tokens[trig.first][0], sent.view.tokens[trig.last][1])
    speaker = None if head is None else sent.tree.speaker(head, rules.speech_verbs, rules.according)
    if speaker is None:
        return None
    return next((m.entity for m in sent.view.mentions if m.start <= speaker.start < m.end and m.kind != "candidate"),
                None)


def apply_rules(article: ArticleMentions, quotes: list[Quote], rules: RuleSet) -> list[Assertion]:
    """Every assertion the rules find in ``article`` (facts and modal ones), de-duplicated."""
    doc = article.parsed.document
    best: dict[tuple, Assertion] = {}
    for view in article.sentences:
        sent = _Sentence(view, article, rules)
        s = view.sentence
        sent.triggers = _triggers(rules, sent)
        for trig in sent.triggers:
            rule = trig.rule
            sent.use(rule, rules)
            for subj, obj, how in _pairs(rule, sent, trig, rules, quotes):
                if subj.entity == obj.entity:
                    continue
                subject, obj_entity = subj.entity, obj.entity
                if rule.relation in SYMMETRIC and obj_entity.key < subject.key:
                    subject, obj_entity = obj_entity, subject
                anchor = sent.view.tokens[trig.first][0]
                when = qualifiers_for(sent.times, anchor)
                amount = _nearest_amount(sent.amounts, anchor) if rule.relation == "tradePartnerOf" else None
                kinds = (subj.kind, obj.kind)
                confidence = rule.confidence * (0.9 if "reference" in kinds else 1.0) * (
                    0.85 if "seat" in kinds or "office" in kinds else 1.0)
                how += "".join(f"+{k}" for k in ("seat", "office") if k in kinds)
                a = Assertion(subject, rule.relation, obj_entity, doc, s.text, s.start, s.end, f"rule:{rule.id}/{how}",
                              round(confidence, 3), date=when.date, start_date=when.start, end_date=when.end,
                              amount=format(amount.value.normalize(), "f") if amount else None,
                              currency=amount.currency if amount else None,
                              modality=_modality(rules, rule, sent, trig, *sorted((subj, obj), key=lambda m: m.start)),
                              reported_by=_reported_by(sent, trig, rules))
                key = (a.subject, a.predicate, a.object, s.index, a.modality)
                if key not in best or best[key].confidence < a.confidence:
                    best[key] = a
    return list(best.values())


def _nearest_amount(amounts: list[Amount], anchor: int) -> Amount | None:
    return min(amounts, key=lambda a: abs(a.start - anchor), default=None)
