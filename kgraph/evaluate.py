"""Precision, recall and F1 of a graph against a gold JSONL of expected relations.

The definitions are those of the project's gold scorer: a graph node matches a gold entity
when one of its names (labels, altLabels, IRI local name) equals an alias after case folding
and accent/punctuation removal; symmetric relations compare without direction;
foundingMemberOf also counts as memberOf; "optional" gold triples are neither required
nor counted as wrong.

With ``show``, the misses and errors are also listed item by item (a gold line's ``id`` is the
article id): each wrong triple with the sentence and rule that produced it, each missed one
with the sentence of the article text that names both ends, when the input corpus is given.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kgraph.errors import InputError
from kgraph.sources import open_dataset
from kgraph.rdf.namespaces import KGO, RELATIONS, SYMMETRIC

__all__ = ["Score", "ItemReport", "normalise_name", "evaluate", "format_score", "item_reports", "format_items"]

_NAME_PROPS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, URIRef("https://schema.org/name"),
               URIRef("http://schema.org/name"), URIRef("http://xmlns.com/foaf/0.1/name"))

Triple = tuple[str, str, str]


def normalise_name(name: str) -> str:
    name = unicodedata.normalize("NFKD", str(name))
    name = "".join(c for c in name if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", name).split())


def _key(t: Triple) -> Triple:
    s, p, o = t
    return (o, p, s) if p in SYMMETRIC and o < s else (s, p, o)


def _expand(triples) -> set[Triple]:
    out = set()
    for s, p, o in triples:
        out.add(_key((s, p, o)))
        if p == "foundingMemberOf":
            out.add(_key((s, "memberOf", o)))
    return out


@dataclass(frozen=True)
class Evidence:
    """One fact assertion of the graph, as the scorer names its triple."""

    triple: Triple
    document: str | None
    sentence: str
    rule: str


@dataclass
class Score:
    tp: set[Triple]
    fp: set[Triple]
    fn: set[Triple]
    gold_per_relation: Counter
    items: dict[str, set[Triple]] = field(default_factory=dict)  # gold item id → its expected triples
    evidence: list[Evidence] = field(default_factory=list)
    aliases: dict[str, set[str]] = field(default_factory=dict)  # gold entity → its names

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def overall(self) -> tuple[float, float, float]:
        return self._prf(len(self.tp), len(self.fp), len(self.fn))

    def per_relation(self) -> dict[str, dict[str, float]]:
        out = {}
        for rel in RELATIONS:
            tp = sum(t[1] == rel for t in self.tp)
            fp = sum(t[1] == rel for t in self.fp)
            fn = sum(t[1] == rel for t in self.fn)
            if tp or fp or fn:
                p, r, f = self._prf(tp, fp, fn)
                out[rel] = {"gold": self.gold_per_relation[rel], "tp": tp, "fp": fp, "fn": fn, "P": p, "R": r, "F1": f}
        return out


def _read_gold(gold_path: Path) -> tuple[set[Triple], set[Triple], dict[str, set[Triple]]]:
    gold, optional, items = set(), set(), {}
    try:
        lines = gold_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{gold_path}: cannot read ({exc})") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            expected = _expand(map(tuple, item["triples"]))
            gold |= expected
            optional |= _expand(map(tuple, item.get("optional", [])))
            items.setdefault(str(item.get("id", f"line {number}")), set()).update(expected)
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{gold_path}:{number}: not a gold line with 'triples' ({exc})") from exc
    return gold, optional - gold, items


def _read_aliases(path: Path) -> dict[str, set[str]]:
    try:
        aliases = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a JSON object of aliases ({exc})") from exc
    index: dict[str, set[str]] = {}
    for canon, names in aliases.items():
        for n in [canon, *names]:
            index.setdefault(normalise_name(n), set()).add(canon)
    return index


def _names(graph, node) -> set[str]:
    names = {str(x) for prop in _NAME_PROPS for x in graph.objects(node, prop)}
    if isinstance(node, URIRef):
        names.add(unquote(re.split(r"[/#]", str(node))[-1]).replace("_", " ").replace("-", " "))
    elif isinstance(node, Literal):
        names.add(str(node))
    return names


def evaluate(gold_path: str | Path, aliases_path: str | Path, graph_path: str | Path) -> Score:
    gold, optional, items = _read_gold(Path(gold_path))
    index = _read_aliases(Path(aliases_path))
    graph = open_dataset(graph_path)
    names_of: dict = {}

    def scored(s, rel: str, o) -> set[Triple]:
        """The gold triples (s, rel, o) matches, or one unknown "?name" triple."""
        for node in (s, o):
            if node not in names_of:
                names_of[node] = _names(graph, node)
        s_c = set().union(*(index.get(normalise_name(n), set()) for n in names_of[s]))
        o_c = set().union(*(index.get(normalise_name(n), set()) for n in names_of[o]))
        hits = _expand((a, rel, b) for a in s_c for b in o_c) & (gold | optional)
        return hits or {("?" + min(names_of[s], default=str(s)), rel, "?" + min(names_of[o], default=str(o)))}

    found: set[Triple] = set()
    for rel in RELATIONS:
        for s, o in graph.subject_objects(KGO[rel]):
            found |= scored(s, rel, o)
    found -= optional
    evidence = []
    for node in graph.subjects(RDF.type, KGO.Assertion):
        if graph.value(node, KGO.modality) is not None:
            continue
        s, p, o = (graph.value(node, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        if None in (s, p, o) or not str(p).startswith(str(KGO)):
            continue
        doc = graph.value(graph.value(node, PROV.wasDerivedFrom), DCTERMS.identifier)
        for triple in scored(s, str(p)[len(str(KGO)):], o):
            evidence.append(Evidence(triple, None if doc is None else str(doc),
                                     str(graph.value(node, KGO.evidenceText) or ""),
                                     str(graph.value(node, KGO.extractor) or "")))
    aliases: dict[str, set[str]] = {}
    for name, canons in index.items():
        for canon in canons:
            aliases.setdefault(canon, set()).add(name)
    return Score(found & gold, found - gold, gold - found, Counter(t[1] for t in gold), items, evidence, aliases)


@dataclass
class ItemReport:
    """One gold item's misses and errors, with their sentences."""

    id: str
    missed: list[tuple[Triple, str | None]]  # triple, the sentence naming both ends (if known)
    wrong: list[tuple[Triple, str, str]]  # triple, sentence, rule


def _sentence_naming(text: str, names_a: set[str], names_b: set[str]) -> str | None:
    """The first sentence (or line) of ``text`` that names both ends, else one of them."""
    sentences = [s for line in text.splitlines() for s in re.split(r"(?<=[.!?])\s+", line) if s.strip()]
    norm = [f" {normalise_name(s)} " for s in sentences]

    def names(k: int, wanted: set[str]) -> bool:
        return any(f" {n} " in norm[k] for n in wanted)

    both = next((s for k, s in enumerate(sentences) if names(k, names_a) and names(k, names_b)), None)
    return both or next((s for k, s in enumerate(sentences) if names(k, names_a) or names(k, names_b)), None)


def item_reports(score: Score, texts: dict[str, str] | None = None) -> list[ItemReport]:
    """Item by item (gold order), the missed and the wrong triples; items with neither are left out."""
    texts = texts or {}
    reports = []
    seen_wrong: set[tuple] = set()
    for item, expected in score.items.items():
        missed = []
        for t in sorted(expected & score.fn):
            text = texts.get(item)
            missed.append((t, _sentence_naming(text, score.aliases.get(t[0], set()), score.aliases.get(t[2], set()))
                           if text else None))
        wrong = sorted({(e.triple, e.sentence, e.rule) for e in score.evidence
                        if e.document == item and e.triple in score.fp})
        seen_wrong |= {(item, w[0]) for w in wrong}
        if missed or wrong:
            reports.append(ItemReport(item, missed, wrong))
    others: dict[str, set] = {}
    for e in score.evidence:  # wrong triples of articles the gold does not list
        if e.triple in score.fp and e.document not in score.items:
            others.setdefault(e.document or "(no article)", set()).add((e.triple, e.sentence, e.rule))
    reports += [ItemReport(doc, [], sorted(wrong)) for doc, wrong in sorted(others.items())]
    return reports


def format_items(reports: list[ItemReport]) -> str:
    lines = []
    for r in reports:
        lines.append(f"== {r.id}")
        for t, sentence in r.missed:
            lines.append(f"  MISSED {' '.join(t)}" + (f"\n         | {sentence}" if sentence else ""))
        for t, sentence, rule in r.wrong:
            lines.append(f"  WRONG  {' '.join(t)}  [{rule}]\n         | {sentence}")
    return "\n".join(lines)


def format_score(score: Score) -> str:
    lines = [f"{'relation':26s} {'gold':>5s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'P':>6s} {'R':>6s} {'F1':>6s}"]
    for rel, row in score.per_relation().items():
        lines.append(f"{rel:26s} {row['gold']:5d} {row['tp']:4d} {row['fp']:4d} {row['fn']:4d} "
                     f"{row['P']:6.3f} {row['R']:6.3f} {row['F1']:6.3f}")
    p, r, f = score.overall
    lines.append(f"tp={len(score.tp)} fp={len(score.fp)} fn={len(score.fn)}")
    lines.append(f"P={p:.3f} R={r:.3f} F1={f:.3f}")
    return "\n".join(lines)
