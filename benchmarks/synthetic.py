"""A synthetic graph in kgraph's vocabulary, for benchmarks and tests.

It imitates what ``kgraph build`` writes: one named graph per article holding its document
node, the typed and labelled entities it mentions, its kgo:Assertion evidence nodes and the
plain relation triples (hedged assertions, about one in ten, have ``kgo:modality`` and no plain
triple); entities recur across articles with a skewed (Zipf-like) popularity.
"""
from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

from kgraph.rdf.namespaces import PREFIXES as _NS
from kgraph.rdf.namespaces import RELATIONS

PREFIXES = {name: str(ns) for name, ns in _NS.items()}
KGO, KGR = PREFIXES["kgo"], PREFIXES["kgr"]
RDF, RDFS, SKOS, PROV, XSD = (PREFIXES[p] for p in ("rdf", "rdfs", "skos", "prov", "xsd"))
DCT = PREFIXES["dcterms"]

COUNTRY_RELS = ["strategicPartnerOf", "allyOf", "cooperatesWith", "diplomaticRelationsWith",
                "signedAgreementWith", "tradePartnerOf", "inConflictWith"]


def _iri(x: str) -> str:
    return f"<{x}>"


def _lit(text: str, lang: str | None = None, dt: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"' + (f"@{lang}" if lang else f"^^<{dt}>" if dt else "")


def articles(seed: int = 7, version: str = "") -> Iterator[tuple[str, list[str]]]:
    """Endless (doc id, N-Quads lines of its named graph), ``doc000000`` first. Another
    ``version`` gives the same ids with other contents (and text hashes): a re-extraction."""
    rng = random.Random(f"{seed}{version}")
    countries = [f"country/C{i:03d}" for i in range(200)]
    orgs = [f"organization/O{i:03d}" for i in range(40)]
    persons = [f"person/P{i:04d}" for i in range(3000)]
    places = [f"place/L{i:03d}" for i in range(500)]

    def pick(pool: list[str]) -> str:  # skewed popularity: low indices are mentioned far more
        return pool[min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1)]

    def entity_quads(key: str, g: str) -> list[str]:
        cls = {"country": "Country", "organization": "InternationalOrganization", "person": "Person",
               "place": "Place"}[key.split("/")[0]]
        node = _iri(KGR + key)
        name = key.split("/")[1]
        return [f"{node} {_iri(RDF + 'type')} {_iri(KGO + cls)} {g} .",
                f"{node} {_iri(RDFS + 'label')} {_lit('Name ' + name, 'en')} {g} .",
                f"{node} {_iri(RDFS + 'label')} {_lit('Nama ' + name, 'id')} {g} .",
                f"{node} {_iri(SKOS + 'altLabel')} {_lit('Alias ' + name, 'id')} {g} ."]

    doc_no = 0
    while True:
        doc_id = f"doc{doc_no:06d}"
        g = _iri(KGR + "graph/" + doc_id)
        doc = _iri(KGR + "document/" + doc_id)
        day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out = [f"{doc} {_iri(RDF + 'type')} {_iri(KGO + 'Document')} {g} .",
               f"{doc} {_iri(DCT + 'identifier')} {_lit(doc_id)} {g} .",
               f"{doc} {_iri(KGO + 'textHash')} {_lit(hashlib.sha256((doc_id + version).encode()).hexdigest())} {g} .",
               f"{doc} {_iri(DCT + 'title')} {_lit('Berita ' + doc_id, 'id')} {g} .",
               f"{doc} {_iri(DCT + 'issued')} {_lit(day, dt=XSD + 'date')} {g} ."]
        mentioned: set[str] = set()
        for k in range(rng.randint(4, 9)):
            kind = rng.random()
            if kind < 0.45:
                s, o = pick(countries), pick(countries)
                if s == o:
                    continue
                rel = rng.choice(COUNTRY_RELS)
            elif kind < 0.6:
                s, o, rel = pick(countries), pick(orgs), rng.choice(["memberOf", "foundingMemberOf", "observerOf"])
            elif kind < 0.8:
                s, o, rel = pick(persons), pick(countries), rng.choice(["headOfStateOf", "foreignMinisterOf", "ministerOf"])
            elif kind < 0.92:
                s, o = pick(persons), pick(persons)
                if s == o:
                    continue
                rel = rng.choice(["metWith", "spokeWith"])
            else:
                s, o, rel = pick(persons), rng.choice([pick(places), pick(countries)]), "visited"
            assert rel in RELATIONS
            mentioned.update((s, o))
            a = _iri(KGR + f"assertion/{doc_id}-{k}")
            start = rng.randint(0, 3000)
            out += [f"{a} {_iri(RDF + 'type')} {_iri(KGO + 'Assertion')} {g} .",
                    f"{a} {_iri(RDF + 'subject')} {_iri(KGR + s)} {g} .",
                    f"{a} {_iri(RDF + 'predicate')} {_iri(KGO + rel)} {g} .",
                    f"{a} {_iri(RDF + 'object')} {_iri(KGR + o)} {g} .",
                    f"{a} {_iri(PROV + 'wasDerivedFrom')} {doc} {g} .",
                    f"{a} {_iri(KGO + 'evidenceText')} {_lit(f'Kalimat {k} dari {doc_id} tentang {s} dan {o}.', 'id')} {g} .",
                    f"{a} {_iri(KGO + 'charStart')} {_lit(str(start), dt=XSD + 'integer')} {g} .",
                    f"{a} {_iri(KGO + 'charEnd')} {_lit(str(start + 120), dt=XSD + 'integer')} {g} .",
                    f"{a} {_iri(KGO + 'extractor')} {_lit('synthetic/' + rel)} {g} .",
                    f"{a} {_iri(KGO + 'confidence')} {_lit('0.8', dt=XSD + 'decimal')} {g} ."]
            if rng.random() < 0.1:  # hedged: evidence without the plain triple
                out.append(f"{a} {_iri(KGO + 'modality')} {_lit('intention')} {g} .")
            else:
                out.append(f"{_iri(KGR + s)} {_iri(KGO + rel)} {_iri(KGR + o)} {g} .")
            if rng.random() < 0.3:
                out.append(f"{a} {_iri(KGO + 'date')} {_lit(day[:7], dt=XSD + 'gYearMonth')} {g} .")
        for key in sorted(mentioned):
            out += entity_quads(key, g)
        yield doc_id, list(dict.fromkeys(out))
        doc_no += 1


def generate(n_triples: int, seed: int = 7) -> Iterator[str]:
    """N-Quads lines of whole articles until their union holds ``n_triples`` distinct triples."""
    distinct: set[int] = set()  # hashes of the union's triples (entities recur across articles)
    for _, lines in articles(seed):
        yield from lines
        distinct.update(hash(line.rsplit(" ", 2)[0]) for line in lines)
        if len(distinct) >= n_triples:
            return
