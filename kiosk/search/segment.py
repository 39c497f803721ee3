"""Chinese word segmentation for the index and for queries (one jieba dictionary per process)."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable

# Words that carry no meaning for retrieval in visitors' questions or in law texts.
_STOPWORD_TEXT = (
    "的 了 着 是 在 和 与 及 或 或者 并 等 对 对于 由 从 被 把 将 之 其 该 本 此 这 那 这个 那个 "
    "我 你 他 她 它 我们 你们 他们 咱 自己 人家 吗 呢 吧 啊 呀 嘛 么 哦 哈 "
    "什么 怎么 怎么办 怎样 如何 为什么 为何 哪 哪里 哪些 多少 几 谁 "
    "能 能不能 可以 可不可以 可否 应该 应当 要 想 会 得 该 "
    "有 没有 没 不 也 都 就 还 又 才 很 太 最 更 一 一个 一下 一直 已经 "
    "请问 问 问一下 咨询 关于 有关 情况 时候 现在 然后 但是 因为 所以 如果 那么 啊 了解 "
    "条 第 款 项 规定 依照 按照 本法"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[\w]+")
_ASCII_WORD = re.compile(r"^[A-Za-z0-9]+$")


class Segmenter:
    """Cuts text into words with one private jieba dictionary (a compact trie, compact_dict.py).

    Building jieba's prefix dictionary costs about half a second, so one Segmenter is created by
    whoever composes the application and passed to the index builder and the search engine.
    Extra words (legal terms, the synonym table) are added once and are idempotent.
    """

    def __init__(self) -> None:
        # Imported here, not at import: SharedSegmenter is made on the GUI thread.
        import jieba

        from kiosk.search.compact_dict import CompactTokenizer

        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.setLogLevel(logging.WARNING)
        # jieba's dictionary in a trie (~4 MB) rather than jieba's ~60 MB dict; same cuts.
        self._tokenizer = CompactTokenizer()
        self._tokenizer.initialize()
        self._added: set[str] = set()
        self._lock = threading.Lock()

    def add_words(self, words: Iterable[str]) -> None:
        with self._lock:
            for word in words:
                word = normalize(word)
                if len(word) >= 2 and word not in self._added:
                    self._tokenizer.add_word(word)
                    self._added.add(word)

    def cut(self, text: str) -> list[str]:
        """Precise-mode cut of `text` as given (no normalising, punctuation kept): the pieces join
        back to `text`, so a caller can map them to positions (the speech front end's rules)."""
        return list(self._tokenizer.cut(text))

    def words(self, text: str) -> list[str]:
        """Precise-mode words of `text`, without punctuation (stopwords kept)."""
        return [w for w in self._tokenizer.cut(normalize(text)) if _WORD.fullmatch(w)]

    def index_terms(self, text: str) -> list[str]:
        """Terms to index: search-mode cut (long words and their parts), minus stopwords."""
        return [
            w
            for w in self._tokenizer.cut_for_search(normalize(text))
            if _WORD.fullmatch(w) and w not in STOPWORDS
        ]

    def sub_terms(self, word: str) -> list[str]:
        """A long word and the dictionary words inside it ("劳动合同法" → 劳动, 合同, 劳动合同…)."""
        return [w for w in self._tokenizer.cut_for_search(word) if _WORD.fullmatch(w)]


class SharedSegmenter:
    """The one Segmenter of a kiosk process, built by whichever thread needs it first.

    Search (the content library) and read-aloud (the speech front end's word rules) both cut
    Chinese; each jieba dictionary costs ~80 MB of Python objects, so they share this one
    (docs/benchmarks.md). Built lazily because loading it takes ~0.7 s of GIL-holding work.
    """

    def __init__(self, factory: Callable[[], Segmenter] = Segmenter) -> None:
        self._factory = factory
        self._segmenter: Segmenter | None = None
        self._lock = threading.Lock()

    def get(self) -> Segmenter:
        with self._lock:
            if self._segmenter is None:
                self._segmenter = self._factory()
            return self._segmenter

    def cut(self, text: str) -> list[str]:
        return self.get().cut(text)


def normalize(text: str) -> str:
    """Full-width to half-width, lower-case Latin letters; the same for index and query."""
    return unicodedata.normalize("NFKC", text).lower()


def is_meaningful(word: str) -> bool:
    return word not in STOPWORDS and not (len(word) == 1 and _ASCII_WORD.match(word))
