"""The hostile-input campaign as a test: every family, every run checked (see harness.check_outcome).

The default run takes a fixed-seed sample of each family (a few seconds each, one Stanza case);
``-m slow`` runs every case. ``benchmarks/hostile_campaign.py`` runs them all and prints the
counts per family.
"""
from __future__ import annotations

import random

import pytest

from families import make_cases
from harness import run_case

FAMILIES = ("encodings", "separators", "nesting", "sizes", "ids", "sparql", "rdf", "stores", "files")
SEED = 14


def _sample(cases: list, family: str) -> list:
    quick = [c for c in cases if not c.stanza]
    chosen = random.Random(f"{SEED}-{family}").sample(quick, min(2, len(quick)))
    if family == "separators":
        chosen.append(next(c for c in cases if c.name == "in-tokens"))
    return chosen


def _run(tmp_path, sample, listener, family: str, every: bool) -> None:
    graph, store = sample
    cases = make_cases(tmp_path, graph=graph, store=store, port=listener.port, only=family)[family]
    failures = {}
    for case in cases if every else _sample(cases, family):
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
