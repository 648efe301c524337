"""`kgraph eval` follows the gold scorer's definitions."""
from __future__ import annotations

import json

from kgraph.evaluate import evaluate, normalise_name

from conftest import SHARED, run_cli
from sample_graph import sample_dataset


def _gold(tmp_path, triples, optional=()):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g", "text": "x", "triples": triples, "optional": list(optional)}) + "\n")
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"Kazakhstan": [], "Russia": ["Rusia"], "China": ["Tiongkok"],
                                   "Shanghai Cooperation Organisation": ["SCO", "OKS"],
                                   "Kassym-Jomart Tokayev": ["Tokayev"], "Sergey Lavrov": ["Lavrov"],
                                   "Astana": []}))
    return gold, aliases


def test_evaluate_symmetry_subproperty_optional_and_unknown_nodes(tmp_path):
    from kgraph.rdf.io import write_dataset

    graph = tmp_path / "g.trig"
    write_dataset(sample_dataset(), graph)
    gold, aliases = _gold(tmp_path, [
        ["Russia", "strategicPartnerOf", "Kazakhstan"],  # symmetric, stored the other way round
        ["China", "memberOf", "Shanghai Cooperation Organisation"],  # foundingMemberOf counts as memberOf
        ["Kassym-Jomart Tokayev", "headOfStateOf", "Kazakhstan"],
        ["China", "allyOf", "Russia"],  # not in the graph
    ], optional=[["Sergey Lavrov", "visited", "Astana"]])
    score = evaluate(gold, aliases, graph)
    assert ("China", "allyOf", "Russia") in score.fn
    assert not any(t[1] == "visited" for t in score.fp)  # optional: neither required nor wrong
    assert ("Kazakhstan", "strategicPartnerOf", "Russia") in score.tp
    assert ("China", "memberOf", "Shanghai Cooperation Organisation") in score.tp
    assert {t[1] for t in score.fp} >= {"foreignMinisterOf", "tradePartnerOf"}


def test_evaluate_names_are_normalised_like_the_scorer():
    assert normalise_name("Recep Tayyip Erdoğan") == normalise_name("recep-tayyip  erdogan")


def test_eval_cli_scores_the_seed_against_dev(seed_ttl):
    result = run_cli("eval", str(SHARED / "gold" / "dev.jsonl"), str(SHARED / "gold" / "aliases.json"),
                     str(seed_ttl), "--json", "--show")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["P"] == 1.0 and out["relations"]["foundingMemberOf"]["tp"] == 6 and out["wrong"] == []


def test_eval_cli_bad_gold_line(tmp_path, seed_ttl):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": 1}\n')
    result = run_cli("eval", str(gold), str(SHARED / "gold" / "aliases.json"), str(seed_ttl))
    assert result.returncode != 0 and b"g.jsonl:1" in result.stderr and b"Traceback" not in result.stderr
