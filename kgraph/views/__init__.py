"""Views of a kgraph graph (the interactive HTML page)."""
