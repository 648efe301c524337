"""Entity resolution across articles, on records built by hand (no model needed)."""
from __future__ import annotations

import random

import pytest

from kgraph.errors import DataFileError, InputError
from kgraph.model import Assertion, Document, Entity
from kgraph.resolve.aliases import Aliases, load_aliases
from kgraph.resolve.apply import resolve_corpus
from kgraph.resolve.names import core_words, normal_form

RUS, USA, CHN, IDN, PSE, JPN, IRQ = (Entity(f"country/{c}", "Country", c, c)
                                     for c in ("RUS", "USA", "CHN", "IDN", "PSE", "JPN", "IRQ"))


def person(name: str) -> Entity:
    return Entity(f"person/{name}", "Person", name, name)


def article(doc_id: str, persons: list[str], offices=(), met=(), others=()):
    """(id, entities, assertions) of one made-up article: offices are (name, relation, country)."""
    doc = Document(doc_id, f"text of {doc_id}")
    entities = {person(p): {p} for p in persons}
    entities.update({c: {c.name} for c in others})
    assertions = [Assertion(person(p), rel, c, doc, "…", 0, 1, "test", 0.9) for p, rel, c in offices]
    assertions += [Assertion(person(a), "metWith", person(b), doc, "…", 0, 1, "test", 0.9) for a, b in met]
    for a in assertions:
        entities.setdefault(a.subject, set())
        entities.setdefault(a.object, set())
    return doc_id, entities, assertions


def keys(resolved) -> list[set[str]]:
    """Per article: the keys of the persons it ends up with."""
    return [{e.key for e in entities if e.type == "Person"} for entities, _ in resolved]


def clusters(resolution, corpus) -> set[frozenset[str]]:
    """Which original person keys became one node (only groups of two or more)."""
    groups: dict[str, set[str]] = {}
    for doc, entities, _ in corpus:
        for e in entities:
            if e.type == "Person":
                groups.setdefault(resolution.entity(doc, e).key, set()).add(e.key)
    return {frozenset(g) for g in groups.values() if len(g) > 1}


FAMILIES = [
    article("a1", ["Hu Jintao"], [("Hu Jintao", "headOfStateOf", CHN)], others=[JPN]),
    article("a2", ["Hu Jintai"], [("Hu Jintai", "headOfStateOf", CHN)]),
    article("a3", ["Ban Ki-moon", "Ban Ki Moon"]),
    article("a4", ["Condoleezza Rice", "Mahmoud Abbas"], [("Condoleezza Rice", "foreignMinisterOf", USA),
                                                            ("Mahmoud Abbas", "headOfStateOf", PSE)],
            met=[("Condoleezza Rice", "Mahmoud Abbas")]),
    article("a5", ["Condoleeza Rice"], [("Condoleeza Rice", "foreignMinisterOf", USA)]),
    article("a6", ["Mahmud Abbas"], [("Mahmud Abbas", "headOfStateOf", PSE)]),
    article("a7", ["George W. Bush"], [("George W. Bush", "headOfStateOf", USA)]),
    article("a8", ["George W Bush", "Bush"], [("George W Bush", "headOfStateOf", USA)]),
    article("a9", ["Nouri al-Maliki"], [("Nouri al-Maliki", "headOfGovernmentOf", IRQ)]),
    article("a10", ["Nuri al-Maliki", "Nouri Maliki"], [("Nuri al-Maliki", "headOfGovernmentOf", IRQ),
                                                       ("Nouri Maliki", "headOfGovernmentOf", IRQ)]),
    article("a11", ["Nouri"], [("Nouri", "headOfGovernmentOf", IRQ)]),
    article("a12", ["Sergei Lavrov", "Sergei Ivanov"], [("Sergei Lavrov", "foreignMinisterOf", RUS),
                                                        ("Sergei Ivanov", "ministerOf", RUS)],
            met=[("Sergei Lavrov", "Sergei Ivanov")]),
    article("a13", ["Sergey Lavrov"], [("Sergey Lavrov", "foreignMinisterOf", RUS)]),
    article("a14", ["Susilo Bambang Yudhoyono", "Shinzo Abe"], others=[IDN, JPN],
            met=[("Susilo Bambang Yudhoyono", "Shinzo Abe")]),
    article("a15", ["Susilo Bambang Yudhyono", "Shinzo Abe"], others=[IDN, JPN]),
    article("a16", ["Abe"], [("Abe", "headOfGovernmentOf", JPN)]),
    article("a17", ["Shinzo Abe"], [("Shinzo Abe", "headOfGovernmentOf", JPN)]),
    article("a18", ["Hu Jintao"], [("Hu Jintao", "headOfStateOf", CHN)]),
]

EXPECTED = {
    frozenset({"person/Hu Jintao", "person/Hu Jintai"}),
    frozenset({"person/Ban Ki-moon", "person/Ban Ki Moon"}),
    frozenset({"person/Condoleezza Rice", "person/Condoleeza Rice"}),
    frozenset({"person/Mahmoud Abbas", "person/Mahmud Abbas"}),
    frozenset({"person/George W. Bush", "person/George W Bush", "person/Bush"}),
    frozenset({"person/Nouri al-Maliki", "person/Nuri al-Maliki", "person/Nouri Maliki", "person/Nouri"}),
    frozenset({"person/Sergei Lavrov", "person/Sergey Lavrov"}),
    frozenset({"person/Susilo Bambang Yudhoyono", "person/Susilo Bambang Yudhyono"}),
    frozenset({"person/Shinzo Abe", "person/Abe"}),
}


def test_resolve_variant_families_become_one_node():
    resolution, _ = resolve_corpus(FAMILIES)
    assert clusters(resolution, FAMILIES) == EXPECTED


def test_resolve_canonical_name_keeps_variants_as_alt_labels():
    resolution, resolved = resolve_corpus(FAMILIES)
    hu = resolution.entity("a2", person("Hu Jintai"))
    assert hu.key == "person/Hu Jintao"  # the name of more articles wins, whichever came first
    assert hu.alt_labels == {"Hu Jintai"}
    bush = resolution.entity("a8", person("Bush"))
    assert (bush.key, bush.alt_labels) == ("person/George W. Bush", {"George W Bush", "Bush"})


def test_resolve_result_does_not_depend_on_article_order():
    resolution, resolved = resolve_corpus(FAMILIES)
    for seed in range(5):
        shuffled = FAMILIES[:]
        random.Random(seed).shuffle(shuffled)
        other, other_resolved = resolve_corpus(shuffled)
        assert clusters(other, shuffled) == EXPECTED
        for doc, entities, _ in FAMILIES:
            assert {other.entity(doc, e) for e in entities} == {resolution.entity(doc, e) for e in entities}
        assert other.merges == resolution.merges and other.suspects == resolution.suspects


LOOK_ALIKES = [
    article("b1", ["Sergei Ivanov", "Sergei Lavrov"], [("Sergei Ivanov", "ministerOf", RUS),
                                                       ("Sergei Lavrov", "foreignMinisterOf", RUS)]),
    article("b2", ["Nicholas Burns", "William Burns"], others=[USA]),
    article("b3", ["Abdullah II", "Abdullah Badawi"], others=[USA]),
    # one edit apart, but offices of different countries
    article("b4", ["Kim Young-sam"], [("Kim Young-sam", "headOfStateOf", Entity("country/KOR", "Country"))]),
    article("b5", ["Kim Yong-sam"], [("Kim Yong-sam", "ministerOf", Entity("country/PRK", "Country"))]),
    # one edit apart, named side by side in one article with no office in common
    article("b6", ["Ali Hassan", "Ali Hasan"], others=[IDN]),
]


def test_resolve_look_alike_pairs_stay_apart_with_a_reason():
    resolution, resolved = resolve_corpus(LOOK_ALIKES)
    assert clusters(resolution, LOOK_ALIKES) == set()
    reasons = {(s.first, s.second): s.reason for s in resolution.suspects}
    assert "named side by side in article b1" in reasons[("person/Sergei Ivanov", "person/Sergei Lavrov")]
    assert "named side by side in article b2" in reasons[("person/Nicholas Burns", "person/William Burns")]
    assert "offices of different countries" in reasons[("person/Kim Yong-sam", "person/Kim Young-sam")]
    assert "named side by side in article b6" in reasons[("person/Ali Hasan", "person/Ali Hassan")]


def test_resolve_spelling_variant_needs_context():
    corpus = [article("c1", ["Saddam Hussein"], others=[IRQ]), article("c2", ["Saddam Husain"], others=[USA])]
    resolution, _ = resolve_corpus(corpus)
    assert clusters(resolution, corpus) == set()
    assert "the contexts do not agree" in resolution.suspects[0].reason


def test_resolve_surname_alone_attaches_to_the_person_the_article_supports():
    """Two persons share the given name Sergei; "Lavrov" and "Sergei" alone each go to the right one."""
    corpus = [
        article("d1", ["Sergei Lavrov"], [("Sergei Lavrov", "foreignMinisterOf", RUS)]),
        article("d2", ["Sergei Ivanov"], [("Sergei Ivanov", "ministerOf", RUS)]),
        article("d3", ["Lavrov"], others=[USA]),
        article("d4", ["Sergei", "Sergei Ivanov"]),  # the Sergei this article names
        article("d5", ["Sergei"], [("Sergei", "foreignMinisterOf", RUS)]),  # the one holding that office
        article("d6", ["Sergei"], others=[USA]),  # nothing says which: left alone
    ]
    resolution, resolved = resolve_corpus(corpus)
    assert keys(resolved) == [{"person/Sergei Lavrov"}, {"person/Sergei Ivanov"}, {"person/Sergei Lavrov"},
                              {"person/Sergei Ivanov"}, {"person/Sergei Lavrov"}, set()]
    assert resolution.entity("d6", person("Sergei")) == person("Sergei")  # kept, pruned: in no assertion


def test_resolve_entities_in_no_assertion_are_dropped_unless_kept():
    corpus = [article("e1", ["Xanana Gusmao", "Marie Okaba"], [("Xanana Gusmao", "headOfGovernmentOf", IDN)])]
    _, resolved = resolve_corpus(corpus)
    assert {e.key for e in resolved[0][0]} == {"person/Xanana Gusmao", "country/IDN"}
    _, kept = resolve_corpus(corpus, keep_mentions=True)
    assert {e.key for e in kept[0][0]} == {"person/Xanana Gusmao", "person/Marie Okaba", "country/IDN"}


def test_resolve_declared_merge_and_split(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[[merge]]\nnames = ["Susilo Bambang Yudhoyono", "SBY"]\n\n'
                    '[[split]]\nnames = ["Hu Jintao", "Hu Jintai"]\n\n'
                    '[[names]]\nentity = "Condoleezza Rice"\nadd = ["Condi Rice"]\n', encoding="utf-8")
    aliases = load_aliases(path)
    corpus = FAMILIES + [article("f1", ["SBY"], [("SBY", "headOfStateOf", IDN)])]
    resolution, _ = resolve_corpus(corpus, aliases)
    got = clusters(resolution, corpus)
    assert frozenset({"person/Hu Jintao", "person/Hu Jintai"}) not in got
    assert frozenset({"person/Susilo Bambang Yudhoyono", "person/Susilo Bambang Yudhyono", "person/SBY"}) in got
    assert got == (EXPECTED - {frozenset({"person/Hu Jintao", "person/Hu Jintai"}),
                               frozenset({"person/Susilo Bambang Yudhoyono", "person/Susilo Bambang Yudhyono"})}
                   | {frozenset({"person/Susilo Bambang Yudhoyono", "person/Susilo Bambang Yudhyono", "person/SBY"})})
    assert "Condi Rice" in resolution.entity("a4", person("Condoleezza Rice")).alt_labels
    assert any("split in the aliases file" in s.reason for s in resolution.suspects)


@pytest.mark.parametrize("text, message", [
    ('[[merge]]\nnames = ["only one"]\n', "at least 2"),
    ('[merge]\nnames = ["a", "b"]\n', "array of tables"),
    ('[[merges]]\nnames = ["a", "b"]\n', "unknown table"),
    ('[[names]]\nadd = ["a"]\n', "'entity' must be a name"),
    ('[[merge]\n', "invalid TOML"),
])
def test_resolve_bad_aliases_file_names_the_problem(tmp_path, text, message):
    path = tmp_path / "aliases.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        load_aliases(path)


def test_resolve_missing_aliases_file():
    with pytest.raises(InputError, match="aliases file not found"):
        load_aliases("/nonexistent/aliases.toml")


@pytest.mark.parametrize("name, normal, core", [
    ("George W. Bush", "george w bush", ("george", "bush")),
    ("Ban Ki-Moon", "ban ki moon", ("ban", "ki", "moon")),
    ("Almarhum Adam Malik", "adam malik", ("adam", "malik")),
    ("Nouri al-Maliki", "nouri al maliki", ("nouri", "maliki")),
    ("José Ramos-Horta", "jose ramos horta", ("jose", "ramos", "horta")),
    ("Abdullah II", "abdullah ii", ("abdullah", "ii")),
    ("Retno LP Marsudi", "retno lp marsudi", ("retno", "marsudi")),
    ("TM Hamzah Thayeb", "tm hamzah thayeb", ("hamzah", "thayeb")),
])
def test_resolve_name_forms(name, normal, core):
    assert (normal_form(name), core_words(name)) == (normal, core)


def test_resolve_aliases_default_is_empty():
    assert Aliases() == Aliases((), (), ())


def org(name: str) -> Entity:
    return Entity(f"organization/{name}", "Organization", None, name)


def test_resolve_unknown_organisations_like_persons():
    """Organisations found in text merge on the same name and on spelling variants with context;
    never with a person of the same name; gazetteer organisations are left as they are."""
    doc = Document("g1", "…")
    corpus = [
        ("g1", {org("Partai Gerindra"): {"Partai Gerindra"}, IDN: {"Indonesia"}},
         [Assertion(person("Prabowo Subianto"), "leaderOf", org("Partai Gerindra"), doc, "…", 0, 1, "t", 0.9)]),
        ("g2", {org("partai  gerindra"): {"partai  gerindra"}, person("Partai Gerindra"): set()}, []),
        ("g3", {org("Kementerian Pertahanan Jepang"): set(), JPN: set(), IDN: set(), person("Prabowo Subianto"): set()},
         []),
        ("g4", {org("Kementrian Pertahanan Jepang"): set(), JPN: set(), IDN: set(),
                person("Prabowo Subianto"): set()}, []),
        ("g5", {Entity("organization/UN", "InternationalOrganization", "United Nations", "PBB"): {"PBB"}}, []),
    ]
    resolution, _ = resolve_corpus(corpus)
    groups: dict[str, set[str]] = {}
    for doc_id, entities, _ in corpus:
        for e in entities:
            groups.setdefault(resolution.entity(doc_id, e).key, set()).add(e.key)
    assert {frozenset(g) for g in groups.values() if len(g) > 1} == {
        frozenset({"organization/Partai Gerindra", "organization/partai  gerindra"}),
        frozenset({"organization/Kementerian Pertahanan Jepang", "organization/Kementrian Pertahanan Jepang"})}


@pytest.mark.parametrize("names, key", [
    (["OKI", "OIC", "Organisasi Kerja Sama Islam", "Organisasi Konferensi Islam"], "organization/OIC"),
    (["PBB", "UN", "Perserikatan Bangsa-Bangsa", "United Nations"], "organization/UN"),
    (["DK PBB", "Dewan Keamanan PBB", "UNSC", "Dewan Keamanan Perserikatan Bangsa-Bangsa"], "organization/UNSC"),
])
def test_resolve_gazetteer_acronyms_and_names_in_both_languages_are_one_node(names, key):
    from kgraph.extract.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    assert {gazetteer.lookup(n).key for n in names} == {key}


def test_resolve_name_alone_is_never_guessed_among_several_bearers():
    """"Raja Abdullah dari Arab Saudi" is neither Abdullah II of Jordan nor Abdullah Badawi, even
    when the article names the countries Abdullah II's articles name."""
    ISR, SAU = Entity("country/ISR", "Country"), Entity("country/SAU", "Country")
    JOR, MYS = Entity("country/JOR", "Country"), Entity("country/MYS", "Country")
    corpus = [
        article("h1", ["Abdullah II"], [("Abdullah II", "headOfStateOf", JOR)], others=[ISR, PSE, USA]),
        article("h2", ["Abdullah Badawi"], [("Abdullah Badawi", "headOfGovernmentOf", MYS)]),
        article("h3", ["Abdullah", "George W. Bush"], [("George W. Bush", "headOfStateOf", USA)],
                met=[("George W. Bush", "Abdullah")], others=[ISR, PSE, SAU]),
    ]
    resolution, resolved = resolve_corpus(corpus)
    assert resolution.entity("h3", person("Abdullah")) == person("Abdullah")
    assert keys(resolved)[2] == {"person/Abdullah", "person/George W. Bush"}
    assert [(s.first, s.second) for s in resolution.suspects] == [("person/Abdullah", "person/Abdullah Badawi"),
                                                                  ("person/Abdullah", "person/Abdullah II")]


def test_resolve_index_survives_a_json_round_trip():
    """The index kept beside a store gives the same resolution when read back."""
    import json

    from kgraph.resolve.resolver import CorpusIndex, resolve

    index = CorpusIndex()
    for doc, entities, assertions in FAMILIES:
        index.add_article(doc, entities, assertions)
    again = CorpusIndex.from_json(json.loads(json.dumps(index.to_json())))
    first, second = resolve(index), resolve(again)
    assert (second.canonical, second.in_article, second.merges, second.suspects, second.asserted) == \
        (first.canonical, first.in_article, first.merges, first.suspects, first.asserted)


def test_resolve_corrupt_store_index_is_one_clear_error(tmp_path):
    from types import SimpleNamespace

    import kgraph.build as build_module

    (tmp_path / "kgraph-entities.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the store's entity index .*delete it to rebuild it"):
        build_module._stored_index(SimpleNamespace(path=tmp_path))
