"""The dependency-tree engine on parses built by hand (Stanza is not the subject here)."""
from __future__ import annotations

import json
import subprocess
import sys

from kgraph.extract.arguments import tree_arguments
from kgraph.extract.engine import apply_rules
from kgraph.extract.mentions import find_mentions
from kgraph.extract.references import resolve_references
from kgraph.extract.rules import load_rules
from kgraph.extract.syntax import Tree
from kgraph.model import Document, ParsedDocument, Sentence, Word

from conftest import SHARED, run_cli


def parsed(rows: list[tuple[str, str, str, int, str]]) -> ParsedDocument:
    """One sentence from (text, lemma, upos, head, deprel) rows, words separated by spaces."""
    words, pos = [], 0
    text = " ".join(r[0] for r in rows)
    for i, (form, lemma, upos, head, deprel) in enumerate(rows, 1):
        words.append(Word(i, form, lemma, upos, head, deprel, pos, pos + len(form)))
        pos += len(form) + 1
    doc = Document("hand", text)
    return ParsedDocument(doc, (Sentence(0, text, 0, len(text), tuple(words)),))


# "Presiden Joko Widodo , yang didampingi Menlu Retno Marsudi , tiba di Beijing ."
RELATIVE = [("Presiden", "presiden", "NOUN", 11, "nsubj"), ("Joko", "Joko", "PROPN", 1, "flat:name"),
            ("Widodo", "Widodo", "PROPN", 1, "flat:name"), (",", ",", "PUNCT", 6, "punct"),
            ("yang", "yang", "PRON", 6, "nsubj:pass"), ("didampingi", "damping", "VERB", 1, "acl:relcl"),
            ("Menlu", "Menlu", "PROPN", 6, "obl:agent"), ("Retno", "Retno", "PROPN", 7, "flat:name"),
            ("Marsudi", "Marsudi", "PROPN", 7, "flat:name"), (",", ",", "PUNCT", 11, "punct"),
            ("tiba", "tiba", "VERB", 0, "root"), ("di", "di", "ADP", 13, "case"),
            ("Beijing", "Beijing", "PROPN", 11, "obl"), (".", ".", "PUNCT", 11, "punct")]

# "Indonesia membantah laporan bahwa Malaysia telah bergabung dengan BRICS ."
DENIED = [("Indonesia", "Indonesia", "PROPN", 2, "nsubj"), ("membantah", "bantah", "VERB", 0, "root"),
          ("laporan", "lapor", "NOUN", 2, "obj"), ("bahwa", "bahwa", "SCONJ", 7, "mark"),
          ("Malaysia", "Malaysia", "PROPN", 7, "nsubj"), ("telah", "telah", "AUX", 7, "aux"),
          ("bergabung", "gabung", "VERB", 3, "acl"), ("dengan", "dengan", "ADP", 9, "case"),
          ("BRICS", "BRICS", "PROPN", 7, "obl"), (".", ".", "PUNCT", 2, "punct")]


def facts(doc: ParsedDocument) -> set[tuple[str, str, str, str | None]]:
    article = find_mentions(doc)
    quotes = resolve_references(article)
    return {(a.subject.key, a.predicate, a.object.key, a.modality) for a in apply_rules(article, quotes, load_rules())}


def test_extract_tree_relative_clause_is_skipped_for_the_subject():
    tree = Tree(parsed(RELATIVE).sentences[0])
    tiba = tree.words[10]
    assert [w.text for w in tree.subjects(tiba, frozenset({"yang"}))] == ["Presiden"]
    assert facts(parsed(RELATIVE)) == {("person/Joko Widodo", "visited", "place/Beijing", None)}


def test_extract_tree_rule_records_that_the_tree_fired():
    article = find_mentions(parsed(RELATIVE))
    (a,) = apply_rules(article, resolve_references(article), load_rules())
    assert a.rule == "rule:visit-direct/tree"


def test_extract_tree_denial_of_a_report_governs_the_clause():
    tree = Tree(parsed(DENIED).sentences[0])
    bergabung = tree.words[6]
    assert [w.text for w in tree.clause_words(bergabung)] == ["bahwa", "telah", "laporan", "membantah"]
    assert facts(parsed(DENIED)) == {("country/MYS", "memberOf", "organization/BRICS", "denial")}


def test_extract_tree_arguments_by_case_marker():
    doc = parsed(DENIED)
    article = find_mentions(doc)
    tree = Tree(doc.sentences[0])
    start = tree.words[6].start  # "bergabung dengan"
    member = next(r for r in load_rules().rules if r.id == "member")
    args = tree_arguments(tree, article.sentences[0].mentions, start, tree.words[7].end, member, load_rules())
    assert [m.text for m in args.subjects.mentions] == ["Malaysia"]
    assert [m.text for m in args.objects.mentions] == ["BRICS"]


def test_extract_knows_no_rdf():
    code = ("import sys, kgraph.extract.article, kgraph.extract.engine; "
            "bad = [m for m in sys.modules if m == 'rdflib' or m.startswith(('rdflib.', 'kgraph.rdf'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_eval_show_lists_items_with_sentences_and_rules(tmp_path):
    import pytest

    if not SHARED.is_dir():
        pytest.skip("../shared is absent: no gold aliases")
    text = "Presiden Joko Widodo tiba di Beijing. Presiden Joko Widodo bertemu Presiden Xi Jinping di Jakarta."
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "a1", "text": text}) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a1", "triples": [["Joko Widodo", "visited", "Beijing"],
                                                          ["Joko Widodo", "visited", "Shanghai"]]}) + "\n",
                    encoding="utf-8")
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"Joko Widodo": ["Jokowi"], "Beijing": [], "Shanghai": [], "Xi Jinping": []}),
                       encoding="utf-8")
    graph = tmp_path / "g.ttl"
    assert run_cli("build", str(corpus), "-o", str(graph), "-q").returncode == 0
    result = run_cli("eval", str(gold), str(aliases), str(graph), "--show", "--input", str(corpus), "--json")
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)["items"]
    assert item["id"] == "a1"
    assert [m["triple"] for m in item["missed"]] == [["Joko Widodo", "visited", "Shanghai"]]
    (wrong,) = item["wrong"]
    assert wrong["triple"] == ["?Joko Widodo", "metWith", "?Xi Jinping"] and wrong["rule"].startswith("rule:meeting")
    assert "bertemu" in wrong["sentence"]


def test_extract_data_files_name_file_and_line_for_a_misspelt_key(tmp_path):
    import shutil

    from conftest import ROOT

    data = tmp_path / "ontologies"
    shutil.copytree(ROOT / "ontologies", data)
    mentions = data / "mentions.toml"
    text = mentions.read_text(encoding="utf-8")
    mentions.write_text(text.replace("subject_pronouns =", "subject_pronoun ="), encoding="utf-8")
    line = 1 + text[:text.index("[references]")].count("\n")  # a missing key: the line of its table
    page = tmp_path / "a.txt"
    page.write_text("Presiden Joko Widodo tiba di Beijing.", encoding="utf-8")
    import os

    env = {**os.environ, "KGRAPH_ONTOLOGIES": str(data)}
    result = subprocess.run([sys.executable, "-m", "kgraph", "build", str(page), "-o", str(tmp_path / "g.ttl"), "-q"],
                            capture_output=True, text=True, env=env)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()
    assert len(message) == 1 and "mentions.toml" in message[0] and "subject_pronouns" in message[0], message
    assert f":{line}" in message[0] or f"line {line}" in message[0], message
    assert "Traceback" not in result.stderr
