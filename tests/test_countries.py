"""kgraph.countries: the country an entity stands for (persons by office, places by capital or gazetteer)."""
from __future__ import annotations

import datetime as dt

import pytest

from kgraph.countries import country_code, entity_countries
from kgraph.model import Assertion, Document, Entity
from kgraph.network import to_networkx
from kgraph.rdf.iris import entity_iri
from kgraph.rdf.mapping import article_graph, new_dataset

JPN = Entity("country/JPN", "Country", "Japan", "Jepang")
KOR = Entity("country/KOR", "Country", "South Korea", "Korea Selatan")
USA = Entity("country/USA", "Country", "United States", "Amerika Serikat")
KISHIDA = Entity("person/Fumio_Kishida", "Person", "Fumio Kishida", "Fumio Kishida")
ENVOY = Entity("person/Envoy", "Person", "Envoy", "Envoy")
HOPEFUL = Entity("person/Hopeful", "Person", "Hopeful", "Hopeful")
OSAKA = Entity("place/Osaka", "Place", "Osaka", "Osaka", located_in="country/JPN")
SEOUL = Entity("place/Seoul", "Place", "Seoul", "Seoul", located_in="country/KOR")
ATLANTIS = Entity("place/Atlantis", "Place", "Atlantis", "Atlantis")
TOKYO = Entity("place/Tokyo", "Place", "Tokyo", "Tokyo")
ASEAN = Entity("organization/ASEAN", "InternationalOrganization", "ASEAN", "ASEAN")
DOC = Document("d1", "x" * 200, date=dt.date(2024, 1, 2))


def _graph():
    def a(s, p, o, start, **kw):
        return Assertion(s, p, o, DOC, "x", start, start + 1, "test", 0.9, **kw)

    ds = new_dataset()
    entities = {e: set() for e in (JPN, KOR, USA, KISHIDA, ENVOY, HOPEFUL, OSAKA, SEOUL, ATLANTIS, TOKYO, ASEAN)}
    article_graph(ds, DOC, entities, [
        a(KISHIDA, "headOfGovernmentOf", JPN, 0), a(KISHIDA, "headOfGovernmentOf", JPN, 1),
        a(KISHIDA, "ministerOf", USA, 2),                     # fewer assertions: not his country
        a(ENVOY, "ambassadorTo", JPN, 3), a(ENVOY, "ambassadorOf", KOR, 4),
        a(HOPEFUL, "headOfStateOf", USA, 5, modality="intention"),  # hedged: no office
        a(TOKYO, "capitalOf", JPN, 6), a(SEOUL, "capitalOf", JPN, 7),  # the text outranks the gazetteer
        a(JPN, "memberOf", ASEAN, 8),
    ])
    return ds


def iri(entity: Entity) -> str:
    return str(entity_iri(entity.key))


@pytest.mark.parametrize("include_modal", [False, True])
def test_countries_fold_persons_by_office_and_places_by_capital_or_gazetteer(include_modal):
    countries = entity_countries(to_networkx(_graph(), include_modal=include_modal))
    assert countries == {
        iri(JPN): iri(JPN), iri(KOR): iri(KOR), iri(USA): iri(USA),
        iri(KISHIDA): iri(JPN), iri(ENVOY): iri(KOR),
        iri(OSAKA): iri(JPN), iri(TOKYO): iri(JPN), iri(SEOUL): iri(JPN),
    }


def test_countries_code_is_the_iso3_part_of_a_country_iri():
    assert country_code(iri(JPN)) == "JPN"
    assert country_code(iri(OSAKA)) == ""
    assert country_code(None) == ""


def test_countries_located_in_is_written_for_gazetteer_places():
    from kgraph.rdf.namespaces import KGO
    ds = _graph()
    assert set(ds.subject_objects(KGO.locatedIn)) == {(entity_iri(OSAKA.key), entity_iri(JPN.key)),
                                                     (entity_iri(SEOUL.key), entity_iri(KOR.key))}


def test_countries_gazetteer_places_know_their_country():
    from kgraph.extract.gazetteer import load_gazetteer
    gaz = load_gazetteer()
    assert gaz.get("place/Osaka").located_in == "country/JPN"
    assert gaz.get("place/Astana").located_in == "country/KAZ"
    assert gaz.get("place/Southeast_Asia").located_in is None
    assert {e.located_in for e in gaz.entities.values() if e.located_in} <= set(gaz.entities)
