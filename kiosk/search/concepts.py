"""A visitor's query as concepts: each meaningful word with its legal synonyms and its parts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from kiosk.search.segment import Segmenter, is_meaningful, is_quantity, without_filler
from kiosk.search.synonyms import SynonymTable

# Credit for a concept matched through a synonym or only through a part of a word (of 1.0).
SYNONYM_CREDIT, PART_CREDIT = 0.8, 0.5


@dataclass(frozen=True)
class Concept:
    """One thing the visitor asked about: their word, the legal terms it stands for (synonyms),
    and the parts of either ("物业服务" → 物业, 服务)."""

    own: frozenset[str]
    synonyms: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    # IDF in the kind searched: of the word itself if it occurs there, else of its best synonym,
    # else of its best part, else that of a term found in no document (the rarest possible).
    weight: float = 0.0
    # An amount or span ("五万", "三个月"): says how much or how long, never which guide fits, so
    # it does not count for guides and FAQ ("借给表哥三万" is not a third unanswered); it counts
    # for the laws where they contain it (试用期三个月).
    minor: bool = False

    @property
    def terms(self) -> frozenset[str]:
        return self.own | self.synonyms | self.parts

    def weighed(self, idf: dict[str, float], unseen: float, *, minor_counts: bool = True) -> Concept:
        if self.minor and not minor_counts:
            return replace(self, weight=0.0)
        for group in (self.own, self.synonyms, self.parts):
            present = [idf[t] for t in group if t in idf]
            if present:
                return replace(self, weight=max(present))
        return replace(self, weight=0.0 if self.minor else unseen)

    def credit(self, have: set[str]) -> float:
        """The word itself earns the concept's weight; a synonym or a part earns less, so a
        document saying 返还 never outranks one saying the visitor's own 押金."""
        if self.own & have:
            return self.weight
        if self.synonyms & have:
            return SYNONYM_CREDIT * self.weight
        if self.parts & have:
            return PART_CREDIT * self.weight
        return 0.0


def query_concepts(
    text: str,
    *,
    segmenter: Segmenter,
    synonyms: SynonymTable,
    known: Callable[[list[str]], set[str]],
    alike: Callable[[list[str]], dict[str, tuple[str, ...]]] | None = None,
) -> list[Concept]:
    """One concept per meaningful query word: the word, its parts and its legal synonyms.

    `known` says which of some terms an indexed document contains (for words jieba invented);
    `alike` gives guide words that sound like a query word no guide contains (a Pinyin slip)."""
    cut = [without_filler(w) for w in segmenter.words(text)]
    words = list(dict.fromkeys(w for w in cut if is_meaningful(w)))
    sounds = alike([w for w in words if w not in synonyms.synonyms]) if alike else {}
    unknown = _pieces_of_unknown(words, segmenter=segmenter, synonyms=synonyms, known=known)
    expansions = synonyms.expansions(words=words, text=text)
    # A lay term found inside one query word (车祸 in 出车祸) is that word's synonym, not a
    # second concept: counted twice, it made one word half of a two-word question.
    # (It earns a synonym's credit, so a guide saying 工伤认定 outranks one saying only 工伤.)
    inside: dict[str, set[str]] = {}
    for lay in expansions:
        if lay not in words and (host := next((w for w in words if lay in w), None)):
            inside.setdefault(host, set()).update((lay, *expansions[lay]))
    concepts: dict[str, Concept] = {}
    extra = [lay for lay in expansions if lay not in words and not any(lay in w for w in words)]
    for word in [*words, *extra]:
        if word in concepts:
            continue
        heard = sounds.get(word, ())
        legal = frozenset(
            t
            for t in (*expansions.get(word, ()), *inside.get(word, ()), *heard,
                      *(s for h in heard for s in synonyms.synonyms.get(h, ())))
            if t != word
        )  # fmt: skip
        pieces = unknown.get(word, ())
        legal |= {t for p in pieces for t in synonyms.synonyms.get(p, ())}
        # Parts: of the word, and of multi-word legal terms (违约责任 → 违约, 责任), cut like
        # the indexed text so they match what the index holds.
        parts = {p for t in (word, *legal) for p in _index_forms(segmenter, t)} | set(pieces)
        concepts[word] = Concept(
            own=frozenset({word}),
            synonyms=legal,
            parts=frozenset(parts - legal - {word}),
            minor=is_quantity(word) and not legal,
        )
    return list(concepts.values())


def _pieces_of_unknown(
    words: list[str], *, segmenter: Segmenter, synonyms: SynonymTable, known: Callable[[list[str]], set[str]]
) -> dict[str, list[str]]:
    """Words no document contains → the dictionary words inside them. jieba's HMM guesses
    words for unknown text ("为了地闹纠纷" → 地闹, "卡店", "打娃"), which match nothing; their
    pieces (地, 闹) can, as parts of the one concept the visitor meant. (Single characters
    of a dictionary word were tried too: 明天天气 then "matched" 7天 of the returns guide.)"""
    unknown = [w for w in words if len(w) > 1 and w not in synonyms.synonyms]
    if not unknown:
        return {}
    found = known(unknown)
    pieces: dict[str, list[str]] = {}
    for word in unknown:
        if word not in found:
            cut = segmenter.dictionary_words(word)
            pieces[word] = [p for p in map(without_filler, cut) if is_meaningful(p) and p != word]
    return pieces


def _index_forms(segmenter: Segmenter, term: str) -> list[str]:
    forms = segmenter.index_terms(term)
    return forms if term in forms else [*forms, term]
