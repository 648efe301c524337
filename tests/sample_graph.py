"""A small hand-built kgraph dataset (no Stanza) for tests of the stages after extraction."""
from __future__ import annotations

import datetime as dt

from kgraph.model import Assertion, Document, Entity, TimeValue
from kgraph.rdf.mapping import article_graph, new_dataset

KAZ = Entity("country/KAZ", "Country", "Kazakhstan", "Kazakhstan")
RUS = Entity("country/RUS", "Country", "Russia", "Rusia", frozenset({"Federasi Rusia"}))
CHN = Entity("country/CHN", "Country", "China", "Tiongkok", frozenset({"RRT"}))
SCO = Entity("organization/SCO", "InternationalOrganization", "Shanghai Cooperation Organisation",
             "Organisasi Kerja Sama Shanghai", frozenset({"SCO", "OKS"}))
TOKAYEV = Entity("person/Kassym-Jomart_Tokayev", "Person", "Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev")
LAVROV = Entity("person/Sergey_Lavrov", "Person", "Sergey Lavrov", "Sergey Lavrov")
ASTANA = Entity("place/Astana", "Place", "Astana", "Astana")

DOC_A = Document("seed-a", "Presiden Kazakhstan Kassym-Jomart Tokayev bertemu Menteri Luar Negeri Rusia "
                 "Sergey Lavrov di Astana. Kazakhstan dan Rusia adalah mitra strategis.",
                 title="Tokayev dan Lavrov", date=dt.date(2024, 5, 21), url="https://example.org/a", source="Contoh")
DOC_B = Document("seed-b", "Tiongkok, Kazakhstan, dan Rusia mendirikan SCO. Perdagangan Tiongkok dan Rusia "
                 "mencapai $240 miliar.", date=dt.date(2024, 1, 12))


def _a(doc: Document, s: Entity, p: str, o: Entity, start: int, end: int, **kw) -> Assertion:
    return Assertion(s, p, o, doc, doc.text[start:end], start, end, f"test/{p}", 0.9, **kw)


def sample_dataset():
    """Two articles, seven entities, eight relation triples with evidence."""
    ds = new_dataset()
    a_end = DOC_A.text.index(".") + 1
    b_end = DOC_B.text.index(".") + 1
    article_graph(ds, DOC_A, {KAZ: {"Kazakhstan"}, RUS: {"Rusia"}, TOKAYEV: {"Tokayev"}, LAVROV: set(),
                              ASTANA: set()}, [
        _a(DOC_A, TOKAYEV, "headOfStateOf", KAZ, 0, a_end),
        _a(DOC_A, LAVROV, "foreignMinisterOf", RUS, 0, a_end),
        _a(DOC_A, TOKAYEV, "metWith", LAVROV, 0, a_end, date=TimeValue(2024, 5, 20)),
        _a(DOC_A, LAVROV, "visited", ASTANA, 0, a_end),
        _a(DOC_A, KAZ, "strategicPartnerOf", RUS, a_end + 1, len(DOC_A.text)),
    ])
    article_graph(ds, DOC_B, {CHN: {"Tiongkok"}, KAZ: set(), RUS: set(), SCO: {"SCO"}}, [
        _a(DOC_B, CHN, "foundingMemberOf", SCO, 0, b_end),
        _a(DOC_B, KAZ, "foundingMemberOf", SCO, 0, b_end),
        _a(DOC_B, RUS, "foundingMemberOf", SCO, 0, b_end),
        _a(DOC_B, CHN, "tradePartnerOf", RUS, b_end + 1, len(DOC_B.text), date=TimeValue(2023),
           amount="240000000000", currency="USD"),
        _a(DOC_B, KAZ, "memberOf", RUS, 0, b_end, modality="intention"),
    ])
    return ds
