"""kgraph.safety: no network unless allowed, no XML entity bombs; each proven end to end."""
from __future__ import annotations

import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from kgraph import cli
from kgraph.query import run_query
from kgraph.rdf.io import write_dataset
from kgraph.safety import NetworkBlockedError, UnsafeInputError, check_query, check_xml, no_network
from kgraph.sources import open_source, parse_file
from sample_graph import sample_dataset

BOMB = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">""" + "".join(
    f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi")) + """]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&i;</ex:p></rdf:Description>
</rdf:RDF>"""

OWL_STYLE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/"> <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="&ex;a"><ex:p rdf:datatype="&xsd;integer">1</ex:p></rdf:Description>
</rdf:RDF>"""


class Listener:
    """A local TCP server that records whether anything connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def trig(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("s") / "sample.trig"
    write_dataset(sample_dataset(), path)
    return path


def test_safety_service_is_refused_and_nothing_connects(trig, listener, capsys):
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    assert cli.main(["query", str(trig), query]) == 4
    err = capsys.readouterr().err
    assert "SERVICE" in err and "--allow-network" in err and err.count("\n") == 1
    time.sleep(0.3)
    assert listener.connections == 0


def test_safety_service_with_allow_network_does_connect(trig, listener, capsys):
    query = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    cli.main(["query", str(trig), query, "--allow-network", "--timeout", "20"])
    capsys.readouterr()
    deadline = time.monotonic() + 5
    while listener.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.connections >= 1  # proves the refusal above is what kept it off the network


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { service <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { S\\u0045RVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE SILENT ?endpoint { ?s ?p ?o } }",
    "LOAD <http://x/data.ttl>",
])
def test_safety_network_keywords_refused(query):
    with pytest.raises(NetworkBlockedError):
        check_query(query)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/>",
    "SELECT ?service WHERE { ?service a <http://x/SERVICE> ; kgo:service ?o }",
    "SELECT * WHERE { ?s ?p '''a SERVICE\nLOAD''' }",
])
def test_safety_harmless_mentions_pass(query):
    check_query(query)


def test_safety_no_network_blocks_python_sockets(listener):
    with no_network():
        with pytest.raises(NetworkBlockedError):
            urllib.request.urlopen(f"http://127.0.0.1:{listener.port}/", timeout=2)
        with pytest.raises(NetworkBlockedError):
            socket.create_connection(("127.0.0.1", listener.port), timeout=2)
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass  # outside the block the network works again


def test_safety_remote_jsonld_context_not_fetched(tmp_path, listener, capsys):
    doc = tmp_path / "remote.jsonld"
    doc.write_text('{"@context": "http://127.0.0.1:%d/ctx.jsonld", "@id": "http://example.org/a", '
                   '"name": "x"}' % listener.port, encoding="utf-8")
    with pytest.raises(UnsafeInputError, match="remote JSON-LD context"):
        parse_file(doc)
    assert cli.main(["export", str(doc), "-o", str(tmp_path / "out.ttl")]) != 0
    assert "--allow-network" in capsys.readouterr().err
    time.sleep(0.3)
    assert listener.connections == 0


def test_safety_xml_entity_bomb_refused_quickly(tmp_path, capsys):
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(BOMB, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(UnsafeInputError, match="nested entities"):
        parse_file(bomb)
    assert cli.main(["query", str(bomb), "ASK { ?s ?p ?o }"]) == 4
    assert "entity" in capsys.readouterr().err
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("doctype, message", [
    ('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "external"),
    ('<!DOCTYPE r [<!ENTITY % p "x">]>', "parameter"),
    ('<!DOCTYPE r [<!ENTITY big "' + "x" * 2000 + '">]><r>' + "&big;" * 1000 + "</r>", "expand"),
])
def test_safety_xml_other_entity_tricks_refused(doctype, message):
    with pytest.raises(UnsafeInputError, match=message):
        check_xml('<?xml version="1.0"?>' + doctype)


def test_safety_plain_owl_style_entities_still_parse(tmp_path):
    path = tmp_path / "ok.rdf"
    path.write_text(OWL_STYLE, encoding="utf-8")
    result = run_query(open_source(path), "SELECT ?o WHERE { <http://example.org/a> ?p ?o }")
    assert [r["o"].value for r in result.rows()] == ["1"]
