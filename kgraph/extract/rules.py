"""Relation rules as data (ontologies/rules/*.toml), validated on load.

A rule names a relation, the trigger phrases that state it, where its subject stands
(left of the trigger, right of it as in passives, or in apposition), and options; see
ontologies/rules/README.md for every field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from kgraph.errors import DataFileError
from kgraph.extract.gazetteer import name_tokens
from kgraph.resources import data_path, load_toml

__all__ = ["Rule", "RuleSet", "load_rules"]

_SUBJECT_SIDES = ("left", "right", "apposition")
_FIELDS = {"id", "relation", "triggers", "subject", "confidence", "swap_on_types", "right_markers", "object_side",
           "object_markers",
           "subject_types", "object_types", "max_gap", "left_max_gap", "presupposed",
           "object_not_after", "subject_dependency", "comment", "object_cases", "direct_object",
           "lemmas", "lemma_exclude", "possessor_subject", "office_holders_act"}


@dataclass(frozen=True)
class Rule:
    id: str
    relation: str
    triggers: tuple[tuple[str, ...], ...]  # case-folded tokens; a token ending in * matches a prefix
    subject: str
    subject_types: frozenset[str]
    object_types: frozenset[str]
    confidence: float
    swap_on_types: bool = False
    right_markers: frozenset[str] = frozenset()  # one must stand before the first right-hand argument
    object_side: str = "left"  # subject = "right": where the object stands
    object_markers: frozenset[str] = frozenset()  # object_side = "right": one must stand before the object
    max_gap: int = 12  # words between the trigger and the first right-hand argument
    left_max_gap: int = 15
    object_not_after: frozenset[str] = frozenset()  # a right argument right after these is no party
    presupposed: bool = False
    subject_dependency: bool = True  # veto a left subject when the parse gives the verb another named nsubj
    object_cases: frozenset[str] = frozenset()  # in the tree: case markers of an object ("dengan", "ke")
    direct_object: bool = True  # in the tree: the verb's obj is an object
    possessor_subject: bool = False  # in the tree: a nominal trigger's possessor is its subject ("kunjungan X")
    lemmas: frozenset[str] = frozenset()  # single-word triggers by Stanza lemma ("temu": bertemu, pertemuan, …)
    lemma_exclude: frozenset[str] = frozenset()  # surface words of those lemmas that are no trigger
    office_holders_act: bool = False  # a person with a state office stands for that state ("Menlu X menandatangani")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    modality: dict[str, str]  # cue word → modality label
    modality_window: int
    presupposition_ignores: frozenset[str] = frozenset()
    left_blockers: frozenset[str] = frozenset()  # between a left list and the trigger: no argument
    presupposing_verbs: frozenset[str] = frozenset()  # right before a trigger: the relation is presupposed
    comitative: frozenset[str] = frozenset()  # "X bersama Y": Y acts with X
    state_offices: frozenset[str] = frozenset()  # relations whose holder acts for the state (office_holders_act)
    purpose_cases: frozenset[str] = frozenset()  # "tiba … untuk kunjungan": the visit is the arrival's subject's
    hosting_verbs: frozenset[str] = frozenset()  # lemmas: "menerima kunjungan X": the host is not the visitor
    relative_pronouns: frozenset[str] = frozenset()  # "yang" (and "tengah", …): an nsubj that is no subject
    delegations: frozenset[str] = frozenset()  # "delegasi … yang dipimpin X": X acts
    predicative: frozenset[str] = frozenset()  # "menyebut X sebagai sekutu": X is the predicate's argument
    future_after: frozenset[str] = frozenset()  # inside the clause, after the trigger: "… pada 19 Agustus mendatang"
    speech_verbs: frozenset[str] = frozenset()  # a clause they govern is reported by their subject
    according: frozenset[str] = frozenset()  # "menurut X": reported by X
    locatives: frozenset[str] = frozenset()  # "di Beijing": a place, never its state acting
    list_words: tuple[str, ...] = ()  # join the items of a list ("dan", "serta", "termasuk")
    apposition_words: tuple[str, ...] = ()  # "Y adalah ibu kota X"
    pair_markers: frozenset[str] = frozenset()  # after these, a right-hand list is the trigger's own
    gaps: dict[str, int] = field(default_factory=dict)  # the word-order search's distances
    clause_boundaries: frozenset[str] = frozenset()  # a modality cue before one of these is another clause's
    multilateral: frozenset[str] = frozenset()  # "pertemuan segitiga dengan X dan Y": X and Y meet too

    @cached_property
    def list_gap(self) -> re.Pattern:
        words = "|".join(map(re.escape, self.list_words))
        return re.compile(rf"-|[\s,;()]*(?:(?:{words})\b)?[\s,;()]*", re.IGNORECASE)

    @cached_property
    def apposition(self) -> re.Pattern:
        words = "|".join(map(re.escape, self.apposition_words))
        return re.compile(rf"[\s,(]*(?:(?:yang\s+)?(?:{words})\b)?[\s,(]*", re.IGNORECASE)

    @cached_property
    def by_first_word(self) -> dict[str, list[tuple[Rule, tuple[str, ...]]]]:
        """Trigger phrases indexed by their first word ("" for a first word ending in *)."""
        index: dict[str, list[tuple[Rule, tuple[str, ...]]]] = {}
        for rule in self.rules:
            for phrase in rule.triggers:
                index.setdefault("" if phrase[0].endswith("*") else phrase[0], []).append((rule, phrase))
        return index

    @cached_property
    def by_lemma(self) -> dict[str, list[Rule]]:
        index: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for lemma in rule.lemmas:
                index.setdefault(lemma, []).append(rule)
        return index


def _line_of(text: str, rule_id: str) -> int | None:
    match = re.search(rf"^\s*id\s*=\s*[\"']{re.escape(rule_id)}[\"']", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _relations() -> dict[str, dict]:
    return load_toml(data_path("relations.toml"))["relations"]


def _parse_rule(item: dict, path: Path, text: str, relations: dict[str, dict], index: int) -> Rule:
    rule_id = str(item.get("id", f"#{index}"))
    line = _line_of(text, rule_id)

    def fail(message: str) -> DataFileError:
        return DataFileError(path, line, f"rule {rule_id}: {message}")

    unknown = set(item) - _FIELDS
    if unknown:
        raise fail(f"unknown field(s) {', '.join(sorted(unknown))}")
    relation = item.get("relation")
    if relation not in relations:
        raise fail(f"unknown relation {relation!r} (see ONTOLOGY.md)")
    triggers = item.get("triggers", [])
    lemmas = item.get("lemmas", [])
    for name, value in (("triggers", triggers), ("lemmas", lemmas), ("lemma_exclude", item.get("lemma_exclude", []))):
        if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
            raise fail(f"'{name}' must be a list of phrases")
    if not triggers and not lemmas:
        raise fail("give 'triggers' (phrases) or 'lemmas'")
    subject = item.get("subject", "left")
    if subject not in _SUBJECT_SIDES:
        raise fail(f"'subject' must be one of {', '.join(_SUBJECT_SIDES)}")
    confidence = item.get("confidence", 0.8)
    if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        raise fail("'confidence' must be a number in (0, 1]")
    spec = relations[relation]
    subject_types = frozenset(item.get("subject_types", spec["domain"]))
    object_types = frozenset(item.get("object_types", spec["range"]))
    if item.get("object_side", "left") not in ("left", "right"):
        raise fail("'object_side' must be left or right")
    return Rule(
        id=rule_id, relation=relation,
        triggers=tuple(tuple(t.casefold() for _, _, t in name_tokens(p)) for p in triggers),
        subject=subject, subject_types=subject_types, object_types=object_types, confidence=float(confidence),
        swap_on_types=bool(item.get("swap_on_types", False)),
        right_markers=frozenset(w.casefold() for w in item.get("right_markers", [])),
        object_side=item.get("object_side", "left"),
        object_markers=frozenset(w.casefold() for w in item.get("object_markers", [])),
        max_gap=int(item.get("max_gap", 12)), left_max_gap=int(item.get("left_max_gap", 15)),
        object_not_after=frozenset(w.casefold() for w in item.get("object_not_after", [])),
        presupposed=bool(item.get("presupposed", False)),
        subject_dependency=bool(item.get("subject_dependency", True)),
        object_cases=frozenset(w.casefold() for w in item.get(
            "object_cases", item.get("right_markers", ["dengan"] if spec.get("symmetric") else []))),
        direct_object=bool(item.get("direct_object", True)),
        possessor_subject=bool(item.get("possessor_subject", False)),
        office_holders_act=bool(item.get("office_holders_act", False)),
        lemmas=frozenset(w.casefold() for w in lemmas),
        lemma_exclude=frozenset(w.casefold() for w in item.get("lemma_exclude", [])))


_GAPS = ("left", "introduced", "own_pair", "max_pair_list", "negation_after", "future_after")


def _gaps(gaps: object, folder: Path) -> dict[str, int]:
    if not isinstance(gaps, dict) or set(gaps) != set(_GAPS) or not all(
            isinstance(v, int) and v >= 0 for v in gaps.values()):
        raise DataFileError(folder, None, f"[arguments.gaps] must give {', '.join(_GAPS)} as whole numbers")
    return dict(gaps)


#: RuleSet fields that are sets of case-folded words, and the [table] keys they are read from
#: (several keys may feed one field; every rule file may add words)
_WORD_SETS = {
    "presupposition_ignores": [("modality", "presupposition_ignores")],
    "presupposing_verbs": [("modality", "presupposing_verbs")],
    "future_after": [("modality", "future_after")],
    "speech_verbs": [("reported", "speech_verbs")],
    "according": [("reported", "according")],
    "left_blockers": [("arguments", "left_blockers")],
    "relative_pronouns": [("arguments", "relative_pronouns"), ("arguments", "not_subjects")],
    "delegations": [("arguments", "delegations")],
    "predicative": [("arguments", "predicative")],
    "purpose_cases": [("arguments", "purpose_cases")],
    "comitative": [("arguments", "comitative")],
    "state_offices": [("arguments", "state_offices")],
    "locatives": [("arguments", "locatives")],
    "hosting_verbs": [("arguments", "hosting_verbs")],
    "pair_markers": [("arguments", "pair_markers")],
    "clause_boundaries": [("arguments", "clause_boundaries")],
    "multilateral": [("arguments", "multilateral")],
}
#: RuleSet fields that keep their words in order (they build regular expressions)
_WORD_LISTS = {"list_words": ("arguments", "list_words"), "apposition_words": ("arguments", "apposition_words")}
_SETTING_KEYS = {table: {k for spots in [*_WORD_SETS.values(), [(t, k) for t, k in _WORD_LISTS.values()]]
                         for t, k in spots if t == table} for table in ("modality", "reported", "arguments")}
_SETTING_KEYS["modality"] |= {"window"}
_SETTING_KEYS["arguments"] |= {"gaps"}


def _settings(data: dict, path: Path, text: str, words: dict[str, set[str]], lists: dict[str, list[str]],
              modality: dict[str, str]) -> None:
    """Add one rule file's [modality], [reported] and [arguments] words; a misspelt key, or a
    value that is not a list of words, is an error naming the file and line."""
    for table in ("modality", "reported", "arguments"):
        for key, value in data.get(table, {}).items():
            line = next((i for i, t in enumerate(text.splitlines(), 1) if re.match(rf"\s*{re.escape(key)}\s*=", t)), None)
            if key in ("window", "gaps"):
                continue
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                raise DataFileError(path, line, f"[{table}] {key} must be a list of words")
            if table == "modality" and key not in _SETTING_KEYS["modality"]:
                modality.update({w.casefold(): key for w in value})  # a cue label: future, negation, …
            elif key not in _SETTING_KEYS[table]:
                raise DataFileError(path, line, f"[{table}] has no setting {key!r}")
    for name, spots in _WORD_SETS.items():
        for table, key in spots:
            words.setdefault(name, set()).update(w.casefold() for w in data.get(table, {}).get(key, []))
    for name, (table, key) in _WORD_LISTS.items():
        lists.setdefault(name, []).extend(data.get(table, {}).get(key, []))


@lru_cache(maxsize=4)
def load_rules(folder: Path | None = None) -> RuleSet:
    """Every ``*.toml`` rule file in ``folder`` (default ontologies/rules), validated."""
    folder = folder or data_path("rules")
    relations = _relations()
    rules: list[Rule] = []
    modality: dict[str, str] = {}
    words: dict[str, set[str]] = {}
    lists: dict[str, list[str]] = {}
    window, gaps = 4, None
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise DataFileError(folder, None, "no rule files (*.toml)")
    for path in files:
        data = load_toml(path)
        text = path.read_text(encoding="utf-8")
        _settings(data, path, text, words, lists, modality)
        window = int(data.get("modality", {}).get("window", window))
        gaps = data.get("arguments", {}).get("gaps", gaps)
        for i, item in enumerate(data.get("rule", []), 1):
            rules.append(_parse_rule(item, path, text, relations, i))
    ids = [r.id for r in rules]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise DataFileError(folder, None, f"duplicate rule id(s): {', '.join(dupes)}")
    return RuleSet(tuple(rules), modality, window, gaps=_gaps(gaps, folder),
                   **{k: frozenset(v) for k, v in words.items()}, **{k: tuple(v) for k, v in lists.items()})
