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

import io
import math
import multiprocessing
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kgraph.errors import InputError, KGraphError
from kgraph.rdf.namespaces import PREFIXES as _NAMESPACES
from kgraph.rdf.namespaces import bind_prefixes
from kgraph.limits import apply_memory_ceiling, memory_ceiling, signal_name
from kgraph.safety import block_network_syscalls, check_query

__all__ = ["PREFIXES", "RESULT_FORMATS", "MAX_TIMEOUT", "QueryError", "QuerySyntaxError", "QueryTimeoutError",
           "QueryResult", "read_query", "parse_term", "run_query", "shorten"]

#: prefixes predeclared in every query: kgo kgr wd wdt rdf rdfs owl skos prov xsd dcterms time
PREFIXES: dict[str, str] = {name: str(ns) for name, ns in _NAMESPACES.items()}
#: output formats of :meth:`QueryResult.serialize`
RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "turtle")


#: the longest ``timeout`` accepted, in seconds (30 days; longer ones overflow the OS's timers)
MAX_TIMEOUT = 30 * 24 * 3600
#: the largest result a query may give, serialised (the parent formats it in memory)
MAX_RESULT_BYTES = 256 * 1024 * 1024


class QueryError(KGraphError):
    """A query could not be evaluated."""


class QuerySyntaxError(QueryError, SyntaxError):
    """The query text is not valid SPARQL; the message gives line and column."""


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
    """A value for ``--bind``: ``<iri>``, ``prefix:local`` (``kgr:country/RUS``), ``"text"@id``,
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


def shorten(term: object, prefixes: dict[str, str] = PREFIXES) -> str:
    """A term as a person reads it: ``kgr:country/RUS``, the literal's text, ``_:b0``, or ''."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for name, ns in prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{name}:{iri[len(ns):]}"
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

    def serialize(self, fmt: str = "table") -> bytes:
        """The result as ``table`` (readable), ``csv``, ``tsv``, ``json`` or ``turtle``.

        SELECT and ASK take table, csv, tsv and json; CONSTRUCT and DESCRIBE are written as Turtle
        whatever the format (N-Triples for ``tsv``/``csv`` is not a thing; JSON-LD is ``export``'s).
        """
        if fmt not in RESULT_FORMATS:
            raise InputError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
        if self.kind == "graph":
            graph = Graph()
            bind_prefixes(graph)
            graph.parse(data=self.payload.decode("utf-8"), format="nt")
            return graph.serialize(format="turtle", encoding="utf-8")
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


def _syntax_message(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid query"
    m = _POSITION.match(message)
    if m:
        message = f"line {m.group(1)}, column {m.group(2)}: {message[m.end():]}"
    return f"SPARQL syntax error at {message}"


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
        raise QuerySyntaxError(_syntax_message(exc)) from None
    except (OSError, ValueError, RuntimeError) as exc:
        message = str(exc).strip()
        m = re.search(r"variable \?(\w+) in its SELECT projection", message)
        if m:
            raise QueryError(f"--bind {m.group(1)}=…: the query's SELECT clause has no ?{m.group(1)}; "
                             "only selected variables can be bound") from None
        raise QueryError(f"the query failed: {message[:300]}") from exc


def _silence_stderr() -> None:  # pragma: no cover (runs in the forked child)
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _child(conn, store: ox.Store, query: str, union: bool, bindings,
           allow_network: bool) -> None:  # pragma: no cover (runs in the forked child)
    try:
        _silence_stderr()  # a native crash report (Rust's panic, backtrace) would not be one line
        apply_memory_ceiling(memory_ceiling())
        if not allow_network:
            block_network_syscalls()
        result = _evaluate(store, query, union, bindings)
        if len(result.payload) > MAX_RESULT_BYTES:
            raise QueryError(f"the result is {len(result.payload):,} bytes, over the limit of "
                             f"{MAX_RESULT_BYTES:,}; add a LIMIT or narrow the query")
        conn.send_bytes(b"K" + result.kind.encode() + b"\0" + result.payload)
    except QuerySyntaxError as exc:
        conn.send_bytes(b"S" + str(exc).encode())
    except BaseException as exc:  # report everything to the parent, which raises
        conn.send_bytes(b"E" + str(exc).encode())
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
            raise QueryError(f"the query process {how} without an answer: it ran out of memory or "
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
    raise QueryError(body.decode() or "the query failed")


def run_query(source: ox.Store | Dataset | Graph, query: str, *, timeout: float | None = None,
              allow_network: bool = False, union: bool = False,
              bindings: dict[str, ox.NamedNode | ox.Literal | str] | None = None) -> QueryResult:
    """Evaluate SPARQL ``query`` (SELECT, ASK, CONSTRUCT or DESCRIBE) over ``source``.

    ``source`` is an Oxigraph store (see :func:`kgraph.sources.open_source`) or an rdflib
    Dataset/Graph. ``bindings`` pre-binds variables (``{"country": "kgr:country/RUS"}``; strings
    go through :func:`parse_term`). ``union`` uses Oxigraph's union-default-graph (a multiset: a
triple in two graphs matches twice), for stores that do not hold the union in their default graph.
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
        return _evaluate(source, query, union, terms)
    return _evaluate_in_child(source, query, union, terms, timeout, allow_network)
