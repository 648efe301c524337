"""Argument types shared by the commands: finite numbers with a lower (and upper) bound."""
from __future__ import annotations

import argparse
import math
from collections.abc import Callable

__all__ = ["number"]


def number(cast: Callable[[str], float] = int, minimum: float = 1, *,
           strict: bool = False, maximum: float | None = None) -> Callable[[str], float]:
    """An argparse type: a finite ``cast(text)`` that is at least ``minimum`` (more than it if
    ``strict``) and at most ``maximum``."""
    kind = "a whole number" if cast is int else "a number"
    bound = f"more than {minimum}" if strict else f"at least {minimum}"
    if maximum is not None:
        bound += f" and at most {maximum:,}"

    def parse(text: str) -> float:
        try:
            value = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {kind}: {text[:40]!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a finite number: {text!r}")
        if value < minimum or (strict and value == minimum) or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"must be {bound}: {text[:40]!r}")
        return value

    return parse
