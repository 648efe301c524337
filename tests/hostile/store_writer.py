"""Keep writing to a kgraph store, as a long ``kgraph build --store`` does, until killed.

    python store_writer.py STORE

Adds the sample articles again and again under new ids and texts (each a transaction, then a
flush, so RocksDB writes, compacts and deletes table files while readers open the store).
"""
import sys
import time
from pathlib import Path

from rdflib import Graph, Literal

from kgraph.rdf.namespaces import KGO
from kgraph.store import open_store
from sample_graph import sample_dataset

graphs = [g for g in sample_dataset().graphs() if list(g.objects(None, KGO.textHash))]
with open_store(Path(sys.argv[1])) as store:
    print("writing", flush=True)
    n = 0
    while True:
        for graph in graphs:
            n += 1
            copy = Graph()
            text_hash = f"race-{n}"
            for s, p, o in graph:
                copy.add((s, p, Literal(text_hash) if p == KGO.textHash else o))
            store.add_article(f"{graph.identifier}-race-{n}", copy, text_hash)
            store.ox.flush()
            if n % 10 == 0:
                store.ox.optimize()
        time.sleep(0.01)
