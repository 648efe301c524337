"""Parse documents with Stanza through the cache: cached texts never load Stanza."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from kgraph.errors import InputError
from kgraph.model import Document, ParsedDocument
from kgraph.nlp.cache import ParseCache, resolve_cache_dir
from kgraph.nlp.conllu import parse_conllu
from kgraph.nlp.models import BASE_PROCESSORS, model_info, resolve_models_dir

__all__ = ["ParseOptions", "Parser"]


@dataclass(frozen=True)
class ParseOptions:
    stanza_dir: str | None = None
    cache_dir: str | None = None
    use_ner: bool = False
    use_cache: bool = True
    threads: int | None = None  # torch threads for this process
    device: str = "cpu"  # where Stanza runs: "cpu", "cuda" (a GPU torch sees) or "auto" (a GPU if any)


class Parser:
    """Turns Documents into ParsedDocuments; Stanza is loaded on the first cache miss."""

    def __init__(self, options: ParseOptions = ParseOptions()) -> None:
        self.options = options
        self.info = model_info(resolve_models_dir(options.stanza_dir))
        self.processors = BASE_PROCESSORS + (("ner",) if options.use_ner else ())
        self.cache = ParseCache(resolve_cache_dir(options.cache_dir), self.info.identity(self.processors))
        self._stanza = None
        self.parsed_count = 0  # texts Stanza actually parsed (not cached)

    @property
    def stanza_loaded(self) -> bool:
        return self._stanza is not None

    def _stanza_parser(self):
        if self._stanza is None:
            from kgraph.nlp.stanza_pipeline import StanzaParser

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
                hit = self.cache.get(doc.text_hash)
                if hit is not None:
                    try:
                        parsed[i] = ParsedDocument(doc, parse_conllu(hit, doc.text))
                    except (ValueError, IndexError):
                        pass  # a broken entry (an older kgraph, a torn write): reparse
        todo = [i for i in range(len(docs)) if i not in parsed]
        if todo:
            results = self._stanza_parser().parse([docs[i].text for i in todo])
            self.parsed_count += len(todo)
            for i, result in zip(todo, results):
                try:
                    parsed[i] = ParsedDocument(docs[i], parse_conllu(result, docs[i].text))
                except (ValueError, IndexError) as exc:
                    raise InputError(f"{docs[i].origin}: Stanza's parse of this article cannot be read "
                                     f"({exc})") from None
                if self.options.use_cache:
                    self.cache.put(docs[i].text_hash, result)
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

