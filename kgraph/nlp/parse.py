"""Parse documents with Stanza through the cache: cached texts never load Stanza.

Without the models, a Parser still reads back the parses that models with the same processors
cached (newest first); only a text that is not cached needs them, and gets the models error.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from kgraph.errors import InputError, ModelsNotFoundError
from kgraph.model import Document, ParsedDocument
from kgraph.nlp.cache import ParseCache, resolve_cache_dir
from kgraph.nlp.conllu import parse_conllu
from kgraph.nlp.models import BASE_PROCESSORS, ModelInfo, model_info, resolve_models_dir

__all__ = ["ParseOptions", "Parser"]


@dataclass(frozen=True)
class ParseOptions:
    stanza_dir: str | None = None
    cache_dir: str | None = None
    use_ner: bool = False
    use_cache: bool = True
    threads: int | None = None  # torch threads for this process
    device: str = "cpu"  # where Stanza runs: "cpu", "cuda" (a GPU torch sees) or "auto" (a GPU if any)
    announce: bool = False  # say "loading Stanza models…" on stderr when they load


class Parser:
    """Turns Documents into ParsedDocuments; Stanza is loaded on the first cache miss."""

    def __init__(self, options: ParseOptions = ParseOptions()) -> None:
        self.options = options
        self.processors = BASE_PROCESSORS + (("ner",) if options.use_ner else ())
        root = resolve_cache_dir(options.cache_dir)
        #: the models (None where they are not installed: ``missing`` says why)
        self.info: ModelInfo | None = None
        self.missing: ModelsNotFoundError | None = None
        try:
            self.info = model_info(resolve_models_dir(options.stanza_dir))
        except ModelsNotFoundError as exc:
            self.missing = exc
        if self.info is not None:
            self.caches = [ParseCache(root, self.info.identity(self.processors))]
            if options.use_cache:
                self.caches[0].describe(self.processors, self.info.stanza_version)
        else:
            self.caches = ParseCache.recorded(root, self.processors) if options.use_cache else []
        self._stanza = None
        self.parsed_count = 0  # texts Stanza actually parsed (not cached)

    @property
    def stanza_loaded(self) -> bool:
        return self._stanza is not None

    def _stanza_parser(self, uncached: int):
        if self._stanza is None:
            from kgraph.nlp.stanza_pipeline import StanzaParser

            if self.info is None:
                raise ModelsNotFoundError(f"{self.missing} ({uncached} article(s) of this batch are not in the "
                                          "parse cache)")
            if self.options.announce:
                from tqdm import tqdm

                tqdm.write(f"kgraph: loading Stanza models from {self.info.directory}…", file=sys.stderr)
            self._stanza = StanzaParser(self.info, self.processors, self.options.threads, self.options.device)
        return self._stanza

    def parse_batch(self, docs: Sequence[Document]) -> list[ParsedDocument]:
        """Parse a batch: cached texts are read back, the rest go to Stanza in one call.

        A cache entry that cannot be read back is a miss: the text is parsed again and the
        entry replaced.
        """
        parsed: dict[int, ParsedDocument] = {}
        if self.options.use_cache:
            for i, doc in enumerate(docs):
                hit = next((h for c in self.caches if (h := c.get(doc.text_hash)) is not None), None)
                if hit is not None:
                    try:
                        parsed[i] = ParsedDocument(doc, parse_conllu(hit, doc.text))
                    except (ValueError, IndexError):
                        pass  # a broken entry (an older kgraph, a torn write): reparse
        todo = [i for i in range(len(docs)) if i not in parsed]
        if todo:
            results = self._stanza_parser(len(todo)).parse([docs[i].text for i in todo])
            self.parsed_count += len(todo)
            for i, result in zip(todo, results):
                try:
                    parsed[i] = ParsedDocument(docs[i], parse_conllu(result, docs[i].text))
                except (ValueError, IndexError) as exc:
                    raise InputError(f"{docs[i].origin}: Stanza's parse of this article cannot be read "
                                     f"({exc})") from None
                if self.options.use_cache:
                    self.caches[0].put(docs[i].text_hash, result)
        return [parsed[i] for i in range(len(docs))]

    def parse_stream(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[ParsedDocument]:
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self.parse_batch(batch)
                batch = []
        if batch:
            yield from self.parse_batch(batch)

