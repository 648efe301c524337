"""notebooks/*.ipynb run top to bottom (nbmake), with the real Stanza models.

A notebook that reads shared data lists it in its metadata (``kgraph.needs_shared``, paths under
``../shared``); it is skipped, saying what is missing, where that data is not there.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.parametrize("notebook", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_notebook_runs(notebook):
    path = ROOT / "notebooks" / notebook
    needs = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("kgraph", {}).get("needs_shared", [])
    missing = [need for need in needs if not (SHARED / need).exists()]
    if missing:
        pytest.skip(f"{notebook} reads shared data that is not at {SHARED}: {', '.join(missing)}")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbmake", "--nbmake-timeout=600", "-o", "addopts=",
         "-p", "no:cacheprovider", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
