"""Where kgraph's data files (``ontologies/``) are, in a checkout or an installed copy."""
from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from kgraph.errors import DataFileError, KGraphError

__all__ = ["ontologies_dir", "data_path", "load_toml", "load_checked"]


@lru_cache(maxsize=1)
def ontologies_dir() -> Path:
    """``$KGRAPH_ONTOLOGIES``, else the checkout's ``ontologies/``, else the installed copy."""
    candidates = []
    if os.environ.get("KGRAPH_ONTOLOGIES"):
        candidates.append(Path(os.environ["KGRAPH_ONTOLOGIES"]))
    candidates.append(Path(__file__).resolve().parent.parent / "ontologies")
    candidates.append(Path(sys.prefix) / "share" / "kgraph" / "ontologies")
    for path in candidates:
        if (path / "kgraph.ttl").is_file():
            return path
    raise KGraphError("kgraph's data folder 'ontologies/' was not found; reinstall kgraph "
                      "or set KGRAPH_ONTOLOGIES to the folder that holds kgraph.ttl")


def data_path(*parts: str) -> Path:
    return ontologies_dir().joinpath(*parts)


def load_toml(path: Path) -> dict:
    """Parse a TOML data file; a syntax error names the file and line."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise DataFileError(path, None, "missing data file") from exc
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        if line is None:
            import re
            match = re.search(r"line (\d+)", str(exc))
            line = int(match.group(1)) if match else None
        raise DataFileError(path, line, f"invalid TOML: {exc}") from exc


def _line_of(text: str, dotted: str) -> int | None:
    """The line of a key ("person.max_name_tokens") or, failing that, of its table header."""
    *tables, key = dotted.split(".")
    header = re.search(rf"^\[{re.escape('.'.join(tables))}\]", text, re.MULTILINE) if tables else None
    start = header.end() if header else 0
    found = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.MULTILINE).search(text, start)
    match = found or header
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_checked(path: Path, spec: dict[str, type]) -> dict:
    """Parse a TOML data file and check that every dotted key of ``spec`` is there with the
    type it names; a missing or mistyped key is a :class:`DataFileError` with file and line."""
    data = load_toml(path)
    text = path.read_text(encoding="utf-8")
    for dotted, kind in spec.items():
        node = data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                raise DataFileError(path, _line_of(text, dotted), f"missing key {dotted!r}")
            node = node[part]
        if not isinstance(node, kind) or isinstance(node, bool) and kind is int:
            raise DataFileError(path, _line_of(text, dotted), f"{dotted!r} must be a {kind.__name__}")
        if kind is list and not all(isinstance(x, str) for x in node):
            raise DataFileError(path, _line_of(text, dotted), f"{dotted!r} must be a list of strings")
    return data
