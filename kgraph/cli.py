"""The ``kgraph`` command: thin wrappers over the library functions.

Each command lives in ``kgraph/commands/<name>.py`` and exposes ``register(subparsers)``,
which adds its parser and sets ``func`` (taking the parsed args, returning an exit code).
Run as a program, the command runs in a supervised child under a memory ceiling
(:mod:`kgraph.limits`); called with an argument list (tests, scripts), it runs in this process.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from kgraph import __version__
from kgraph.errors import KGraphError
from kgraph.limits import DEFAULT_MAX_MEMORY, format_size, memory_ceiling, parse_size, run_supervised

#: command modules, in the order ``kgraph --help`` lists them
COMMANDS: tuple[str, ...] = ("build", "load", "models", "eval", "view", "stats", "entities", "query", "export",
                             "validate", "serve")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgraph", description="Knowledge graphs of international relations from Indonesian news.")
    parser.add_argument("--version", action="version", version=f"kgraph {__version__}")
    parser.add_argument("--max-memory", type=_size, metavar="SIZE",
                        help="memory ceiling of the command, like 2G or 512M; 0 for none "
                             "(default: $KGRAPH_MAX_MEMORY, else 2G; 8G for load)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"kgraph.commands.{name}").register(sub)
    return parser


def _size(text: str) -> str:
    try:
        parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def ceiling_of(args: argparse.Namespace) -> int:
    """The memory ceiling of the parsed command: --max-memory, $KGRAPH_MAX_MEMORY or its default."""
    return memory_ceiling(args.max_memory, getattr(args, "default_max_memory", DEFAULT_MAX_MEMORY))


def main(argv: list[str] | None = None) -> int:
    """``kgraph …``: with ``argv`` None (the program), the command runs supervised, under its ceiling."""
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        limit = ceiling_of(args)
    except ValueError as exc:
        parser.error(f"$KGRAPH_MAX_MEMORY: {exc}")
    if argv is None:
        return run_supervised(lambda: _run(args, limit), limit)
    return _run(args, limit)


def _run(args: argparse.Namespace, limit: int) -> int:
    try:
        return int(args.func(args) or 0)
    except KGraphError as exc:
        print(f"kgraph: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except MemoryError:
        ceiling = f"the ceiling of {format_size(limit)}; --max-memory raises it" if limit else "no ceiling"
        print(f"kgraph: error: out of memory ({ceiling}); nothing already written was changed",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
