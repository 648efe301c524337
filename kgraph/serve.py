"""A read-only SPARQL 1.1 Protocol endpoint over a store folder, run by the Oxigraph server
(``oxigraph serve-read-only``, from the ``oxigraph`` package on PyPI).

The server does not predeclare prefixes: :func:`prefix_block` gives the ``PREFIX`` lines of
kgraph's prefixes, to put before a saved query (YASGUI and Gephi's SPARQL plugin take them in the
query text). kgraph stores hold the union of all articles in their default graph, so queries
behave as with ``kgraph query``.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from kgraph.errors import InputError
from kgraph.query import PREFIXES
from kgraph.sources import is_store_dir

__all__ = ["prefix_block", "oxigraph_binary", "server_command", "serve"]


def prefix_block() -> str:
    """``PREFIX name: <iri>`` lines for every prefix ``kgraph query`` predeclares."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def oxigraph_binary() -> str:
    """The ``oxigraph`` command: beside this Python (a virtual environment's bin/) or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise InputError("kgraph serve needs the Oxigraph server: pip install 'kgraph[serve]' "
                         "(the 'oxigraph' package)")
    return found


def server_command(store: str | Path, host: str, port: int, *, cors: bool = False,
                   timeout: float | None = None) -> list[str]:
    """The command line that serves ``store`` read-only on ``host:port``."""
    store = Path(store)
    if not is_store_dir(store):
        what = "is not a kgraph store (no CURRENT file)" if store.exists() else "does not exist"
        raise InputError(f"{store}: {what}; make one with 'kgraph build … --store {store}' "
                         f"or 'kgraph load {store} FILE.trig'")
    command = [oxigraph_binary(), "serve-read-only", "--location", str(store), "--bind", f"{host}:{port}"]
    if cors:
        command.append("--cors")
    if timeout:
        command += ["--timeout-s", str(max(1, round(timeout)))]
    return command


def serve(store: str | Path, host: str = "127.0.0.1", port: int = 7878, *, cors: bool = False,
          timeout: float | None = None) -> int:
    """Replace this process by the Oxigraph server (so stopping it stops the server); returns
    only if it could not be started."""
    command = server_command(store, host, port, cors=cors, timeout=timeout)
    print(f"kgraph: serving {store} read-only at http://{host}:{port}/query (SPARQL 1.1 Protocol); "
          "Ctrl-C stops it. Put these lines before a query:\n" + prefix_block(), file=sys.stderr, flush=True)
    try:
        os.execv(command[0], command)
    except OSError as exc:
        raise InputError(f"{command[0]}: cannot start the Oxigraph server ({exc.strerror or exc})") from exc
    return 1
