"""`kgraph build` on the kinds of input a researcher has: web pages, JSON arrays, mixed folders, PDFs."""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.namespace import XSD as _XSD

from kgraph.rdf.namespaces import KGO

from conftest import run_cli

PAGE = Path(__file__).parent / "data" / "page.html"
# what the page's article says, as its own paragraphs (the nav, script, style, aside and footer
# all say that Japan and South Korea are strategic partners: none of it may reach the graph)
PAGE_TEXT = ("Indonesia dan Australia perkuat kemitraan\n"
             "Indonesia dan Australia merupakan mitra strategis. Kedua negara membahas perdagangan, pendidikan "
             "dan keamanan kawasan dalam pertemuan tahunan para menteri di Jakarta pekan ini.\n"
             "Pertemuan itu berlangsung selama dua hari dan diikuti pejabat dari kedua pemerintahan yang membahas "
             "rencana kerja untuk tahun-tahun mendatang.")
ITEMS = [{"id": "j1", "text": "Indonesia dan Australia merupakan mitra strategis.", "date": "2024-03-01"},
         {"id": "j2", "text": "Jepang berencana menjatuhkan sanksi terhadap Rusia.", "title": "Sanksi"}]


def _dataset(path: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig")
    return ds


def _relations(ds: Dataset) -> set:
    return {(s, p, o) for s, p, o in ds.triples((None, None, None))
            if str(p).startswith(str(KGO)) and isinstance(o, URIRef) and "/resource/" in str(s)}


def _one_error(result) -> str:
    err = result.stderr.decode()
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert result.returncode != 0 and len(lines) == 1 and lines[0].startswith("kgraph: error:"), err
    return lines[0]


def test_html_page_gives_its_article_text_and_metadata_without_boilerplate(tmp_path):
    result = run_cli("build", str(PAGE), "-o", str(tmp_path / "page.trig"), "-q")
    assert result.returncode == 0, result.stderr
    page = _dataset(tmp_path / "page.trig")
    (tmp_path / "page.txt").write_text(PAGE_TEXT, encoding="utf-8")
    result = run_cli("build", str(tmp_path / "page.txt"), "-o", str(tmp_path / "text.trig"), "-q")
    assert result.returncode == 0, result.stderr
    assert _relations(page) == _relations(_dataset(tmp_path / "text.trig"))
    assert len(_relations(page)) >= 1
    names = {str(o) for o in page.objects(None, None) if isinstance(o, Literal)}
    assert not any("Jepang" in n or "Korea" in n or "Japan" in n for n in names)  # no nav, script, footer
    assert not any(str(x).endswith(("country/JPN", "country/KOR")) for x in page.all_nodes())
    doc = next(page.subjects(DCTERMS.identifier, Literal("page")))
    assert page.value(doc, DCTERMS.title) == Literal("Indonesia dan Australia perkuat kemitraan", lang="id")
    assert page.value(doc, DCTERMS.issued) == Literal("2024-03-01", datatype=_XSD.date)
    assert page.value(doc, KGO.url) == Literal("https://berita.example/internasional/2024/03/01/mitra",
                                               datatype=_XSD.anyURI)


def test_html_page_with_no_article_text_is_a_clear_error(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><script>var x = 'Rusia dan Tiongkok';</script></head><body>"
                                         "<script>document.write('Rusia dan Tiongkok bertemu.')</script></body></html>")
    line = _one_error(run_cli("build", str(tmp_path / "empty.html"), "-o", str(tmp_path / "o.ttl")))
    assert "empty.html: no article text found in the page" in line


def test_json_array_is_read_like_jsonl(tmp_path):
    (tmp_path / "items.json").write_text(json.dumps(ITEMS), encoding="utf-8")
    (tmp_path / "items.jsonl").write_text("".join(json.dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
    for name in ("items.json", "items.jsonl"):
        result = run_cli("build", str(tmp_path / name), "-o", str(tmp_path / f"{name}.trig"), "-q")
        assert result.returncode == 0, result.stderr
    assert set(_dataset(tmp_path / "items.json.trig").quads()) == set(_dataset(tmp_path / "items.jsonl.trig").quads())


def test_json_array_bad_items_get_the_jsonl_errors(tmp_path):
    out = tmp_path / "out.trig"
    out.write_text("# earlier result\n")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([ITEMS[0], {"id": "no-text"}, 7]), encoding="utf-8")
    line = _one_error(run_cli("build", str(bad), "-o", str(out)))
    assert f"{bad}[2]: missing 'text' (a string) field" in line
    assert out.read_text() == "# earlier result\n"
    (tmp_path / "broken.json").write_text('[{"text": "Rusia."},\n {oops}]')
    line = _one_error(run_cli("build", str(tmp_path / "broken.json"), "-o", str(out)))
    assert "broken.json: malformed JSON" in line and "line 2" in line
    skipped = run_cli("build", str(bad), "-o", str(out), "--on-error", "skip", "-q")
    assert skipped.returncode == 0, skipped.stderr
    warnings = skipped.stderr.decode().splitlines()
    assert warnings == [f"kgraph: warning: skipped {bad}[2]: missing 'text' (a string) field",
                        f"kgraph: warning: skipped {bad}[3]: expected a JSON object with a 'text' field"]
    assert {str(o) for o in _dataset(out).objects(None, DCTERMS.identifier)} == {"j1"}


def test_a_folder_names_the_files_it_does_not_read_in_one_warning(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text(ITEMS[0]["text"], encoding="utf-8")
    for name in ("report.pdf", "table.csv", "sub/notes.docx", "README.md"):
        (corpus / name).write_bytes(b"%PDF-1.4\n" if name.endswith(".pdf") else b"x")
    result = run_cli("build", str(corpus), "-o", str(tmp_path / "out.trig"), "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().splitlines() == [
        f"kgraph: warning: {corpus}: skipped 4 file(s) of kinds kgraph does not read (README.md, report.pdf, "
        "sub/notes.docx, table.csv); it reads .txt .jsonl .json .html .htm"]
    assert {str(o) for o in _dataset(tmp_path / "out.trig").objects(None, DCTERMS.identifier)} == {"a"}


def test_a_pdf_gets_advice_that_works(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("# earlier result\n")
    (tmp_path / "laporan.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    line = _one_error(run_cli("build", "laporan.pdf", "-o", str(out), cwd=tmp_path))
    assert line == ("kgraph: error: laporan.pdf: a PDF, not text: extract its text first (pdftotext -enc UTF-8 "
                    "laporan.pdf laporan.txt, from poppler-utils) and build from the .txt")
    (tmp_path / "renamed.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    line = _one_error(run_cli("build", "renamed.txt", "-o", str(out), cwd=tmp_path))
    assert "renamed.txt: a PDF, not text" in line and "iconv" not in line
    (tmp_path / "data.csv").write_text("id,text\n1,Rusia.\n")
    assert "orient='records', lines=True" in _one_error(run_cli("build", "data.csv", "-o", str(out), cwd=tmp_path))
    assert out.read_text() == "# earlier result\n"
