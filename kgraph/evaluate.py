"""Precision, recall and F1 of a graph against a gold JSONL of expected relations.

The definitions are those of the project's gold scorer: a graph node matches a gold entity
when one of its names (labels, altLabels, IRI local name) equals an alias after case folding
and accent/punctuation removal; symmetric relations compare without direction;
foundingMemberOf also counts as memberOf; "optional" gold triples are neither required
nor counted as wrong.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kgraph.errors import InputError
from kgraph.rdf.io import load_dataset
from kgraph.rdf.namespaces import KGO, RELATIONS, SYMMETRIC

__all__ = ["Score", "normalise_name", "evaluate", "format_score"]

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


@dataclass
class Score:
    tp: set[Triple]
    fp: set[Triple]
    fn: set[Triple]
    gold_per_relation: Counter

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


def _read_gold(gold_path: Path) -> tuple[set[Triple], set[Triple]]:
    gold, optional = set(), set()
    try:
        lines = gold_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{gold_path}: cannot read ({exc})") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            gold |= _expand(map(tuple, item["triples"]))
            optional |= _expand(map(tuple, item.get("optional", [])))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{gold_path}:{number}: not a gold line with 'triples' ({exc})") from exc
    return gold, optional - gold


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
    gold, optional = _read_gold(Path(gold_path))
    index = _read_aliases(Path(aliases_path))
    graph = load_dataset(graph_path)
    found: set[Triple] = set()
    for rel in RELATIONS:
        for s, o in graph.subject_objects(KGO[rel]):
            s_names, o_names = _names(graph, s), _names(graph, o)
            s_c = set().union(*(index.get(normalise_name(n), set()) for n in s_names))
            o_c = set().union(*(index.get(normalise_name(n), set()) for n in o_names))
            hits = _expand((a, rel, b) for a in s_c for b in o_c) & (gold | optional)
            if hits:
                found |= hits
            else:
                found.add(("?" + min(s_names, default=str(s)), rel, "?" + min(o_names, default=str(o))))
    found -= optional
    return Score(found & gold, found - gold, gold - found, Counter(t[1] for t in gold))


def format_score(score: Score, show: bool = False) -> str:
    lines = [f"{'relation':26s} {'gold':>5s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'P':>6s} {'R':>6s} {'F1':>6s}"]
    for rel, row in score.per_relation().items():
        lines.append(f"{rel:26s} {row['gold']:5d} {row['tp']:4d} {row['fp']:4d} {row['fn']:4d} "
                     f"{row['P']:6.3f} {row['R']:6.3f} {row['F1']:6.3f}")
    if show:
        lines += [f"MISSED {' '.join(t)}" for t in sorted(score.fn)]
        lines += [f"WRONG  {' '.join(t)}" for t in sorted(score.fp)]
    p, r, f = score.overall
    lines.append(f"tp={len(score.tp)} fp={len(score.fp)} fn={len(score.fn)}")
    lines.append(f"P={p:.3f} R={r:.3f} F1={f:.3f}")
    return "\n".join(lines)
