"""Read articles from .txt, .html, .json and .jsonl files, folders or stdin; drop page debris
and datelines.

A file's suffix decides how it is read: ``.jsonl`` one article per line, ``.json`` an array of
such articles (or one), ``.html``/``.htm`` the page's main text through :mod:`kgraph.pages`,
anything else plain text. A PDF, a spreadsheet or a word-processor file gets advice on how to
turn it into text; in a folder, the files of other kinds are named in one warning.

Readers yield :class:`~kgraph.model.Document` one at a time, so a corpus of any size
streams. Bad input raises :class:`~kgraph.errors.InputError` naming the file (and line).

Hostile input is bounded here: a file, line or stdin is read only up to ``max_bytes`` (counted
as read, so devices and pipes are bounded too), an article's text is at most ``max_chars``
characters, line-separator characters (U+2028, U+2029, U+0085, VT, FF, 0x1C–0x1E) become line
breaks and other control characters spaces, lone surrogates are refused, and a folder is read
without following symbolic links out of it (unless ``follow_symlinks``). Ids are kept exactly as
given: :mod:`kgraph.rdf.iris` percent-encodes them, so two different ids never share an IRI;
an id used twice is reported and the second article gets a distinct one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from kgraph.errors import DataFileError, InputError
from kgraph.model import Document
from kgraph.pages import extract_page
from kgraph.resources import data_path, load_toml

__all__ = ["ReadOptions", "read_documents", "read_text_file", "read_html_file", "read_json", "read_jsonl",
           "clean_text", "normalise_text",
           "input_files", "check_inputs", "count_json_items", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: the longest article text accepted, in characters (a long news article has about 30,000)
DEFAULT_MAX_CHARS = 200_000
#: the longest id accepted, in characters
MAX_ID_CHARS = 1_000
#: the suffixes read in folders, and how (any other file given by name is read as plain text)
_SUFFIXES = {".txt": "text", ".jsonl": "jsonl", ".json": "json", ".html": "html", ".htm": "html"}
#: files that are not text: what to do instead
_NOT_TEXT = {
    ".pdf": "a PDF, not text: extract its text first (pdftotext -enc UTF-8 {file} {txt}, from "
            "poppler-utils) and build from the .txt",
    ".csv": "a table: kgraph reads articles as .txt, .html, .json or .jsonl; write the rows as JSONL "
            "with a 'text' column (pandas: read_csv({name}).to_json({jsonl}, orient='records', "
            "lines=True, force_ascii=False))",
    ".docx": "a word-processor document, not text: save it as plain text (.txt, UTF-8) first",
}
_NOT_TEXT.update({".tsv": _NOT_TEXT[".csv"], ".xlsx": _NOT_TEXT[".csv"], ".xls": _NOT_TEXT[".csv"],
                  ".doc": _NOT_TEXT[".docx"], ".odt": _NOT_TEXT[".docx"], ".rtf": _NOT_TEXT[".docx"]})
#: a folder's warning names at most this many of the files it skips
_NAMED_SKIPS = 10
# Characters str.splitlines() (and readers of CoNLL-U) treat as line ends: they become "\n".
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Other control characters (C0 but tab and newline, DEL, C1): they become spaces.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ReadOptions:
    date: dt.date | None = None  # publication date for plain-text input
    on_error: str = "stop"  # what a bad JSONL line (malformed, not UTF-8, too long) does: stop | skip
    max_bytes: int = DEFAULT_MAX_BYTES  # per file, per JSONL line, and for stdin
    max_chars: int = DEFAULT_MAX_CHARS  # per article text, after cleaning
    follow_symlinks: bool = False  # read symbolic links in folders that point out of the folder
    warn: Callable[[str], None] | None = None  # for skipped lines and files; default: stderr


def _warner(opts: ReadOptions) -> Callable[[str], None]:
    return opts.warn or (lambda msg: print(f"kgraph: warning: {msg}", file=sys.stderr))


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern
    keep: str | None


@lru_cache(maxsize=2)
def _patterns(table: str = "pattern") -> tuple[_Pattern, ...]:
    """The ``[[pattern]]`` (whole debris lines) or ``[[dateline]]`` (line openings) of boilerplate.toml."""
    path = data_path("boilerplate.toml")
    out = []
    for i, item in enumerate(load_toml(path).get(table, []), 1):
        try:
            out.append(_Pattern(item["name"], re.compile(item["regex"]), item.get("keep")))
        except (KeyError, re.error) as exc:
            raise DataFileError(path, None, f"{table} #{i}: {exc}") from exc
        if out[-1].keep not in (None, "url"):
            raise DataFileError(path, None, f"{table} #{i}: keep must be 'url'")
    return tuple(out)


def _without_dateline(line: str) -> str:
    """``line`` less a dateline that opens it ("JAKARTA, KOMPAS.com - Presiden …")."""
    body = line.lstrip()
    for pattern in _patterns("dateline"):
        match = pattern.regex.match(body)
        if match:
            return body[match.end():]
    return line


def normalise_text(text: str) -> str:
    """Line separators of every kind become ``\\n``, other control characters spaces."""
    return _CONTROLS.sub(" ", _LINE_BREAKS.sub("\n", text))


def clean_text(text: str) -> tuple[str, dict[str, str]]:
    """Drop debris lines and datelines; return the cleaned text and fields kept from them (``url``)."""
    kept: dict[str, str] = {}
    lines = []
    for line in normalise_text(text).split("\n"):
        stripped = line.strip()
        found = next(((p, m) for p in _patterns() if (m := p.regex.fullmatch(stripped))), None)
        if found is None:
            lines.append(_without_dateline(line).rstrip())
        elif found[0].keep and found[1].groups():
            kept.setdefault(found[0].keep, found[1].group(1))
    cleaned = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", cleaned), kept


def _not_text(where: str, suffix: str) -> InputError:
    """The error for a file that is not text, with the advice for its kind."""
    stem = where.rsplit(".", 1)[0] if "." in Path(where).name else where
    txt = f"{stem}.txt" if f"{stem}.txt" != where else f"{stem}-text.txt"
    advice = _NOT_TEXT[suffix].format(file=shlex.quote(where), txt=shlex.quote(txt), name=repr(where),
                                      jsonl=repr(f"{stem}.jsonl"))
    return InputError(f"{where}: {advice}")


def _refuse_binary(data: bytes, where: str) -> None:
    if data.startswith(b"%PDF-"):
        raise _not_text(where, ".pdf")
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: looks like a binary file, not UTF-8 text")


def _decode(data: bytes, where: str) -> str:
    _refuse_binary(data, where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (undecodable byte at offset {exc.start}); "
                         "convert it with iconv -t UTF-8") from exc


def _read_bytes(path: Path, opts: ReadOptions) -> bytes:
    """The file's bytes, at most ``max_bytes`` of them read (devices and pipes included)."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    try:
        with open(path, "rb") as fh:
            data = fh.read(opts.max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > opts.max_bytes:
        raise InputError(f"{path}: over the limit of {opts.max_bytes:,} bytes "
                         "(split the corpus or raise --max-bytes)")
    return data


def _document(text: str, doc_id: str, where: str, opts: ReadOptions, **fields) -> Document:
    if len(text) > 4 * opts.max_chars:  # far over: refuse before cleaning so much text
        raise InputError(f"{where}: the article's text has {len(text):,} characters, over the limit of "
                         f"{opts.max_chars:,} (split it or raise --max-chars)")
    cleaned, kept = clean_text(text)
    if not cleaned:
        raise InputError(f"{where}: empty text")
    if len(cleaned) > opts.max_chars:
        raise InputError(f"{where}: the article's text has {len(cleaned):,} characters, over the limit of "
                         f"{opts.max_chars:,} (split it or raise --max-chars)")
    fields = {k: v for k, v in fields.items() if v is not None}
    fields.setdefault("url", kept.get("url"))
    return Document(id=doc_id, text=cleaned, origin=where, **fields)


def read_text_file(path: Path, opts: ReadOptions) -> Document:
    """One article per .txt file; its id is the file name without suffix."""
    if path.suffix.lower() in _NOT_TEXT:
        raise _not_text(str(path), path.suffix.lower())
    text = _decode(_read_bytes(path, opts), str(path))
    return _document(text, path.stem, str(path), opts, date=opts.date)


def read_html_file(path: Path, opts: ReadOptions) -> Document:
    """One article per saved web page: its main text, and the title, URL and date its markup gives
    (``--date`` where it gives none)."""
    data = _read_bytes(path, opts)
    _refuse_binary(data, str(path))
    page = extract_page(data, str(path))
    date, precision = _parse_date(page.date, str(path)) if page.date else (opts.date, "day")
    return _document(page.text, path.stem, str(path), opts, title=page.title, url=page.url, date=date,
                     date_precision=precision)


def _parse_date(value: object, where: str, warn: Callable[[str], None] | None = None) -> tuple[dt.date | None, str]:
    """An ISO date, or a year-month or year alone: (date, precision). A timestamp keeps its day,
    and ``warn`` is told what was cut."""
    if value in (None, ""):
        return None, "day"
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1), "year"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date(int(text[:4]), int(text[5:]), 1), "month"
        day = dt.date.fromisoformat(text[:10])
        if len(text) > 10 and warn is not None:
            warn(f"{where}: date {text!r} truncated to {day.isoformat()} (kgraph keeps the day only)")
        return day, "day"
    except ValueError as exc:
        raise InputError(f"{where}: 'date' must be an ISO date (YYYY-MM-DD, YYYY-MM or YYYY), "
                         f"got {value!r}") from exc


def _load_json(text: str, where: str, lines: bool = False) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at = f"line {exc.lineno}, column {exc.colno}" if lines else f"column {exc.colno}"
        raise InputError(f"{where}: malformed JSON ({exc.msg} at {at})") from exc
    except RecursionError:
        raise InputError(f"{where}: malformed JSON (nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(f"{where}: malformed JSON ({str(exc)[:120]})") from None


def _jsonl_document(line: str, where: str, default_id: str, opts: ReadOptions) -> Document:
    return _item_document(_load_json(line, where), where, default_id, opts)


def _item_document(item: object, where: str, default_id: str, opts: ReadOptions) -> Document:
    """One article from a JSON object (a JSONL line or an item of a JSON array)."""
    if not isinstance(item, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field")
    text = item.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: missing 'text' (a string) field")
    for key in ("id", "title", "url", "source", "text"):
        value = item.get(key)
        if value is not None and not isinstance(value, (str, int)) or isinstance(value, bool):
            raise InputError(f"{where}: field {key!r} must be a string")
        if isinstance(value, str) and _SURROGATE.search(value):
            raise InputError(f"{where}: field {key!r} holds a lone surrogate "
                             f"({_SURROGATE.search(value).group().encode('unicode_escape').decode()}), "
                             "which is not valid Unicode")
    doc_id = str(item.get("id") or default_id)
    if len(doc_id) > MAX_ID_CHARS:
        raise InputError(f"{where}: 'id' has {len(doc_id):,} characters (limit {MAX_ID_CHARS:,})")
    date, precision = _parse_date(item.get("date"), where, _warner(opts))
    return _document(text, doc_id, where, opts, title=item.get("title"), date=date, date_precision=precision,
                     url=item.get("url"), source=item.get("source"))


def _jsonl_lines(lines: Iterable[bytes | None], name: str, stem: str, opts: ReadOptions) -> Iterator[Document]:
    """Documents from JSONL lines (None: a line over ``max_bytes``, already skipped over).

    With ``on_error="skip"``, a bad line — malformed, not UTF-8, over the limit — is reported
    and skipped; otherwise it stops the read.
    """
    warn = _warner(opts)
    for number, raw in enumerate(lines, 1):
        if raw is not None and not raw.strip():
            continue
        where = f"{name}:{number}"
        try:
            if raw is None:
                raise InputError(f"{where}: line over the limit of {opts.max_bytes:,} bytes (raise --max-bytes)")
            yield _jsonl_document(_decode(raw, where), where, f"{stem}-{number}", opts)
        except InputError as exc:
            if opts.on_error != "skip":
                raise
            warn(f"skipped {exc}")


def _bounded_lines(fh, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of a binary stream, split on ``\\n`` only; None for a line over ``max_bytes``
    (read past in chunks, never held whole)."""
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) <= max_bytes:
            yield raw
            continue
        while raw and not raw.endswith(b"\n"):
            raw = fh.readline(1 << 20)
        yield None


def read_jsonl(path: Path, opts: ReadOptions) -> Iterator[Document]:
    """One article per line; streams, so the byte limit applies per line."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with fh:
        try:
            yield from _jsonl_lines(_bounded_lines(fh, opts.max_bytes), str(path), path.stem, opts)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def read_json(path: Path, opts: ReadOptions) -> Iterator[Document]:
    """A JSON array of articles (the fields and errors of JSONL lines, each item named
    ``FILE[N]``, N from 1), or one article object."""
    yield from _json_documents(_decode(_read_bytes(path, opts), str(path)), str(path), path.stem, opts)


def _json_documents(text: str, name: str, stem: str, opts: ReadOptions) -> Iterator[Document]:
    data = _load_json(text, name, lines=True)
    if isinstance(data, dict):
        yield _item_document(data, name, stem, opts)
        return
    if not isinstance(data, list):
        raise InputError(f"{name}: expected a JSON array of articles (objects with a 'text' field)")
    warn = _warner(opts)
    for number, item in enumerate(data, 1):
        try:
            yield _item_document(item, f"{name}[{number}]", f"{stem}-{number}", opts)
        except InputError as exc:
            if opts.on_error != "skip":
                raise
            warn(f"skipped {exc}")


def count_json_items(path: Path, max_bytes: int) -> int | None:
    """How many articles a .json file holds (the array's length, or 1); None if it cannot be read."""
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read(max_bytes + 1))
    except (OSError, ValueError, RecursionError):
        return None
    return len(data) if isinstance(data, list) else 1


def _read_stdin(opts: ReadOptions) -> Iterator[Document]:
    data = sys.stdin.buffer.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        raise InputError(f"<stdin>: over the limit of {opts.max_bytes:,} bytes")
    first = next((ln for ln in data.split(b"\n") if ln.strip()), b"")
    if first.lstrip().startswith(b"{"):
        yield from _jsonl_lines(data.split(b"\n"), "<stdin>", "stdin", opts)
    elif first.lstrip().startswith(b"["):
        yield from _json_documents(_decode(data, "<stdin>"), "<stdin>", "stdin", opts)
    else:
        text = _decode(data, "<stdin>")
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        yield _document(text, f"stdin-{digest}", "<stdin>", opts, date=opts.date)


def input_files(folder: Path, opts: ReadOptions, warn: Callable[[str], None] | None = None) -> list[Path]:
    """The files under ``folder`` kgraph reads (.txt .jsonl .json .html .htm), sorted; what cannot be
    read is warned about, and the files of other kinds are counted and named in one warning.

    Symbolic links that lead out of ``folder`` are skipped unless ``opts.follow_symlinks``
    (links within it are read, once); so are subfolders that cannot be listed.
    """
    warn = warn or (lambda msg: None)
    top = folder.resolve()
    seen_dirs: set[str] = set()
    files, other = [], []

    def unreadable(exc: OSError) -> None:
        warn(f"skipped {exc.filename}: cannot read the folder ({exc.strerror or exc})")

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=opts.follow_symlinks):
        here = Path(dirpath)
        real = os.path.realpath(here)
        if real in seen_dirs:  # a link loop, or a folder reached twice
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        for name in dirnames:
            if (here / name).is_symlink() and not opts.follow_symlinks:
                warn(f"skipped {here / name}: a symbolic link to a folder (pass --follow-symlinks to read it)")
        for name in filenames:
            path = here / name
            if path.suffix.lower() not in _SUFFIXES:
                other.append(path.relative_to(folder).as_posix())
                continue
            if path.is_symlink() and not opts.follow_symlinks and not path.resolve().is_relative_to(top):
                warn(f"skipped {path}: a symbolic link out of {folder} (pass --follow-symlinks to read it)")
                continue
            if path.is_file():
                files.append(path)
    if other:
        other.sort()
        named = ", ".join(other[:_NAMED_SKIPS]) + (f" and {len(other) - _NAMED_SKIPS} more"
                                                    if len(other) > _NAMED_SKIPS else "")
        warn(f"{folder}: skipped {len(other)} file(s) of kinds kgraph does not read ({named}); it reads "
             f"{' '.join(_SUFFIXES)}")
    return sorted(files)


def _read_path(path: Path, opts: ReadOptions) -> Iterator[Document]:
    if path.is_dir():
        files = input_files(path, opts, _warner(opts))
        if not files:
            raise InputError(f"{path}: folder holds no {', '.join(_SUFFIXES)} files")
        for file in files:
            yield from _read_path(file, opts)
        return
    kind = _SUFFIXES.get(path.suffix.lower(), "text")
    if kind == "jsonl":
        yield from read_jsonl(path, opts)
    elif kind == "json":
        yield from read_json(path, opts)
    elif kind == "html":
        yield read_html_file(path, opts)
    else:
        yield read_text_file(path, opts)


def check_inputs(inputs: Iterable[str]) -> None:
    """Every input (but ``-``) exists: a misspelt name fails before any other work."""
    for name in inputs:
        if name != "-" and not os.path.lexists(name):
            raise InputError(f"{name}: no such file or folder")


def read_documents(inputs: Iterable[str], opts: ReadOptions = ReadOptions()) -> Iterator[Document]:
    """Documents from every input (a path or ``-``), ids made unique across the run.

    An id already used (two records, or two files of the same name in different folders) is
    reported, and the later article gets ``ID-HASH`` (its text hash). Inputs that hold no
    article at all are an error, as an empty .txt file is.
    """
    inputs = list(inputs)
    warn = _warner(opts)
    seen: dict[str, str] = {}
    for name in inputs:
        docs = _read_stdin(opts) if name == "-" else _read_path(Path(name), opts)
        for doc in docs:
            if doc.id in seen:
                new_id = f"{doc.id}-{doc.text_hash[:8]}"
                n = 1
                while new_id in seen:
                    n += 1
                    new_id = f"{doc.id}-{doc.text_hash[:8]}-{n}"
                warn(f"{doc.origin}: id {doc.id!r} is already used by {seen[doc.id]}; "
                     f"this article gets the id {new_id!r}")
                doc = replace(doc, id=new_id)
            seen[doc.id] = doc.origin
            yield doc
    if not seen:
        raise InputError(f"{', '.join(inputs)}: no articles in the input; nothing was written")
