"""Guards for untrusted input: no network from queries or parsers, no parser bombs.

Four hazards, four guards:

* **SPARQL that reaches out.** Oxigraph evaluates ``SERVICE`` over HTTP from Rust, out of
  Python's sight, so queries are checked *before* evaluation: :func:`check_query` parses the
  query (rdflib's SPARQL grammar) and refuses any ``SERVICE`` pattern in it unless the caller
  allows network access; text that grammar cannot parse is refused if the word ``SERVICE`` or
  ``LOAD`` appears outside strings, IRIs and comments. Queries are then evaluated in a child
  process that cannot open internet sockets at all (:func:`block_network_syscalls`).
* **Input that crashes or exhausts a parser.** :func:`check_nesting` refuses text nested deeper
  than a parser survives (brackets, braces, parentheses outside strings), :func:`check_query`
  also refuses oversized queries, and :func:`check_jsonld` refuses JSON-LD contexts that are not
  inline (they would make a parser read files or URLs).
* **Python code that reaches out** (rdflib's ``SERVICE``, ``FROM <url>`` loading, remote JSON-LD
  contexts): :func:`no_network` is a context manager that makes socket connections and URL
  opens raise :class:`NetworkBlockedError`, through a process-wide audit hook.
* **XML entity expansion** ("billion laughs"): both rdflib's and Oxigraph's RDF/XML parsers expand
  nested internal entities. :func:`check_xml` refuses external and parameter entities, entities
  defined through other entities, and documents whose entities would expand past a fixed bound.
"""
from __future__ import annotations

import contextlib
import ctypes
import json
import platform
import re
import struct
import sys
import threading
from collections.abc import Iterator

from kgraph.errors import InputError, KGraphError

__all__ = ["NetworkBlockedError", "UnsafeInputError", "check_query", "check_xml", "check_nesting",
           "check_jsonld", "no_network", "block_network_syscalls", "MAX_ENTITY_EXPANSION", "MAX_NESTING",
           "MAX_QUERY_CHARS", "MAX_QUERY_OPERATORS"]

#: The most characters that entity references in one XML document may expand to.
MAX_ENTITY_EXPANSION = 1_000_000
#: The deepest bracket nesting accepted in RDF, JSON(-LD) and SPARQL text (parsers recurse on it).
MAX_NESTING = 256
#: The longest query accepted, in characters.
MAX_QUERY_CHARS = 1_000_000
#: The most UNION, OPTIONAL, MINUS, ``||`` and ``&&`` in one query (each nests the evaluation).
MAX_QUERY_OPERATORS = 2_000


class NetworkBlockedError(KGraphError, PermissionError):
    """Something tried to reach the network while kgraph had network access turned off."""

    exit_code = 4


class UnsafeInputError(InputError):
    """Input that kgraph refuses to process because it could hang or exhaust memory."""

    exit_code = 4


# --- SPARQL -----------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# One token at a time, left to right: long strings, short strings, IRIs, comments, or one char.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*", re.DOTALL)
_NETWORK_KEYWORDS = re.compile(r"(?<![\w:?$\-])(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)
_OPERATORS = re.compile(r"(?<![\w:?$\-])(?:UNION|OPTIONAL|MINUS)(?![\w:\-])|\|\||&&", re.IGNORECASE)


def _unescape(text: str) -> str:
    """Apply SPARQL's codepoint escapes, which are processed before the query is parsed."""
    def repl(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)
    return _ESCAPE.sub(repl, text)


def _check_query_size(text: str, code: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise UnsafeInputError(f"the query is {len(text):,} characters long (limit {MAX_QUERY_CHARS:,}); "
                               "refused")
    operators = len(_OPERATORS.findall(code))
    if operators > MAX_QUERY_OPERATORS:
        raise UnsafeInputError(f"the query has {operators:,} UNION/OPTIONAL/MINUS/||/&& operators "
                               f"(limit {MAX_QUERY_OPERATORS:,}); refused")
    check_nesting(code, name="the query", tokens=None)


def _parsed_services(text: str) -> bool | None:
    """Whether rdflib's SPARQL grammar finds a SERVICE pattern; None if it cannot parse ``text``."""
    from pyparsing import ParseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, CompValue):
            yield node.name
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, (list, tuple, ParseResults)):
            for value in node:
                yield from walk(value)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 60 * MAX_NESTING + 2000))  # pyparsing recurses ~40 frames a level
    try:
        return "ServiceGraphPattern" in set(walk(parseQuery(text)))
    except (ParseException, ValueError, TypeError, RecursionError):
        return None
    finally:
        sys.setrecursionlimit(limit)


def check_query(text: str, *, allow_network: bool = False) -> None:
    """Raise :class:`NetworkBlockedError` if the SPARQL ``text`` could make a network request,
    :class:`UnsafeInputError` if it is too large or too deeply nested to evaluate safely.

    The decision is taken on the parsed query: a ``SERVICE`` pattern anywhere is refused unless
    ``allow_network`` is true. Text the grammar cannot parse (an update, or syntax rdflib lacks)
    is refused if ``SERVICE`` or ``LOAD`` appears outside strings, IRIs and comments.
    """
    code = _TOKENS.sub(" ", _unescape(text))
    _check_query_size(text, code)
    if allow_network:
        return
    uses_service, keyword = _parsed_services(text), "SERVICE"
    if uses_service is None:
        match = _NETWORK_KEYWORDS.search(code)
        uses_service, keyword = (True, match.group(1).upper()) if match else (False, "")
    if uses_service:
        raise NetworkBlockedError(
            f"the query uses {keyword}, which would reach the network; "
            "pass --allow-network if you trust the query and its endpoints")


# --- nesting ----------------------------------------------------------------------------------

# Strings (long and short), IRIs, comments, or one bracket: Turtle, TriG, SPARQL and JSON alike.
_BRACKETS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])", re.DOTALL)
_BARE_BRACKETS = re.compile(r"(?P<open>[(\[{])|(?P<close>[)\]}])")


def check_nesting(text: str, *, name: str = "input", limit: int = MAX_NESTING,
                  tokens: re.Pattern[str] | None = _BRACKETS) -> None:
    """Raise :class:`UnsafeInputError` if brackets in ``text`` nest deeper than ``limit``.

    Brackets inside strings, IRIs and comments do not count (``tokens=None``: ``text`` has had
    them removed already). Parsers of Turtle, JSON and SPARQL recurse once per level, so a
    document nested thousands deep would exhaust memory or crash the process.
    """
    if "(" not in text and "[" not in text and "{" not in text:
        return
    depth = 0
    for m in (tokens or _BARE_BRACKETS).finditer(text):
        if m.group("open"):
            depth += 1
            if depth > limit:
                raise UnsafeInputError(f"{name}: brackets nested more than {limit} deep; refused "
                                       "(parsers cannot handle such nesting)")
        elif m.group("close"):
            depth = max(0, depth - 1)


def _context_references(node: object, in_context: bool = False) -> Iterator[str]:
    """Every ``@context`` (and ``@import``) given by reference rather than inline."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                if isinstance(value, str):
                    yield value
                elif isinstance(value, list):
                    yield from (v for v in value if isinstance(v, str))
                yield from _context_references(value, True)
            elif key == "@import" and in_context and isinstance(value, str):
                yield value
            else:
                yield from _context_references(value, in_context)
    elif isinstance(node, list):
        for value in node:
            yield from _context_references(value, in_context)


def check_jsonld(text: str, *, name: str = "input", allow_network: bool = False) -> None:
    """Refuse JSON-LD nested too deeply (:func:`check_nesting`) or with a context by reference.

    Only inline contexts are accepted: a context given as a string (a URL, a ``file:`` IRI or a
    relative path) or pulled in with ``@import`` would make the parser read a file or a URL.
    With ``allow_network``, ``http(s)`` references are let through (to be fetched); others never.
    Text that is not JSON is left to the parser, which reports it.
    """
    check_nesting(text, name=name)
    if "@context" not in text:
        return
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    for ref in _context_references(data):
        remote = re.match(r"https?://", ref, re.IGNORECASE) is not None
        if remote and allow_network:
            continue
        if remote:
            raise UnsafeInputError(f"{name}: refers to a remote JSON-LD context, which kgraph does not fetch "
                                   f"({ref[:100]}); inline the context or pass --allow-network")
        raise UnsafeInputError(f"{name}: refers to the JSON-LD context {ref[:100]!r}, a file kgraph was not "
                               "given; kgraph reads only inline contexts")


# --- network syscalls -------------------------------------------------------------------------

# machine → (seccomp audit arch, number of the socket() syscall)
_SECCOMP_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}


def block_network_syscalls() -> bool:
    """Make ``socket(AF_INET|AF_INET6, …)`` fail with EPERM in this process, for good (seccomp).

    For a child process that evaluates an untrusted query: native code (Oxigraph's HTTP client
    for ``SERVICE``) then cannot open an internet socket whatever the query says. Local (Unix)
    sockets still work. Returns False where the platform has no seccomp (nothing is changed).
    """
    arch = _SECCOMP_ARCH.get(platform.machine())
    if arch is None or not sys.platform.startswith("linux"):
        return False
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    allow, eperm = 0x7FFF0000, 0x00050000 | 1

    def op(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    program = [op(ld, 0, 0, 4), op(jeq, 1, 0, arch[0]), op(ret, 0, 0, allow),  # another ABI: allow
               op(ld, 0, 0, 0), op(jge, 5, 0, 0x40000000),  # x32 syscall numbers: refuse
               op(jeq, 0, 3, arch[1]),  # not socket(): allow
               op(ld, 0, 0, 16), op(jeq, 2, 0, 2), op(jeq, 1, 0, 10),  # AF_INET, AF_INET6: refuse
               op(ret, 0, 0, allow), op(ret, 0, 0, eperm)]
    code = ctypes.create_string_buffer(b"".join(program))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program), ctypes.cast(code, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_no_new_privs, pr_set_seccomp, seccomp_mode_filter = 38, 22, 2
    if libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(pr_set_seccomp, seccomp_mode_filter, ctypes.byref(fprog), 0, 0) == 0


# --- network ----------------------------------------------------------------------------------

_BLOCKED_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                             "urllib.Request", "http.client.connect"})
_state = threading.local()
_hook_lock = threading.Lock()
_hook_installed = False


def _audit(event: str, args: tuple) -> None:
    if event in _BLOCKED_EVENTS and getattr(_state, "depth", 0) > 0:
        target = args[0] if event == "urllib.Request" and args else (args[1] if len(args) > 1 else "")
        raise NetworkBlockedError(
            f"network access was blocked ({event} {target!s:.80}); pass --allow-network to permit it")


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Within the block, Python-level network access in this thread raises NetworkBlockedError.

    Audit hooks cannot be removed, so one hook is installed on first use and does nothing outside
    such blocks. Native code that opens sockets itself (Oxigraph's HTTP client) is not seen here:
    queries go through :func:`check_query` and run under :func:`block_network_syscalls` for that.
    """
    global _hook_installed
    with _hook_lock:
        if not _hook_installed:
            sys.addaudithook(_audit)
            _hook_installed = True
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1


# --- XML --------------------------------------------------------------------------------------

_DOCTYPE = re.compile(r"<!DOCTYPE\b[^\[>]*(\[(?P<subset>.*?)\])?\s*>", re.DOTALL | re.IGNORECASE)
_ENTITY_DECL = re.compile(
    r"<!ENTITY\s+(?P<param>%\s+)?(?P<name>[^\s%\"'>]+)\s+"
    r"(?:(?P<external>SYSTEM|PUBLIC)\b|\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')", re.IGNORECASE)
_CHAR_REF = re.compile(r"&#(?:\d+|x[0-9A-Fa-f]+);")


def check_xml(data: bytes | str, *, name: str = "input") -> None:
    """Raise :class:`UnsafeInputError` if parsing this XML could expand entities without bound.

    Plain internal entities (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``, as OWL files
    use) are allowed as long as all their uses together stay under MAX_ENTITY_EXPANSION
    characters; external, parameter and nested entities are refused.
    """
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    if "<!DOCTYPE" not in text.upper():
        return
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        raise UnsafeInputError(f"{name}: the XML document type declaration could not be checked; "
                               "remove the <!DOCTYPE …> block")
    subset = doctype.group("subset") or ""
    declared = len(re.findall(r"<!ENTITY\b", subset, re.IGNORECASE))
    entities: dict[str, str] = {}
    checked = 0
    for m in _ENTITY_DECL.finditer(subset):
        if m.group("param") or m.group("external"):
            kind = "parameter" if m.group("param") else "external"
            raise UnsafeInputError(f"{name}: XML {kind} entity {m.group('name')!r} refused "
                                   "(it could read files or expand without bound)")
        value = m.group("dq") if m.group("dq") is not None else m.group("sq")
        if "&" in _CHAR_REF.sub("", value) or "%" in value:
            raise UnsafeInputError(f"{name}: XML entity {m.group('name')!r} is defined through other "
                                   "entities; nested entities are refused (entity expansion attack)")
        entities.setdefault(m.group("name"), value)
        checked += 1
    if checked != declared:
        raise UnsafeInputError(f"{name}: an XML entity declaration could not be checked; refused")
    body = text[doctype.end():]
    expansion = sum(body.count(f"&{ent};") * len(value) for ent, value in entities.items())
    if expansion > MAX_ENTITY_EXPANSION:
        raise UnsafeInputError(f"{name}: XML entities would expand to {expansion:,} characters "
                               f"(limit {MAX_ENTITY_EXPANSION:,}); refused")
