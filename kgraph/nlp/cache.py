"""The parse cache: one CoNLL-U file per (model identity, text hash).

An entry that cannot be read (missing, not UTF-8, not a file) is a miss; the caller reparses
the text and the new entry replaces the old one. Each model identity's folder holds
``model.json`` (the processors and Stanza version that made its parses), so that a build whose
articles are all cached can run where the models are not installed.
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from kgraph.errors import InputError, KGraphError
from kgraph.fileio import atomic_write

__all__ = ["resolve_cache_dir", "ParseCache"]


def resolve_cache_dir(explicit: str | os.PathLike | None = None) -> Path:
    """``--cache-dir``, else ``$KGRAPH_CACHE_DIR``, else the per-user cache folder."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get("KGRAPH_CACHE_DIR"):
        return Path(os.environ["KGRAPH_CACHE_DIR"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("kgraph")) / "parses"


class ParseCache:
    def __init__(self, root: Path, model_identity: str) -> None:
        if root.exists() and not root.is_dir():
            raise InputError(f"{root}: the parse cache must be a folder, and this is a file "
                             "(give another --cache-dir, or --no-cache)")
        self.root = root / model_identity

    def _path(self, text_hash: str) -> Path:
        return self.root / text_hash[:2] / f"{text_hash}.conllu"

    def get(self, text_hash: str) -> str | None:
        try:
            return self._path(text_hash).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, text_hash: str, conllu: str) -> None:
        atomic_write(self._path(text_hash), conllu.encode("utf-8"))

    def describe(self, processors: Sequence[str], stanza_version: str) -> None:
        """Write ``model.json`` (what made these parses) unless it is there; a read-only cache is left as is."""
        record = self.root / "model.json"
        if record.is_file():
            return
        try:
            atomic_write(record, json.dumps({"processors": list(processors), "stanza": stanza_version}).encode())
        except (OSError, KGraphError):
            pass

    @classmethod
    def recorded(cls, root: Path, processors: Sequence[str]) -> list[ParseCache]:
        """The caches under ``root`` whose ``model.json`` names exactly ``processors``, newest first."""
        if not root.is_dir():
            return []
        found = []
        for record in root.glob("*/model.json"):
            try:
                if json.loads(record.read_text(encoding="utf-8")).get("processors") == list(processors):
                    found.append((record.stat().st_mtime, record.parent.name))
            except (OSError, ValueError, AttributeError):
                continue
        return [cls(root, identity) for _, identity in sorted(found, reverse=True)]
