"""NLP stage: Stanza models (location, download), parsing, and the CoNLL-U parse cache.

Stanza is imported only in :mod:`kgraph.nlp.stanza_pipeline`, and only when a text is not cached.
"""
