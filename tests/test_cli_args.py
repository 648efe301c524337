"""Numeric options are checked by argparse, with one message shape for every command."""
from __future__ import annotations

import argparse

import pytest

from kgraph.cli import make_parser
from kgraph.commands.argtypes import number


@pytest.mark.parametrize("argv", [
    ["build", "x.txt", "-o", "o.ttl", "--batch-size", "0"],
    ["build", "x.txt", "-o", "o.ttl", "--workers", "-1"],
    ["build", "x.txt", "-o", "o.ttl", "--max-bytes", "ten"],
    ["query", "g.ttl", "ASK {}", "--timeout", "-1"],
    ["view", "g.ttl", "-o", "v.html", "--hops", "-2"],
    ["view", "g.ttl", "-o", "v.html", "--max-nodes", "0"],
    ["stats", "g.ttl", "--top", "0"],
])
def test_cli_args_out_of_range_numbers_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        make_parser().parse_args(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "must be at least" in err or "must be more than" in err or "not a whole number" in err


def test_cli_args_number_type():
    assert number(float, 0, strict=True)("0.5") == 0.5
    assert number(int, 0)("0") == 0
    with pytest.raises(argparse.ArgumentTypeError, match="more than 0"):
        number(float, 0, strict=True)("0")
    with pytest.raises(argparse.ArgumentTypeError, match="not a whole number"):
        number()("1.5")
