"""An Oxigraph store's default graph, read in place through rdflib's Graph reading methods.

:func:`kgraph.network.to_networkx` walks a graph with ``subjects``, ``objects``,
``subject_objects``, ``predicate_objects`` and ``value``. Copying a store of a million triples
into an rdflib Dataset for that took minutes and more memory than the default ceiling;
:class:`GraphView` answers the same calls with index lookups on the store (its default graph:
the union of the articles, as a union-default Dataset shows it) and hands back rdflib terms.
"""
from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["GraphView"]

_DEFAULT = ox.DefaultGraph()
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _to_rdflib(term) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise ValueError(f"not an RDF 1.1 term: {term}")  # RDF 1.2 triple terms


def _to_oxigraph(term: Node | None):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


class GraphView:
    """The default graph of ``store`` (an open Oxigraph store), read without copying."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    def _quads(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(_to_oxigraph(s), _to_oxigraph(p), _to_oxigraph(o), _DEFAULT)

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:  # noqa: A002
        for quad in self._quads(None, predicate, object):
            yield _to_rdflib(quad.subject)

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        for quad in self._quads(subject, predicate, None):
            yield _to_rdflib(quad.object)

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]:
        for quad in self._quads(None, predicate, None):
            yield _to_rdflib(quad.subject), _to_rdflib(quad.object)

    def predicate_objects(self, subject: Node | None = None) -> Iterator[tuple[Node, Node]]:
        for quad in self._quads(subject, None, None):
            yield _to_rdflib(quad.predicate), _to_rdflib(quad.object)

    def value(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None) -> Node | None:  # noqa: A002
        """The missing one of subject, predicate, object in some matching triple (rdflib's
        ``Graph.value`` with one term left out), or None."""
        for quad in self._quads(subject, predicate, object):
            missing = quad.subject if subject is None else quad.predicate if predicate is None else quad.object
            return _to_rdflib(missing)
        return None
