"""Read the CoNLL-U that Stanza writes into kgraph's Sentence/Word records (no Stanza import)."""
from __future__ import annotations

from kgraph.model import Sentence, Word

__all__ = ["parse_conllu"]


def _misc(field: str) -> dict[str, str]:
    if field in ("_", ""):
        return {}
    return dict(item.split("=", 1) for item in field.split("|") if "=" in item)


def _sentence(index: int, rows: list[list[str]], text: str, token_spans: dict[int, tuple[int, int]]) -> Sentence:
    words = []
    for cols in rows:
        misc = _misc(cols[9])
        wid = int(cols[0])
        start, end = token_spans.get(wid, (int(misc.get("start_char", -1)), int(misc.get("end_char", -1))))
        if "start_char" in misc:
            start, end = int(misc["start_char"]), int(misc["end_char"])
        words.append(Word(index=wid, text=cols[1], lemma=cols[2] if cols[2] != "_" else cols[1], upos=cols[3],
                          head=int(cols[6]) if cols[6].isdigit() else 0, deprel=cols[7], start=start, end=end,
                          feats=cols[5], ner=misc.get("ner", "O")))
    start, end = words[0].start, words[-1].end
    return Sentence(index=index, text=text[start:end], start=start, end=end, words=tuple(words))


def parse_conllu(conllu: str, text: str) -> tuple[Sentence, ...]:
    """Sentences of one document; offsets refer to ``text`` (the text that was parsed)."""
    sentences: list[Sentence] = []
    rows: list[list[str]] = []
    spans: dict[int, tuple[int, int]] = {}
    for line in conllu.split("\n") + [""]:  # "\n" only: tokens may hold other line separators
        line = line.removesuffix("\r")
        if not line.strip():
            if rows:
                sentences.append(_sentence(len(sentences), rows, text, spans))
            rows, spans = [], {}
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ValueError(f"malformed CoNLL-U line: {line[:80]!r}")
        if "-" in cols[0]:  # multi-word token: its span covers its words when they have none
            first, last = (int(x) for x in cols[0].split("-"))
            misc = _misc(cols[9])
            if "start_char" in misc:
                for wid in range(first, last + 1):
                    spans[wid] = (int(misc["start_char"]), int(misc["end_char"]))
            continue
        if "." in cols[0]:  # empty node
            continue
        rows.append(cols)
    return tuple(sentences)
