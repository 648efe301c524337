"""Fixtures of the hostile-input campaign: a kgraph graph file, a store, a loopback listener."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from families import write_sample  # noqa: E402
from test_safety import Listener  # noqa: E402


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, Path]:
    return write_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()
