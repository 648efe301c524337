"""The ``kgraph`` command: thin wrappers over the library functions.

Each command lives in ``kgraph/commands/<name>.py`` and exposes ``register(subparsers)``,
which adds its parser and sets ``func`` (taking the parsed args, returning an exit code).
"""
from __future__ import annotations

import argparse
import importlib
import sys

from kgraph import __version__
from kgraph.errors import KGraphError

#: command modules, in the order ``kgraph --help`` lists them
COMMANDS: tuple[str, ...] = ("build", "models", "eval", "view", "stats", "entities", "query", "export", "validate")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgraph", description="Knowledge graphs of international relations from Indonesian news.")
    parser.add_argument("--version", action="version", version=f"kgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"kgraph.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KGraphError as exc:
        print(f"kgraph: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
