"""Read a sentence's dependency tree: a trigger's subject and objects, and the clause it is in.

The parse (Stanza, Universal Dependencies) says which words are a verb's subject (``nsubj``),
object (``obj``) and obliques (``obl`` with their case marker: "dengan", "ke", "terhadap"), what
a relative clause ("yang …", ``acl:relcl``) or a fronted clause ("Setelah bertemu …", ``advcl``)
holds, and which clause a "tidak" or "akan" belongs to. These helpers answer those questions
over the :class:`~kgraph.model.Word` records of one sentence.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kgraph.model import Sentence, Word

__all__ = ["Tree"]

#: deprels by which a clause without its own subject shares its governor's
_SHARES_SUBJECT = ("conj", "xcomp", "advcl", "obj", "ccomp", "csubj")
#: deprels that lead from a word up to the clause that governs it
_CLAUSE_LINKS = ("conj", "xcomp", "ccomp", "advcl", "acl", "obj", "csubj", "parataxis")


@dataclass(frozen=True)
class Tree:
    """One sentence's words with tree navigation."""

    sentence: Sentence

    @property
    def words(self) -> tuple[Word, ...]:
        return self.sentence.words

    @cached_property
    def _children(self) -> dict[int, list[Word]]:
        out: dict[int, list[Word]] = {}
        for w in self.words:
            out.setdefault(w.head, []).append(w)
        return out

    def children(self, word: Word, *deprels: str) -> list[Word]:
        """``word``'s dependents, those whose deprel is (or specialises) one of ``deprels`` if given."""
        kids = self._children.get(word.index, [])
        if not deprels:
            return kids
        return [k for k in kids if k.deprel in deprels or k.deprel.split(":")[0] in deprels]

    def head(self, word: Word) -> Word | None:
        return self.words[word.head - 1] if word.head else None

    def at(self, char: int) -> Word | None:
        return next((w for w in self.words if w.start <= char < w.end), None)

    def span_head(self, start: int, end: int) -> Word | None:
        """The word of ``[start, end)`` whose head lies outside it (the phrase's head)."""
        inside = [w for w in self.words if w.start < end and start < w.end]
        return next((w for w in inside if not (w.head and start <= self.words[w.head - 1].start < end)),
                    inside[0] if inside else None)

    def case_of(self, word: Word) -> str | None:
        """The case marker ("dengan", "ke", …) of a nominal, lower-cased."""
        case = self.children(word, "case")
        return case[0].text.casefold() if case else None

    def conjuncts(self, word: Word) -> list[Word]:
        """``word``, the words coordinated with it ("X, Y dan Z") and its appositions
        ("ibu kota Kazakhstan, Astana")."""
        out, todo = [], [word]
        while todo:
            w = todo.pop(0)
            out.append(w)
            todo += [c for c in self.children(w, "conj", "appos") if c.upos in ("PROPN", "NOUN", "PRON", "X")]
        return out

    def subtree(self, word: Word) -> list[Word]:
        out, todo = [], [word]
        while todo:
            w = todo.pop()
            out.append(w)
            todo += self.children(w)
        return sorted(out, key=lambda w: w.index)

    def subjects(self, word: Word, relative: frozenset[str]) -> list[Word]:
        """The subjects of ``word``'s clause: its own ``nsubj`` (all of them: a list the parser
        split), the noun a relative clause ("yang …") modifies, or, for a clause with no subject
        of its own (coordinated, fronted, complement, or a noun that is a verb's object), its
        governor's, or, for a complement of a verb with an object, that object (object control)."""
        seen = set()
        while word is not None and word.index not in seen:
            seen.add(word.index)
            own = [c for c in self.children(word, "nsubj", "csubj") if c.text.casefold() not in relative]
            if own:
                return own
            if word.deprel.startswith("acl") and word.deprel != "acl" or (
                    word.deprel == "acl" and any(c.text.casefold() in relative for c in self.children(word, "nsubj"))):
                return [self.head(word)]
            if word.deprel.split(":")[0] not in _SHARES_SUBJECT:
                return []
            governor = self.head(word)
            controller = [c for c in self.children(governor, "obj") if c is not word and c.upos in ("PROPN", "PRON")] \
                if word.deprel == "xcomp" else []
            if controller:  # "mendampingi Presiden Yudhoyono bertemu X": the object does the meeting
                return controller
            word = governor
        return []

    def governing_verb(self, word: Word) -> Word | None:
        """The nearest verb above ``word`` ("tiba" for "untuk kunjungan" in "tiba … untuk kunjungan")."""
        seen = {word.index}
        word = self.head(word)
        while word is not None and word.index not in seen and word.upos != "VERB":
            seen.add(word.index)
            word = self.head(word)
        return word if word is not None and word.upos == "VERB" else None

    def possessors(self, word: Word, depth: int = 2) -> list[Word]:
        """Nominal dependents without a case marker, ``depth`` levels down ("serangan rudal Rusia")."""
        out, level = [], [word]
        for _ in range(depth):
            level = [k for w in level for k in self.children(w, "nmod", "flat") if self.case_of(k) is None]
            out += level
        return out

    def clause_chain(self, word: Word) -> list[Word]:
        """``word`` and the words that govern its clause, up to the root (the verb or noun it
        complements, the verb a fronted or coordinated clause hangs on), stopping at a relative
        clause's noun; a nominal's governor ("rencana kunjungan") ends the chain."""
        chain, seen = [word], {word.index}
        while word.head and word.deprel != "acl:relcl":
            link = word.deprel.split(":")[0]
            if link not in _CLAUSE_LINKS and link not in ("nmod", "obl"):
                break
            word = self.words[word.head - 1]
            if word.index in seen:
                break
            seen.add(word.index)
            chain.append(word)
            if link in ("nmod", "obl"):
                break
        return chain

    def predicate(self, start: int, end: int) -> Word | None:
        """The verb of ``[start, end)`` if it has one ("sanksi yang dijatuhkan"), else its head."""
        verb = next((w for w in self.words if start <= w.start < end and w.upos == "VERB"), None)
        return verb or self.span_head(start, end)

    def clause_words(self, word: Word) -> list[Word]:
        """The words that can qualify ``word``'s clause: the words that govern it ("membantah
        laporan bahwa …", "berencana untuk …", "jika …") and the auxiliaries, markers and
        adverbs of each ("akan", "tidak", "jika"). A coordinated clause passes on only its
        governor's auxiliaries and markers: "X tidak hadir tetapi mengecam Y" is a plain
        condemnation."""
        out = list(self.children(word, "aux", "mark", "advmod"))
        chain = self.clause_chain(word)
        for below, member in zip(chain, chain[1:]):
            link = below.deprel.split(":")[0]
            if link == "conj":
                out += self.children(member, "aux", "mark")
            else:
                out.append(member)
                out += [c for c in self.children(member, "aux", "mark", "advmod") if c is not below]
        return out

    def speaker(self, word: Word, speech_verbs: frozenset[str], according: frozenset[str]) -> Word | None:
        """Who the clause of ``word`` is reported from: the subject of a speech verb that governs
        it ("X mengatakan bahwa …", "…, kata X") or the object of "menurut X"."""
        chain = self.clause_chain(word)
        for member in chain:
            for kid in self.children(member, "obl", "nmod"):
                if self.case_of(kid) in according:
                    return kid
        for member in chain[1:] + [k for m in chain for k in self.children(m, "parataxis", "conj", "advcl")]:
            if member.text.casefold() in speech_verbs:
                subject = self.children(member, "nsubj")
                if subject:
                    return subject[0]
        return None
