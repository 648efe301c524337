"""Shared fixtures. Tests run the real Stanza pipeline with the shared offline models."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "kazakhstan-russia-sco.id.txt"
SHARED = ROOT.parent / "shared"

# a relative KGRAPH_STANZA_DIR (the README's ../shared/models/stanza) is relative to where pytest
# started; made absolute here, it stays right for the CLI runs in other folders
os.environ["KGRAPH_STANZA_DIR"] = str(Path(os.environ.get("KGRAPH_STANZA_DIR") or SHARED / "models" / "stanza")
                                      .resolve())


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Parses go to a per-session cache, never the user's."""
    if "KGRAPH_TEST_KEEP_CACHE" not in os.environ:
        os.environ["KGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("parse-cache"))
    yield


@pytest.fixture(scope="session")
def parser(_isolated_cache):
    from kgraph.nlp.parse import Parser

    return Parser()


@pytest.fixture(scope="session")
def seed_ttl(tmp_path_factory, _isolated_cache) -> Path:
    """The seed article built once with the real CLI (Turtle)."""
    out = tmp_path_factory.mktemp("seed") / "seed.ttl"
    subprocess.run([sys.executable, "-m", "kgraph", "build", str(SEED), "-o", str(out), "--date", "2024-05-21",
                    "-q"], check=True, env=os.environ.copy())
    return out


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m kgraph`` as a user would, capturing output."""
    return subprocess.run([sys.executable, "-m", "kgraph", *args], input=stdin, capture_output=True,
                          env=os.environ.copy(), cwd=cwd)


def kill_writer_midway(script: str, path: Path) -> None:
    """Run ``script`` (a Python program writing a store at ``path``); once it prints "ready",
    let it write a little longer, then kill -9 it, as a crash or an OOM kill would."""
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.7)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def forbid(monkeypatch, module, *names: str) -> None:
    """Make ``module.name`` fail the test when called: a path the code under test must not take
    (copying a store into memory or into rdflib)."""
    def refused(*_args, **_kwargs):
        raise AssertionError(f"{module.__name__}: the code took a path it must not take ({', '.join(names)})")

    for name in names:
        monkeypatch.setattr(module, name, refused)
