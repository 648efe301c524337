"""Time the saved queries (examples/queries/*.rq) on kgraph's Oxigraph store and on rdflib's
in-memory Dataset, over one synthetic graph in kgraph's vocabulary, in one run.

    python benchmarks/bench_queries.py                    # 1,000,000 triples (a few minutes)
    python benchmarks/bench_queries.py --triples 50000 --rdflib-timeout 30

The graph imitates what ``kgraph build`` writes: one named graph per article holding its
document node, the typed and labelled entities it mentions, its kgo:Assertion evidence nodes and
the plain relation triples; entities recur across articles with a skewed (Zipf-like) popularity.
Each query runs once untimed (warm-up) and then ``--repeat`` times; the table gives the median.
rdflib queries run in a forked child and are stopped after ``--rdflib-timeout`` seconds.
"""
from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from kgraph.query import PREFIXES, parse_term, read_query, run_query  # noqa: E402
from kgraph.rdf.namespaces import RELATIONS  # noqa: E402
from kgraph.safety import no_network  # noqa: E402
from kgraph.store import open_store  # noqa: E402

KGO, KGR = PREFIXES["kgo"], PREFIXES["kgr"]
RDF, RDFS, SKOS, PROV, XSD = (PREFIXES[p] for p in ("rdf", "rdfs", "skos", "prov", "xsd"))
DCT = PREFIXES["dcterms"]

#: (query file, bindings) — the bindings pick well-connected entities, as a researcher would
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("members-and-observers", {"org": "kgr:organization/O000"}),
    ("country-relations", {"country": "kgr:country/C001"}),
    ("meetings", {"person": "kgr:person/P0000"}),
    ("pair-timeline", {"country": "kgr:country/C000", "partner": "kgr:country/C001"}),
    ("alliances-partnerships", {}),
    ("bilateral-ranked", {}),
    ("triple-provenance", {"subject": "kgr:country/C000", "relation": "kgo:strategicPartnerOf",
                           "object": "kgr:country/C001"}),
]

COUNTRY_RELS = ["strategicPartnerOf", "allyOf", "cooperatesWith", "diplomaticRelationsWith",
                "signedAgreementWith", "tradePartnerOf", "inConflictWith"]


def _iri(x: str) -> str:
    return f"<{x}>"


def _lit(text: str, lang: str | None = None, dt: str | None = None) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"' + (f"@{lang}" if lang else f"^^<{dt}>" if dt else "")


def generate(n_triples: int, seed: int = 7) -> tuple[str, int]:
    """N-Quads text of about ``n_triples`` distinct triples; returns (text, number of articles)."""
    rng = random.Random(seed)
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

    lines: list[str] = []
    distinct: set[str] = set()  # distinct triples of the union (entities recur across articles)
    doc_no = 0
    while len(distinct) < n_triples:
        doc_id = f"doc{doc_no:06d}"
        g = _iri(KGR + "graph/" + doc_id)
        doc = _iri(KGR + "document/" + doc_id)
        day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out = [f"{doc} {_iri(RDF + 'type')} {_iri(KGO + 'Document')} {g} .",
               f"{doc} {_iri(DCT + 'identifier')} {_lit(doc_id)} {g} .",
               f"{doc} {_iri(KGO + 'textHash')} {_lit(hashlib.sha256(doc_id.encode()).hexdigest())} {g} .",
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
                    f"{a} {_iri(KGO + 'confidence')} {_lit('0.8', dt=XSD + 'decimal')} {g} .",
                    f"{_iri(KGR + s)} {_iri(KGO + rel)} {_iri(KGR + o)} {g} ."]
            if rng.random() < 0.3:
                out.append(f"{a} {_iri(KGO + 'date')} {_lit(day[:7], dt=XSD + 'gYearMonth')} {g} .")
        for key in sorted(mentioned):
            out += entity_quads(key, g)
        out = list(dict.fromkeys(out))
        lines += out
        distinct.update(line.rsplit(" ", 2)[0] for line in out)
        doc_no += 1
    return "\n".join(lines) + "\n", doc_no


def _rdflib_child(conn, ds: rdflib.Dataset, text: str, bindings: dict, repeat: int) -> None:
    try:
        times = []
        for i in range(repeat + 1):
            start = time.perf_counter()
            with no_network():
                n = len(list(ds.query(text, initNs=PREFIXES, initBindings=bindings)))
            if i:
                times.append(time.perf_counter() - start)
        conn.send((statistics.median(times), n))
    except Exception as exc:  # noqa: BLE001 - reported in the table
        conn.send((None, f"error: {exc}"))


def time_rdflib(ds: rdflib.Dataset, text: str, bindings: dict, repeat: int, timeout: float):
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(child, ds, text, bindings, repeat), daemon=True)
    proc.start()
    child.close()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        return None, None
    result = parent.recv()
    proc.join()
    return result


def time_oxigraph(store, text: str, bindings: dict, repeat: int):
    times, n = [], 0
    for i in range(repeat + 1):
        start = time.perf_counter()
        n = len(run_query(store, text, bindings=bindings))
        if i:
            times.append(time.perf_counter() - start)
    return statistics.median(times), n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=300.0,
                        help="seconds allowed for each rdflib query (all repeats)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    data, n_docs = generate(args.triples)
    print(f"generated {args.triples:,}+ triples in {n_docs:,} articles in {time.perf_counter() - t0:.1f} s", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with open_store(Path(tmp) / "store") as store:
            store.ox.bulk_load(data.encode("utf-8"), ox.RdfFormat.N_QUADS)
            store.ox.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")  # the union, as a set
            store.ox.optimize()
            n_union = len(run_query(store.ox, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
            ox_load = time.perf_counter() - t0
            print(f"oxigraph on-disk store: {n_union:,} distinct triples, loaded in {ox_load:.1f} s", flush=True)

            t0 = time.perf_counter()
            ds = rdflib.Dataset(default_union=True)
            ds.parse(data=data, format="nquads")
            rd_load = time.perf_counter() - t0
            print(f"rdflib Dataset (memory): {len(ds):,} triples, loaded in {rd_load:.1f} s", flush=True)
            del data

            rows = []
            for name, binds in QUERIES:
                text = read_query(str(ROOT / "examples" / "queries" / f"{name}.rq"))
                ox_s, ox_n = time_oxigraph(store.ox, text, binds, args.repeat)
                terms = {k: rdflib.URIRef(parse_term(v).value) for k, v in binds.items()}
                rd_s, rd_n = time_rdflib(ds, text, terms, args.repeat, args.rdflib_timeout)
                rows.append((name, ox_n, ox_s, rd_n, rd_s))
                rd_txt = f"{rd_s:.3f}" if rd_s is not None else f"> {args.rdflib_timeout:.0f}"
                ratio = f"{rd_s / ox_s:.0f}×" if rd_s is not None and ox_s > 0 else "—"
                print(f"  {name:24s} rows ox={ox_n} rdflib={rd_n}  oxigraph {ox_s:.3f} s  rdflib {rd_txt} s  {ratio}",
                      flush=True)

    print()
    print(f"Saved queries, {n_union:,} triples ({n_docs:,} articles); median of {args.repeat}; "
          f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}")
    print(f"Load: Oxigraph store {ox_load:.1f} s, rdflib Dataset {rd_load:.1f} s")
    print()
    print("| query | rows | Oxigraph store (s) | rdflib in-memory (s) | speed-up |")
    print("|---|---:|---:|---:|---:|")
    for name, ox_n, ox_s, rd_n, rd_s in rows:
        rd_txt = f"{rd_s:.3f}" if rd_s is not None else f"> {args.rdflib_timeout:.0f} (stopped)"
        ratio = f"{rd_s / ox_s:.0f}×" if rd_s is not None and ox_s > 0 else f"> {args.rdflib_timeout / ox_s:.0f}×"
        mismatch = "" if rd_n in (None, ox_n) else f" (rdflib: {rd_n})"
        print(f"| {name} | {ox_n}{mismatch} | {ox_s:.3f} | {rd_txt} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
