"""Read articles from .txt files, folders, .jsonl files or stdin, and drop page debris.

Readers yield :class:`~kgraph.model.Document` one at a time, so a corpus of any size
streams. Bad input raises :class:`~kgraph.errors.InputError` naming the file (and line).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from kgraph.errors import DataFileError, InputError
from kgraph.model import Document
from kgraph.resources import data_path, load_toml

__all__ = ["ReadOptions", "read_documents", "read_text_file", "read_jsonl", "clean_text"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_SAFE_ID = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class ReadOptions:
    date: dt.date | None = None  # publication date for plain-text input
    on_error: str = "stop"  # what a malformed JSONL line does: stop | skip
    max_bytes: int = DEFAULT_MAX_BYTES
    warn: object = None  # callable(str) for skipped lines; default prints to stderr


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern
    keep: str | None


@lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    path = data_path("boilerplate.toml")
    out = []
    for i, item in enumerate(load_toml(path).get("pattern", []), 1):
        try:
            out.append(_Pattern(item["name"], re.compile(item["regex"]), item.get("keep")))
        except (KeyError, re.error) as exc:
            raise DataFileError(path, None, f"pattern #{i}: {exc}") from exc
        if out[-1].keep not in (None, "url"):
            raise DataFileError(path, None, f"pattern #{i}: keep must be 'url'")
    return tuple(out)


def clean_text(text: str) -> tuple[str, dict[str, str]]:
    """Drop debris lines; return the cleaned text and fields kept from them (``url``)."""
    kept: dict[str, str] = {}
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        found = next(((p, m) for p in _patterns() if (m := p.regex.fullmatch(stripped))), None)
        if found is None:
            lines.append(line.rstrip())
        elif found[0].keep and found[1].groups():
            kept.setdefault(found[0].keep, found[1].group(1))
    cleaned = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", cleaned), kept


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: looks like a binary file, not UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (undecodable byte at offset {exc.start}); "
                         "convert it with iconv -t UTF-8") from exc


def _read_bytes(path: Path, opts: ReadOptions) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    size = path.stat().st_size
    if size > opts.max_bytes:
        raise InputError(f"{path}: {size:,} bytes is over the limit of {opts.max_bytes:,} "
                         "(split the corpus or raise --max-bytes)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc


def _document(text: str, doc_id: str, where: str, **fields) -> Document:
    cleaned, kept = clean_text(text)
    if not cleaned:
        raise InputError(f"{where}: empty text")
    fields = {k: v for k, v in fields.items() if v is not None}
    fields.setdefault("url", kept.get("url"))
    return Document(id=doc_id, text=cleaned, origin=where, **fields)


def read_text_file(path: Path, opts: ReadOptions) -> Document:
    """One article per .txt file; its id is the file name without suffix."""
    text = _decode(_read_bytes(path, opts), str(path))
    return _document(text, _SAFE_ID.sub("_", path.stem), str(path), date=opts.date)


def _parse_date(value: object, where: str) -> tuple[dt.date | None, str]:
    """An ISO date, or a year-month or year alone: (date, precision)."""
    if value in (None, ""):
        return None, "day"
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1), "year"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date(int(text[:4]), int(text[5:]), 1), "month"
        return dt.date.fromisoformat(text[:10]), "day"
    except ValueError as exc:
        raise InputError(f"{where}: 'date' must be an ISO date (YYYY-MM-DD, YYYY-MM or YYYY), "
                         f"got {value!r}") from exc


def _jsonl_document(line: str, where: str, default_id: str) -> Document:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field")
    text = item.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: missing 'text' (a string) field")
    for key in ("id", "title", "url", "source"):
        if item.get(key) is not None and not isinstance(item[key], (str, int)):
            raise InputError(f"{where}: field {key!r} must be a string")
    doc_id = _SAFE_ID.sub("_", str(item.get("id") or default_id))
    date, precision = _parse_date(item.get("date"), where)
    return _document(text, doc_id, where, title=item.get("title"), date=date, date_precision=precision,
                     url=item.get("url"), source=item.get("source"))


def _jsonl_lines(lines: Iterable[str], name: str, stem: str, opts: ReadOptions) -> Iterator[Document]:
    warn = opts.warn or (lambda msg: print(f"kgraph: warning: {msg}", file=sys.stderr))
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            yield _jsonl_document(line, where, f"{stem}-{number}")
        except InputError as exc:
            if opts.on_error != "skip":
                raise
            warn(f"skipped {exc}")


def read_jsonl(path: Path, opts: ReadOptions) -> Iterator[Document]:
    """One article per line; streams, so the file size limit applies per line."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    with open(path, "rb") as fh:
        def lines() -> Iterator[str]:
            for number, raw in enumerate(fh, 1):
                if len(raw) > opts.max_bytes:
                    raise InputError(f"{path}:{number}: line of {len(raw):,} bytes is over the limit "
                                     f"of {opts.max_bytes:,}")
                yield _decode(raw, f"{path}:{number}")
        yield from _jsonl_lines(lines(), str(path), _SAFE_ID.sub("_", path.stem), opts)


def _read_stdin(opts: ReadOptions) -> Iterator[Document]:
    data = sys.stdin.buffer.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        raise InputError(f"<stdin>: over the limit of {opts.max_bytes:,} bytes")
    text = _decode(data, "<stdin>")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if first.lstrip().startswith("{"):
        yield from _jsonl_lines(text.splitlines(), "<stdin>", "stdin", opts)
    else:
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        yield _document(text, f"stdin-{digest}", "<stdin>", date=opts.date)


def _read_path(path: Path, opts: ReadOptions) -> Iterator[Document]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".txt", ".jsonl") and p.is_file())
        if not files:
            raise InputError(f"{path}: folder holds no .txt or .jsonl files")
        for file in files:
            yield from _read_path(file, opts)
    elif path.suffix.lower() == ".jsonl":
        yield from read_jsonl(path, opts)
    else:
        yield read_text_file(path, opts)


def read_documents(inputs: Iterable[str], opts: ReadOptions = ReadOptions()) -> Iterator[Document]:
    """Documents from every input (a path or ``-``), ids made unique across the run."""
    seen: dict[str, int] = {}
    for name in inputs:
        docs = _read_stdin(opts) if name == "-" else _read_path(Path(name), opts)
        for doc in docs:
            count = seen.get(doc.id, 0)
            seen[doc.id] = count + 1
            if count:
                doc = replace(doc, id=f"{doc.id}-{doc.text_hash[:8]}")
            yield doc
