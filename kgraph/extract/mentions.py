"""Find the mentions of one article: gazetteer names, titled persons, and names seen before.

Within an article a short name refers to the full one ("Tokayev" → Kassym-Jomart Tokayev);
titles give office assertions ("Presiden Kazakhstan Kassym-Jomart Tokayev" → headOfStateOf).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kgraph.extract.gazetteer import Gazetteer, NameMatch, load_gazetteer, name_tokens
from kgraph.extract.titles import Title, TitleBook, load_titles
from kgraph.model import Entity, Mention, ParsedDocument, Sentence
from kgraph.resources import data_path, load_checked

__all__ = ["Office", "TitleRef", "SentenceView", "ArticleMentions", "find_mentions", "person_entity",
           "mention_settings"]


_SETTINGS = {
    **{f"person.{k}": list for k in ("party_words", "list_joiners", "state_forms", "hyphen_particles", "generational", "particles", "not_names",
                                     "name_prefixes", "honorifics", "title_modifiers", "fronted_openers", "title_after_links", "delegations", "delegation_leads",
                                     "not_person_words")},
    "person.max_name_tokens": int, "person.untitled_min_tokens": int, "gazetteer.skip_after": list,
    **{f"references.{k}": list for k in ("speaker_pronouns", "speech_verbs_before", "nya_hosts", "speech_verbs",
                                         "subject_pronouns", "demonstrative_words", "plural_words")},
    "references.leader_words": dict, "references.pair_phrases": dict, "references.demonstratives": dict,
    "organizations.heads": list, "places.capital_words": list,
}


@lru_cache(maxsize=1)
def mention_settings() -> dict:
    """ontologies/mentions.toml, every key checked (a missing one names the file and line)."""
    return load_checked(data_path("mentions.toml"), _SETTINGS)




_ORDINAL = re.compile(r"[Kk]e-?\d+")


def person_entity(name: str) -> Entity:
    name = " ".join(name.split())
    return Entity(f"person/{name}", "Person", name, name)


@dataclass(frozen=True)
class Office:
    """An office a title states: ``person relation of`` (e.g. headOfStateOf Kazakhstan)."""

    person: Entity
    relation: str
    of: Entity
    sentence: int
    start: int
    end: int
    rule: str
    role: str | None = None


@dataclass(frozen=True)
class TitleRef:
    """A title with its country but no name ("Presiden Federasi Rusia"): refers to the holder."""

    title: Title
    of: Entity
    blocked: bool
    sentence: int
    start: int
    end: int
    text: str
    dest: Entity | None = None  # an envoy's receiving country ("Duta Besar Indonesia untuk AS")


@dataclass
class SentenceView:
    sentence: Sentence
    tokens: list[tuple[int, int, str]]  # regex tokens, document offsets
    names: list[NameMatch]
    mentions: list[Mention] = field(default_factory=list)  # top level: what relations connect
    inner: list[Mention] = field(default_factory=list)  # names inside a title chain
    title_refs: list[TitleRef] = field(default_factory=list)

    def covered(self, start: int, end: int) -> bool:
        return any(m.start < end and start < m.end for m in self.mentions)


@dataclass
class ArticleMentions:
    parsed: ParsedDocument
    sentences: list[SentenceView]
    offices: list[Office]

    def add(self, view: SentenceView, mention: Mention) -> None:
        view.mentions.append(mention)
        view.mentions.sort(key=lambda m: (m.start, m.end))

    def entity_names(self) -> dict[Entity, set[str]]:
        """Every entity mentioned by name, with the surface names used for it."""
        out: dict[Entity, set[str]] = {}
        for view in self.sentences:
            for m in view.mentions + view.inner:
                if m.kind == "candidate":  # a capitalised run with no evidence of a person: no node
                    continue
                names = out.setdefault(m.entity, set())
                if m.kind == "name":
                    names.add(m.text)
        for office in self.offices:
            out.setdefault(office.person, set())
            out.setdefault(office.of, set())
        return out


@dataclass
class _Chain:
    view: SentenceView
    title: Title
    blocked: bool
    start: int
    of: NameMatch | None
    dest: NameMatch | None
    name_tokens: list[tuple[int, int, str]]


def _name_run(view: SentenceView, j: int, starts: dict[int, NameMatch], titles: TitleBook,
              settings: dict) -> list[tuple[int, int, str]]:
    """Capitalised tokens from ``j`` that form a personal name (particles allowed inside)."""
    toks, out = view.tokens, []
    words = [t for _, _, t in toks]
    not_names = set(settings["not_names"])
    particles = set(settings["particles"])
    if j + 1 < len(toks) and toks[j][2].isupper() and toks[j][2].isalpha() and len(toks[j][2]) > 1 \
            and toks[j + 1][2][:1].isupper() and toks[j][0] not in starts:
        j += 1  # "Ketua DPR Nancy Pelosi": an acronym the gazetteer lacks is the title's body, not the name
    j += _honorific_length(words, j, settings)
    while j < len(toks) and len(out) < settings["max_name_tokens"]:
        start, _, tok = toks[j]
        place_in_name = start in starts and starts[start].entity.type == "Place" and starts[start].text == tok \
            and j + 1 < len(toks) and toks[j + 1][2][:1].isupper() and toks[j + 1][0] not in starts
        if (start in starts and not place_in_name) or titles.match(words, j) or tok in not_names \
                or any(c.isdigit() for c in tok):  # "P2K2": a unit's code, no part of a name
            break
        prefixed = "-" in tok and tok.split("-", 1)[0] in settings["hyphen_particles"] and tok.split("-", 1)[1][:1].isupper()
        if tok[0].isupper() or (tok[0] == "-" and out) or (out and prefixed):  # "el-Sisi"
            out.append(toks[j])
        elif tok in particles and out and any(t[2][:1].isupper() for t in toks[j + 1:j + 3]) \
                and all(t[2] in particles or t[2][:1].isupper() for t in toks[j + 1:j + 2]):
            out.append(toks[j])  # "Ursula von der Leyen"
        else:
            break
        j += 1
    while out and out[-1][2] in particles:
        out.pop()
    return out


@lru_cache(maxsize=1)
def fronted_openers() -> frozenset[str]:
    """Sentence-initial words that open a fronted phrase ("Setelah …, X …"), case-folded."""
    return frozenset(w.casefold() for w in mention_settings()["person"]["fronted_openers"])


def _closes_fronted_phrase(words: list[str], title_at: int, after_name: int) -> bool:
    """True when the comma after a title closes a sentence-initial fronted phrase and the name
    after it runs on into the main clause ("Setelah pertemuan dengan Menlu Turki, Retno
    melanjutkan …"), so the name is that clause's subject, not the title's holder."""
    opens = bool(words) and words[0].casefold() in fronted_openers() and "," not in words[:title_at]
    closed = after_name >= len(words) or words[after_name] in (",", ".", "(", ")", ";", ":")
    return opens and not closed


def _honorific_length(words: list[str], j: int, settings: dict) -> int:
    """How many tokens from ``j`` are an honorific ("Tan Sri", "Dato' Sri") before a name."""
    for phrase in sorted((h.split() for h in settings["honorifics"]), key=len, reverse=True):
        if words[j:j + len(phrase)] == phrase and j + len(phrase) < len(words) and words[j + len(phrase)][:1].isupper():
            return len(phrase)
    return 0


def _chains(view: SentenceView, titles: TitleBook, settings: dict) -> list[_Chain]:
    starts = {m.start: m for m in view.names}
    words = [t for _, _, t in view.tokens]
    index_of = {s: k for k, (s, _, _) in enumerate(view.tokens)}
    chains, i = [], 0
    while i < len(view.tokens):
        # the longest title that does not run into a name ("Presiden Komisi Eropa": Presiden + Komisi Eropa)
        title = next((t for t in titles.matches(words, i)
                      if not any(view.tokens[k][0] in starts for k in range(i + 1, i + len(t.phrase)))), None)
        if title is None:  # "menteri pertahanan Pakistan": any case, when its "of" follows
            title = titles.match_any_case(words, i)
            after = i + len(title.phrase) if title else 0
            if title is not None and not (after < len(words) and view.tokens[after][0] in starts
                                          and starts[view.tokens[after][0]].entity.type in title.relations):
                title = None
        if title is None or view.tokens[i][0] in starts:
            i += 1
            continue
        blocked = i > 0 and words[i - 1] in titles.block
        j = i + len(title.phrase)
        if j < len(words) and _ORDINAL.fullmatch(words[j]):
            j += 1  # "Presiden Ke-44 Amerika Serikat"
        for modifier in (m.split() for m in settings["title_modifiers"]):
            if words[j:j + len(modifier)] == modifier and j + len(modifier) < len(words) \
                    and view.tokens[j + len(modifier)][0] in starts:
                j += len(modifier)  # "Kepala Negara seremonial Korut"
                break
        if j + 2 < len(words) and words[j] == "(" and words[j + 2] == ")":
            j += 3  # "Menteri Luar Negeri (Menlu) RI"
        if j < len(words) and words[j] in settings["state_forms"] and view.tokens[j][0] not in starts:
            # "Presiden Republik Demokratik Timor-Leste X": the state's long form around a known name
            k = next((k for k in range(j + 1, min(j + 4, len(words))) if view.tokens[k][0] in starts), None)
            if k is not None and all(w[:1].isupper() for w in words[j:k]) \
                    and starts[view.tokens[k][0]].entity.type == "Country":
                j = k
        of = dest = None
        if j < len(words) and view.tokens[j][0] in starts:
            of = starts[view.tokens[j][0]]
            j = _after(view, of, index_of)
        elif j + 1 < len(words) and words[j] in settings["party_words"] and words[j + 1][:1].isupper() \
                and view.tokens[j + 1][0] not in starts:
            of = _party(view, j, starts, index_of)  # "Ketua Umum Partai Gerindra Prabowo Subianto"
            j = _after(view, of, index_of)
        if of and j + 2 < len(words) and words[j] == "(" and words[j + 2] == ")":
            j += 3  # "Amerika Serikat (AS)"
        if of and j < len(words) and _ORDINAL.fullmatch(words[j]):
            j += 1  # "PM Malaysia ke-8 Muhyiddin Yassin"
        if title.destination_markers and j + 1 < len(words) and words[j].casefold() in title.destination_markers \
                and view.tokens[j + 1][0] in starts \
                and starts[view.tokens[j + 1][0]].entity.type in ("Country", "InternationalOrganization"):
            dest = starts[view.tokens[j + 1][0]]
            j = _after(view, dest, index_of)
            while j + 1 < len(words) and words[j] in settings["list_joiners"]:  # "untuk Inggris dan Republik Irlandia"
                k = j + 2 if words[j + 1] in settings["state_forms"] else j + 1
                if k >= len(words) or view.tokens[k][0] not in starts or starts[view.tokens[k][0]].entity.type != "Country":
                    break
                j = _after(view, starts[view.tokens[k][0]], index_of)
        elif title.destination_markers and j + 1 < len(words) and words[j].casefold() in title.destination_markers \
                and view.tokens[j + 1][0] in starts:  # "Dubes untuk Urusan Timur Tengah": no destination
            j = _after(view, starts[view.tokens[j + 1][0]], index_of)
        run = _name_run(view, j, starts, titles, settings)
        if len(run) == 1 and j + 1 < len(words) and view.tokens[j + 1][0] in starts:
            # "Gubernur New Mexico AS Bill Richardson": a word run into a place is the title's body
            k = j + 1
            while k < len(words) and view.tokens[k][0] in starts:
                k = _after(view, starts[view.tokens[k][0]], index_of)
            run = _name_run(view, k, starts, titles, settings)
            j = k if run else j
        if not run and of and j + 1 < len(words) and words[j] == ",":  # "Duta Besar X untuk Y, Nama"
            run = _name_run(view, j + 1, starts, titles, settings)
            if run and _closes_fronted_phrase(words, i, j + 1 + len(run)):
                run = []
            j += 1 if run else 0
        chains.append(_Chain(view, title, blocked, view.tokens[i][0], of, dest, run))
        i = j + len(run) if (of or run) else i + len(title.phrase)
    return chains


def _party(view: SentenceView, j: int, starts: dict[int, NameMatch], index_of: dict[int, int]) -> NameMatch:
    """"Partai Gerindra", "Partai Komunis Tiongkok": the party word, one name word, and a country
    name right after it; the rest of the capitalised run is the leader's name."""
    end = view.tokens[j + 1][1]
    after = starts.get(view.tokens[j + 2][0]) if j + 2 < len(view.tokens) else None
    if after is not None and after.entity.type == "Country":
        end = after.end
    start = view.tokens[j][0]
    text = view.sentence.text[start - view.sentence.start:end - view.sentence.start]
    return NameMatch(start, end, Entity(f"organization/{text}", "Organization", None, text), text)


def _after(view: SentenceView, match: NameMatch, index_of: dict[int, int]) -> int:
    k = index_of[match.start]
    while k < len(view.tokens) and view.tokens[k][0] < match.end:
        k += 1
    return k


def _core(name: str) -> list[str]:
    """A name's words without a generational suffix ("Ferdinand Marcos Jr" → Ferdinand, Marcos)."""
    parts = name.split()
    generational = mention_settings()["person"]["generational"]
    return parts[:-1] if len(parts) > 1 and parts[-1] in generational else parts


def _link_names(names: list[str]) -> dict[str, str]:
    """Map each name to the one fuller name it abbreviates ("Tokayev" → "Kassym-Jomart Tokayev")."""
    link: dict[str, str] = {}
    for name in set(names):
        parts = name.split()
        fuller = {m for m in names if len(m.split()) > len(parts)
                  and parts in (_core(m)[-len(parts):], m.split()[:len(parts)])}
        link[name] = fuller.pop() if len(fuller) == 1 else name
    return link


def _nicknames(chains: list[_Chain], link: dict[str, str]) -> dict[str, str]:
    """"Presiden Joko Widodo (Jokowi)": the name in brackets is the same person."""
    out = {}
    for c in chains:
        if not c.name_tokens:
            continue
        toks = c.view.tokens
        k = next(i for i, t in enumerate(toks) if t[0] == c.name_tokens[-1][0]) + 1
        if k + 2 < len(toks) and toks[k][2] == "(" and toks[k + 2][2] == ")" and toks[k + 1][2][:1].isupper() \
                and not any(m.start == toks[k + 1][0] for m in c.view.names):
            name = " ".join(t for _, _, t in c.name_tokens)
            out[toks[k + 1][2]] = link.get(name, name)
    return out


def _surnames(full_names: set[str], known: dict[str, Entity], gazetteer: Gazetteer) -> dict[str, Entity]:
    """One word of a titled person's name used alone: the last name ("Albanese", after "Anthony
    Albanese"), or the first, where it is the family name ("Song" for "Song Min-Soon", "Xi") or
    the name Indonesians go by ("Retno" for "Retno Marsudi") — when exactly one person of the
    article has that word at either end of their name."""
    by_word: dict[str, set[str]] = {}
    particles = set(mention_settings()["person"]["particles"])
    for name in full_names:
        parts = _core(name)
        if len(parts) > 1:
            for word in {parts[0], parts[-1]}:
                if word[:1].isupper() and word not in particles:
                    by_word.setdefault(word, set()).add(name)
    return {word: person_entity(names.pop()) for word, names in by_word.items()
            if len(names) == 1 and word not in known and gazetteer.lookup(word) is None}


def find_mentions(parsed: ParsedDocument, gazetteer: Gazetteer | None = None,
                  titles: TitleBook | None = None) -> ArticleMentions:
    gazetteer = gazetteer or load_gazetteer()
    titles = titles or load_titles()
    settings = mention_settings()["person"]
    text = parsed.document.text
    views = []
    for s in parsed.sentences:
        toks = [(a + s.start, b + s.start, t) for a, b, t in name_tokens(s.text)]
        views.append(SentenceView(s, toks, gazetteer.find(s.text, s.start)))
    chains = [c for v in views for c in _chains(v, titles, settings)]
    link = _link_names([" ".join(t for _, _, t in c.name_tokens) for c in chains if c.name_tokens])
    link.update(_nicknames(chains, link))
    article = ArticleMentions(parsed, views, [])
    in_chain: set[int] = set()
    counterparts: list[Office] = []
    for c in chains:
        view, idx = c.view, c.view.sentence.index
        if not c.name_tokens:
            if c.of is not None:
                end = (c.dest or c.of).end
                view.title_refs.append(TitleRef(c.title, c.of.entity, c.blocked, idx, c.start, end, text[c.start:end],
                                                c.dest.entity if c.dest else None))
                in_chain |= {c.of.start} | ({c.dest.start} if c.dest else set())
            continue
        name = " ".join(t for _, _, t in c.name_tokens)
        person = person_entity(link.get(name, name))
        name_start, end = c.name_tokens[0][0], c.name_tokens[-1][1]
        article.add(view, Mention(person, idx, c.start, end, text[c.start:end], kind="title"))
        view.inner.append(Mention(person, idx, name_start, end, text[name_start:end]))
        for match in (c.of, c.dest):
            if match is not None:
                in_chain.add(match.start)
                view.inner.append(Mention(match.entity, idx, match.start, match.end, match.text))
        if c.blocked:
            continue
        if c.title.counterpart and c.of is not None:
            counterparts.append(Office(person, "", c.of.entity, idx, c.start, end, f"counterpart:{c.title.text}"))
            continue
        rule = f"title:{c.title.text}"
        if c.of is None:
            c.of = _delegation_country(view, c.start, settings)
        if c.of is not None and c.of.entity.type in c.title.relations:
            article.offices.append(Office(person, c.title.relations[c.of.entity.type], c.of.entity, idx, c.start,
                                          end, rule, c.title.text if c.title.role else None))
        if c.dest is not None and c.title.destination_relation:
            article.offices.append(Office(person, c.title.destination_relation, c.dest.entity, idx, c.start, end,
                                          rule))
    known = {name: person_entity(full) for name, full in link.items()}
    known.update(_surnames(set(link.values()), known, gazetteer))
    heads = [tuple(h.split()) for h in mention_settings()["organizations"]["heads"]]
    for view in views:
        in_chain |= _organisations(article, view, heads)
        numbers = {w.start for w in view.sentence.words if w.upos == "NUM" and w.deprel == "nummod"}
        for match in view.names:
            if match.start in numbers:  # "Lima juru runding": five negotiators, not Peru's capital
                continue
            if match.start not in in_chain and not view.covered(match.start, match.end):
                article.add(view, Mention(match.entity, view.sentence.index, match.start, match.end, match.text))
        _capital_names(article, view, settings)
        _bare_names(article, view, known)
        _ner_names(article, view)
        _untitled_names(article, view, titles, settings)
    _titles_after_names(article, settings)
    _counterpart_offices(article, counterparts)
    return article


def _titles_after_names(article: ArticleMentions, settings: dict) -> None:
    """"Kamran Rasool, menteri pertahanan Pakistan", "Sudjadnan yang kini menjadi Duta Besar
    Indonesia untuk …": a title with its country right after a person names that person's
    office (and, for a one-word name, is the evidence that it is a person's)."""
    links = sorted(settings["title_after_links"], key=len, reverse=True)
    joined = "|".join(re.escape(x) for x in links)  # "X, menteri …", "X (menteri …", "X, yang merupakan menteri …"
    pattern = re.compile(rf"\s*(?:[,(]\s*(?:(?:{joined})\s*)?|(?:{joined}))\s*", re.IGNORECASE)
    for view in article.sentences:
        for ref in list(view.title_refs):
            relation = ref.title.relations.get(ref.of.type)
            if ref.blocked or relation is None:
                continue
            person = _person_before(article, view, ref.start, pattern)
            if person is None:
                continue
            rule, role = f"title:{ref.title.text}", ref.title.text if ref.title.role else None
            article.offices.append(Office(person.entity, relation, ref.of, view.sentence.index, person.start,
                                          ref.end, rule, role))
            if ref.dest is not None and ref.title.destination_relation:
                article.offices.append(Office(person.entity, ref.title.destination_relation, ref.dest,
                                              view.sentence.index, person.start, ref.end, rule))
            view.title_refs.remove(ref)


def _person_before(article: ArticleMentions, view: SentenceView, start: int, link: re.Pattern) -> Mention | None:
    """The person named right before ``start`` and joined to it by ``link``; a capitalised
    proper noun there that no mention covers becomes one."""
    text = article.parsed.document.text
    before = [m for m in view.mentions if m.end <= start]
    if before and before[-1].entity.type == "Person" and link.fullmatch(text, before[-1].end, start):
        person = before[-1]
        if person.kind == "candidate":  # the title is the evidence
            person = Mention(person.entity, person.sentence, person.start, person.end, person.text)
            view.mentions[view.mentions.index(before[-1])] = person
        return person
    lead = re.search(link.pattern + r"$", text[view.sentence.start:start], re.IGNORECASE)
    if lead is None:
        return None
    if text[view.sentence.start:view.sentence.start + lead.start()].split()[-1:] in (["akan"], ["bakal"]):
        return None  # "X akan menjadi Presiden …": not yet an office
    link_start = view.sentence.start + lead.start()
    propn = {w.start for w in view.sentence.words if w.upos == "PROPN"}
    named = [(m.start, m.end) for m in view.names]
    run = []
    for tok in reversed([t for t in view.tokens if t[1] <= link_start]):
        if tok[0] not in propn or not tok[2][:1].isupper() or view.covered(tok[0], tok[1]) or len(run) == 4 \
                or any(a < tok[1] and tok[0] < b for a, b in named):
            break
        run.insert(0, tok)
    if not run or text[run[-1][1]:link_start].strip():
        return None
    name = " ".join(t for _, _, t in run)
    person = Mention(person_entity(name), view.sentence.index, run[0][0], run[-1][1], name)
    article.add(view, person)
    return person


def _delegation_country(view: SentenceView, start: int, settings: dict) -> NameMatch | None:
    """"delegasi India yang dipimpin Menteri Pertahanan X": the country of the delegation a
    titled person leads, for a title that names none."""
    words = "|".join(map(re.escape, settings["delegations"]))
    verbs = "|".join(map(re.escape, settings["delegation_leads"]))
    lead = re.search(rf"\b(?:{words})\s+(\S.*?)\s+(?:yang\s+)?(?:{verbs})(?:\s+oleh)?\s*$",
                     view.sentence.text[:start - view.sentence.start], re.IGNORECASE)
    if lead is None:
        return None
    country = next((m for m in view.names if m.start == view.sentence.start + lead.start(1)
                    and m.end == view.sentence.start + lead.end(1) and m.entity.type == "Country"), None)
    return country


def _counterpart_offices(article: ArticleMentions, counterparts: list[Office]) -> None:
    """A counterpart ("mitranya dari Mesir, Hosni Mubarak") holds, for that country, the kind of
    office the nearest person before it in the sentence holds."""
    for c in counterparts:
        view = article.sentences[c.sentence]
        before = [m.entity for m in view.mentions if m.end <= c.start and m.entity.type == "Person"
                  and m.entity != c.person]
        for person in reversed(before):
            held = [o for o in article.offices if o.person == person and o.of != c.of and o.of.type == c.of.type]
            if held:
                o = held[0]
                article.offices.append(Office(c.person, o.relation, c.of, c.sentence, c.start, c.end, c.rule, o.role))
                break


def _organisations(article: ArticleMentions, view: SentenceView, heads: list[tuple[str, ...]]) -> set[int]:
    """"Kedutaan Besar India" → an Organization mention; returns the starts of the names it took."""
    starts = {m.start: m for m in view.names if m.entity.type == "Country"}
    words = [t for _, _, t in view.tokens]
    taken = set()
    firsts = {h[0] for h in heads}
    for i in range(len(words)):
        if words[i] not in firsts:
            continue
        head = next((h for h in heads if tuple(words[i:i + len(h)]) == h), None)
        if head is None or i + len(head) >= len(words) or view.tokens[i + len(head)][0] not in starts:
            continue
        country = starts[view.tokens[i + len(head)][0]]
        start, end = view.tokens[i][0], country.end
        if view.covered(start, end):
            continue
        name = f"{' '.join(head)} {country.entity.label_id}"
        entity = Entity(f"organization/{name}", "Organization", None, name)
        article.add(view, Mention(entity, view.sentence.index, start, end, article.parsed.document.text[start:end]))
        view.inner.append(Mention(country.entity, view.sentence.index, country.start, country.end, country.text))
        taken.add(country.start)
    return taken


def _ner_spans(view: SentenceView) -> list[tuple[int, int, str]]:
    """(start, end, tag) of the entities the optional Stanza NER tagged (BIOES)."""
    spans, start = [], None
    for w in view.sentence.words:
        prefix, _, tag = w.ner.partition("-")
        if prefix in ("B", "S"):
            start = w.start
        if prefix in ("E", "S") and start is not None:
            spans.append((start, w.end, tag))
            start = None
    return spans


def _ner_names(article: ArticleMentions, view: SentenceView) -> None:
    """With ``--stanza-ner``: persons the NER model found that nothing else explained. (Its
    LOC and ORG spans are left out: they cut across gazetteer names and titles too often.)"""
    text = article.parsed.document.text
    for start, end, tag in _ner_spans(view):
        if tag == "PER" and not view.covered(start, end):
            name = " ".join(text[start:end].split())
            article.add(view, Mention(person_entity(name), view.sentence.index, start, end, name, kind="ner"))


def _untitled_names(article: ArticleMentions, view: SentenceView, titles: TitleBook, settings: dict) -> None:
    """A run of capitalised proper nouns that nothing else explains may be a person ("Xi
    Jinping"); a run holding a word of a place, body or event ("Taman Makam Pahlawan") is not.
    It is a person only with evidence: a title-like word before it ("Wapres"), a speech verb
    ("kata Burns", "Burns mengatakan"), a title after it (see :func:`_titles_after_names`), or
    a slot only a person fits (the engine's ``candidate`` mentions)."""
    propn = {w.start for w in view.sentence.words if w.upos in ("PROPN", "X")}
    stop = set(settings["not_person_words"]) | set(settings["not_names"])
    prefixes = set(settings["name_prefixes"])
    references = mention_settings()["references"]
    speech_after = {w.casefold() for w in references["speech_verbs"]}  # "…, kata Burns"
    speech_before = {w.casefold() for w in references["speech_verbs_before"]}  # "Burns mengatakan"
    words = [t for _, _, t in view.tokens]
    i = 0
    while i < len(view.tokens):
        j = i
        while j < len(view.tokens) and words[j][0].isupper() and not _shouted(words[j]) and view.tokens[j][0] in propn \
                and not view.covered(view.tokens[j][0], view.tokens[j][1]) and not titles.match(words, j):
            j += 1
        run = view.tokens[i:j]
        prefixed = False
        while run and (run[0][2] in prefixes or (len(run) > 2 and run[0][2].isupper() and run[0][2].isalpha())):
            run, prefixed = run[1:], True  # "Wapres Jusuf Kalla", "Almarhum Adam Malik", "BUMN Sofyan Djalil"
        honorific = _honorific_length([t for _, _, t in run], 0, settings) if run else 0
        run, prefixed = run[honorific:], prefixed or bool(honorific)  # "Tan Sri Muhyiddin Yassin"
        said = (i > 0 and words[i - 1].casefold() in speech_after) or (j < len(words)
                                                                        and words[j].casefold() in speech_before)
        shortest = 1 if said else settings["untitled_min_tokens"]  # "Medvedev mengatakan", "kata Burns"
        if shortest <= len(run) <= settings["max_name_tokens"] \
                and not stop & {t for _, _, t in run} and (i == 0 or words[i - 1] not in titles.block):
            start, end = run[0][0], run[-1][1]
            name = " ".join(t for _, _, t in run)
            kind = "name" if prefixed or said else "candidate"
            article.add(view, Mention(person_entity(name), view.sentence.index, start, end, name, kind=kind))
        i = max(j, i + 1)


def _capital_names(article: ArticleMentions, view: SentenceView, settings: dict) -> None:
    """A name the gazetteer lacks, in apposition to "ibu kota <country>", is that place:
    "di ibu kota Etiopia, Adisababa", "Adisababa, ibu kota Etiopia"."""
    toks, words = view.tokens, [t for _, _, t in view.tokens]
    countries = {m.start: m for m in view.mentions if m.entity.type == "Country"}
    for phrase in (c.split() for c in mention_settings()["places"]["capital_words"]):
        for i in range(len(words) - len(phrase)):
            country = countries.get(toks[i + len(phrase)][0]) if words[i:i + len(phrase)] == phrase else None
            if country is None:
                continue
            after = next((k for k, t in enumerate(toks) if t[0] >= country.end), len(toks))
            runs = []
            if after + 1 < len(toks) and words[after] == ",":
                runs.append(_place_run(view, after + 1, settings))
            if i >= 2 and words[i - 1] == ",":
                start = i - 1
                while start > 0 and words[start - 1][:1].isupper() and not view.covered(*toks[start - 1][:2]):
                    start -= 1
                runs.append(_place_run(view, start, settings)[:i - 1 - start])
            for run in runs:
                if run and len(run) <= settings["max_name_tokens"]:
                    name = " ".join(t for _, _, t in run)
                    place = Entity(f"place/{name.replace(' ', '_')}", "Place", name, name, located_in=country.entity.key)
                    article.add(view, Mention(place, view.sentence.index, run[0][0], run[-1][1], name))


def _place_run(view: SentenceView, k: int, settings: dict) -> list[tuple[int, int, str]]:
    """Capitalised tokens from ``k`` that no mention covers (a place's name)."""
    out = []
    while k < len(view.tokens) and view.tokens[k][2][:1].isupper() and view.tokens[k][2] not in settings["not_names"] \
            and not view.covered(*view.tokens[k][:2]):
        out.append(view.tokens[k])
        k += 1
    return out


def _shouted(token: str) -> bool:
    """An all-capitals word of three or more letters ("TRIBUN", "JAKARTA") is a dateline, outlet or
    acronym, never part of an untitled personal name."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _bare_names(article: ArticleMentions, view: SentenceView, known: dict[str, Entity]) -> None:
    """Names of persons already titled elsewhere in the article, written without a title."""
    toks = view.tokens
    longest = max((len(n.split()) for n in known), default=0)
    i = 0
    while i < len(toks):
        for n in range(min(longest, len(toks) - i), 0, -1):
            name = " ".join(t for _, _, t in toks[i:i + n])
            start, end = toks[i][0], toks[i + n - 1][1]
            if name in known and not view.covered(start, end):
                text = article.parsed.document.text[start:end]
                article.add(view, Mention(known[name], view.sentence.index, start, end, text))
                i += n - 1
                break
        i += 1
