"""The Stanza stage with the shared offline models (real parses, no mocks)."""
from __future__ import annotations

import json

import pytest

from kgraph.errors import ModelsNotFoundError
from kgraph.model import Document
from kgraph.nlp.conllu import parse_conllu
from kgraph.nlp.models import model_info, resolve_models_dir
from kgraph.nlp.parse import ParseOptions, Parser


def test_nlp_parses_an_indonesian_sentence(parser):
    doc = Document("t1", "Presiden Rusia Vladimir Putin bertemu dengan para pemimpin ASEAN.")
    (parsed,) = parser.parse_batch([doc])
    (sentence,) = parsed.sentences
    words = sentence.words
    assert [w.text for w in words][:4] == ["Presiden", "Rusia", "Vladimir", "Putin"]
    bertemu = next(w for w in words if w.text == "bertemu")
    assert bertemu.lemma == "temu" and bertemu.upos == "VERB"
    assert sum(w.head == 0 for w in words) == 1  # one root
    assert all(0 <= w.head <= len(words) for w in words)
    assert all(doc.text[w.start:w.end] == w.text for w in words)


def test_nlp_splits_clitics_with_mwt(parser):
    (parsed,) = parser.parse_batch([Document("t2", "Rusia adalah sekutunya.")])
    texts = [w.text for w in parsed.sentences[0].words]
    assert "nya" in texts and "sekutunya" not in texts


def test_nlp_every_line_break_ends_a_sentence_and_offsets_stay_true(parser):
    text = "Foto: Kremlin.ru\nMenurut Institut Penelitian Eurasia, SCO adalah organisasi.\nRusia hadir."
    (parsed,) = parser.parse_batch([Document("t3", text)])
    assert [s.text for s in parsed.sentences][0] == "Foto: Kremlin.ru"
    assert all("\n" not in s.text for s in parsed.sentences)
    for s in parsed.sentences:
        assert all(text[w.start:w.end] == w.text for w in s.words if len(w.text) > 3)


def test_nlp_cached_parse_does_not_load_stanza(tmp_path):
    opts = ParseOptions(cache_dir=str(tmp_path))
    doc = Document("t4", "Indonesia dan Australia merupakan mitra strategis.")
    first = Parser(opts)
    parsed = first.parse_batch([doc])
    assert first.stanza_loaded and first.parsed_count == 1
    second = Parser(opts)
    assert second.parse_batch([doc]) == parsed
    assert not second.stanza_loaded and second.parsed_count == 0
    assert len(list(tmp_path.rglob("*.conllu"))) == 1


def test_nlp_conllu_reader_round_trips_offsets():
    conllu = ("# text = Sekutunya hebat.\n1-2\tSekutunya\t_\t_\t_\t_\t_\t_\t_\tstart_char=0|end_char=9\n"
              "1\tSekutu\tsekutu\tNOUN\t_\t_\t3\tnsubj\t_\tstart_char=0|end_char=6\n"
              "2\tnya\tnya\tPRON\t_\t_\t1\tdet\t_\tstart_char=6|end_char=9\n"
              "3\thebat\thebat\tADJ\t_\t_\t0\troot\t_\tstart_char=10|end_char=15\n"
              "4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\tstart_char=15|end_char=16\n\n")
    (s,) = parse_conllu(conllu, "Sekutunya hebat.")
    assert [(w.text, w.start, w.end, w.head) for w in s.words][:2] == [("Sekutu", 0, 6, 3), ("nya", 6, 9, 1)]
    assert s.text == "Sekutunya hebat."


def test_nlp_models_dir_setting_and_missing_models_message(tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_STANZA_DIR", str(tmp_path))
    assert resolve_models_dir() == tmp_path
    assert resolve_models_dir(str(tmp_path / "x")) == tmp_path / "x"
    with pytest.raises(ModelsNotFoundError, match="kgraph models download"):
        model_info(tmp_path)
    (tmp_path / "resources.json").write_text(json.dumps({"id": {"default_processors": {"tokenize": "gsd"}}}))
    with pytest.raises(ModelsNotFoundError, match="missing for"):
        model_info(tmp_path)


def test_nlp_model_identity_depends_on_processors(parser):
    info = parser.info
    assert info.identity(("tokenize",)) != info.identity(("tokenize", "ner"))
    assert info.identity(("tokenize",)) == info.identity(("tokenize",))


def test_nlp_optional_ner_adds_names_the_rules_use(tmp_path):
    from kgraph.extract.article import extract_article

    text = "Richardson tiba di Moskow."
    plain = Parser(ParseOptions(cache_dir=str(tmp_path)))
    with_ner = Parser(ParseOptions(cache_dir=str(tmp_path), use_ner=True))
    doc = Document("ner", text)
    (p1,), (p2,) = plain.parse_batch([doc]), with_ner.parse_batch([doc])
    assert all(w.ner == "O" for w in p1.sentences[0].words)
    assert any(w.ner != "O" for w in p2.sentences[0].words)
    facts = {(a.subject.key, a.predicate, a.object.key) for a in extract_article(p2).assertions}
    assert ("person/Richardson", "visited", "place/Moscow") in facts
    assert not extract_article(p1).assertions
