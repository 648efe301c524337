"""Guards for untrusted input: no network from queries or parsers, no XML entity bombs.

Three hazards, three guards:

* **SPARQL that reaches out.** Oxigraph evaluates ``SERVICE`` (and ``LOAD`` in updates) over
  HTTP from Rust, out of Python's sight, so queries are checked *before* evaluation:
  :func:`check_query` rejects the ``SERVICE`` and ``LOAD`` keywords unless the caller allows
  network access. The check is lexical and errs on the side of refusing.
* **Python code that reaches out** (rdflib's ``SERVICE``, ``FROM <url>`` loading, remote JSON-LD
  contexts): :func:`no_network` is a context manager that makes socket connections and URL
  opens raise :class:`NetworkBlockedError`, through a process-wide audit hook.
* **XML entity expansion** ("billion laughs"): both rdflib's and Oxigraph's RDF/XML parsers expand
  nested internal entities. :func:`check_xml` refuses external and parameter entities, entities
  defined through other entities, and documents whose entities would expand past a fixed bound.
"""
from __future__ import annotations

import contextlib
import re
import sys
import threading
from collections.abc import Iterator

from kgraph.errors import KGraphError

__all__ = ["NetworkBlockedError", "UnsafeInputError", "check_query", "check_xml", "no_network",
           "MAX_ENTITY_EXPANSION"]

#: The most characters that entity references in one XML document may expand to.
MAX_ENTITY_EXPANSION = 1_000_000


class NetworkBlockedError(KGraphError, PermissionError):
    """Something tried to reach the network while kgraph had network access turned off."""

    exit_code = 4


class UnsafeInputError(KGraphError, ValueError):
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
_NETWORK_KEYWORDS = re.compile(r"(?<![\w:?$.\-])(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)


def _unescape(text: str) -> str:
    """Apply SPARQL's codepoint escapes, which are processed before the query is parsed."""
    def repl(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)
    return _ESCAPE.sub(repl, text)


def check_query(text: str, *, allow_network: bool = False) -> None:
    """Raise :class:`NetworkBlockedError` if the SPARQL ``text`` could make a network request.

    Strings, IRIs and comments are skipped; ``SERVICE`` or ``LOAD`` anywhere else is refused
    unless ``allow_network`` is true.
    """
    if allow_network:
        return
    code = _TOKENS.sub(" ", _unescape(text))
    match = _NETWORK_KEYWORDS.search(code)
    if match:
        raise NetworkBlockedError(
            f"the query uses {match.group(1).upper()}, which would reach the network; "
            "pass --allow-network if you trust the query and its endpoints")


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
    queries go through :func:`check_query` for that.
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
