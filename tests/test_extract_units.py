"""Time expressions, money amounts and the validation of the rule files (no Stanza)."""
from __future__ import annotations

import pytest

from kgraph.errors import DataFileError
from kgraph.extract.amounts import find_amounts
from kgraph.extract.rules import load_rules
from kgraph.extract.timex import find_times, qualifiers_for
from kgraph.model import TimeValue
from kgraph.resources import data_path

TODAY = TimeValue(2024, 5, 21)


@pytest.mark.parametrize("text, today, expected", [
    ("tiba pada 20 Mei untuk", TODAY, {"date": "2024-05-20"}),
    ("Senin (20/1) lalu", TODAY, {"date": "2024-01-20"}),
    ("dari Juli 2023 hingga Juli 2024", TODAY, {"start": "2023-07", "end": "2024-07"}),
    ("sejak 2018", TODAY, {"start": "2018"}),
    ("pada Desember 2004", TODAY, {"date": "2004-12"}),
    ("November tahun lalu", TODAY, {"date": "2023-11"}),
    ("tahun ini", TODAY, {"date": "2024"}),
    ("pada Kamis", TimeValue(2024, 4, 18), {"date": "2024-04-18"}),
    ("pada 8 Agustus 1967", None, {"date": "1967-08-08"}),
    ("tahun lalu", TimeValue(2008), {"date": "2007"}),
    ("pada Kamis", TimeValue(2008), {}),  # a weekday needs the article's day
    ("20 Mei", None, {}),  # no year anywhere
    ("31 Februari 2024", None, {}),
])
def test_timex_normalises_against_the_article_date(text, today, expected):
    q = qualifiers_for(find_times(text, today), 0)
    got = {k: v.isoformat() for k, v in (("date", q.date), ("start", q.start), ("end", q.end)) if v}
    assert got == expected


def test_timex_precision_drives_the_value():
    (t,) = find_times("pada Juli 2023", None)
    assert t.value.precision == "month"


@pytest.mark.parametrize("text, value, currency", [
    ("sebesar $27 miliar,", "27000000000", "USD"),
    ("18,7 miliar dolar AS", "18700000000", "USD"),
    ("US$2,5 miliar", "2500000000", "USD"),
    ("Rp15 triliun", "15000000000000", "IDR"),
    ("Rp 1.500.000", "1500000", "IDR"),
    ("500 juta euro", "500000000", "EUR"),
])
def test_amounts_in_indonesian_notation(text, value, currency):
    (a,) = find_amounts(text)
    assert (format(a.value.normalize(), "f"), a.currency) == (value, currency)


def test_amounts_need_a_currency():
    assert find_amounts("sembilan anggota dan 2023 orang") == []


def test_rules_cover_every_relation_not_read_from_titles():
    from kgraph.rdf.namespaces import RELATIONS

    from_titles = {"headOfStateOf", "headOfGovernmentOf", "foreignMinisterOf", "ministerOf", "ambassadorOf",
                   "ambassadorTo", "leaderOf"}
    covered = {r.relation for r in load_rules().rules}
    assert set(RELATIONS) - from_titles <= covered


@pytest.mark.parametrize("body, message", [
    ('[[rule]]\nid = "x"\nrelation = "friendOf"\ntriggers = ["teman"]\n', "unknown relation"),
    ('[[rule]]\nid = "x"\nrelation = "allyOf"\ntriggers = []\n', "triggers"),
    ('[[rule]]\nid = "x"\nrelation = "allyOf"\ntriggers = ["a"]\nsubject = "middle"\n', "subject"),
    ('[[rule]]\nid = "x"\nrelation = "allyOf"\ntriggers = ["a"]\ncolour = "red"\n', "unknown field"),
    ('[[rule]]\nid = "x"\nrelation = "allyOf"\ntriggers = ["a"]\nconfidence = 2\n', "confidence"),
    ('[[rule]]\nid = "x"\nrelation = "allyOf"\ntriggers = ["a" "b"]\n', "invalid TOML"),
    ('[arguments]\nfrontd = ["saat"]\n', "no setting 'frontd'"),
    ('[reported]\nspeech_verbs = "kata"\n', "must be a list of words"),
])
def test_rules_bad_files_name_file_and_line(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text("# a comment\n\n" + body, encoding="utf-8")
    load_rules.cache_clear()
    try:
        with pytest.raises(DataFileError, match=rf"bad.toml:\d+: .*{message}"):
            load_rules(tmp_path)
    finally:
        load_rules.cache_clear()


def test_rules_shipped_files_load():
    assert len(load_rules(data_path("rules")).rules) > 20
