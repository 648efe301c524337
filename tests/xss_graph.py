"""A dataset whose article text, titles and names carry markup: nothing of it may execute."""
from __future__ import annotations

import datetime as dt

from rdflib import URIRef
from rdflib.namespace import OWL

from kgraph.model import Assertion, Document, Entity
from kgraph.rdf.iris import entity_iri
from kgraph.rdf.mapping import article_graph, new_dataset
from kgraph.rdf.namespaces import KGR

SCRIPT = "<script>window.__xss = 'script'</script>"
IMG = "<img src=x onerror=\"window.__xss='img'\">"
EVIL_PERSON = Entity("person/Evil", "Person", f"Evil {SCRIPT}", f"Jahat {IMG}", frozenset({f"<b>alias</b>{IMG}"}))
EVIL_COUNTRY = Entity("country/XSS", "Country", f"Xland {IMG}", "Xland", frozenset())
DOC = Document("xss", f"Menurut {IMG} sumber {SCRIPT}, Evil adalah presiden Xland.",
               title="<a href=\"javascript:alert(1)\">href</a></script><script>window.__xss='title'</script>",
               date=dt.date(2024, 2, 2), url="javascript:window.__xss='url'")
#: identifiers: a real Wikidata IRI (becomes a link) and a javascript: one (must stay text)
SAME_AS = {EVIL_PERSON: "http://www.wikidata.org/entity/Q42", EVIL_COUNTRY: "javascript:window.__xss='sameAs'"}


def xss_dataset():
    ds = new_dataset()
    text = DOC.text
    article_graph(ds, DOC, {EVIL_PERSON: {f"Sang {IMG}"}, EVIL_COUNTRY: set()}, [
        Assertion(EVIL_PERSON, "headOfStateOf", EVIL_COUNTRY, DOC, text, 0, len(text), "test", 0.5),
        Assertion(EVIL_PERSON, "visited", EVIL_COUNTRY, DOC, text, 0, len(text), "test", 0.5),
    ])
    for entity, target in SAME_AS.items():
        ds.graph(KGR["graph/xss-ids"]).add((entity_iri(entity.key), OWL.sameAs, URIRef(target)))
    return ds
