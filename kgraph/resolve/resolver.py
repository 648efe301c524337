"""Corpus-level entity resolution: one node per real person or organisation.

Articles are added one at a time (:meth:`CorpusIndex.add_article`: the entities and assertions
extraction made, no parses); :func:`resolve` then decides which entities are one, in passes
of decreasing certainty, each merge recorded with its reason:

1. names declared one in ontologies/nicknames.toml ("Jokowi", "SBY") or the user's aliases file;
2. the same name once case, accents, punctuation, spacing and leading titles are ignored
   ("George W. Bush" / "George W Bush", "Ban Ki-moon" / "Ban Ki Moon");
3. the same name without particles and initials ("Nouri al-Maliki" / "Nouri Maliki",
   "Marty M Natalegawa" / "Marty Natalegawa");
4. a name that begins another ("Abdullah II" / "Abdullah II bin Al Hussein") and spelling
   variants (one edit per word after transliteration folds: "Mahmud" / "Mahmoud", "Jintai" /
   "Jintao"), both only when the context agrees: an office in common or shared neighbours,
   and never when the two are named side by side in one article;
5. a surname or given name alone ("Bush", "Wen"), article by article: the one person of that
   name in the same article, else the one whose office it holds, else the only person of that
   name the corpus knows (never a guess among several).

No pass merges entities whose offices name different countries, or names the user split.
Every decision depends on sorted data only, so the result does not depend on article order.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kgraph.extract.gazetteer import load_gazetteer
from kgraph.model import Assertion, Entity
from kgraph.resolve.aliases import Aliases
from kgraph.resolve.names import core_words, folded, name_rules, normal_form, within_distance

__all__ = ["OFFICE_RELATIONS", "RESOLVED_TYPES", "CorpusIndex", "Merge", "Suspect", "Resolution", "resolve"]

#: relations that state an office: they tell one bearer of a name from another
OFFICE_RELATIONS = frozenset({"headOfStateOf", "headOfGovernmentOf", "foreignMinisterOf", "ministerOf",
                              "ambassadorOf", "ambassadorTo", "leaderOf", "chairs"})
RESOLVED_TYPES = ("Person", "Organization")


@dataclass(frozen=True)
class Merge:
    """``variant`` is the entity ``canonical`` (in ``article`` only, when one is given)."""

    variant: str
    canonical: str
    reason: str
    article: str | None = None


@dataclass(frozen=True)
class Suspect:
    """Two look-alike entities kept apart, and why."""

    first: str
    second: str
    reason: str


@dataclass
class _Record:
    entity: Entity
    names: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    offices: set[tuple[str, str]] = field(default_factory=set)  # (relation, object key)
    stored: bool = False


class CorpusIndex:
    """What resolution needs to know of a corpus: names, offices and articles of each entity."""

    def __init__(self) -> None:
        self.records: dict[str, _Record] = {}
        self.article_keys: dict[str, frozenset[str]] = {}
        self.article_offices: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        self.asserted: dict[str, set[str]] = defaultdict(set)  # key → articles where it is in an assertion

    def _record(self, entity: Entity) -> _Record:
        rec = self.records.get(entity.key)
        if rec is None:
            rec = self.records[entity.key] = _Record(entity)
        return rec

    def add_article(self, doc_id: str, entities: Mapping[Entity, Iterable[str]],
                    assertions: Iterable[Assertion]) -> None:
        """Record one article's entities (with the names it used) and assertions."""
        keys = set()
        for entity, names in entities.items():
            rec = self._record(entity)
            rec.names.update(names)
            rec.articles.add(doc_id)
            keys.add(entity.key)
        for a in assertions:
            for e in (a.subject, a.object):
                self._record(e).articles.add(doc_id)
                keys.add(e.key)
                self.asserted[e.key].add(doc_id)
            if a.predicate in OFFICE_RELATIONS:
                self._record(a.subject).offices.add((a.predicate, a.object.key))
                self.article_offices[(doc_id, a.subject.key)].add((a.predicate, a.object.key))
        self.article_keys[doc_id] = frozenset(keys) | self.article_keys.get(doc_id, frozenset())

    def to_json(self) -> dict:
        """The index as plain JSON data (kept next to a store, so later builds resolve against it)."""
        return {"records": [[k, r.entity.type, r.entity.label_en, r.entity.label_id, sorted(r.entity.alt_labels),
                             sorted(r.names), sorted(r.articles), sorted(map(list, r.offices)), r.stored]
                            for k, r in sorted(self.records.items())],
                "article_keys": {d: sorted(ks) for d, ks in sorted(self.article_keys.items())},
                "article_offices": [[d, k, sorted(map(list, o))] for (d, k), o in sorted(self.article_offices.items())],
                "asserted": {k: sorted(d) for k, d in sorted(self.asserted.items())}}

    @classmethod
    def from_json(cls, data: dict) -> CorpusIndex:
        """The inverse of :meth:`to_json`; every entity read back counts as stored."""
        index = cls()
        for k, t, en, id_, alt, names, articles, offices, _ in data["records"]:
            index.records[k] = _Record(Entity(k, t, en, id_, frozenset(alt)), set(names), set(articles),
                                       {tuple(o) for o in offices}, True)
        index.article_keys = {d: frozenset(ks) for d, ks in data["article_keys"].items()}
        for d, k, offices in data["article_offices"]:
            index.article_offices[(d, k)] = {tuple(o) for o in offices}
        for k, docs in data["asserted"].items():
            index.asserted[k] = set(docs)
        return index

    def add_stored(self, entity: Entity, names: Iterable[str], articles: Iterable[str],
                   offices: Iterable[tuple[str, str]]) -> None:
        """An entity already in the store: its key is kept as the canonical one where it can be."""
        rec = self._record(entity)
        rec.names.update(names)
        rec.offices.update(offices)
        rec.stored = True
        for doc in articles:
            self.asserted[entity.key].add(doc)
            rec.articles.add(doc)
            self.article_keys[doc] = self.article_keys.get(doc, frozenset()) | {entity.key}


@dataclass
class Resolution:
    """Which entity each entity of the corpus is, with the evidence."""

    canonical: dict[str, Entity]  # key → its canonical entity (only keys that change or gain names)
    in_article: dict[tuple[str, str], Entity]  # (article, key) → entity, for names resolved per article
    merges: list[Merge]
    suspects: list[Suspect]
    asserted: frozenset[str]  # canonical keys that take part in an assertion

    def entity(self, doc_id: str, entity: Entity) -> Entity:
        return self.in_article.get((doc_id, entity.key)) or self.canonical.get(entity.key, entity)


class _Clusters:
    """Union-find over entity keys that refuses unions the constraints forbid."""

    def __init__(self, index: CorpusIndex, keys: list[str], splits: dict[str, dict[int, int]]) -> None:
        self.index = index
        self.parent = {k: k for k in keys}
        self.members = {k: [k] for k in keys}
        self.countries = {k: self._countries(index.records[k].offices) for k in keys}
        self.articles = {k: set(index.records[k].articles) for k in keys}
        self.offices = {k: set(index.records[k].offices) for k in keys}
        self.splits = {k: dict(splits.get(k, {})) for k in keys}

    @staticmethod
    def _countries(offices: Iterable[tuple[str, str]]) -> set[str]:
        return {o for _, o in offices if o.startswith("country/")}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def conflict(self, a: str, b: str) -> str | None:
        """Why the clusters of ``a`` and ``b`` may not be one, or None."""
        ra, rb = self.find(a), self.find(b)
        ca, cb = self.countries[ra], self.countries[rb]
        if ca and cb and not ca & cb:
            return f"offices of different countries ({', '.join(sorted(ca))} / {', '.join(sorted(cb))})"
        sa, sb = self.splits[ra], self.splits[rb]
        if any(g in sb and sb[g] != n for g, n in sa.items()):
            return "split in the aliases file"
        return None

    def side_by_side(self, a: str, b: str) -> str | None:
        """Two names in one article are two persons, unless they hold the very same office."""
        ra, rb = self.find(a), self.find(b)
        both = self.articles[ra] & self.articles[rb]
        if not both or self.offices[ra] & self.offices[rb]:
            return None
        return f"named side by side in article {min(both)}"

    def union(self, a: str, b: str) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)
        self.countries[ra] |= self.countries.pop(rb)
        self.articles[ra] |= self.articles.pop(rb)
        self.offices[ra] |= self.offices.pop(rb)
        self.splits[ra].update(self.splits.pop(rb))

    def neighbours(self, root: str) -> set[str]:
        members = set(self.members[root])
        out: set[str] = set()
        for doc in self.articles[root]:
            out |= self.index.article_keys.get(doc, frozenset())
        return out - members

    def context(self, a: str, b: str, min_shared: int) -> str | None:
        """Why the contexts of ``a`` and ``b`` agree, or None."""
        ra, rb = self.find(a), self.find(b)
        common = sorted(self.offices[ra] & self.offices[rb])
        if common:
            return f"same office {common[0][0]} {common[0][1]}"
        shared = sorted(self.neighbours(ra) & self.neighbours(rb))
        if len(shared) >= min_shared:
            return "named with the same entities (" + ", ".join(shared[:3]) + ")"
        return None


def _name(rec: _Record) -> str:
    return rec.entity.label_id or rec.entity.name


def _resolvable(rec: _Record, gazetteer_keys: set[str]) -> bool:
    return rec.entity.type in RESOLVED_TYPES and rec.entity.key not in gazetteer_keys


def _split_tags(index: CorpusIndex, keys: list[str], aliases: Aliases) -> dict[str, dict[int, int]]:
    by_form: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        for n in index.records[k].names | {_name(index.records[k])}:
            by_form[normal_form(n)].append(k)
    tags: dict[str, dict[int, int]] = defaultdict(dict)
    for g, names in enumerate(aliases.splits):
        for j, name in enumerate(names):
            for k in by_form.get(normal_form(name), []):
                tags[k][g] = j
    return tags


class _Pass:
    """Shared state of one resolution: the clusters, the evidence and the suspects."""

    def __init__(self, index: CorpusIndex, keys: list[str], aliases: Aliases) -> None:
        self.index, self.keys, self.rules = index, keys, name_rules()
        self.clusters = _Clusters(index, keys, _split_tags(index, keys, aliases))
        self.merges: list[Merge] = []
        self.suspects: dict[tuple[str, str], str] = {}
        self.forms = {k: normal_form(_name(index.records[k])) for k in keys}
        self.cores = {k: core_words(_name(index.records[k])) for k in keys}

    def suspect(self, a: str, b: str, reason: str) -> None:
        self.suspects.setdefault(tuple(sorted((a, b))), reason)

    def try_merge(self, a: str, b: str, reason: str, *, need_context: bool, apart: bool,
                  min_shared: int | None = None) -> bool:
        c = self.clusters
        if c.find(a) == c.find(b):
            return True
        why_not = c.conflict(a, b) or (c.side_by_side(a, b) if apart else None)
        if why_not is None and need_context:
            agree = c.context(a, b, min_shared or self.rules.min_shared_neighbours)
            if agree is None:
                why_not = "the contexts do not agree (no office or neighbours in common)"
            else:
                reason = f"{reason}; {agree}"
        if why_not is not None:
            self.suspect(a, b, f"{reason}, kept apart: {why_not}")
            return False
        c.union(a, b)
        self.merges.append(Merge(max(a, b), min(a, b), reason))
        return True

    def merge_groups(self, groups: dict, reason: str, **how: bool) -> None:
        for _, keys in sorted(groups.items()):
            keys = sorted(set(keys))
            for k in keys[1:]:
                self.try_merge(keys[0], k, reason, **how)


def _declared(p: _Pass, aliases: Aliases) -> None:
    by_form: dict[str, list[str]] = defaultdict(list)
    for k in p.keys:
        by_form[p.forms[k]].append(k)
    groups = [names for names in aliases.merges] + [(e, *more) for e, more in aliases.extra_names]
    for names in groups:
        keys = sorted({k for n in names for k in by_form.get(normal_form(n), [])})
        for k in keys[1:]:
            c = p.clusters
            if c.find(keys[0]) != c.find(k):
                c.union(keys[0], k)
                p.merges.append(Merge(max(keys[0], k), min(keys[0], k),
                                      "declared one (ontologies/nicknames.toml or the aliases file)"))


def _fuzzy_words(a: tuple[str, ...], b: tuple[str, ...], rules) -> tuple[int, int] | None:
    """(words that differ, of them words that differ beyond the spelling folds) of two equally
    long names, or None when more words are edited than the limits allow."""
    differing = edited = 0
    for x, y in zip(a, b):
        if x == y:
            continue
        fx, fy = folded(x), folded(y)
        if fx != fy:
            if min(len(fx), len(fy)) < rules.min_fuzzy_length or within_distance(fx, fy, rules.max_word_distance) is None:
                return None
            edited += 1
        differing += 1
    return (differing, edited) if edited <= rules.max_differing_words else None


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def _spelling_variants(p: _Pass) -> None:
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for k in p.keys:
        core = p.cores[k]
        if len(core) < 2:
            continue
        t = p.index.records[k].entity.type
        for d in _deletions(folded(core[-1])):
            blocks[(t, len(core), folded(core[0])[:1], d)].append(k)
    pairs = set()
    for keys in blocks.values():
        keys = sorted(set(keys))
        pairs.update((a, b) for i, a in enumerate(keys) for b in keys[i + 1:] if p.cores[a] != p.cores[b])
    for a, b in sorted(pairs):
        diff = _fuzzy_words(p.cores[a], p.cores[b], p.rules)
        if diff is not None:  # a transliteration (no edit left after the folds) needs less context
            p.try_merge(a, b, f"spelling variants '{_name(p.index.records[a])}' / '{_name(p.index.records[b])}'",
                        need_context=True, apart=True, min_shared=1 if diff[1] == 0 else None)


def _prefixes(p: _Pass) -> None:
    longer: dict[tuple, list[str]] = defaultdict(list)
    for k in p.keys:
        if len(p.cores[k]) >= 3:
            longer[(p.index.records[k].entity.type, p.cores[k][:2])].append(k)
    for a in sorted(p.keys):
        core = p.cores[a]
        if len(core) < 2:
            continue
        t = p.index.records[a].entity.type
        fuller = sorted(b for b in longer.get((t, core[:2]), [])
                        if len(p.cores[b]) > len(core) and p.cores[b][:len(core)] == core)
        unique = len({p.clusters.find(b) for b in fuller}) == 1
        for b in fuller:  # the one longer name needs no more evidence; one of several does
            p.try_merge(b, a, f"'{_name(p.index.records[a])}' begins '{_name(p.index.records[b])}'"
                        + (" (the only longer name)" if unique else ""), need_context=not unique, apart=False)


def _name_words(p: _Pass, k: str) -> tuple[str, str] | None:
    """The given name and the surname of a full name (generational suffixes skipped)."""
    core = p.cores[k]
    if len(core) < 2:
        return None
    named = [w for w in core if w not in p.rules.generational] or core[:1]  # "Abdullah II": Abdullah
    return folded(core[0]), folded(named[-1])


def _choose(p: _Pass, k: str, doc: str, roots: list[str]) -> tuple[str | None, str]:
    """The person a name alone means in ``doc``: (root, why) or (None, why not)."""
    c = p.clusters
    present = p.index.article_keys.get(doc, frozenset())
    offices = p.index.article_offices.get((doc, k), set())
    mine = _Clusters._countries(offices)
    fits = [r for r in roots if not (mine and c.countries[r] and not mine & c.countries[r])]
    here = [r for r in fits if any(m in present for m in c.members[r])]
    if len(here) == 1:
        return here[0], f"named in the same article {doc}"
    if here:
        return None, f"{len(here)} persons of that name are named in article {doc}"
    if offices:
        holding = [r for r in fits if offices & c.offices[r]]
        if len(holding) == 1:
            return holding[0], f"same office {sorted(offices & c.offices[holding[0]])[0][0]}"
    if len(roots) > 1 or not fits:  # several bearers: only the article or an office may choose
        return None, f"the article does not say which of {len(roots)} persons it means"
    shared = sorted(present & c.neighbours(roots[0]))
    if shared:
        return roots[0], f"the one person of that name; the article names {', '.join(shared[:3])} as well"
    return roots[0], "the only person of that name in the corpus"


def _short_names(p: _Pass) -> dict[tuple[str, str], str]:
    """Surnames and given names alone, article by article: (article, key) → cluster root."""
    c = p.clusters
    by_word: dict[str, set[str]] = defaultdict(set)
    for k in p.keys:
        words = _name_words(p, k)
        if words and p.index.records[k].entity.type == "Person":
            by_word[words[0]].add(k)
            by_word[words[1]].add(k)
    out: dict[tuple[str, str], str] = {}
    for k in sorted(p.keys):
        rec = p.index.records[k]
        if len(p.cores[k]) != 1 or rec.entity.type != "Person" or len(p.cores[k][0]) < 3:
            continue
        roots = sorted({c.find(h) for h in by_word.get(folded(p.cores[k][0]), ())} - {c.find(k)})
        for doc in sorted(rec.articles) if roots else ():
            choice, why = _choose(p, k, doc, roots)
            if choice is None:
                for r in roots:
                    p.suspect(k, r, f"'{_name(rec)}' alone in article {doc} left as it is: {why}")
                continue
            out[(doc, k)] = choice
            p.merges.append(Merge(k, choice, f"'{_name(rec)}' alone: {why}", doc))
    return out


def _side_by_side(p: _Pass) -> None:
    """Persons sharing a given name or surname in one article are two: list them as suspects."""
    for doc, present in sorted(p.index.article_keys.items()):
        persons = sorted(k for k in present if k in p.cores and p.index.records[k].entity.type == "Person")
        for i, a in enumerate(persons):
            wa = _name_words(p, a)
            for b in persons[i + 1:]:
                wb = _name_words(p, b)
                if wa and wb and (wa[0] == wb[0] or wa[1] == wb[1]) and p.clusters.find(a) != p.clusters.find(b):
                    p.suspect(a, b, f"share a name but are named side by side in article {doc}")


def _canonical_key(p: _Pass, root: str) -> str:
    recs = p.index.records

    def rank(k: str):
        name = _name(recs[k])
        stripped = len(name.split()) - len(normal_form(name).split())
        return (not recs[k].stored, stripped, -len(p.cores[k]), -len(recs[k].articles), -len(name), k)

    return min(p.clusters.members[root], key=rank)


def _canonical_entity(p: _Pass, members: list[str], key: str, extra: Iterable[str]) -> Entity:
    rep = p.index.records[key].entity
    names = set(extra)
    for m in members:
        rec = p.index.records[m]
        names |= rec.names | {n for n in (rec.entity.label_en, rec.entity.label_id) if n}
        names |= set(rec.entity.alt_labels)
    return Entity(rep.key, rep.type, rep.label_en, rep.label_id,
                  frozenset(names - {rep.label_en, rep.label_id}))


def resolve(index: CorpusIndex, aliases: Aliases = Aliases()) -> Resolution:
    """Decide which entities of ``index`` are one; see the module docstring for the passes."""
    gazetteer_keys = set(load_gazetteer().entities)
    keys = sorted(k for k, rec in index.records.items() if _resolvable(rec, gazetteer_keys))
    p = _Pass(index, keys, aliases)
    _declared(p, aliases)
    by_form: dict[tuple, list[str]] = defaultdict(list)
    by_core: dict[tuple, list[str]] = defaultdict(list)
    for k in keys:
        t = index.records[k].entity.type
        by_form[(t, p.forms[k])].append(k)
        if len(p.cores[k]) >= 2:
            by_core[(t, p.cores[k])].append(k)
    p.merge_groups(by_form, "same name", need_context=False, apart=False)
    p.merge_groups(by_core, "same name without particles or initials", need_context=False, apart=False)
    _prefixes(p)
    _spelling_variants(p)
    short = _short_names(p)
    _side_by_side(p)
    extra_for: dict[str, set[str]] = defaultdict(set)
    for entity, more in aliases.extra_names:
        for k in keys:
            if p.forms[k] == normal_form(entity):
                extra_for[p.clusters.find(k)].update(more)
    short_names: dict[str, set[str]] = defaultdict(set)
    for (doc, k), root in short.items():
        short_names[root].add(_name(index.records[k]))
    canonical: dict[str, Entity] = {}
    for root in sorted(set(p.clusters.members)):
        members = p.clusters.members[root]
        if len(members) == 1 and root not in extra_for and root not in short_names:
            continue
        extra = extra_for.get(root, set()) | short_names.get(root, set())
        entity = _canonical_entity(p, members, _canonical_key(p, root), extra)
        for m in members:
            canonical[m] = entity
    in_article = {(doc, k): canonical[root] for (doc, k), root in short.items()}
    merges = []
    for m in p.merges:
        target = canonical[m.canonical].key
        variant = m.variant if m.variant != target else m.canonical
        merges.append(Merge(variant, target, m.reason, m.article))
    asserted = set()
    for k, docs in index.asserted.items():
        for doc in docs:
            e = in_article.get((doc, k)) or canonical.get(k)
            asserted.add(e.key if e is not None else k)
    named: dict[tuple[str, str], str] = {}  # pairs of canonical keys: a merged variant speaks for its node
    for (a, b), r in sorted(p.suspects.items()):
        if p.clusters.find(a) != p.clusters.find(b):
            ca, cb = (canonical[k].key if k in canonical else k for k in (a, b))
            named.setdefault(tuple(sorted((ca, cb))), r)
    suspects = [Suspect(a, b, r) for (a, b), r in sorted(named.items())]
    return Resolution(canonical, in_article, sorted(merges, key=lambda m: (m.canonical, m.variant, m.article or "")),
                      suspects, frozenset(asserted))
