"""The one place that imports Stanza: load the Indonesian pipeline and parse texts to CoNLL-U."""
from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence

from kgraph.errors import ModelsNotFoundError
from kgraph.nlp.models import LANG, ModelInfo

__all__ = ["StanzaParser"]

_OFFSET = re.compile(r"(start_char|end_char)=(\d+)")


class StanzaParser:
    """A loaded Stanza pipeline; :meth:`parse` takes a batch of texts in one call."""

    def __init__(self, info: ModelInfo, processors: Sequence[str], threads: int | None = None) -> None:
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
                                        download_method=None, use_gpu=False, logging_level="WARN")
        except Exception as exc:  # stanza raises FileNotFoundError, ValueError, KeyError …
            raise ModelsNotFoundError(f"{info.directory}: Stanza could not load the Indonesian models "
                                      f"({str(exc).splitlines()[0][:200]})") from exc

    def parse(self, texts: Sequence[str]) -> list[str]:
        """CoNLL-U (with character offsets in MISC) for each text, in order.

        Every line break ends a sentence: lines are handed to Stanza as paragraphs, and the
        offsets are mapped back to the original text.
        """
        docs = self._nlp.bulk_process([self._stanza.Document([], text=t.replace("\n", "\n\n")) for t in texts])
        return [_unshift_offsets("{:C}".format(doc), text) for doc, text in zip(docs, texts)]


def _unshift_offsets(conllu: str, text: str) -> str:
    """Map offsets in the paragraph-doubled text back to ``text``."""
    inserted_at = [i + k + 1 for k, i in enumerate(i for i, ch in enumerate(text) if ch == "\n")]

    def original(match: re.Match) -> str:
        shifted = int(match.group(2))
        inserted = bisect.bisect_left(inserted_at, shifted)
        return f"{match.group(1)}={shifted - inserted}"

    return _OFFSET.sub(original, conllu)
