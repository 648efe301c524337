"""Atomic writes: all or nothing, with the usual file mode."""
from __future__ import annotations

import os
import stat

import pytest

from kgraph.errors import OutputError
from kgraph.fileio import atomic_write


def test_fileio_atomic_write_gives_the_umask_mode_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "out.ttl"
        atomic_write(path, b"data")
    finally:
        os.umask(old)
    assert path.read_bytes() == b"data"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_fileio_failed_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "dir-not-file"
    target.mkdir()
    with pytest.raises(OutputError):
        atomic_write(target, b"data")  # cannot replace a folder with a file
    assert [p.name for p in tmp_path.iterdir()] == ["dir-not-file"]
