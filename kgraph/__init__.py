"""kgraph: knowledge graphs of international relations from Indonesian news."""
from __future__ import annotations

__version__ = "0.1.0"
