"""Relation rules on Indonesian sentences written for these tests (real Stanza parses).

Each case names the construction it covers. Names are written as the text writes them and
resolved through the gazetteer, so a case checks linking as well as the relation.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kgraph.extract.article import extract_article
from kgraph.extract.gazetteer import load_gazetteer
from kgraph.model import Document
from kgraph.rdf.namespaces import SYMMETRIC

from conftest import SEED, SHARED


def key(name: str) -> str:
    if "/" in name:  # an entity the gazetteer does not know, by its key
        return name
    entity = load_gazetteer().lookup(name)
    return entity.key if entity else f"person/{name}"


def T(s: str, rel: str, o: str) -> tuple[str, str, str]:
    return key(s), rel, key(o)


CASES = [
    pytest.param("Perdana Menteri Jepang Fumio Kishida tiba di Canberra pada Senin.",
                 [T("Fumio Kishida", "headOfGovernmentOf", "Jepang"), T("Fumio Kishida", "visited", "Canberra")], [],
                 id="title-country-name+visit"),
    pytest.param("Presiden Joko Widodo menerima delegasi pengusaha di Istana.", [],
                 [T("Joko Widodo", "headOfStateOf", "Indonesia")], id="title-without-country-gives-no-office"),
    pytest.param("APEC didirikan pada 1989 oleh Australia, Jepang, Kanada, dan Amerika Serikat.",
                 [T(c, "foundingMemberOf", "APEC") for c in ("Australia", "Jepang", "Kanada", "Amerika Serikat")],
                 [], id="passive-didirikan-oleh+list"),
    pytest.param("BRICS kini beranggotakan sepuluh negara, termasuk Mesir, Etiopia, dan Iran.",
                 [T(c, "memberOf", "BRICS") for c in ("Mesir", "Etiopia", "Iran")], [],
                 id="beranggotakan+termasuk-list"),
    pytest.param("Menlu Singapura Vivian Balakrishnan tiba di Hanoi, ibu kota Vietnam, pada Selasa.",
                 [T("Hanoi", "capitalOf", "Vietnam"), T("Vivian Balakrishnan", "foreignMinisterOf", "Singapura"),
                  T("Vivian Balakrishnan", "visited", "Hanoi")], [], id="apposition-place-then-capital"),
    pytest.param("Presiden Joko Widodo tiba di ibu kota Kazakhstan, Astana, pada Senin.",
                 [T("Joko Widodo", "visited", "Kazakhstan"), T("Joko Widodo", "visited", "Astana"),
                  T("Astana", "capitalOf", "Kazakhstan")], [], id="a-visit-to-the-capital-named-after-its-country"),
    pytest.param("Delegasi Kamboja tiba di ibu kota Thailand, Bangkok, kemarin.",
                 [T("Bangkok", "capitalOf", "Thailand")], [], id="apposition-capital-then-place"),
    pytest.param("Rusia dikenai sanksi oleh Uni Eropa pada Maret 2014.",
                 [T("Uni Eropa", "sanctioned", "Rusia")], [], id="passive-dikenai-sanksi-oleh"),
    pytest.param("Swedia, yang merupakan anggota NATO, menggelar latihan militer.",
                 [T("Swedia", "memberOf", "NATO")], [], id="relative-clause-yang-merupakan"),
    pytest.param("Mesir dan Turki memulihkan hubungan. Kedua negara kini menjalin hubungan diplomatik penuh.",
                 [T("Mesir", "diplomaticRelationsWith", "Turki")], [], id="reference-kedua-negara"),
    pytest.param("Presiden Rusia Vladimir Putin tiba di Beijing. Presiden Tiongkok Xi Jinping kemudian berbicara "
                 "melalui telepon dengan Presiden Federasi Rusia.",
                 [T("Xi Jinping", "spokeWith", "Vladimir Putin"), T("Vladimir Putin", "visited", "Beijing"), T("Vladimir Putin", "headOfStateOf", "Rusia"), T("Xi Jinping", "headOfStateOf", "Tiongkok")], [],
                 id="reference-title-for-named-holder"),
    pytest.param("Jepang menyebut Amerika Serikat sebagai sekutu utamanya.",
                 [T("Amerika Serikat", "allyOf", "Jepang")], [], id="clitic-nya-is-the-subject"),
    pytest.param("Indonesia mengajukan permohonan menjadi anggota BRICS.", [],
                 [T("Indonesia", "memberOf", "BRICS")], id="negative-application"),
    pytest.param("Vietnam berencana bergabung dengan BRICS.", [], [T("Vietnam", "memberOf", "BRICS")],
                 id="negative-intention"),
    pytest.param("Arab Saudi diharapkan menjadi anggota BRICS tahun ini.", [],
                 [T("Arab Saudi", "memberOf", "BRICS")], id="negative-expectation"),
    pytest.param("Ukraina belum menjadi anggota NATO.", [], [T("Ukraina", "memberOf", "NATO")],
                 id="negative-belum"),
    pytest.param("Presiden Prancis Emmanuel Macron akan mengunjungi Jakarta bulan depan.",
                 [T("Emmanuel Macron", "headOfStateOf", "Prancis")], [T("Emmanuel Macron", "visited", "Jakarta")],
                 id="negative-future-akan"),
    pytest.param("Filipina membantah menjadi sekutu Tiongkok.", [], [T("Filipina", "allyOf", "Tiongkok")],
                 id="negative-denial"),
    pytest.param("Wakil Presiden Amerika Serikat Kamala Harris tiba di Manila.",
                 [T("Kamala Harris", "visited", "Manila")], [T("Kamala Harris", "headOfStateOf", "Amerika Serikat")],
                 id="negative-deputy-title"),
    pytest.param("Negara-negara anggota NATO bertemu di Brussel.", [], [], id="negative-generic-members"),
    pytest.param("Jepang bekerja sama dengan lembaga riset di Korea Selatan.", [],
                 [T("Jepang", "cooperatesWith", "Korea Selatan")], id="negative-location-is-no-party"),
    pytest.param("Jepang dan Indonesia akan memperkuat kerja sama di bidang energi.",
                 [T("Jepang", "cooperatesWith", "Indonesia")], [], id="presupposed-cooperation-under-akan"),
    pytest.param("Duta Besar Indonesia untuk Jepang Heri Akhmadi bertemu dengan Menteri Luar Negeri Jepang "
                 "Yoko Kamikawa.",
                 [T("Heri Akhmadi", "ambassadorOf", "Indonesia"), T("Heri Akhmadi", "ambassadorTo", "Jepang"),
                  T("Yoko Kamikawa", "foreignMinisterOf", "Jepang"), T("Heri Akhmadi", "metWith", "Yoko Kamikawa")],
                 [], id="ambassador-of-and-to"),
    pytest.param("Sekjen PBB Antonio Guterres mengecam serangan Israel terhadap warga sipil di Gaza.",
                 [T("Antonio Guterres", "leaderOf", "PBB"), T("Antonio Guterres", "condemned", "Israel")], [],
                 id="leader-title+condemned-actor"),
    pytest.param("Menteri Perdagangan Australia Don Farrell bertemu Menteri Perdagangan Indonesia Zulkifli Hasan.",
                 [T("Don Farrell", "ministerOf", "Australia"), T("Zulkifli Hasan", "ministerOf", "Indonesia"),
                  T("Don Farrell", "metWith", "Zulkifli Hasan")], [], id="minister-with-role"),
    pytest.param("Konflik perbatasan antara Thailand dan Kamboja kembali memanas.",
                 [T("Thailand", "inConflictWith", "Kamboja")], [], id="symmetric-antara-x-dan-y"),
    pytest.param("Laos memegang keketuaan ASEAN pada 2024.", [T("Laos", "chairs", "ASEAN")], [], id="chair"),
    pytest.param("Indonesia menandatangani nota kesepahaman dengan Korea Selatan di Seoul.",
                 [T("Indonesia", "signedAgreementWith", "Korea Selatan")], [], id="signed-with-dengan"),
    pytest.param("Timor Leste berstatus pengamat di ASEAN sejak 2022.", [T("Timor Leste", "observerOf", "ASEAN")],
                 [], id="observer"),
    pytest.param("Organisasi itu memiliki dua pengamat, yaitu Mesir dan Qatar.", [], [],
                 id="negative-list-without-organisation"),
    pytest.param("Xi Jinping bertemu Joe Biden di San Francisco pada Rabu.",
                 [T("Xi Jinping", "metWith", "Joe Biden")], [], id="untitled-proper-names"),
    pytest.param("Presiden Prabowo Subianto menerima Perdana Menteri Australia Anthony Albanese. Kedua pemimpin "
                 "kemudian berbicara melalui telepon dengan Presiden Amerika Serikat Joe Biden.",
                 [T("Prabowo Subianto", "metWith", "Anthony Albanese"), T("Prabowo Subianto", "spokeWith", "Joe Biden"),
                  T("Anthony Albanese", "spokeWith", "Joe Biden"), T("Anthony Albanese", "headOfGovernmentOf", "Australia"), T("Joe Biden", "headOfStateOf", "Amerika Serikat")], [], id="reference-kedua-pemimpin+menerima"),
    pytest.param("Dalam kunjungan kenegaraan ke Vietnam, Presiden Jokowi bertemu Presiden Vietnam Vo Van Thuong.",
                 [T("Jokowi", "visited", "Vietnam"), T("Jokowi", "metWith", "Vo Van Thuong"), T("Vo Van Thuong", "headOfStateOf", "Vietnam")],
                 [T("Jokowi", "headOfStateOf", "Vietnam")], id="fronted-phrase-subject-after-comma"),
    pytest.param("Kunjungan Perdana Menteri Jepang Fumio Kishida ke Manila bertujuan mempererat hubungan.",
                 [T("Fumio Kishida", "visited", "Manila"), T("Fumio Kishida", "headOfGovernmentOf", "Jepang")], [], id="nominal-kunjungan-x-ke-y"),
    pytest.param("Menteri Pertahanan Indonesia Prabowo Subianto menerima kunjungan Menteri Pertahanan Australia "
                 "Richard Marles di Jakarta.",
                 [T("Richard Marles", "visited", "Jakarta"), T("Prabowo Subianto", "metWith", "Richard Marles"), T("Prabowo Subianto", "ministerOf", "Indonesia"), T("Richard Marles", "ministerOf", "Australia")],
                 [T("Prabowo Subianto", "visited", "Jakarta")], id="menerima-kunjungan-x-di-p"),
    pytest.param("Australia, Inggris, dan Amerika Serikat membentuk pakta keamanan AUKUS pada 2021.",
                 [T(c, "foundingMemberOf", "AUKUS") for c in ("Australia", "Inggris", "Amerika Serikat")], [],
                 id="active-membentuk+list"),
    pytest.param("Pemerintah Malaysia mengutuk serangan bom di depan Kedutaan Besar India di Kabul.", [],
                 [T("Malaysia", "condemned", "India")], id="negative-embassy-is-no-country"),
    pytest.param("Presiden Joko Widodo (Jokowi) menerima Perdana Menteri (PM) Jepang Fumio Kishida. Jokowi kemudian "
                 "berbicara melalui telepon dengan Presiden Tiongkok Xi Jinping.",
                 [T("Fumio Kishida", "headOfGovernmentOf", "Jepang"), T("Joko Widodo", "spokeWith", "Xi Jinping"), T("Fumio Kishida", "metWith", "Joko Widodo"), T("Xi Jinping", "headOfStateOf", "Tiongkok")], [],
                 id="bracketed-nickname-and-acronym"),
    pytest.param("Menteri Luar Negeri Montenegro, Milan Rocen, tiba di Moskow untuk kunjungan resmi.",
                 [T("Milan Rocen", "foreignMinisterOf", "Montenegro"), T("Milan Rocen", "visited", "Moskow")], [],
                 id="comma-before-name+city-name-inside-a-name"),
    pytest.param("Richardson juga mengadakan perundingan dengan Menteri Luar Negeri Sudan Lam Akol dan "
                 "mengunjungi Darfur.", [T("Lam Akol", "foreignMinisterOf", "Sudan")],
                 [T("Lam Akol", "visited", "Darfur")], id="dependency-subject-of-coordinated-verb"),
    pytest.param("Indonesia dan Tiongkok sepakat untuk terus memperkuat kemitraan strategis kedua negara.",
                 [T("Indonesia", "strategicPartnerOf", "Tiongkok")], [], id="presupposing-verb-before-trigger"),
    pytest.param("Presiden Mesir Abdel Fattah el-Sisi menerima Presiden Korea Selatan Yoon Suk Yeol di Kairo.",
                 [T("Abdel Fattah el-Sisi", "metWith", "Yoon Suk Yeol"), T("Yoon Suk Yeol", "visited", "Kairo"), T("Abdel Fattah el-Sisi", "headOfStateOf", "Mesir"), T("Yoon Suk Yeol", "headOfStateOf", "Korea Selatan")], [],
                 id="name-particles-el-and-no-di"),
    pytest.param("Presiden Prabowo Subianto berbicara melalui telepon dengan Presiden Terpilih Amerika Serikat "
                 "Donald Trump.", [T("Prabowo Subianto", "spokeWith", "Donald Trump")],
                 [T("Donald Trump", "headOfStateOf", "Amerika Serikat")], id="president-elect-is-no-head-of-state"),
    pytest.param("Israel terus melancarkan perang melawan Hamas di Jalur Gaza.",
                 [("country/ISR", "inConflictWith", "organization/HAMAS")], [], id="conflict-with-armed-group"),
    pytest.param("Presiden Indonesia Joko Widodo menerima Perdana Menteri Australia Anthony Albanese. Albanese tiba "
                 "di Jakarta pada Senin malam.", [T("Anthony Albanese", "visited", "Jakarta"), T("Anthony Albanese", "headOfGovernmentOf", "Australia"), T("Anthony Albanese", "metWith", "Joko Widodo"), T("Joko Widodo", "headOfStateOf", "Indonesia")], [],
                 id="surname-alone-after-the-titled-full-name"),
    pytest.param("Presiden Brasil Luiz Inacio Lula da Silva berbicara melalui telepon dengan Presiden Argentina "
                 "Javier Milei.", [T("Luiz Inacio Lula da Silva", "spokeWith", "Javier Milei"), T("Javier Milei", "headOfStateOf", "Argentina"), T("Luiz Inacio Lula da Silva", "headOfStateOf", "Brasil")], [],
                 id="name-particle-da"),
    pytest.param("Ketua Umum Partai Gerindra Prabowo Subianto bertemu Sekretaris Jenderal Partai Komunis Vietnam To Lam.",
                 [("person/Prabowo Subianto", "leaderOf", "organization/Partai Gerindra"),
                  ("person/To Lam", "leaderOf", "organization/Partai Komunis Vietnam"),
                  T("Prabowo Subianto", "metWith", "To Lam")], [], id="party-leader-title"),
    pytest.param("Presiden Amerika Serikat (AS) Joe Biden dan Sekretaris Jenderal Organisasi Kerja Sama Islam (OKI) "
                 "Hissein Brahim Taha mengecam serangan itu.",
                 [T("Joe Biden", "headOfStateOf", "Amerika Serikat"), T("Hissein Brahim Taha", "leaderOf", "OKI")], [],
                 id="bracketed-acronym-after-country-or-organisation"),
    pytest.param("Hubungan diplomatik antara Indonesia dan Israel tidak pernah terjalin.", [],
                 [T("Indonesia", "diplomaticRelationsWith", "Israel")], id="negative-negation-after-the-arguments"),
    pytest.param('Presiden Filipina Ferdinand Marcos Jr. menerima Perdana Menteri Jepang Fumio Kishida di Manila.\n'
                 'Marcos mengatakan, "Jepang adalah sekutu penting kami di kawasan."',
                 [T("Ferdinand Marcos Jr", "headOfStateOf", "Filipina"), T("Fumio Kishida", "headOfGovernmentOf", "Jepang"),
                  T("Ferdinand Marcos Jr", "metWith", "Fumio Kishida"), T("Fumio Kishida", "visited", "Manila")],
                 [T("Jepang", "allyOf", "Filipina")], id="surname-before-Jr+kami-is-no-country"),
    pytest.param("Perang Rusia-Ukraina telah berlangsung sejak Februari 2022.",
                 [T("Rusia", "inConflictWith", "Ukraina")], [], id="hyphenated-pair"),
    pytest.param("Presiden akan bertemu Presiden Palestina Mahmoud Abbas dan Raja Yordania Abdullah II.",
                 [T("Abdullah II", "headOfStateOf", "Yordania"), T("Mahmoud Abbas", "headOfStateOf", "Palestina")],
                 [T("Mahmoud Abbas", "metWith", "Abdullah II")], id="negative-met-both-is-no-pair"),
    pytest.param("Badan Energi Atom Internasional mengecam Iran dan Israel.", [],
                 [T("Iran", "condemned", "Israel")], id="negative-other-actor-stops-the-search"),

    # --- arguments from the dependency tree, clause scope, mentions (issue #9) ---
    pytest.param("Presiden Joko Widodo, yang didampingi Menlu Retno Marsudi, tiba di Beijing.",
                 [T("Joko Widodo", "visited", "Beijing")], [T("Retno Marsudi", "visited", "Beijing")],
                 id="tree-relative-clause-between-subject-and-verb"),
    pytest.param("Setelah bertemu Presiden Xi Jinping, Presiden Joko Widodo melanjutkan lawatan ke Jepang.",
                 [T("Joko Widodo", "metWith", "Xi Jinping"), T("Joko Widodo", "visited", "Jepang")],
                 [T("Xi Jinping", "visited", "Jepang")], id="tree-fronted-clause-shares-the-subject"),
    pytest.param("Sergei Lavrov, menteri luar negeri Rusia, tiba di Jakarta pada Senin.",
                 [T("Sergei Lavrov", "foreignMinisterOf", "Rusia"), T("Sergei Lavrov", "visited", "Jakarta")], [],
                 id="lower-case-title-after-the-name"),
    pytest.param("Menteri pertahanan Korea Selatan Shin Won-sik bertemu presiden Rusia Vladimir Putin.",
                 [T("Shin Won-sik", "ministerOf", "Korea Selatan"), T("Vladimir Putin", "headOfStateOf", "Rusia"),
                  T("Shin Won-sik", "metWith", "Vladimir Putin")], [], id="lower-case-titles-before-the-name"),
    pytest.param("Presiden Mesir Hosni Mubarak bertemu mitranya dari Israel, Ehud Olmert.",
                 [T("Hosni Mubarak", "headOfStateOf", "Mesir"), T("Ehud Olmert", "headOfStateOf", "Israel"),
                  T("Hosni Mubarak", "metWith", "Ehud Olmert")], [], id="counterpart-gets-the-same-office"),
    pytest.param("Menteri Luar Negeri Rusia Sergei Lavrov tiba di Hanoi. Lavrov kemudian bertemu Presiden Vladimir "
                 "Putin. Ia juga mengunjungi Da Nang.",
                 [T("Sergei Lavrov", "foreignMinisterOf", "Rusia"), T("Sergei Lavrov", "visited", "Hanoi"),
                  T("Sergei Lavrov", "metWith", "Vladimir Putin"), T("Sergei Lavrov", "visited", "Da Nang")], [],
                 id="surname-alone-and-subject-pronoun"),
    pytest.param("Washington menjatuhkan sanksi terhadap Iran, sementara Presiden Joe Biden tiba di Beijing.",
                 [T("Amerika Serikat", "sanctioned", "Iran"), T("Joe Biden", "visited", "Beijing")], [],
                 id="seat-of-government-acts-for-its-state-but-stays-a-place"),
    pytest.param("Pemerintah membantah laporan bahwa Indonesia telah bergabung dengan BRICS.", [],
                 [T("Indonesia", "memberOf", "BRICS")], id="clause-scope-denied-report"),
    pytest.param("Jika Swedia bergabung dengan NATO, Rusia akan mengecam keputusan itu.", [],
                 [T("Swedia", "memberOf", "NATO")], id="clause-scope-condition"),
    pytest.param("Iran menolak tuduhan-tuduhan AS itu tetapi juga mengecam Israel.", [T("Iran", "condemned", "Israel")],
                 [T("Amerika Serikat", "condemned", "Israel")], id="tree-possessor-in-another-clause-is-no-subject"),
    pytest.param("Presiden AS Joe Biden dan Presiden Tiongkok Xi Jinping bertemu di San Francisco.",
                 [T("Joe Biden", "headOfStateOf", "Amerika Serikat"), T("Xi Jinping", "headOfStateOf", "Tiongkok"),
                  T("Joe Biden", "metWith", "Xi Jinping")], [], id="place-after-di-is-no-party"),
    pytest.param("Kepala Komisi Eropa Ursula von der Leyen tiba di Kyiv.",
                 [T("Ursula von der Leyen", "leaderOf", "Komisi Eropa"), T("Ursula von der Leyen", "visited", "Kyiv")],
                 [], id="name-particles-von-der-and-a-title-that-runs-into-a-name"),
    pytest.param("Sebuah delegasi India yang dipimpin Menteri Pertahanan Rajnath Singh tiba di Islamabad.",
                 [T("Rajnath Singh", "ministerOf", "India"), T("Rajnath Singh", "visited", "Islamabad")], [],
                 id="delegation-led-by-a-minister"),
    pytest.param("Cetak Biru Asasi Manusia itu dibahas di Jenewa.", [], [], id="capitalised-words-are-no-person"),
    pytest.param("Duta Besar RI untuk Kerajaan Inggris dan Republik Irlandia Marty Natalegawa tiba di London.",
                 [T("Marty Natalegawa", "ambassadorOf", "Indonesia"), T("Marty Natalegawa", "ambassadorTo", "Inggris"),
                  T("Marty Natalegawa", "visited", "London")], [], id="envoy-to-two-countries-then-the-name"),
    pytest.param("Delegasi Indonesia didampingi oleh Dubes RI untuk Laos, Kapus P2K2 Aspasaf dan Direktur Sesparlu.",
                 [], [], id="a-list-of-officials-after-an-envoy-title-is-no-name"),
    pytest.param("Wakil Presiden Dick Cheney mengecam kunjungan Ketua DPR Nancy Pelosi ke Suriah.",
                 [T("Nancy Pelosi", "visited", "Suriah")], [T("Dick Cheney", "visited", "Suriah")],
                 id="tree-a-visit-is-its-possessor-s"),
    pytest.param("Barack Obama menjadi Presiden Ke-44 Amerika Serikat. Joko Widodo akan menjadi Presiden Indonesia.",
                 [T("Barack Obama", "headOfStateOf", "Amerika Serikat")], [T("Joko Widodo", "headOfStateOf", "Indonesia")],
                 id="title-after-menjadi-with-an-ordinal-but-not-akan-menjadi"),
    pytest.param("Menlu AS Antony Blinken melakukan pertemuan segitiga dengan Presiden Korea Selatan Yoon Suk Yeol "
                 "dan Perdana Menteri Jepang Fumio Kishida.",
                 [T("Antony Blinken", "foreignMinisterOf", "Amerika Serikat"),
                  T("Yoon Suk Yeol", "headOfStateOf", "Korea Selatan"), T("Fumio Kishida", "headOfGovernmentOf", "Jepang"),
                  T("Antony Blinken", "metWith", "Yoon Suk Yeol"), T("Antony Blinken", "metWith", "Fumio Kishida"),
                  T("Yoon Suk Yeol", "metWith", "Fumio Kishida")], [], id="trilateral-meeting-pairs-everyone"),
    pytest.param("Isu nuklir dibahas dalam perundingan-perundingan antara Presiden Rusia Vladimir Putin dan Presiden "
                 "Tiongkok Xi Jinping.",
                 [T("Vladimir Putin", "headOfStateOf", "Rusia"), T("Xi Jinping", "headOfStateOf", "Tiongkok"),
                  T("Vladimir Putin", "metWith", "Xi Jinping")], [], id="reduplicated-nominal-trigger-antara-pair"),
    pytest.param("Lebanon dan Suriah sepakat untuk menjalin hubungan diplomatik.", [],
                 [T("Lebanon", "diplomaticRelationsWith", "Suriah")], id="clause-scope-agreed-to-is-intention"),
    pytest.param("Saat mengunjungi Hanoi, Wakil Presiden Filipina Sara Duterte mengatakan, kerja sama maritim akan "
                 "diperluas.", [T("Sara Duterte", "visited", "Hanoi")], [], id="fronted-clause-subject-after-the-comma"),
    pytest.param("Usai bertemu Presiden Prancis Emmanuel Macron, yang tengah berkunjung ke Beijing, Albanese mengatakan "
                 "hubungan kedua negara membaik.",
                 [T("Emmanuel Macron", "headOfStateOf", "Prancis"), T("Emmanuel Macron", "visited", "Beijing"),
                  T("Albanese", "metWith", "Emmanuel Macron")], [],
                 id="fronted-clause-object-misparsed-as-subject+surname-with-speech-verb"),
    pytest.param("Usai mendampingi Presiden Prabowo Subianto bertemu Perdana Menteri Malaysia Anwar Ibrahim di Istana, "
                 "Sugiono mengatakan kunjungan itu sukses.",
                 [T("Anwar Ibrahim", "headOfGovernmentOf", "Malaysia"), T("Prabowo Subianto", "metWith", "Anwar Ibrahim")],
                 [], id="object-control-the-accompanied-person-meets"),
    pytest.param("Presiden Joko Widodo menerima kunjungan resmi Perdana Menteri (PM) Malaysia ke-10 Dato' Sri Anwar "
                 "Ibrahim di Istana Merdeka, Jakarta.",
                 [T("Anwar Ibrahim", "headOfGovernmentOf", "Malaysia"), T("Anwar Ibrahim", "metWith", "Joko Widodo"),
                  T("Anwar Ibrahim", "visited", "Jakarta")], [T("Joko Widodo", "visited", "Jakarta")],
                 id="hosted-visit-is-the-guest-s+honorific+ordinal-after-country"),
    pytest.param("Presiden Prabowo Subianto berbincang dengan Perdana Menteri Singapura Lawrence Wong di Istana Bogor. "
                 "Ia kemudian berbincang melalui telepon dengan Kanselir Jerman Olaf Scholz.",
                 [T("Lawrence Wong", "headOfGovernmentOf", "Singapura"), T("Olaf Scholz", "headOfGovernmentOf", "Jerman"),
                  T("Prabowo Subianto", "spokeWith", "Olaf Scholz")], [],
                 id="a-chat-is-a-call-only-by-telephone"),
    pytest.param("Setelah pertemuan dengan Menlu Turki, Sugiono melanjutkan pembicaraan dengan Menlu Vietnam, Bui Thanh Son.",
                 [T("Bui Thanh Son", "foreignMinisterOf", "Vietnam")], [T("Sugiono", "foreignMinisterOf", "Turki")],
                 id="a-name-after-a-fronted-phrase-is-no-title-holder"),
    pytest.param("TRIBUN NEWS, BOGOR - Menlu Sugiono bertemu dengan Menteri Luar Negeri Jepang Takeshi Iwaya.",
                 [T("Takeshi Iwaya", "foreignMinisterOf", "Jepang")], [T("TRIBUN NEWS", "metWith", "Takeshi Iwaya")],
                 id="words-in-capitals-are-no-person"),
    pytest.param("Rombongan itu tiba di ibu kota Turkmenistan, Asgabat, pada Senin. Ngerulmud, ibu kota Palau, sepi.",
                 [T("place/Asgabat", "capitalOf", "Turkmenistan"), T("place/Ngerulmud", "capitalOf", "Palau")], [],
                 id="an-unknown-name-in-apposition-to-ibu-kota-is-the-capital"),
    pytest.param("Indonesia seharusnya bergabung dengan BRICS.", [], [T("Indonesia", "memberOf", "BRICS")],
                 id="obligation-is-no-fact"),
    pytest.param("Gubernur New Mexico AS Michelle Lujan Grisham tiba di Taipei.",
                 [T("Michelle Lujan Grisham", "visited", "Taipei")], [], id="a-title-s-body-runs-into-a-place"),
    pytest.param("Duta Besar Indonesia untuk PBB, Arrmanatha Nasir, berpidato di New York.",
                 [T("Arrmanatha Nasir", "ambassadorOf", "Indonesia"), T("Arrmanatha Nasir", "ambassadorTo", "PBB")], [],
                 id="an-envoy-to-an-international-organisation"),
    pytest.param("Menlu Korea Selatan Cho Tae-yul dan Menlu Jepang Yoko Kamikawa tiba di Busan. Cho dan Kamikawa kemudian "
                 "melakukan pembicaraan.",
                 [T("Cho Tae-yul", "foreignMinisterOf", "Korea Selatan"), T("Yoko Kamikawa", "foreignMinisterOf", "Jepang"),
                  T("Cho Tae-yul", "visited", "Busan"), T("Yoko Kamikawa", "visited", "Busan"),
                  T("Cho Tae-yul", "metWith", "Yoko Kamikawa")], [],
                 id="a-family-name-first-alone+talks-between-a-pair"),
    pytest.param("Presiden Vietnam To Lam menerima Presiden Laos Thongloun Sisoulith. Kedua pemimpin melakukan pertemuan "
                 "untuk membahas hasil pertemuan dengan Perdana Menteri Kamboja Hun Manet.",
                 [T("To Lam", "headOfStateOf", "Vietnam"), T("Thongloun Sisoulith", "headOfStateOf", "Laos"),
                  T("Hun Manet", "headOfGovernmentOf", "Kamboja"), T("To Lam", "metWith", "Thongloun Sisoulith"),
                  T("Hun Manet", "metWith", "To Lam"), T("Hun Manet", "metWith", "Thongloun Sisoulith")], [],
                 id="word-order-stops-at-the-next-trigger"),
    pytest.param("Perdana Menteri India Narendra Modi tiba di Tokyo pada Sabtu untuk kunjungan resmi dua hari di Jepang.",
                 [T("Narendra Modi", "headOfGovernmentOf", "India"), T("Narendra Modi", "visited", "Tokyo"),
                  T("Narendra Modi", "visited", "Jepang")], [], id="a-visit-as-the-purpose-of-an-arrival"),
    pytest.param("Meskipun sengit mengecam sikap NATO dalam soal Ukraina, Lavrov menyatakan Rusia akan menjaga hubungan "
                 "dengan Eropa.", [T("Lavrov", "condemned", "NATO")], [],
                 id="fronted-clause-a-subject-naming-nothing-is-a-misparse"),
    pytest.param("Kim Jong-un, yang merupakan Kepala Negara de facto Korea Utara, tiba di Vladivostok.",
                 [T("Kim Jong-un", "headOfStateOf", "Korea Utara"), T("Kim Jong-un", "visited", "Vladivostok")], [],
                 id="title-after-comma-and-link+modifier-before-the-country"),
    pytest.param("Lima juru runding Korsel bertemu Sekretaris Jenderal baru PBB Antonio Guterres.",
                 [T("Antonio Guterres", "leaderOf", "PBB")], [], id="a-new-secretary-general"),
    pytest.param("Kelima negara pendiri ASEAN adalah Indonesia, Malaysia, Filipina, Singapura, dan Thailand.",
                 [T(c, "foundingMemberOf", "ASEAN") for c in ("Indonesia", "Malaysia", "Filipina", "Singapura", "Thailand")],
                 [], id="copula-the-founders-are-a-list"),
    pytest.param("Sebagai negara pendiri ASEAN, Indonesia mendukung keanggotaan Timor Leste.",
                 [T("Indonesia", "foundingMemberOf", "ASEAN")], [], id="fronted-sebagai-predicates-the-subject"),
    pytest.param("Indonesia bersama Malaysia menandatangani perjanjian perbatasan laut.",
                 [T("Indonesia", "signedAgreementWith", "Malaysia")], [], id="comitative-bersama-is-a-co-subject"),
    pytest.param("Indonesia dan Timor Leste menyepakati lima perjanjian kerja sama.",
                 [T("Indonesia", "signedAgreementWith", "Timor Leste")], [], id="agreements-concluded-menyepakati"),
    pytest.param("Menlu Sugiono melakukan kunjungan kehormatan kepada Perdana Menteri Jepang Shigeru Ishiba di Tokyo.",
                 [T("Shigeru Ishiba", "headOfGovernmentOf", "Jepang"), T("Sugiono", "metWith", "Shigeru Ishiba")], [],
                 id="a-courtesy-call-is-a-meeting"),
    pytest.param("Presiden Joko Widodo menerima kunjungan resmi Perdana Menteri Republik Demokratik Timor-Leste Xanana "
                 "Gusmao di Istana Merdeka, Jakarta.",
                 [T("Xanana Gusmao", "headOfGovernmentOf", "Timor Leste"), T("Joko Widodo", "metWith", "Xanana Gusmao"),
                  T("Xanana Gusmao", "visited", "Jakarta")], [], id="a-state-s-long-form-around-its-name"),
    pytest.param("Presiden Joko Widodo disambut dengan upacara resmi setibanya di Putrajaya, Malaysia.",
                 [T("Joko Widodo", "visited", "Putrajaya")], [], id="setibanya-di-upon-arrival"),
    pytest.param("Jepang mengimpor minyak mentah dari Iran. Nilai ekspor Vietnam ke China mencapai 60 miliar dolar AS.",
                 [T("Jepang", "tradePartnerOf", "Iran"), T("Vietnam", "tradePartnerOf", "China")], [],
                 id="trade-flows-imports-from-exports-to"),
    pytest.param("Sanksi AS terhadap Venezuela diperketat tahun lalu. Iran menolak sanksi PBB.",
                 [T("Amerika Serikat", "sanctioned", "Venezuela")], [], id="nominal-sanksi-of-x-against-y"),
    pytest.param("Duta Besar Jepang untuk Indonesia Shin Ebihara dan Menteri Keuangan Indonesia Sri Mulyani menandatangani "
                 "nota kesepahaman di Jakarta. Menteri Luar Negeri Sugiono menandatangani nota kesepahaman dengan "
                 "Menteri Luar Negeri Peru Elmer Schialer.",
                 [T("Shin Ebihara", "ambassadorOf", "Jepang"), T("Shin Ebihara", "ambassadorTo", "Indonesia"),
                  T("Sri Mulyani", "ministerOf", "Indonesia"), T("Elmer Schialer", "foreignMinisterOf", "Peru"),
                  T("Jepang", "signedAgreementWith", "Indonesia")], [],
                 id="office-holders-sign-for-their-states-only-with-a-stated-office"),]


@pytest.fixture(scope="module")
def extractions(parser):
    docs = [Document(f"case{i}", case.values[0], date=dt.date(2024, 2, 1)) for i, case in enumerate(CASES)]
    return {doc.text: extract_article(p) for doc, p in zip(docs, parser.parse_batch(docs))}


def _facts(extraction) -> set[tuple[str, str, str]]:
    """Asserted triples; symmetric ones in both directions."""
    out = set()
    for a in extraction.assertions:
        if a.is_fact:
            out.add((a.subject.key, a.predicate, a.object.key))
            if a.predicate in SYMMETRIC:
                out.add((a.object.key, a.predicate, a.subject.key))
    return out


@pytest.mark.parametrize("text, expected, absent", CASES)
def test_extract_rules_case(extractions, text, expected, absent):
    """The sentence yields exactly the expected facts (offices included): an extra wrong triple fails."""
    facts = _facts(extractions[text])
    wanted = set(expected) | {(o, r, s) for s, r, o in expected if r in SYMMETRIC}
    assert facts == wanted, f"missing {wanted - facts}; extra {facts - wanted}"
    assert not set(absent) & facts


def test_extract_rules_dateline_does_not_hide_the_lead_s_subject(parser, tmp_path):
    from kgraph.corpus import read_documents

    path = tmp_path / "lead.jsonl"
    path.write_text(json.dumps({"id": "lead", "text": "JAKARTA, KOMPAS.com - Menlu Sugiono bertemu dengan Menteri "
                                "Luar Negeri Jepang Takeshi Iwaya di Tokyo."}) + "\n", encoding="utf-8")
    (doc,) = read_documents([str(path)])
    assert _facts(extract_article(parser.parse_batch([doc])[0])) == {
        T("Takeshi Iwaya", "foreignMinisterOf", "Jepang"), T("Sugiono", "metWith", "Takeshi Iwaya"),
        T("Takeshi Iwaya", "metWith", "Sugiono")}


def test_extract_rules_a_number_word_is_no_city(extractions):
    extraction = extractions["Lima juru runding Korsel bertemu Sekretaris Jenderal baru PBB Antonio Guterres."]
    assert "place/Lima" not in {e.key for e in extraction.entities}


def test_extract_rules_obligation_is_no_fact(extractions):
    (a,) = [a for a in extractions["Indonesia seharusnya bergabung dengan BRICS."].assertions]
    assert (a.predicate, a.modality, a.is_fact) == ("memberOf", "obligation", False)


def test_extract_rules_modal_statements_are_kept_as_assertions(extractions):
    a = [a for a in extractions["Indonesia mengajukan permohonan menjadi anggota BRICS."].assertions
         if a.predicate == "memberOf"]
    assert a and all(x.modality == "application" for x in a)


@pytest.mark.parametrize("text, field, value", [
    ("Uni Emirat Arab dan Israel menjalin hubungan diplomatik sejak Agustus 2020.", "start_date", "2020-08"),
    ("Indonesia memegang keketuaan ASEAN dari Januari 2023 hingga Desember 2023.", "end_date", "2023-12"),
    ("Menteri Luar Negeri Indonesia Retno Marsudi berkunjung ke Beijing pada 20 Januari.", "date", "2024-01-20"),
    ("Presiden Tiongkok Xi Jinping mengunjungi Serbia pada November tahun lalu.", "date", "2023-11"),
])
def test_extract_rules_time_qualifiers(parser, text, field, value):
    (parsed,) = parser.parse_batch([Document("t", text, date=dt.date(2024, 2, 1))])
    facts = [a for a in extract_article(parsed).assertions if a.is_fact and a.rule.startswith("rule:")]
    assert facts and getattr(facts[0], field).isoformat() == value


@pytest.mark.parametrize("text, amount, currency", [
    ("Nilai perdagangan bilateral Indonesia dan Jepang mencapai US$ 35,2 miliar pada 2023.", "35200000000", "USD"),
    ("Perdagangan bilateral Indonesia dan Malaysia mencapai Rp15 triliun.", "15000000000000", "IDR"),
    ("Perdagangan bilateral Tiongkok dan Brasil mencapai 18,7 miliar dolar AS.", "18700000000", "USD"),
])
def test_extract_rules_trade_amounts(parser, text, amount, currency):
    (parsed,) = parser.parse_batch([Document("t", text, date=dt.date(2024, 2, 1))])
    (trade,) = [a for a in extract_article(parsed).assertions if a.predicate == "tradePartnerOf"]
    assert (trade.amount, trade.currency) == (amount, currency)


def test_extract_rules_seed_article_yields_no_wrong_triple(seed_ttl):
    from kgraph.evaluate import evaluate

    gold = SHARED / "gold" / "dev.jsonl"
    seed_only = seed_ttl.parent / "seed-gold.jsonl"
    seed_only.write_text(next(line for line in gold.read_text(encoding="utf-8").splitlines()
                              if json.loads(line)["id"] == "seed-kz-ru") + "\n", encoding="utf-8")
    score = evaluate(seed_only, SHARED / "gold" / "aliases.json", seed_ttl)
    assert score.tp and not score.fp, f"wrong {score.fp}"
    assert Path(SEED).is_file()


@pytest.mark.slow
def test_extract_rules_dev_score_holds_with_the_optional_ner(tmp_path):
    from kgraph.evaluate import evaluate

    from conftest import run_cli

    out = tmp_path / "dev-ner.ttl"
    result = run_cli("build", str(SHARED / "gold" / "dev.jsonl"), "-o", str(out), "--stanza-ner", "-q")
    assert result.returncode == 0, result.stderr
    p, r, f1 = evaluate(SHARED / "gold" / "dev.jsonl", SHARED / "gold" / "aliases.json", out).overall
    assert p >= 0.9 and f1 >= 0.9, (p, r, f1)
