"""The one place that imports Stanza: load the Indonesian pipeline and parse texts to CoNLL-U."""
from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence

from kgraph.errors import KGraphError, ModelsNotFoundError
from kgraph.nlp.models import LANG, ModelInfo

__all__ = ["StanzaParser", "DEVICES", "use_gpu"]

#: the values of ``--device``
DEVICES: tuple[str, ...] = ("cpu", "cuda", "auto")

_OFFSET = re.compile(r"(start_char|end_char)=(\d+)")
#: a sentence handed to Stanza has at most this many words and characters: longer runs without a
#: sentence end are cut (depparse needs memory quadratic in the sentence length)
MAX_SENTENCE_WORDS = 120
MAX_SENTENCE_CHARS = 800
# a word (a piece of at most MAX_SENTENCE_CHARS), and whether a sentence ends after it
_WORD = re.compile(r"\S{1,%d}" % MAX_SENTENCE_CHARS)
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")


class StanzaParser:
    """A loaded Stanza pipeline; :meth:`parse` takes a batch of texts in one call."""

    def __init__(self, info: ModelInfo, processors: Sequence[str], threads: int | None = None,
                 device: str = "cpu") -> None:
        import stanza
        import torch

        if threads:
            torch.set_num_threads(threads)
        missing = [p for p in processors if p not in info.files]
        if missing:
            raise ModelsNotFoundError(f"{info.directory}: no model for {', '.join(missing)} "
                                      "(the official Indonesian models have no NER; drop --stanza-ner)")
        logging.getLogger("stanza").setLevel(logging.WARNING)
        self._stanza = stanza
        try:
            self._nlp = stanza.Pipeline(LANG, dir=str(info.directory), processors=",".join(processors),
                                        download_method=None, use_gpu=False, logging_level="WARN",
                                        depparse_min_length_to_batch_separately=50)
        except Exception as exc:  # stanza raises FileNotFoundError, ValueError, KeyError …
            raise ModelsNotFoundError(f"{info.directory}: Stanza could not load the Indonesian models "
                                      f"({str(exc).splitlines()[0][:200]})") from exc

    def parse(self, texts: Sequence[str]) -> list[str]:
        """CoNLL-U (with character offsets in MISC) for each text, in order.

        Every line break ends a sentence, and so does every MAX_SENTENCE_WORDS words (or
        MAX_SENTENCE_CHARS characters) without one: those points are handed to Stanza as
        paragraph breaks, and the offsets are mapped back to the original text.
        """
        prepared = [_paragraphs(t) for t in texts]
        docs = self._nlp.bulk_process([self._stanza.Document([], text=p) for p, _ in prepared])
        return [_unshift_offsets("{:C}".format(doc), inserted) for doc, (_, inserted) in zip(docs, prepared)]


def _long_run_cuts(text: str) -> list[int]:
    """Positions where a run of words without a sentence end reaches the caps: cut before them."""
    cuts, words, chars, previous_end = [], 0, 0, 0
    for m in _WORD.finditer(text):
        if "\n" in text[previous_end:m.start()]:
            words = chars = 0
        if words and (words >= MAX_SENTENCE_WORDS or chars + len(m.group()) > MAX_SENTENCE_CHARS):
            cuts.append(m.start())
            words = chars = 0
        words, chars, previous_end = words + 1, chars + len(m.group()) + 1, m.end()
        if _SENTENCE_END.search(m.group()):
            words = chars = 0
    return cuts


def _paragraphs(text: str) -> tuple[str, list[int]]:
    """The text for Stanza (each line break doubled, a paragraph break at each cut) and the
    positions, in it, of the characters inserted."""
    inserts = sorted([(m.end(), "\n") for m in re.finditer("\n", text)] +
                     [(cut, "\n\n") for cut in _long_run_cuts(text)])
    pieces, inserted, last = [], [], 0
    for position, extra in inserts:
        pieces.append(text[last:position])
        start = position + len(inserted)
        inserted.extend(range(start, start + len(extra)))
        pieces.append(extra)
        last = position
    pieces.append(text[last:])
    return "".join(pieces), inserted


def use_gpu(device: str) -> bool:
    """Whether Stanza should run on a GPU for ``--device``: ``cuda`` needs one that torch sees (else
    an error says so), ``auto`` takes one if there is one, ``cpu`` never does."""
    if device not in DEVICES:
        raise KGraphError(f"unknown device {device!r}; use one of {', '.join(DEVICES)}")
    if device == "cpu":
        return False
    import torch

    available = torch.cuda.is_available()
    if device == "cuda" and not available:
        raise KGraphError("--device cuda: torch sees no GPU (torch.cuda.is_available() is False); "
                          "use --device cpu or auto")
    return available


def _unshift_offsets(conllu: str, inserted_at: list[int]) -> str:
    """Map offsets in the text given to Stanza back to the original text."""

    def original(match: re.Match) -> str:
        shifted = int(match.group(2))
        inserted = bisect.bisect_left(inserted_at, shifted)
        return f"{match.group(1)}={shifted - inserted}"

    return _OFFSET.sub(original, conllu)
