"""Argument types shared by the commands: numbers with a lower bound."""
from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["number"]


def number(cast: Callable[[str], float] = int, minimum: float = 1, *,
           strict: bool = False) -> Callable[[str], float]:
    """An argparse type: ``cast(text)`` that is at least ``minimum`` (more than it if ``strict``)."""
    kind = "a whole number" if cast is int else "a number"
    bound = f"more than {minimum}" if strict else f"at least {minimum}"

    def parse(text: str) -> float:
        try:
            value = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {kind}: {text!r}") from None
        if value < minimum or (strict and value == minimum):
            raise argparse.ArgumentTypeError(f"must be {bound}: {text!r}")
        return value

    return parse
