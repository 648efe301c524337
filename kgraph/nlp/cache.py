"""The parse cache: one CoNLL-U file per (model identity, text hash).

An entry that cannot be read (missing, not UTF-8, not a file) is a miss; the caller reparses
the text and the new entry replaces the old one.
"""
from __future__ import annotations

import os
from pathlib import Path

from kgraph.errors import InputError
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
