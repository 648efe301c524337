"""The hostile-input campaign as a test: every family, every run checked (see harness.check_outcome).

The default run takes a fixed-seed sample of each family (two cases that need no Stanza; the
separators reach Stanza in test_fixes.py);
``-m slow`` runs every case. ``benchmarks/hostile_campaign.py`` runs them all and prints the
counts per family.
"""
from __future__ import annotations

import random

import pytest

from families import make_cases
from harness import run_case

FAMILIES = ("encodings", "separators", "nesting", "sizes", "ids", "sparql", "rdf", "stores", "races", "files")
SEED = 14


def _sample(cases: list, family: str) -> list:
    quick = [c for c in cases if not c.stanza]
    return random.Random(f"{SEED}-{family}").sample(quick, min(2, len(quick)))


def _run(tmp_path, sample, listener, family: str, every: bool) -> None:
    graph, store = sample
    cases = make_cases(tmp_path, graph=graph, store=store, port=listener.port, only=family)[family]
    chosen = cases if every else _sample(cases, family)
    if not chosen:
        pytest.skip(f"every {family} case parses with Stanza: they run with -m slow")
    failures = {}
    for case in chosen:
        _, problems = run_case(case, tmp_path, lambda: listener.connections)
        if problems:
            failures[case.id] = problems
    assert not failures


@pytest.mark.parametrize("family", FAMILIES)
def test_hostile_sample(tmp_path, sample, listener, family):
    _run(tmp_path, sample, listener, family, every=False)


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_hostile_every_case(tmp_path, sample, listener, family):
    _run(tmp_path, sample, listener, family, every=True)
