"""The compact dictionary cuts exactly as jieba's own, with the kiosk's added legal words."""

from __future__ import annotations

import json

import jieba
import pytest

from kiosk.content.pack import DEFAULT_PACK_DIR, LAWS_FILE, SYNONYMS_FILE
from kiosk.search.compact_dict import CompactTokenizer
from kiosk.search.synonyms import SynonymTable


def _added_words() -> list[str]:
    synonyms = json.loads((DEFAULT_PACK_DIR / SYNONYMS_FILE).read_text(encoding="utf-8"))
    laws = json.loads((DEFAULT_PACK_DIR / LAWS_FILE).read_text(encoding="utf-8"))["laws"]
    names = [n for law in laws for n in (law["name"], law.get("short_name") or "", *law["aliases"])]
    return [w for w in sorted({*SynonymTable.from_json(synonyms).all_words, *names}) if len(w) >= 2]


def _texts() -> list[str]:
    laws = json.loads((DEFAULT_PACK_DIR / LAWS_FILE).read_text(encoding="utf-8"))["laws"]
    articles = [a["text"] for law in laws for a in law["articles"]]
    return [*articles, "老板拖欠工资三个月不给怎么办", "房东不退押金", "我能告他吗", "为劳动者缴纳"]


@pytest.fixture(scope="module")
def pair() -> tuple[jieba.Tokenizer, CompactTokenizer]:
    plain, compact = jieba.Tokenizer(), CompactTokenizer()
    for tokenizer in (plain, compact):
        tokenizer.initialize()
        for word in _added_words():
            tokenizer.add_word(word)
    return plain, compact


def test_precise_search_and_no_hmm_cuts_are_identical(
    pair: tuple[jieba.Tokenizer, CompactTokenizer],
) -> None:
    plain, compact = pair
    texts = _texts()
    assert len(texts) > 4000
    for text in texts:
        assert list(compact.cut(text)) == list(plain.cut(text)), text
        assert list(compact.cut_for_search(text)) == list(plain.cut_for_search(text)), text
        assert list(compact.cut(text, HMM=False)) == list(plain.cut(text, HMM=False)), text


def test_added_and_deleted_words_behave_as_in_jieba() -> None:
    plain, compact = jieba.Tokenizer(), CompactTokenizer()
    for tokenizer in (plain, compact):
        tokenizer.add_word("讨薪难")
        tokenizer.del_word("工资")
    text = "讨薪难，工资拖欠"
    assert list(compact.cut(text)) == list(plain.cut(text))
    assert "讨薪难" in compact.FREQ and compact.FREQ["讨薪难"] == plain.FREQ["讨薪难"]
    assert compact.FREQ.get("没有这个词") is None and compact.total == plain.total
