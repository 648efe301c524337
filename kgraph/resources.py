"""Where kgraph's data files (``ontologies/``) are, in a checkout or an installed copy."""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from kgraph.errors import DataFileError, KGraphError

__all__ = ["ontologies_dir", "data_path", "load_toml"]


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
