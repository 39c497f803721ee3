"""jieba's tokenizer with its dictionary in a MARISA trie: ~5 MB instead of a ~60 MB Python dict.

jieba keeps every word of dict.txt and every prefix of every word (≈ 580,000 strings) as keys of
one `FREQ` dict. Here the words live in a static `marisa_trie.Trie` with their counts in an array
indexed by the trie's key ids; words added at run time (legal terms, the synonym table, law names:
a few thousand) go to a small ordinary dict beside it, prefixes included, as jieba does.
`get_DAG` reads the trie's prefixes directly, so cutting is not slower (docs/benchmarks.md).
Cuts are the same as jieba's own: tests/kiosk/search/test_compact_dict.py compares them.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from math import log
from typing import Any

import marisa_trie

from kiosk.search.jieba_module import jieba


class CompactFreq:
    """The parts of a dict jieba's Tokenizer uses on `FREQ`: `in`, `[]`, `get`, `[]=`."""

    def __init__(self, entries: Callable[[], Iterator[tuple[str, int]]]) -> None:
        # Two passes over the dictionary file rather than a list of 350,000 words: the list
        # alone would raise the process's high-water mark by ~25 MB that glibc keeps.
        # Only words with a count: then every prefix the trie finds is a word of the DAG.
        self.trie = marisa_trie.Trie(word for word, count in entries() if count)
        self.counts = array("q", bytes(8 * len(self.trie)))
        self.longest = 1
        self.total = 0
        for word, count in entries():
            if count:
                self.counts[self.trie[word]] = count
                self.longest = max(self.longest, len(word))
            self.total += count
        self.extra: dict[str, int] = {}  # added words and their prefixes (0)
        self.starts: set[str] = set()  # first characters of the keys of `extra`

    def get(self, word: str, default: Any = None) -> Any:
        count = self.extra.get(word)
        if count is not None:
            return count
        key = self.trie.get(word)
        return default if key is None else self.counts[key]

    def __contains__(self, word: object) -> bool:
        return word in self.extra or word in self.trie

    def __getitem__(self, word: str) -> int:
        count = self.get(word)
        if count is None:
            raise KeyError(word)
        return int(count)

    def __setitem__(self, word: str, count: int) -> None:
        self.extra[word] = count
        self.starts.add(word[:1])

    def __len__(self) -> int:
        return len(self.trie) + len(self.extra)

    def __iter__(self) -> Iterator[str]:
        yield from self.trie.keys()
        yield from self.extra


_Tokenizer: Any = jieba.Tokenizer


class CompactTokenizer(_Tokenizer):  # type: ignore[misc]
    """A jieba.Tokenizer of jieba's default dictionary whose FREQ is a CompactFreq."""

    initialized: bool  # set by jieba.Tokenizer.__init__

    def initialize(self, dictionary: str | None = None) -> None:
        if self.initialized:
            return
        with self.lock:
            if self.initialized:
                return
            self.FREQ = CompactFreq(self._entries)
            self.total = self.FREQ.total
            self.initialized = True

    def _entries(self) -> Iterator[tuple[str, int]]:
        with self.get_dict_file() as handle:
            for raw in handle:
                word, count = raw.strip().decode("utf-8").split(" ")[:2]
                yield word, int(count)

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:
        self.check_initialized()
        freq: CompactFreq = self.FREQ
        longest, starts, prefixes = freq.longest, freq.starts, freq.trie.prefixes
        dag: dict[int, list[int]] = {}
        n = len(sentence)
        for k in range(n):
            ends = [k + len(w) - 1 for w in prefixes(sentence[k : k + longest])]
            if sentence[k] in starts:
                ends = _with_added_words(sentence, k, ends, freq)
            dag[k] = ends or [k]
        return dag

    def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:
        """jieba's best route, with the counts read straight from the trie (no method call)."""
        freq: CompactFreq = self.FREQ
        trie_get, counts, extra_get = freq.trie.get, freq.counts, freq.extra.get
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        for idx in range(n - 1, -1, -1):
            best: tuple[float, int] | None = None
            for x in DAG[idx]:
                word = sentence[idx : x + 1]
                count = extra_get(word)
                if count is None:
                    key = trie_get(word)
                    count = 0 if key is None else counts[key]
                candidate = (log(count or 1) - logtotal + route[x + 1][0], x)
                if best is None or candidate > best:
                    best = candidate
            assert best is not None
            route[idx] = best


def _with_added_words(sentence: str, k: int, ends: list[int], freq: CompactFreq) -> list[int]:
    """Ends of words starting at k once words added at run time (or deleted) are counted in;
    every prefix of an added word is in `extra` or is a dictionary word."""
    found = set(ends)
    extra, trie, n = freq.extra, freq.trie, len(sentence)
    i, frag = k, sentence[k]
    while i < n and (frag in extra or frag in trie):
        count = extra.get(frag)
        if count is not None:
            if count:
                found.add(i)
            else:
                found.discard(i)  # a prefix only, or a word deleted at run time
        i += 1
        frag = sentence[k : i + 1]
    return sorted(found)
