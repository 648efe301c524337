"""Corpus-level entity resolution (between extraction and RDF mapping)."""
