"""Readings that depend on the words around a character, where a phrase table cannot list them all.

- 还 ending a clause or a question is the verb "give back" (可以不还, 什么时候还？): huan2.
- 为 is wei2 "to be / as" (金额为五百元, 以居住地为住所) unless it means "for / in order to":
  after a modal (应当为相邻方提供), before a pronoun (为他人), before a purpose verb (为维护),
  or before a beneficiary and a verb of service (为劳动者缴纳): wei4.
- 得 between two characters, outside a dictionary word (罚得重, 审得快), links a complement: de5.
- 种 outside a dictionary word is the verb "to plant" (我种的地, 先种) unless counted (三种, 这种,
  每种) or a noun follows (种类, 种子): zhong4.
- 不 before a fourth tone is bu2; 一 is yi2 before a fourth tone, yi4 before others, unless it
  is counted (一二三, 十一), ordinal (第一), in a date or number (一月, 一号) or ends a word (统一).
"""

from __future__ import annotations

from collections.abc import Callable, Container

# Cuts a Han run into words whose pieces join back to the run. The kiosk passes its search
# Segmenter's cut, so one jieba dictionary serves both search and speech (docs/speech.md).
WordCutter = Callable[[str], list[str]]

NUMERAL_CHARS = frozenset("零一二三四五六七八九十百千万亿两幺")
# Before these, 一 names a month, day, number or floor and keeps its first tone (一月, 一号, 一楼).
_YI_KEEPS_TONE_BEFORE = frozenset("月日号楼层")

_WEI4_AFTER = frozenset(
    [
        "应当", "应该", "应", "可以", "能够", "能", "必须", "须", "不得", "愿意", "要", "并",
        "以及", "和", "也", "都", "还", "专门", "积极", "主动", "无偿", "不", "有权", "负责",
        "依法", "免费", "共同", "及时", "优先", "帮助", "代", "是", "均", "应予",
    ]
)
_WEI4_BEFORE = frozenset(
    [
        "他人", "自己", "其", "他", "她", "您", "我", "你", "他们", "我们", "本人", "大家", "人民",
        "群众", "维护", "保护", "保障", "防止", "避免", "解决", "促进", "实现", "保证", "确保",
        "减少", "预防", "查明", "满足",
    ]
)
_SERVICE_VERBS = frozenset(
    [
        "提供", "缴纳", "办理", "申请", "支付", "出具", "承担", "作证", "辩护", "代理", "垫付",
        "服务", "设立", "担保", "投保", "报销", "安排", "代为", "争取", "讨回", "主张", "谋取",
        "索取",
    ]
)


def apply_context_rules(
    run: str,
    syllables: list[str],
    *,
    cut: WordCutter,
    phrases: Container[str],
    fixed: set[int] | None = None,
) -> None:
    """Change `syllables` (one per character of the Han run `run`) in place; a 为 at a position
    in `fixed` was read by the phrase table and is left alone. `phrases`: pypinyin's phrase
    dictionary (a word in it has a reading of its own)."""
    if run[-1] == "还" or run[-2:] in ("还吗", "还呢", "还吧"):
        syllables[run.rindex("还")] = "huan2"
    words = cut(run) if any(c in run for c in "为得种") or "一" in run[:-1] else []
    if "为" in run:
        _wei(words, syllables, fixed or set())
    _single_char_words(words, syllables, fixed or set(), phrases)
    _tone_changes(run, syllables, words)


def _wei(words: list[str], syllables: list[str], fixed: set[int]) -> None:
    position = 0
    for index, word in enumerate(words):
        if word == "为" and position not in fixed:
            before = words[index - 1] if index else ""
            after = words[index + 1 : index + 4]
            counted = bool(after) and after[0][0] in NUMERAL_CHARS  # 为五百元, 为三年
            for_someone = not counted and (
                not before
                or before in _WEI4_AFTER
                or (after and after[0] in _WEI4_BEFORE)
                or any(w in _SERVICE_VERBS for w in after)
            )
            syllables[position] = "wei4" if for_someone else "wei2"
        position += len(word)


# Words before which 得 is "must" or "get" rather than a complement marker.
_DE2_OR_DEI3_BEFORE = frozenset("不就都还也总非须只才没可")
_COUNTERS = NUMERAL_CHARS | frozenset("这那哪各几某此每多")


def _single_char_words(
    words: list[str], syllables: list[str], fixed: set[int], known: Container[str]
) -> None:
    """得 and 种 inside a "word" that is only jieba's guess (罚得, 我种), not a dictionary phrase
    (取得, 品种), are read by their neighbours."""
    text = "".join(words)
    position = 0
    for word in words:
        if len(word) == 1 or word not in known:
            for offset, char in enumerate(word):
                i = position + offset
                if i in fixed or char not in "得种":
                    continue
                before, after = text[i - 1 : i], text[i + 1 : i + 2]
                if char == "得" and before and after and before not in _DE2_OR_DEI3_BEFORE:
                    syllables[i] = "de5"
                elif char == "种" and before not in _COUNTERS and after not in "类子族群属":
                    syllables[i] = "zhong4"
        position += len(word)


def _word_ends(words: list[str]) -> set[int]:
    ends, position = set(), 0
    for word in words:
        position += len(word)
        ends.add(position - 1)
    return ends


def _tone_changes(run: str, syllables: list[str], words: list[str]) -> None:
    """不 before a fourth tone is bu2; 一 is yi2 before a fourth tone, yi4 before others, unless
    it is counted (一二三, 十一), ordinal (第一), in a date (一月) or ends a word (统一)."""
    ends = _word_ends(words)
    for i, char in enumerate(run[:-1]):
        after = syllables[i + 1]
        if char == "不" and syllables[i] == "bu4" and after.endswith("4"):
            syllables[i] = "bu2"
        elif char == "一" and run[i + 1] == "点" and run[i + 2 : i + 3] in NUMERAL_CHARS:
            syllables[i] = "yi1"  # 一点五 (1.5) is yī diǎn wǔ; pypinyin reads 一点 as "a little"
        elif char == "一" and run[i + 1] in _YI_KEEPS_TONE_BEFORE:
            syllables[i] = "yi1"  # 一月一日: pypinyin's phrase list has yi2 yue4
        elif char == "一" and syllables[i] == "yi1":
            before = run[i - 1] if i else ""
            following = run[i + 1]
            counted = before in NUMERAL_CHARS or before == "第" or following in NUMERAL_CHARS
            if following in "千百万亿":
                counted = False  # 一千, 第一百, 两万一千: yì qiān, yì bǎi
            if i in ends and len(run) > 1 and i > 0 and run[i - 1] not in NUMERAL_CHARS | {"第"}:
                continue
            if counted or after.endswith("5"):
                continue
            syllables[i] = "yi2" if after.endswith("4") else "yi4"


