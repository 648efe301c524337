"""SHACL validation of a kgraph dataset against ``ontologies/shapes.ttl`` (pyshacl).

The shapes check what ONTOLOGY.md promises: every entity is typed with one of kgraph's classes
and labelled with a language-tagged label; every relation triple is supported by at least one
``kgo:Assertion`` with a document and an evidence sentence; dates and numbers are well typed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kgraph.errors import InputError, KGraphError
from kgraph.rdf.io import union_graph
from kgraph.rdf.namespaces import PREFIXES
from kgraph.safety import no_network

__all__ = ["Violation", "ValidationReport", "shapes_path", "load_shapes", "validate"]


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the node, the property path, the value and the shape's message."""

    focus: str
    path: str
    value: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        return f"{self.severity}: {self.focus}{where}{value}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    triples: int


def shapes_path() -> Path:
    """``ontologies/shapes.ttl`` from kgraph's data folder (or the checkout)."""
    try:
        from kgraph.resources import data_path
        path = data_path("shapes.ttl")
        if path.is_file():
            return path
    except KGraphError:
        pass
    return Path(__file__).resolve().parent.parent / "ontologies" / "shapes.ttl"


def load_shapes(path: str | Path | None = None) -> Graph:
    path = Path(path) if path is not None else shapes_path()
    if not path.is_file():
        raise InputError(f"{path}: SHACL shapes file not found")
    graph = Graph()
    try:
        graph.parse(str(path), format="turtle")
    except Exception as exc:  # rdflib raises parser-specific types
        raise InputError(f"{path}: not valid Turtle ({str(exc).splitlines()[0][:200]})") from exc
    return graph


def _short(graph: Graph, term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in PREFIXES.items():
            ns = str(namespace)
            if term.startswith(ns) and len(term) > len(ns):
                return f"{prefix}:{term[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3(graph.namespace_manager)
    return str(term)


def validate(data: Dataset | Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate the union of all graphs in ``data`` against kgraph's SHACL shapes."""
    import pyshacl

    shapes = shapes if shapes is not None else load_shapes()
    target = union_graph(data) if isinstance(data, Dataset) else data
    with no_network():
        conforms, report, _ = pyshacl.validate(target, shacl_graph=shapes, inference="none",
                                               advanced=True, allow_warnings=True)
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus=_short(target, report.value(result, SH.focusNode)),
            path=_short(target, report.value(result, SH.resultPath)),
            value=_short(target, report.value(result, SH.value)),
            message=str(message) if message is not None else "constraint not met",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"))
    return ValidationReport(bool(conforms), tuple(sorted(set(violations))), len(target))
