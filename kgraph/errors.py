"""Errors raised by kgraph. Each message says what went wrong and how to fix it."""
from __future__ import annotations


class KGraphError(Exception):
    """Base class: the CLI prints the message on one line and exits non-zero."""

    exit_code = 1


class InputError(KGraphError, ValueError):
    """An input file or stream cannot be read as articles."""

    exit_code = 2


class ModelsNotFoundError(KGraphError, FileNotFoundError):
    """No Stanza models for Indonesian were found where kgraph looked."""

    exit_code = 3


class DataFileError(KGraphError, ValueError):
    """A data file under ontologies/ (gazetteer, titles, rules) is malformed."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")


class OutputError(KGraphError, OSError):
    """An output file cannot be written."""
