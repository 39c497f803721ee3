"""Guides found by the characters a question shares with their own text (kiosk.search.guide_grams),
on a tiny pack of three guides built for these tests: a paraphrase that shares no word with a
guide still finds it, the n-gram vectors come from the pack's text only, and Ask stays quiet for
an errand and for a guide only the characters found, and names the guide of a story-like question
when the word and the character rankings agree on it.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.search.ask import ASK_MIN_COVERAGE, ASK_MIN_GRAMS, ask
from kiosk.search.documents import Document
from kiosk.search.engine import SearchEngine
from kiosk.search.guide_grams import (
    GRAM_ONLY_MIN,
    fuse_rankings,
    gram_match,
    gram_rows,
    gram_scores,
    grams,
    guide_fields,
)
from kiosk.search.index import build_index
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import SynonymTable
from tests.kiosk.search.conftest import guide_document


@dataclass(frozen=True)
class _Guide:
    id: str
    title: str
    summary: str
    where: tuple[str, ...] = ("司法所",)


GUIDES = [
    guide_document("elderly-support", "子女不赡养老人怎么办", "赡养 赡养费 养老",
           "子女对父母有赡养扶助的义务。子女不尽赡养义务的，缺乏劳动能力或者生活困难的父母，"
           "有要求子女付给赡养费的权利。可以先找村委会调解，也可以到法院起诉。带上身份证。"),
    guide_document("unpaid-wages", "老板拖欠工资怎么要", "工资 欠薪 劳动报酬",
           "用人单位应当按月足额支付劳动报酬。拖欠工资的，可以向劳动保障监察投诉，"
           "也可以申请劳动仲裁。带上身份证和考勤记录。"),
    guide_document("neighbour", "邻居纠纷怎么调解", "邻居 相邻关系",
           "相邻的房屋之间排水、通行、采光发生纠纷的，可以找人民调解委员会调解。带上身份证。"),
]  # fmt: skip
FAQS = [
    Document(kind="faq", doc_id="faq-old", title="儿女都不管老人，能告他们吗？",
             index_title="儿女都不管老人，能告他们吗？", keywords="赡养", body="能。可以起诉要求支付赡养费。",
             text="能。", guide="elderly-support"),
]  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, segmenter: Segmenter) -> SearchEngine:
    path = Path(tmp_path_factory.mktemp("grams")) / "search.sqlite"
    build_index(path, documents=[*GUIDES, *FAQS], laws=[], segmenter=segmenter,
                synonyms=SynonymTable(outside=("补办身份证",)))  # fmt: skip
    return SearchEngine(path, segmenter=segmenter)


class _Source:
    def guide_record(self, guide_id: str) -> _Guide | None:
        found = next((g for g in GUIDES if g.doc_id == guide_id), None)
        return _Guide(found.doc_id, found.title, found.text) if found else None


def guide_ids(engine: SearchEngine, question: str) -> list[str]:
    return [r.id for r in engine.search(question).of_kind("guide")]


def test_a_paraphrase_sharing_no_word_with_the_guide_finds_it(
    engine: SearchEngine, segmenter: Segmenter
) -> None:
    # 孝顺 / 养活 / 爸妈 are in no guide, FAQ or synonym; 养 and 老 are in the support guide's own
    # text. The word ranking finds nothing here; the characters lead to the right guide.
    question = "儿子不孝顺 不养活爸妈"
    words = set(segmenter.cut(question))
    assert not words & {"赡养", "老人", "子女", "父母", "养老"}
    assert guide_ids(engine, question)[:1] == ["elderly-support"]


def test_a_guide_only_the_characters_found_is_shown_but_not_named_by_ask(engine: SearchEngine) -> None:
    answer = ask("儿子不孝顺 不养活爸妈", engine=engine, source=_Source())
    # It covers none of the question's concepts: a list entry to look at, not an answer to give.
    assert answer.guide_id is None
    assert "12348" in answer.next_step


@pytest.mark.parametrize("question", ["欠条", "好人"])
def test_a_guide_sharing_single_characters_only_is_not_shown(engine: SearchEngine, question: str) -> None:
    # 欠 of 拖欠, 好 of the FAQ's words: single characters score, but are no match to show.
    scores, longer = gram_match_of(engine, question)
    assert max(scores.values()) >= GRAM_ONLY_MIN
    assert not longer
    assert guide_ids(engine, question) == []


def gram_match_of(engine: SearchEngine, question: str) -> tuple[dict[str, float], frozenset[str]]:
    conn = sqlite3.connect(engine.path)
    try:
        return gram_match(conn, question)
    finally:
        conn.close()


def test_the_word_ranking_still_decides_when_it_is_clear(engine: SearchEngine) -> None:
    assert guide_ids(engine, "老板拖欠工资")[:1] == ["unpaid-wages"]
    assert ask("老板拖欠工资怎么办", engine=engine, source=_Source()).guide_id == "unpaid-wages"


def test_ask_names_the_guide_of_a_story_when_both_rankings_agree(engine: SearchEngine) -> None:
    # Told as a story, the question's concepts are mostly ones no guide has (工地, 年底, 电话,
    # 十几个人), so coverage stays below Ask's share; the word and the character rankings both
    # put the wage guide first, and 工资 is in its title.
    question = "俺在工地上干了一年多 说好年底结账 结果老板说没钱 电话也不接 十几个人的工资都没拿到"
    first = engine.search(question).of_kind("guide")[0]
    assert first.id == "unpaid-wages"
    assert first.coverage < ASK_MIN_COVERAGE
    assert first.grams_rank == 1
    assert first.grams >= ASK_MIN_GRAMS
    assert ask(question, engine=engine, source=_Source()).guide_id == "unpaid-wages"


def test_ask_names_no_guide_for_an_errand_the_characters_share(engine: SearchEngine) -> None:
    # 身份证 is in every guide's list of what to bring; replacing one is an errand no guide is for.
    assert ask("身份证丢了 去哪补办身份证", engine=engine, source=_Source()).guide_id is None


def test_grams_are_the_characters_of_each_run_not_across_punctuation() -> None:
    found = grams("欠薪，ＡＢ")
    assert set(found) == {"欠", "薪", "欠薪", "a", "b", "ab"}
    assert "薪a" not in found


def test_field_vectors_come_from_the_guides_and_their_faq_only() -> None:
    fields = guide_fields([*GUIDES, *FAQS])
    assert set(fields) == {"elderly-support", "unpaid-wages", "neighbour"}
    assert "儿女都不管老人" in fields["elderly-support"]["faq"]
    idf_rows, weight_rows = gram_rows(fields)
    # A character every guide's body has (身份证 to bring) says less than one only a single
    # guide's body has (赡).
    idf = {(f, g): v for f, g, v in idf_rows}
    assert idf[("body", "身")] < idf[("body", "赡")]
    # Each field vector of each guide is unit length.
    norms: dict[tuple[str, str], float] = {}
    for _gram, field, guide, weight in weight_rows:
        norms[(field, guide)] = norms.get((field, guide), 0.0) + weight * weight
    assert all(abs(n - 1.0) < 1e-9 for n in norms.values())


def test_scores_read_from_the_index_match_the_vectors(engine: SearchEngine) -> None:
    # The packed rows of the index give the same sums as the field vectors computed directly.
    idf_rows, weight_rows = gram_rows(guide_fields([*GUIDES, *FAQS]))
    idf = {(f, g): v for f, g, v in idf_rows}
    question = "儿女不给赡养费 俺去哪告"
    counts = grams(question)
    norms: dict[str, float] = {}
    for (field, gram), value in idf.items():
        if gram in counts:
            norms[field] = norms.get(field, 0.0) + ((1 + math.log(counts[gram])) * value) ** 2
    expected: dict[str, float] = {}
    for gram, field, guide, weight in weight_rows:
        if gram in counts:
            q = (1 + math.log(counts[gram])) * idf[(field, gram)] / math.sqrt(norms[field])
            expected[guide] = expected.get(guide, 0.0) + q * weight
    conn = sqlite3.connect(engine.path)
    try:
        found = gram_scores(conn, question)
        assert found.keys() == expected.keys()
        assert all(found[g] == pytest.approx(expected[g]) for g in expected)
        assert max(found, key=lambda g: found[g]) == "elderly-support"
        assert gram_scores(conn, "？！") == {}
    finally:
        conn.close()


def test_reciprocal_rank_fusion_is_deterministic() -> None:
    fused = fuse_rankings([["a", "b", "c"], ["b", "a"]], k=60)
    assert [g for g, _ in fused][:2] == ["a", "b"]  # a tie: ordered by id
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    assert [g for g, _ in fused][2] == "c"
