"""File helpers shared by the stages: temporary twins of outputs, atomic writes.

An output is written to a temporary twin next to it (``.NAME.XXXXXX.part``) and renamed over it
at the end, so it is never half-written. A twin is locked (``flock``) while its writer runs; a
twin left behind by a run that was killed (kill -9, power loss) is unlocked, and the next write
of the same output removes it.
"""
from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

from kgraph.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover (not POSIX: twins are not locked nor cleaned)
    fcntl = None

__all__ = ["atomic_write", "temp_twin", "remove_stale_twins", "umask"]


def umask() -> int:
    """The process's file-creation mask."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _locked(fd: int) -> bool:
    """Take the twin's lock; False if another live process holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def remove_stale_twins(path: Path) -> list[Path]:
    """Delete the temporary twins of ``path`` whose writer is gone; the ones removed."""
    if fcntl is None:
        return []
    removed = []
    for twin in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        try:
            fd = os.open(twin, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if _locked(fd):
                twin.unlink()
                removed.append(twin)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def temp_twin(path: Path) -> tuple[int, Path]:
    """Create a locked temporary twin of ``path`` (after removing stale ones): (fd, its path)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_twins(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    if fcntl is not None:
        _locked(fd)
    return fd, Path(tmp)


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write via a temporary twin in the same folder, then rename: never a half-written file."""
    path = Path(path)
    fd, tmp = temp_twin(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes 0600; give the usual mode
            os.replace(tmp, path)  # before closing: the lock is held until the rename
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
