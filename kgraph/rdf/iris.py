"""Deterministic, always-valid IRIs for everything kgraph mints."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, unquote

from rdflib import URIRef

from kgraph.rdf.namespaces import KGR

_SAFE = "-_.~()'"


def slug(name: str) -> str:
    """A readable, percent-encoded IRI segment: spaces become underscores, NFC kept."""
    name = unicodedata.normalize("NFC", name).strip()
    name = re.sub(r"\s+", "_", name)
    return quote(name, safe=_SAFE) or "_"


def entity_iri(key: str) -> URIRef:
    """``country/RUS`` → ``kgr:country/RUS``; each path segment is encoded."""
    kind, _, rest = key.partition("/")
    return KGR[f"{slug(kind)}/{slug(rest)}"]


def id_segment(doc_id: str) -> str:
    """An article id as one IRI path segment, injectively: every character but ``A-Z a-z 0-9 - _ . ~``
    is percent-encoded (``%`` too, so no two ids meet), and the ids ``.`` and ``..`` are encoded
    as ``%2E`` and ``%2E%2E`` so that they never act as dot-segments."""
    segment = quote(doc_id, safe="-_.~")
    return segment.replace(".", "%2E") if segment in (".", "..") else segment


def document_iri(doc_id: str) -> URIRef:
    return KGR[f"document/{id_segment(doc_id)}"]


def graph_iri(doc_id: str) -> URIRef:
    """The named graph that holds everything one article contributed."""
    return KGR[f"graph/{id_segment(doc_id)}"]


def assertion_iri(doc_id: str, subject: str, predicate: str, obj: str, start: int, end: int) -> URIRef:
    digest = hashlib.sha1("\x1f".join([doc_id, subject, predicate, obj, str(start), str(end)]).encode()).hexdigest()
    return KGR[f"assertion/{digest[:20]}"]


def statement_iri(subject: str, relation: str, obj: str) -> URIRef:
    """The statement node of one triple (IRIs, or a literal's N-Triples form): a hash of the three."""
    digest = hashlib.sha256("\n".join([subject, relation, obj]).encode()).hexdigest()
    return KGR[f"statement/{digest[:32]}"]


def entity_key(iri: URIRef | str) -> str | None:
    """The entity key an IRI minted by :func:`entity_iri` stands for (``kgr:person/Vladimir_Putin``
    → ``person/Vladimir Putin``), or None for an IRI outside ``kgr:``."""
    text = str(iri)
    if not text.startswith(str(KGR)) or "/" not in text[len(str(KGR)):]:
        return None
    kind, _, rest = text[len(str(KGR)):].partition("/")
    return f"{unquote(kind)}/{unquote(rest).replace('_', ' ')}"


def resolution_iri() -> URIRef:
    """The named graph that holds entity resolution: merged IRIs and the evidence."""
    return KGR["resolution"]
