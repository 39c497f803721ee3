"""Pinyin keyboard slips: a word typed with the right sound but the wrong character (赡养废 for
赡养费, 公资 for 工资, 财力 for 彩礼), matched to the guides' and FAQ's own words by sound.

A visitor who types with Pinyin picks a candidate by its sound; an elderly visitor often picks the
wrong one. The index keeps, for every word of the guides, the FAQ and the synonym table (2–4
characters), two kinds of sound key (table `sounds`, written by `sound_rows`):

- one key per character position, the word with that character replaced by its toneless syllable
  ("赡养[fei]"): a window of the query that differs from a guide word in one character of the
  same sound is that word. Only the differing character's sound is compared, so the readings of
  the shared characters (地 in 宅基地: di, alone: de) cannot spoil the match;
- the whole word's toneless syllables ("cai li"): a query word no guide or FAQ contains whose
  every syllable matches a guide word of the same length is that word's synonym (财力 → 彩礼).

Readings come from the speech front end's compact, memory-mapped copy of pypinyin's tables
(kiosk.speech.readings): importing pypinyin itself costs ~55 MB.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_HAN_WORD = re.compile(r"^[\u3400-\u9fff]{2,4}$")
_HAN_PIECE = re.compile(r"^[\u3400-\u9fff]+$")
WINDOWS = (4, 3)
_GLUED = ("不", "没", "只", "别", "也", "都", "就", "还", "才", "又")


class Readings(Protocol):
    """What is needed of kiosk.speech.readings.CompactReadings."""

    def char(self, char: str) -> str: ...
    def lazy_pinyin(self, text: str) -> list[str]: ...


def toneless(syllable: str) -> str:
    return syllable.rstrip("012345")


def sound_rows(terms: Iterable[str], readings: Readings) -> Iterator[tuple[str, str]]:
    """(key, term) rows of the `sounds` table for the words visitors' slips are matched to."""
    for term in sorted(set(terms)):
        if not _HAN_WORD.match(term):
            continue
        syllables = [toneless(s) for s in readings.lazy_pinyin(term)]
        if len(syllables) != len(term):
            continue
        yield " ".join(syllables), term
        for i, syllable in enumerate(syllables):
            yield f"{term[:i]}[{syllable}]{term[i + 1 :]}", term


class Homophones:
    """Finds what a visitor meant by a slip, from the index's `sounds` table.

    `lookup(keys)` returns (key, term) rows; `is_word(text)` says whether jieba's dictionary has
    the text as one word (a real word such as 公正 is never rewritten); `guide_terms(terms)` says
    which terms the guides or FAQ contain (their own words are never slips)."""

    def __init__(
        self,
        *,
        readings: Callable[[], Readings],
        lookup: Callable[[list[str]], list[tuple[str, str]]],
        is_word: Callable[[str], bool],
        guide_terms: Callable[[list[str]], set[str]],
        cut: Callable[[str], list[str]],
    ) -> None:
        self._cut = cut
        self._readings = readings
        self._lookup = lookup
        self._is_word = is_word
        self._guide_terms = guide_terms

    def _key(self, char: str) -> str:
        return toneless(self._readings().char(char))

    def correct(self, text: str) -> str:
        """`text` with each window of 3–4 characters that is a one-character slip of a guide word
        replaced by that word (赡养废 → 赡养费, 宅机地 → 宅基地; longest first, never overlapping).

        The differing character must sit in a piece the cut could not make sense of: a single
        character or a word jieba invented, in no guide. Otherwise 法院告 would "mean" 法原告 and
        我家的 我假的: shorter windows and known words sound like too many other things."""
        pieces = self._cut(text)
        if sum(map(len, pieces)) != len(text):
            return text
        odd = {p for p in pieces if _HAN_PIECE.match(p) and (len(p) == 1 or not self._is_word(p))}
        if not odd:
            return text
        odd -= self._guide_terms(sorted(odd))
        suspect: set[int] = set()
        at = 0
        for piece in pieces:
            if piece in odd:
                suspect.update(range(at, at + len(piece)))
            at += len(piece)
        windows: dict[str, list[tuple[int, int]]] = {}
        for run in _HAN_RUN.finditer(text):
            for size in WINDOWS:
                for start in range(run.start(), run.end() - size + 1):
                    for i in suspect & set(range(start, start + size)):
                        window = text[start : start + size]
                        j = i - start
                        key = f"{window[:j]}[{self._key(window[j])}]{window[j + 1 :]}"
                        windows.setdefault(key, []).append((start, size))
        if not windows:
            return text
        meant: dict[tuple[int, int], set[str]] = {}
        for key, term in self._lookup(sorted(windows)):
            for span in windows[key]:
                meant.setdefault(span, set()).add(term)
        out = list(text)
        taken: set[int] = set()
        for (start, size), terms in sorted(meant.items(), key=lambda item: -item[0][1]):
            cover = set(range(start, start + size))
            # One meaning only: a window two words sound alike to is left as typed.
            if len(terms) != 1 or cover & taken:
                continue
            out[start : start + size] = list(next(iter(terms)))
            taken |= cover
        return "".join(out)

    def alike(self, words: list[str]) -> dict[str, tuple[str, ...]]:
        """Query words no guide or FAQ contains → guide words of the same sound (财力 → 彩礼)."""
        candidates = [w for w in words if _HAN_WORD.match(w)]
        if not candidates:
            return {}
        # A dictionary word (合适, 话费, 集市) is what the visitor meant, even when no guide has
        # it: matched by sound it turned 话费 into 化肥. A word jieba glued from characters it
        # could not place (公资, 受上, 房自) is a slip.
        # A negation or "only" glued to a verb (不办, 没迁, 只罚) is two words, not a slip.
        unknown = {
            w
            for w in set(candidates) - self._guide_terms(candidates)
            if not self._is_word(w) and not w.startswith(_GLUED)
        }
        by_key = {" ".join(self._key(c) for c in w): w for w in unknown}
        found: dict[str, list[str]] = {}
        for key, term in self._lookup(sorted(by_key)):
            word = by_key[key]
            if term != word:
                found.setdefault(word, []).append(term)
        return {w: tuple(sorted(ts)) for w, ts in found.items()}
