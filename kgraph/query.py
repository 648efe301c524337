"""SPARQL over a kgraph graph or store, with kgraph's prefixes predeclared; result formatting.

Queries are evaluated by Oxigraph (an rdflib Dataset is copied into an in-memory Oxigraph store
first). The default graph is the union of all articles' named graphs, materialised as a set by
:mod:`kgraph.sources` and :mod:`kgraph.store`, so a query sees every article without ``GRAPH``,
counts each triple once, and can still ask ``GRAPH ?g { … }`` for provenance. ``SERVICE`` is refused
unless network access is allowed (:func:`kgraph.safety.check_query`). Every query is evaluated in
a forked child process: it is killed when its ``timeout`` runs out (Oxigraph cannot be interrupted
from Python), it runs under the memory ceiling (:mod:`kgraph.limits`), it cannot open internet
sockets unless network access is allowed (:func:`kgraph.safety.block_network_syscalls`), and a
crash in it (a query that overflows Oxigraph's stack) becomes a :class:`QueryError`.

    result = run_query(store_or_dataset, "SELECT ?c WHERE { ?c a kgo:Country }")
    print(result.serialize("table").decode())
"""
from __future__ import annotations

import difflib
import io
import math
import multiprocessing
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kgraph.errors import InputError, KGraphError
from kgraph.rdf.formats import rdf_format
from kgraph.rdf.namespaces import ENTITY_PREFIXES, bind_prefixes
from kgraph.rdf.namespaces import PREFIXES as _NAMESPACES
from kgraph.limits import apply_memory_ceiling, data_size, memory_ceiling, signal_name
from kgraph.safety import block_network_syscalls, check_query

__all__ = ["PREFIXES", "RESULT_FORMATS", "MAX_TIMEOUT", "QueryError", "QuerySyntaxError", "QueryTimeoutError",
           "QueryResult", "read_query", "parse_term", "run_query", "shorten", "unknown_terms"]

#: prefixes predeclared in every query: kgo kgr wd wdt rdf rdfs owl skos prov xsd dcterms time,
#: and the entity kinds country person org igo place doc (``country:JPN`` = ``kgr:country/JPN``)
PREFIXES: dict[str, str] = {name: str(ns) for name, ns in {**_NAMESPACES, **ENTITY_PREFIXES}.items()}
#: for :func:`shorten`: the longest namespace first, so ``country:JPN`` wins over ``kgr:…``
_LONGEST_FIRST = dict(sorted(((k, v) for k, v in PREFIXES.items() if k != "igo"), key=lambda kv: -len(kv[1])))
#: characters a SPARQL prefixed name must escape with a backslash (PN_LOCAL_ESC)
_LOCAL_ESCAPE = re.compile(r"([~.!$&'()*+,;=/?#@])")
_PN_LOCAL = re.compile(r"(?:[\w\u00B7\u0300-\u036F\u203F-\u2040:]|%[0-9A-Fa-f]{2}|\\[~.\-!$&'()*+,;=/?#@])"
                       r"(?:[\w\u00B7\u0300-\u036F\u203F-\u2040:-]|%[0-9A-Fa-f]{2}|\\[~.\-!$&'()*+,;=/?#@])*")
#: output formats of :meth:`QueryResult.serialize` for SELECT and ASK
RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "turtle")
#: ``-o FILE`` suffix → result format for SELECT and ASK (CONSTRUCT/DESCRIBE: :mod:`kgraph.rdf.formats`)
RESULT_SUFFIXES: dict[str, str] = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".txt": "table"}


#: the longest ``timeout`` accepted, in seconds (30 days; longer ones overflow the OS's timers)
MAX_TIMEOUT = 30 * 24 * 3600
#: the largest result a query may give, serialised (the parent formats it in memory)
MAX_RESULT_BYTES = 256 * 1024 * 1024
#: a query over a store folder that a build is writing is tried this many times
_STORE_ATTEMPTS = 3


class QueryError(KGraphError):
    """A query could not be evaluated."""


class QuerySyntaxError(QueryError, SyntaxError):
    """The query text is not valid SPARQL; the message gives line and column."""


class _ChildDied(QueryError):
    """The process evaluating the query died (out of memory, or a crash) without an answer."""


class QueryTimeoutError(QueryError, TimeoutError):
    """The query ran longer than its timeout."""

    exit_code = 5


def read_query(text_or_path: str) -> str:
    """The query text: the contents of a ``.rq`` (or other existing) file, else the text itself."""
    candidate = Path(text_or_path)
    looks_like_file = text_or_path.endswith((".rq", ".sparql")) or (
        "\n" not in text_or_path and len(text_or_path) < 4096 and _is_file(candidate))
    if not looks_like_file:
        return text_or_path
    try:
        return candidate.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{text_or_path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{text_or_path}: cannot read the query ({exc})") from exc


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL character: query text, not a path
        return False


_LITERAL = re.compile(r'^"(?P<value>.*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^(?P<dt>\S+))?$', re.DOTALL)


def parse_term(text: str) -> ox.NamedNode | ox.Literal:
    """A value for ``--bind``: ``<iri>``, ``prefix:local`` (``country:RUS``, ``kgr:country/RUS``), ``"text"@id``,
    ``"2024"^^xsd:gYear``, a number, or bare text (a plain string)."""
    text = text.strip()
    try:
        return _term(text)
    except ValueError as exc:
        raise InputError(f"--bind value {text[:80]!r} is not a valid RDF term ({str(exc)[:120]})") from None


def _term(text: str) -> ox.NamedNode | ox.Literal:
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    m = _LITERAL.match(text)
    if m:
        if m.group("lang"):
            return ox.Literal(m.group("value"), language=m.group("lang"))
        if m.group("dt"):
            dt = _term(m.group("dt"))
            if not isinstance(dt, ox.NamedNode):
                raise InputError(f"{text}: the datatype must be an IRI")
            return ox.Literal(m.group("value"), datatype=dt)
        return ox.Literal(m.group("value"))
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES:
        return ox.NamedNode(PREFIXES[prefix] + local)
    if re.fullmatch(r"[a-z][a-z0-9+.-]*:\S+", text, re.IGNORECASE):
        return ox.NamedNode(text)
    if re.fullmatch(r"[+-]?\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode(PREFIXES["xsd"] + "decimal"))
    return ox.Literal(text)


def shorten(term: object, prefixes: dict[str, str] = _LONGEST_FIRST) -> str:
    """A term as a person reads and can paste it into a query: ``country:RUS``,
    ``kgr:assertion\\/ab12`` (escaped as SPARQL requires), the literal's text, ``_:b0``, or ''."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for name, ns in prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                local = _LOCAL_ESCAPE.sub(r"\\\1", iri[len(ns):])
                local = "\\" + local if local.startswith("-") else local
                if not _PN_LOCAL.fullmatch(local):
                    break
                return f"{name}:{local}"
        return f"<{iri}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


@dataclass(frozen=True)
class QueryResult:
    """The outcome of a query, held in a standard serialisation.

    ``kind`` is ``"solutions"`` (SELECT) or ``"boolean"`` (ASK), with ``payload`` in SPARQL 1.1
    Query Results JSON; or ``"graph"`` (CONSTRUCT, DESCRIBE) with ``payload`` in N-Triples.
    """

    kind: str
    payload: bytes

    def _solutions(self) -> ox.QuerySolutions:
        if self.kind != "solutions":
            raise TypeError(f"a {self.kind} result has no solutions")
        return ox.parse_query_results(self.payload, ox.QueryResultsFormat.JSON)

    @property
    def variables(self) -> list[str]:
        """The SELECT variables, in order (empty for other kinds)."""
        return [v.value for v in self._solutions().variables] if self.kind == "solutions" else []

    def rows(self) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]]:
        """Each solution as a dict variable → term (None where unbound)."""
        solutions = self._solutions()
        names = [v.value for v in solutions.variables]
        return [{name: solution[name] for name in names} for solution in solutions]

    @property
    def boolean(self) -> bool:
        if self.kind != "boolean":
            raise TypeError(f"a {self.kind} result has no boolean")
        return bool(ox.parse_query_results(self.payload, ox.QueryResultsFormat.JSON))

    def triples(self) -> list[ox.Triple]:
        if self.kind != "graph":
            raise TypeError(f"a {self.kind} result has no triples")
        return list(ox.parse(self.payload, ox.RdfFormat.N_TRIPLES))

    def __len__(self) -> int:
        if self.kind == "boolean":
            return 1
        return len(self.triples()) if self.kind == "graph" else sum(1 for _ in self._solutions())

    def format_for_file(self, path: str | Path) -> str:
        """The format ``-o path`` asks for by its suffix, for this kind of result."""
        suffix = Path(path).suffix.lower()
        if self.kind == "graph":
            if suffix in RESULT_SUFFIXES and suffix != ".json":
                raise InputError(f"{path}: a CONSTRUCT or DESCRIBE result is RDF; write it to one of "
                                 ".ttl .nt .nq .trig .jsonld")
            return rdf_format(path, writing=True).rdflib or "turtle"
        if suffix not in RESULT_SUFFIXES:
            raise InputError(f"{path}: a SELECT or ASK result is written as one of "
                             f"{' '.join(RESULT_SUFFIXES)} (by the suffix)")
        return RESULT_SUFFIXES[suffix]

    def serialize(self, fmt: str = "table") -> bytes:
        """The result as ``table`` (readable), ``csv``, ``tsv``, ``json`` or ``turtle``.

        SELECT and ASK take table, csv, tsv and json; CONSTRUCT and DESCRIBE are written as Turtle,
        or in an rdflib format named by :mod:`kgraph.rdf.formats` (``nt``, ``trig``, ``json-ld`` …).
        """
        if self.kind == "graph":
            graph = Graph()
            bind_prefixes(graph)
            graph.parse(data=self.payload.decode("utf-8"), format="nt")
            return graph.serialize(format="turtle" if fmt in RESULT_FORMATS else fmt, encoding="utf-8")
        if fmt not in RESULT_FORMATS:
            raise InputError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
        if fmt == "json":
            return self.payload
        if fmt == "turtle":
            raise InputError("--format turtle is for CONSTRUCT and DESCRIBE queries")
        if self.kind == "boolean":
            value = "true" if self.boolean else "false"
            if fmt == "table":
                return f"{value}\n".encode()
            header = "_askResult" if fmt == "csv" else "?_askResult"
            return f"{header}\r\n{value}\r\n".encode() if fmt == "csv" else f"{header}\n{value}\n".encode()
        if fmt in ("csv", "tsv"):
            target = ox.QueryResultsFormat.CSV if fmt == "csv" else ox.QueryResultsFormat.TSV
            return self._solutions().serialize(format=target)
        return format_table(self.variables, self.rows()).encode("utf-8")


def format_table(variables: list[str], rows: list[dict], *, max_width: int = 80) -> str:
    """A plain-text table with a header rule and a row count; long cells end in '…'."""
    def cell(term: object) -> str:
        text = " ".join(shorten(term).split())
        return text if len(text) <= max_width else text[:max_width - 1] + "…"

    cells = [[cell(row.get(v)) for v in variables] for row in rows]
    widths = [max([len(v) + 1] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    out = io.StringIO()
    out.write("  ".join(f"?{v}".ljust(w) for v, w in zip(variables, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()


# --- evaluation -------------------------------------------------------------------------------

_POSITION = re.compile(r"^error at (\d+):(\d+):\s*")


_SLASHED_NAME = re.compile(r"(?<![\w<\\])([A-Za-z][\w-]*):([\w%-]+(?:/[\w%.-]*)+)")
_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


def _slash_hint(query: str) -> str | None:
    """The fix for a prefixed name with '/' (``kgr:country/JPN``), which SPARQL does not allow."""
    for m in _SLASHED_NAME.finditer(query):
        prefix, local = m.group(1), m.group(2)
        if prefix not in PREFIXES:
            continue
        iri = PREFIXES[prefix] + local
        short = shorten(ox.NamedNode(iri))
        return (f"'{m.group(0)}': a prefixed name cannot contain '/'; write {short}"
                + (f" or <{iri}>" if short != f"<{iri}>" else ""))
    return None


def _undeclared_prefix(query: str) -> str:
    """The first prefix the query uses without declaring it (IRIs, strings and comments skipped)."""
    text = re.sub(r"<[^<>\s]*>|\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*", " ", query)
    declared = set(re.findall(r"PREFIX\s+([\w-]*):", text, re.IGNORECASE)) | set(PREFIXES)
    for m in re.finditer(r"(?<![\w?$:])([A-Za-z][\w-]*)?:(?=[\w%\\]|\s)", text):
        if (m.group(1) or "") not in declared:
            return m.group(1) or ""
    return ""


def _syntax_message(exc: BaseException, query: str = "") -> str:
    """Oxigraph's parse error in words a researcher can act on."""
    message = " ".join(str(exc).split()) or "invalid query"
    m = _POSITION.match(message)
    line, column, detail = (int(m.group(1)), int(m.group(2)), message[m.end():]) if m else (0, 0, message)
    where = f"line {line}, column {column}: " if m else ""
    lines = query.splitlines() or [""]
    rest = lines[line - 1][column - 1:] if 0 < line <= len(lines) else ""
    word = (re.match(r"[^\s{}()]*", rest) or re.match("", "")).group(0) or rest[:1]
    slash = _slash_hint(query)
    if slash:
        return f"SPARQL syntax error at {where}{slash}"
    first = re.sub(r"^(\s|#[^\n]*\n?)*((PREFIX|BASE)\s+[^\n]*\n?(\s|#[^\n]*\n?)*)*", "", query,
                   flags=re.IGNORECASE).split(None, 1)
    keyword = first[0].upper() if first else ""
    if keyword in _UPDATES:
        return (f"SPARQL syntax error at {where}'{first[0]}': kgraph query runs read-only queries; "
                f"SPARQL updates ({keyword} …) are not allowed")
    if keyword not in _QUERY_FORMS and "expected CONSTRUCT" in detail:
        return (f"SPARQL syntax error at {where}a query starts with SELECT, ASK, CONSTRUCT or "
                f"DESCRIBE (after PREFIX lines), not {first[0] if first else 'nothing'!r}")
    if "Prefix not found" in detail:
        prefix = _undeclared_prefix(query)
        return (f"SPARQL syntax error at {where}unknown prefix '{prefix}:'; declare it (PREFIX {prefix}: <…>) "
                f"or use one of the predeclared ones: {' '.join(f'{p}:' for p in PREFIXES)}")
    expected = re.match(r"expected (?:one of )?(.*)", detail)
    if expected:
        words = [w for w in re.findall(r"\"[^\"]*\"|'[^']*'|[A-Za-z]\w*", expected.group(1))]
        readable = [w for w in words if not w.startswith("'") and len(w) > 1 or w.startswith('"')]
        found = f"unexpected {word!r}" if word else "something is missing here"
        if readable and len(readable) <= 12:
            return f"SPARQL syntax error at {where}{found}; expected {', '.join(readable)}"
        return f"SPARQL syntax error at {where}{found}"
    return f"SPARQL syntax error at {where}{detail[:300]}"


def _outer_group_start(query: str) -> int | None:
    """Index just after the ``{`` that opens the query's WHERE clause, or None if not found
    (comments, strings and IRIs skipped; anything unusual gives None)."""
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            i = query.find("\n", i)
            if i < 0:
                return None
        elif ch in "\"'":
            return None  # a string before the WHERE clause: too unusual to look further
        elif ch == "<":
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])
            if not m:
                return None
            i += m.end() - 1
        elif ch == "{":
            return i + 1 if re.search(r"\bWHERE\s*$", query[:i], re.IGNORECASE) else None
        i += 1
    return None


def _with_values(query: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str | None:
    """The query with ``VALUES`` for ``bindings`` opening its WHERE clause, or None.

    Oxigraph plans a query before it applies substitutions, so a bound variable does not steer
    the join order (a bound saved query scanned every assertion); a VALUES block does. The
    substitutions still apply, so the answer is the same."""
    at = _outer_group_start(query) if bindings else None
    if at is None:
        return None
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(str(v) for v in bindings.values())
    return f"{query[:at]} VALUES ({names}) {{ ({values}) }}{query[at:]}"


def _evaluate(store: ox.Store, query: str, union: bool,
              bindings: dict[str, ox.NamedNode | ox.Literal] | None) -> QueryResult:
    substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()} or None
    try:
        hinted = _with_values(query, bindings or {})
        try:
            result = store.query(hinted or query, prefixes=PREFIXES, use_default_graph_as_union=union,
                                 substitutions=substitutions)
        except SyntaxError:
            if hinted is None:
                raise
            result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=union,
                                 substitutions=substitutions)
        if isinstance(result, ox.QueryTriples):
            return QueryResult("graph", result.serialize(format=ox.RdfFormat.N_TRIPLES))
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
        return QueryResult(kind, result.serialize(format=ox.QueryResultsFormat.JSON))
    except SyntaxError as exc:
        raise QuerySyntaxError(_syntax_message(exc, query)) from None
    except (OSError, ValueError, RuntimeError) as exc:
        message = str(exc).strip()
        m = re.search(r"variable \?(\w+) in its SELECT projection", message)
        if m:
            raise QueryError(f"--bind {m.group(1)}=…: the query's SELECT clause has no ?{m.group(1)}; "
                             "only selected variables can be bound") from None
        raise QueryError(f"the query failed: {message[:300]}") from exc


def _evaluate_reopening(folder: Path, query: str, union: bool, bindings) -> QueryResult:
    """Evaluate over the store folder, opened here (a RocksDB handle does not survive fork()).

    A build writing the store at the same time may delete a table file the query is about to
    read: the store is opened again and the query retried.
    """
    from kgraph.store import open_store

    for attempt in range(_STORE_ATTEMPTS):
        with open_store(folder, read_only=True) as store:
            try:
                return _evaluate(store.ox, query, union, bindings)
            except QueryError as exc:
                if attempt + 1 == _STORE_ATTEMPTS or "No such file" not in str(exc):
                    raise
    raise AssertionError("unreachable")  # pragma: no cover


def _silence_stderr() -> None:  # pragma: no cover (runs in the forked child)
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _child(conn, store: ox.Store, query: str, union: bool, bindings,
           allow_network: bool) -> None:  # pragma: no cover (runs in the forked child)
    try:
        _silence_stderr()  # a native crash report (Rust's panic, backtrace) would not be one line
        # the query's own allowance, above what the child inherited from the caller (a notebook or a
        # test run may already hold more than the ceiling: the child could not even open a store)
        limit = memory_ceiling()
        apply_memory_ceiling(limit and limit + data_size())
        if not allow_network:
            block_network_syscalls()
        result = _evaluate_reopening(store, query, union, bindings) if isinstance(store, Path) else \
            _evaluate(store, query, union, bindings)
        if len(result.payload) > MAX_RESULT_BYTES:
            raise QueryError(f"the result is {len(result.payload):,} bytes, over the limit of "
                             f"{MAX_RESULT_BYTES:,}; add a LIMIT or narrow the query")
        conn.send_bytes(b"K" + result.kind.encode() + b"\0" + result.payload)
    except QuerySyntaxError as exc:
        conn.send_bytes(b"S" + str(exc).encode())
    except BaseException as exc:  # report everything to the parent, which raises it with its exit code
        code = exc.exit_code if isinstance(exc, KGraphError) else QueryError.exit_code
        conn.send_bytes(b"E" + str(code).encode() + b"\0" + str(exc).encode())
    finally:
        conn.close()


def _evaluate_in_child(store: ox.Store, query: str, union: bool, bindings, timeout: float | None,
                       allow_network: bool) -> QueryResult:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    with warnings.catch_warnings():  # Python ≥ 3.12 warns about forking a threaded process
        warnings.simplefilter("ignore", DeprecationWarning)
        process = ctx.Process(target=_child, args=(child, store, query, union, bindings, allow_network),
                              daemon=True)
        process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped; "
                                    "narrow it or raise --timeout")
        try:
            message = parent.recv_bytes()
        except EOFError:
            process.join(5)
            how = f"was stopped by {signal_name(-process.exitcode)}" if (process.exitcode or 0) < 0 else "ended"
            raise _ChildDied(f"the query process {how} without an answer: it ran out of memory or "
                             "crashed on this query (simplify it, or raise --max-memory)") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()
    tag, body = message[:1], message[1:]
    if tag == b"K":
        kind, _, payload = body.partition(b"\0")
        return QueryResult(kind.decode(), payload)
    if tag == b"S":
        raise QuerySyntaxError(body.decode())
    code, _, text = body.partition(b"\0")
    error = QueryError(text.decode() or "the query failed")
    error.exit_code = int(code)  # an unreadable store (2) stays an input error
    raise error


def run_query(source: ox.Store | Dataset | Graph | Path, query: str, *, timeout: float | None = None,
              allow_network: bool = False, union: bool = False,
              bindings: dict[str, ox.NamedNode | ox.Literal | str] | None = None) -> QueryResult:
    """Evaluate SPARQL ``query`` (SELECT, ASK, CONSTRUCT or DESCRIBE) over ``source``.

    ``source`` is an Oxigraph store (see :func:`kgraph.sources.open_source`), an rdflib
    Dataset/Graph, or the Path of a store folder (opened read-only by the process that evaluates
    the query, and opened again if a build writing it changes it under the query). ``bindings``
    pre-binds variables (``{"country": "country:RUS"}``; strings
    go through :func:`parse_term`). ``union`` uses Oxigraph's union-default-graph (a multiset: a
triple in two graphs matches twice), for stores that do not hold the union in their default graph.
    ``timeout`` (seconds) kills the child process the query runs in when it runs out; with None
    (no limit) an open store or dataset is queried in this process.
    Raises QuerySyntaxError (with line and column), QueryTimeoutError, NetworkBlockedError.
    """
    check_query(query, allow_network=allow_network)
    if isinstance(source, (Dataset, Graph)):
        from kgraph.sources import from_dataset
        source = from_dataset(source)
    terms = {k.lstrip("?$"): parse_term(v) if isinstance(v, str) else v for k, v in (bindings or {}).items()}
    if timeout is not None and not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise InputError(f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:,}")
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover (Windows)
        if timeout is not None:
            raise QueryError("--timeout needs a platform with fork(); run without it")
        if isinstance(source, Path):
            return _evaluate_reopening(source, query, union, terms)
        return _evaluate(source, query, union, terms)
    if timeout is None and not isinstance(source, Path):
        # no time limit asked: evaluate here. Forking a process that holds an on-disk store can
        # deadlock the child on a RocksDB lock a background thread held at fork() time.
        return _evaluate(source, query, union, terms)
    attempts = _STORE_ATTEMPTS if isinstance(source, Path) else 1
    for attempt in range(attempts):
        try:
            return _evaluate_in_child(source, query, union, terms, timeout, allow_network)
        except _ChildDied:  # a store being written can be caught between two states: open it again
            if attempt + 1 == attempts:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


@lru_cache(maxsize=1)
def _ontology_terms() -> frozenset[str]:
    from kgraph.resources import data_path
    ns = PREFIXES["kgo"]
    quads = ox.parse(data_path("kgraph.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    return frozenset(q.subject.value[len(ns):] for q in quads
                     if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ns))


def unknown_terms(query: str) -> list[str]:
    """One warning per ``kgo:`` name (or full kgo IRI) the query uses that the ontology does not
    define, with the closest defined name: a misspelt ``kgo:visitd`` would silently match nothing."""
    known = _ontology_terms()
    text = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*", " ", query)
    used = re.findall(r"(?<![\w:])kgo:([A-Za-z_][\w-]*)", text)
    used += re.findall("<" + re.escape(PREFIXES["kgo"]) + r"([A-Za-z_][\w-]*)>", text)
    warnings_ = []
    for name in dict.fromkeys(used):
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean kgo:{close[0]}?)" if close else ""
            warnings_.append(f"kgo:{name} is not in the kgraph ontology{hint}; it matches nothing")
    return warnings_
