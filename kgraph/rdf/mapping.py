"""Map one article's entities and assertions to RDF (a named graph per article)."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kgraph.model import Assertion, Document, Entity, TimeValue
from kgraph.rdf.identifiers import add_identifiers
from kgraph.rdf.iris import assertion_iri, document_iri, entity_iri, graph_iri
from kgraph.resolve.resolver import Resolution
from kgraph.rdf.namespaces import KGO, bind_prefixes

__all__ = ["time_literal", "decimal_literal", "add_document", "add_entity", "add_assertion", "article_graph",
           "article_only_graph", "fill_article_graph", "new_dataset", "resolution_graph"]

_TIME_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def time_literal(value: TimeValue) -> Literal:
    return Literal(value.isoformat(), datatype=_TIME_TYPES[value.precision])


def decimal_literal(value: Decimal | str | float) -> Literal:
    """xsd:decimal in canonical form ("27000000000.0"), so every format round-trips the same literal."""
    text = format(Decimal(str(value)).normalize(), "f")
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


def add_document(graph: Graph, doc: Document) -> URIRef:
    node = document_iri(doc.id)
    graph.add((node, RDF.type, KGO.Document))
    graph.add((node, DCTERMS.identifier, Literal(doc.id)))
    graph.add((node, KGO.textHash, Literal(doc.text_hash)))
    if doc.title:
        graph.add((node, DCTERMS.title, Literal(doc.title, lang="id")))
    if doc.when:
        graph.add((node, DCTERMS.issued, time_literal(doc.when)))
    if doc.url:
        graph.add((node, KGO.url, Literal(doc.url, datatype=XSD.anyURI)))
    if doc.source:
        graph.add((node, DCTERMS.publisher, Literal(doc.source)))
    return node


def add_entity(graph: Graph, entity: Entity, seen_as: Iterable[str] = ()) -> URIRef:
    """Type and label an entity node; names it was seen under become skos:altLabel; a place
    gets ``kgo:locatedIn`` its country when the gazetteer knows it."""
    node = entity_iri(entity.key)
    graph.add((node, RDF.type, KGO[entity.type]))
    if entity.located_in:
        graph.add((node, KGO.locatedIn, entity_iri(entity.located_in)))
    if entity.label_en:
        graph.add((node, RDFS.label, Literal(entity.label_en, lang="en")))
    if entity.label_id:
        graph.add((node, RDFS.label, Literal(entity.label_id, lang="id")))
    labels = {entity.label_en, entity.label_id}
    for name in set(entity.alt_labels) | set(seen_as):
        if name and name not in labels:
            graph.add((node, SKOS.altLabel, Literal(name, lang="id")))
    add_identifiers(graph, node, entity)
    return node


def add_assertion(graph: Graph, a: Assertion) -> URIRef:
    """Add the evidence node, and the plain triple when the assertion is a fact."""
    s, o = entity_iri(a.subject.key), entity_iri(a.object.key)
    p = KGO[a.predicate]
    node = assertion_iri(a.document.id, a.subject.key, a.predicate, a.object.key, a.char_start, a.char_end)
    graph.add((node, RDF.type, KGO.Assertion))
    graph.add((node, RDF.subject, s))
    graph.add((node, RDF.predicate, p))
    graph.add((node, RDF.object, o))
    graph.add((node, PROV.wasDerivedFrom, document_iri(a.document.id)))
    graph.add((node, KGO.evidenceText, Literal(a.evidence, lang="id")))
    graph.add((node, KGO.charStart, Literal(a.char_start, datatype=XSD.integer)))
    graph.add((node, KGO.charEnd, Literal(a.char_end, datatype=XSD.integer)))
    graph.add((node, KGO.extractor, Literal(a.rule)))
    graph.add((node, KGO.confidence, decimal_literal(round(a.confidence, 3))))
    for prop, value in ((KGO.date, a.date), (KGO.startDate, a.start_date), (KGO.endDate, a.end_date)):
        if value is not None:
            graph.add((node, prop, time_literal(value)))
    if a.amount is not None:
        graph.add((node, KGO.amount, decimal_literal(a.amount)))
    if a.currency:
        graph.add((node, KGO.currency, Literal(a.currency)))
    if a.role:
        graph.add((node, KGO.role, Literal(a.role, lang="id")))
    if a.reported_by is not None:
        graph.add((node, KGO.reportedBy, entity_iri(a.reported_by.key)))
    if a.modality:
        graph.add((node, KGO.modality, Literal(a.modality)))
    else:
        graph.add((s, p, o))
    return node


def article_graph(dataset: Dataset, doc: Document, entities: dict[Entity, set[str]],
                  assertions: Iterable[Assertion]) -> Graph:
    """Fill (and return) the named graph of one article in ``dataset``."""
    return fill_article_graph(dataset.graph(graph_iri(doc.id)), doc, entities, assertions)


def article_only_graph(doc: Document, entities: dict[Entity, set[str]], assertions: Iterable[Assertion]) -> Graph:
    """One article's graph on its own, named ``kgr:graph/<id>``, with no prefixes bound
    (binding rdflib's default prefixes for every article cost a fifth of a warm build)."""
    graph = Graph(identifier=graph_iri(doc.id), bind_namespaces="none")
    return fill_article_graph(graph, doc, entities, assertions)


def fill_article_graph(graph: Graph, doc: Document, entities: dict[Entity, set[str]],
                       assertions: Iterable[Assertion]) -> Graph:
    add_document(graph, doc)
    for entity, names in entities.items():
        add_entity(graph, entity, names)
    for a in assertions:
        add_assertion(graph, a)
    return graph


def resolution_graph(resolution: Resolution, iri: URIRef) -> Graph:
    """Entity resolution as RDF: a merged IRI ``owl:sameAs`` the canonical one (so IRIs minted
    before a merge still lead to the node), ``kgo:mergeNote`` on the canonical node for every
    merge (which name, why, in which article), and ``owl:differentFrom`` with a
    ``kgo:keptApartNote`` for look-alikes kept apart."""
    graph = Graph(identifier=iri, bind_namespaces="none")
    for m in resolution.merges:
        canonical = entity_iri(m.canonical)
        if m.article is None and m.variant != m.canonical:
            graph.add((entity_iri(m.variant), OWL.sameAs, canonical))
        where = f" (article {m.article})" if m.article else ""
        graph.add((canonical, KGO.mergeNote, Literal(f"{m.variant}{where}: {m.reason}", lang="en")))
    for s in resolution.suspects:
        graph.add((entity_iri(s.first), OWL.differentFrom, entity_iri(s.second)))
        graph.add((entity_iri(s.first), KGO.keptApartNote, Literal(f"{s.second}: {s.reason}", lang="en")))
    return graph


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    return ds
