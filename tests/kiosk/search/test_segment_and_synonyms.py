"""Segmentation with real jieba, the synonym table, and Chinese numerals."""

from __future__ import annotations

import pytest

from kiosk.content.numerals import article_label, parse_article_label, parse_number
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import load_synonyms


def test_the_synonym_table_maps_lay_words_to_legal_terms() -> None:
    table = load_synonyms()
    assert len(table.synonyms) >= 60
    assert "劳动报酬" in table.synonyms["工资"]
    assert table.synonyms["老板"] == ("用人单位",)
    assert {"诉讼", "起诉"} <= set(table.synonyms["打官司"])
    assert "赔偿" in table.synonyms["赔钱"]
    assert {"借条", "借款合同"} <= set(table.synonyms["欠条"])
    for word in ("押金", "快递", "离婚"):
        assert word in table.synonyms


def test_legal_terms_are_cut_whole_once_added(segmenter: Segmenter) -> None:
    segmenter.add_words(load_synonyms().all_words)
    words = segmenter.words("我想申请人身安全保护令，还有劳动报酬的事")
    assert "人身安全保护令" in words
    assert "劳动报酬" in words
    # Index terms also hold the parts, so a query for 保护令's parts still finds it.
    assert "安全" in segmenter.index_terms("人身安全保护令")


def test_expansion_matches_words_and_substrings_but_not_inside_other_words() -> None:
    table = load_synonyms()
    found = table.expansions(words=["房东", "扣", "押金", "能告", "他"], text="房东扣押金我能告他吗")
    assert "出租人" in found["房东"]
    assert "起诉" in found["告他"]  # jieba glued 能告; the two-character term still matches
    assert "告" not in table.expansions(words=["告诉"], text="告诉我")


@pytest.mark.parametrize(
    ("text", "value"),
    [("1079", 1079), ("一千零七十九", 1079), ("十", 10), ("三十", 30), ("二十一", 21),
     ("一〇七九", 1079), ("１０７９", 1079), ("两百", 200), ("一百一十", 110)],
)  # fmt: skip
def test_numbers(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_article_labels_round_trip() -> None:
    for number in (1, 10, 11, 20, 30, 101, 110, 1079, 1260):
        assert parse_article_label(article_label(number)) == (number, 0)
    assert parse_article_label("第二百七十六条之一") == (276, 1)
    assert parse_article_label("全文") is None
