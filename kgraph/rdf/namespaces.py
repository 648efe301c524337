"""The namespaces of ONTOLOGY.md, and the prefixes kgraph binds and predeclares."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kgraph import vocabulary

KGO = Namespace("https://w3id.org/kgraph/ontology#")
KGR = Namespace("https://w3id.org/kgraph/resource/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES: dict[str, Namespace] = {
    "kgo": KGO, "kgr": KGR, "wd": WD, "wdt": WDT, "rdf": RDF, "rdfs": RDFS, "owl": OWL,
    "skos": SKOS, "prov": PROV, "xsd": XSD, "dcterms": DCTERMS, "time": TIME,
}

#: Prefixes for the entity kinds, predeclared in queries and used in result tables
#: (``country:JPN`` is ``kgr:country/JPN``); ``igo:`` is another name for ``org:``.
#: Not bound when writing RDF files, which keep ``kgr:``.
ENTITY_PREFIXES: dict[str, Namespace] = {
    "country": Namespace(f"{KGR}country/"), "person": Namespace(f"{KGR}person/"),
    "org": Namespace(f"{KGR}organization/"), "igo": Namespace(f"{KGR}organization/"),
    "place": Namespace(f"{KGR}place/"), "doc": Namespace(f"{KGR}document/"),
}

#: re-exported from the vocabulary, which knows no RDF
RELATIONS, SYMMETRIC, ENTITY_CLASSES = vocabulary.RELATIONS, vocabulary.SYMMETRIC, vocabulary.ENTITY_CLASSES


def bind_prefixes(graph) -> None:
    """Bind kgraph's prefixes on an rdflib Graph or Dataset."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
