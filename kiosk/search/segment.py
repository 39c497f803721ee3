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
# Words of a visitor's question that only ask, point or fill (colloquial and dialect forms
# included: 咋办, 啥, 俺). Left out of a query's concepts, not of the index: a guide never says
# 咋整, so counting it made every spoken question look half unanswered and Ask fall silent.
_QUERY_FILLER_TEXT = (
    "咋 咋办 咋个 咋整 咋弄 咋样 咋回事 咋搞 啥 啥子 干啥 做啥 为啥 啥样 "
    "俺 俺们 俺家 咱们 咱家 我家 他家 她家 你家 我能 "
    "怎么弄 怎么整 怎么搞 怎么样 咋说 该怎么 该咋 不知道 知道 "
    "要不要 算不算 算不 行不 行不行 能不 可不 好不好 是不是 有没有 对不对 "
    "找谁 去哪 去哪里 去哪儿 哪儿 在哪 在哪里 在哪儿 哪个 哪家 "
    "说 叫 跟 去 来 弄 搞 整 先 再 得 给 办 能要 "
    "嘞 哩 咧 呗 噢 撒 勒 喽 啦 哟 呐 嗯 "
    "老是 总是 天天 一直 突然 马上 到底 究竟 还是 还能 能够 可能 一般 "
    "问问 问下 想问 打听 需要 帮 帮忙 帮我 办法 麻烦 谢谢 您好 你好 大夫 同志 "
    # A person glued to a wish or a "can" ("我要离", "俺想问"); insisting adverbs (死活不离).
    "我要 我想 我该 我得 我也 我就 你要 你想 他要 他想 她要 她想 俺要 俺想 俺能 俺也 咱要 "
    # A unit the cut left behind a number ("三个/月", "两/年").
    "月 年 天 日 块 元 岁 次 号 "
    "莫得 没得 木有 冇 死活 硬是 非要 非得 偏偏 就是 反正 结果 后来 这事 这种 那种 有人 人家 外头 外面"
)
QUERY_FILLERS = frozenset(_QUERY_FILLER_TEXT.split())
# A filler glued to a word by the cut ("咋分", "签啥", "先干"): the rest is the word.
_FILLER_PREFIXES = ("咋", "啥", "哪")
_FILLER_SUFFIXES = ("啥", "个")
# Amounts, counts and spans ("五万", "三个", "半年", "一分钱", "十几个"): a visitor says how much or
# how long, which no guide title states; such a word only counts where the documents contain it.
QUANTITY = re.compile(
    r"^[\d零一二两三四五六七八九十百千万亿几半多好整每]+"
    r"(?:个|位|块|元|毛|分|分钱|块钱|万块|钱|年|个月|月|天|日|岁|次|回|口|人|斤|亩|户|点|点钟|号|多|来)*$"
)
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
        from kiosk.search.compact_dict import CompactTokenizer
        from kiosk.search.jieba_module import jieba

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

    def dictionary_words(self, text: str) -> list[str]:
        """Words of `text` from the dictionary only: no new words guessed by jieba's HMM, which
        glues unknown neighbours of a spoken question into one ("地闹", "卡店", "打娃")."""
        return [w for w in self._tokenizer.cut(normalize(text), HMM=False) if _WORD.fullmatch(w)]

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
    """Whether a word of a visitor's query is one of the things asked about."""
    return (
        word not in STOPWORDS
        and word not in QUERY_FILLERS
        and not (len(word) == 1 and _ASCII_WORD.match(word))
    )


def is_quantity(word: str) -> bool:
    """An amount, count or span of time: "五万", "三个月", "半年", "一分钱"."""
    return bool(QUANTITY.match(word))


def without_filler(word: str) -> str:
    """The query word without a filler the cut glued to it: 咋分 → 分, 签啥 → 签."""
    if len(word) > 1 and word not in QUERY_FILLERS:
        if word.startswith(_FILLER_PREFIXES):
            return word[1:]
        if word.endswith(_FILLER_SUFFIXES) and not is_quantity(word):
            return word[:-1]
    return word
