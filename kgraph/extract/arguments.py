"""A trigger's arguments from the dependency tree (the engine falls back to word order).

For an active trigger (a verb, or a noun such as "kunjungan", "pertemuan"):

- the subject is the clause's ``nsubj`` (through relative, fronted, coordinated and
  complement clauses, see :meth:`Tree.subject`), or a nominal trigger's possessor
  ("kunjungan Presiden X ke Y");
- the objects are the verb's ``obj`` and its obliques / a noun's ``nmod`` whose case marker
  the rule accepts ("dengan", "ke", "terhadap", …), and, for a noun that is a light verb's
  object ("melakukan pertemuan dengan X", "melanjutkan lawatan ke Jepang"), the verb's;
- lists ("X, Y dan Z") are the conjuncts of an argument.

An argument position the tree fills with a word that names no fitting entity ("bertemu para
pejabat") stays empty: the tree has answered. Only where the tree has no word at all for a
side does the engine read word order.
"""
from __future__ import annotations

from dataclasses import dataclass

from kgraph.extract.rules import Rule, RuleSet
from kgraph.extract.syntax import Tree
from kgraph.model import Mention, Word

__all__ = ["Side", "TreeArguments", "tree_arguments"]


@dataclass(frozen=True)
class Side:
    """One side's arguments: ``found`` is False when the tree has no word there at all."""

    mentions: tuple[Mention, ...]
    found: bool


@dataclass(frozen=True)
class TreeArguments:
    subjects: Side
    objects: Side
    pair_list: tuple[Mention, ...] = ()  # "antara X dan Y": both parties on one side


def _mentions_of(words: list[Word], mentions: list[Mention], types: frozenset[str]) -> tuple[Mention, ...]:
    """The fitting mentions covering ``words`` ("kedua negara" covers two)."""
    out = [m for w in words for m in mentions if m.start <= w.start < m.end and m.entity.type in types]
    return tuple(dict.fromkeys(out))


def _coordinated(tree: Tree, word: Word, mentions: list[Mention]) -> list[Word]:
    """``word`` and the words coordinated with it, also where the parser hangs the next item
    on a word inside the first one's name ("Presiden AS Joe Biden dan Presiden Tiongkok Xi …")."""
    out, todo, seen = [], [word], set()
    while todo:
        w = todo.pop(0)
        if w.index in seen:
            continue
        seen.add(w.index)
        out.append(w)
        spans = [(m.start, m.end) for m in mentions if m.start <= w.start < m.end]
        members = [x for x in tree.words if any(a <= x.start < b for a, b in spans)] or [w]
        for x in members:
            todo += [c for c in tree.conjuncts(x)[1:] if not any(a <= c.start < b for a, b in spans)]
    return out


def _fronted(tree: Tree, head: Word) -> bool:
    """True when ``head`` is the active verb of a clause fronted before the verb it modifies."""
    governor = tree.head(head)
    return (head.upos == "VERB" and head.deprel.startswith("advcl") and governor is not None
            and head.index < governor.index and "Voice=Pass" not in head.feats)


def _copular_subject(tree: Tree, head: Word) -> Word | None:
    """The predicate of "[… <trigger> …] adalah X": a nominal trigger inside a copular clause's
    subject names X ("Negara pendiri ASEAN adalah Indonesia, …"; "Sekutu utama AS adalah Jepang")."""
    word, seen = head, set()
    while word is not None and word.deprel.split(":")[0] == "nmod" and word.index not in seen:
        seen.add(word.index)
        word = tree.head(word)
    if word is None or word.deprel.split(":")[0] != "nsubj":
        return None
    predicate = tree.head(word)
    named = predicate is not None and predicate.upos == "PROPN"  # a name, not "fokus pembicaraan X"
    return predicate if named and tree.children(predicate, "cop") else None


def _misparsed_fronted_subject(tree: Tree, head: Word, subject_words: list[Word]) -> bool:
    """True when a fronted clause's active verb has its only "subjects" after it: Indonesian
    puts an active verb's subject first, so the parser has taken the object for the subject."""
    return _fronted(tree, head) and bool(subject_words) and all(
        w.head == head.index and head.index < w.index < head.head for w in subject_words)


def _same_list(kinds: set[str], kind: str, deprel: str) -> bool:
    """Whether a mention of ``kind`` can be coordinated with (or, for ``appos``, stand for)
    mentions of ``kinds``: an apposition names the same kind of thing, and places are listed
    only with places ("mengunjungi Hanoi, Wakil Presiden …" is no list)."""
    if deprel.startswith("appos"):
        return kind in kinds
    return (kind == "Place") == ("Place" in kinds)


def _arguments(tree: Tree, words: list[Word], mentions: list[Mention], types: frozenset[str]) -> tuple[Mention, ...]:
    """The mentions that argument ``words`` (and their conjuncts) name; a common noun that names
    none stands for the entity it is of ("pemerintah Jepang", "serangan rudal Rusia",
    "pakta keamanan AUKUS"); conjuncts that cannot be one list with it are misparses."""
    out: tuple[Mention, ...] = ()
    for w in words:
        kinds: set[str] = set()
        for c in _coordinated(tree, w, mentions):
            found = _mentions_of([c], mentions, types)
            if not found and c is w and c.upos == "NOUN" and not any(m.start <= c.start < m.end for m in mentions):
                owner = _mentions_of(tree.possessors(c), mentions, types)[:1]
                # "tiba di ibu kota Kazakhstan, Astana": the place named after the owner is the noun's
                places = [p for k in tree.possessors(c) for p in _mentions_of(tree.conjuncts(k)[1:], mentions, types)
                          if owner and owner[0].entity.type == "Country" and p.entity.type == "Place"]
                found = owner + tuple(places[:1])
            if c is not w and kinds:
                found = tuple(m for m in found if _same_list(kinds, m.entity.type, c.deprel))
            kinds |= {m.entity.type for m in found}
            out += found
    return tuple(dict.fromkeys(out))


def tree_arguments(tree: Tree, mentions: list[Mention], start: int, end: int, rule: Rule,
                   rules: RuleSet) -> TreeArguments | None:
    """Subjects and objects the parse gives ``rule``'s trigger at ``[start, end)``; None without a parse."""
    types = rule.subject_types | rule.object_types
    relative = rules.relative_pronouns
    head = tree.span_head(start, end)
    if head is None:
        return None
    inside = [w for w in tree.words if start <= w.start < end]
    # a nominal trigger's own possessor is its subject ("mengecam kunjungan Pelosi ke Suriah": Pelosi's visit)
    possessor = [k for w in inside for k in tree.children(w, "nmod") if rule.possessor_subject and head.upos == "NOUN"
                 and tree.case_of(k) is None
                 and k.upos in ("PROPN", "PRON") and not start <= k.start < end and 0 < k.index - w.index <= 3
                 and not any(x.upos == "PUNCT" for x in tree.words[w.index:k.index - 1])][:1]
    subject_words = possessor or [w for w in tree.subjects(head, relative) if not start <= w.start < end]
    if not subject_words and head.upos == "NOUN" and tree.case_of(head) in rules.purpose_cases:
        # "tiba di Beijing untuk kunjungan resmi di China": the visit of whoever arrived
        verb = tree.governing_verb(head)
        subject_words = [w for w in tree.subjects(verb, relative) if not start <= w.start < end] if verb else []
    governor = tree.head(head)
    if not possessor and head.upos == "NOUN" and head.deprel == "obj" and governor is not None \
            and governor.lemma.casefold() in rules.hosting_verbs:
        subject_words = []  # "X menerima kunjungan PM Y": X hosts the visit; Y, if anyone, is in the trigger's phrase
    object_words: list[Word] = []
    if _misparsed_fronted_subject(tree, head, subject_words):
        # "Usai bertemu Raja Spanyol Juan Carlos, Medvedev mengatakan …": the fronted clause's
        # "subject" after its active verb is the verb's object; the subject is the main clause's
        if rule.direct_object:
            object_words += subject_words
        subject_words = tree.subjects(tree.head(head), relative)
    pair_words: list[Word] = []
    # a case word inside the trigger ("bertemu dengan", "sanksi terhadap") marks its own object
    for w in inside:
        governed = tree.head(w)
        if w.deprel == "case" and governed is not None and not start <= governed.start < end:
            (pair_words if w.text.casefold() == "antara" else object_words).append(governed)
    governors = [head]
    if tree.case_of(head) in rules.predicative and tree.head(head) is not None:
        # "Jepang menyebut AS sebagai sekutu utamanya": the verb's object is the predicate's argument;
        # "Sebagai negara pendiri ASEAN, Indonesia mendukung …": without one, the verb's subject is
        verb = tree.head(head)
        predicated = [o for o in tree.children(verb, "obj") if o.index < head.index]
        if predicated:
            object_words += predicated
        elif not subject_words and head.index < verb.index:
            subject_words = [w for w in tree.subjects(tree.head(head), relative) if not start <= w.start < end]
    copula = _copular_subject(tree, head)
    if copula is not None and not subject_words:
        subject_words = [copula]  # "Kelima negara pendiri ASEAN adalah Indonesia, Malaysia, …"
    if head.upos in ("NOUN", "PROPN") and head.deprel == "obj" and tree.head(head) is not None:
        governors.append(tree.head(head))  # "melakukan pertemuan dengan X"
    # "kunjungan tiga hari ke Jepang": the parser may hang the destination on the duration;
    # "mengimpor minyak dari Iran": where the object is goods, not a party, on the goods
    durations = [k for k in tree.children(head, "nmod:tmod", "obl:tmod") if not start <= k.start < end]
    goods = [] if rule.direct_object else [k for k in tree.children(head, "obj") if not start <= k.start < end]
    for gov in governors + durations + goods:
        for kid in tree.children(gov, "obj", "obl", "nmod", "iobj"):
            if start <= kid.start < end or kid in object_words:
                continue
            case = tree.case_of(kid)
            if case == "antara":
                pair_words.append(kid)
            elif case in rule.object_cases or (case is None and kid.deprel == "obj" and rule.direct_object and gov is head):
                object_words.append(kid)
    if not subject_words and head.upos == "NOUN":  # "sekutu utamanya": the possessor
        subject_words = [k for k in tree.children(head, "nmod") if tree.case_of(k) is None
                         and not start <= k.start < end and k not in object_words][:1]
    if subject_words and subject_words[0].text.casefold() in rules.delegations \
            and not _mentions_of(subject_words[:1], mentions, types):
        # "delegasi India yang dipimpin Menteri Pertahanan X tiba …": the delegation's leader
        subjects = _mentions_of(tree.subtree(subject_words[0]), mentions, frozenset({"Person"}))[:1]
    else:
        subject_words += [k for w in subject_words for k in tree.children(w, "nmod")
                          if tree.case_of(k) in rules.comitative]  # "Indonesia bersama Malaysia menandatangani …"
        subjects = _arguments(tree, subject_words, mentions, types)
    if not subjects and subject_words and all(w.upos == "NOUN" and w.head == head.index for w in subject_words) \
            and _fronted(tree, head):
        # "Meskipun sengit mengecam sikap NATO, Rogozin …": a fronted clause's "subject" that
        # names nothing is a misparsed adverb; the clause shares the main clause's subject
        subject_words = tree.subjects(tree.head(head), relative)
        subjects = _arguments(tree, subject_words, mentions, types)
    objects = _arguments(tree, object_words, mentions, types)
    pairs = tuple(m for w in pair_words for m in _mentions_of(tree.conjuncts(w), mentions, types))
    return TreeArguments(Side(tuple(dict.fromkeys(subjects)), bool(subject_words)),
                         Side(tuple(dict.fromkeys(objects)), bool(object_words)),
                         pairs)
