"""The naive Bayes guide classifier (kiosk.search.guide_bayes), on a tiny pack of two sibling
guides and a neighbour built for these tests: the index holds exactly the multinomial model of
the guides' own text, the guide a question is about beats a sibling that only mentions its words,
the classifier reorders the guides found and adds none, and the tables are the same on every
build.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.search.documents import Document
from kiosk.search.engine import SearchEngine
from kiosk.search.guide_bayes import ALPHA, bayes_ranking, bayes_scores, guide_counts, guide_texts
from kiosk.search.guide_grams import fuse_with_grams, grams
from kiosk.search.index import build_index
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import SynonymTable
from tests.kiosk.search.conftest import guide_document

GUIDES = [
    guide_document("injury-recognition", "受了工伤怎么认定", "工伤认定 职业病",
           "在工作时间和工作场所内因工作原因受到事故伤害的，应当认定为工伤。患职业病的也是工伤。"
           "单位或者本人向社会保险行政部门申请工伤认定，一年内提出。带上身份证和病历。"),
    guide_document("injury-no-insurance", "单位没交工伤保险，受伤了谁出钱", "没交保险 工伤保险待遇",
           "用人单位应当参加工伤保险。没有参加的，发生工伤后由单位按照标准支付费用。"
           "先申请工伤认定，再要求单位支付医疗费和停工留薪期工资。带上身份证和病历。"),
    guide_document("neighbour", "邻居纠纷怎么调解", "邻居 相邻关系",
           "相邻的房屋之间排水、通行、采光发生纠纷的，可以找人民调解委员会调解。带上身份证。"),
]  # fmt: skip
FAQS = [
    Document(kind="faq", doc_id="faq-dust", title="在厂里得了尘肺病算工伤吗？",
             index_title="在厂里得了尘肺病算工伤吗？", keywords="工伤认定", body="算。职业病可以认定为工伤。",
             text="算。", guide="injury-recognition"),
]  # fmt: skip


def _build(path: Path, segmenter: Segmenter) -> SearchEngine:
    build_index(path, documents=[*GUIDES, *FAQS], laws=[], segmenter=segmenter, synonyms=SynonymTable())
    return SearchEngine(path, segmenter=segmenter)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, segmenter: Segmenter) -> SearchEngine:
    return _build(Path(tmp_path_factory.mktemp("bayes")) / "search.sqlite", segmenter)


def _scores(engine: SearchEngine, question: str) -> dict[str, float]:
    conn = sqlite3.connect(engine.path)
    try:
        return bayes_scores(conn, question)
    finally:
        conn.close()


def test_the_index_holds_the_multinomial_model_of_the_guides_text(engine: SearchEngine) -> None:
    # Computed directly: log P(question | guide) with additive smoothing over the pack's
    # vocabulary, summed over the question's grams that some guide has. The index keeps it up
    # to a constant shared by every guide, so the differences between guides must agree.
    texts = guide_texts([*GUIDES, *FAQS])
    counts = {g: guide_counts(fields) for g, fields in texts.items()}
    assert "尘肺病" in texts["injury-recognition"]["faq"]
    assert "职业病可以认定为工伤" in texts["injury-recognition"]["answers"]
    vocabulary = set().union(*counts.values())
    question = "厂里受伤了 算不算工伤"
    asked = {t: n for t, n in grams(question).items() if t in vocabulary}
    direct = {
        g: sum(n * math.log((c.get(t, 0) + ALPHA) / (sum(c.values()) + ALPHA * len(vocabulary)))
               for t, n in asked.items())
        for g, c in counts.items()
    }  # fmt: skip
    stored = _scores(engine, question)
    assert stored.keys() == direct.keys()
    for guide in direct:
        assert stored[guide] - stored["neighbour"] == pytest.approx(direct[guide] - direct["neighbour"])


def test_the_guide_a_question_is_about_beats_a_sibling_that_mentions_its_words(engine: SearchEngine) -> None:
    # Both work-injury guides say 工伤 and 认定; the recognition guide is about it (title, FAQ),
    # the no-insurance guide only passes through it. "没交保险" is the other guide's own matter.
    conn = sqlite3.connect(engine.path)
    try:
        assert bayes_ranking(conn, "得了职业病 算工伤吗")[0] == "injury-recognition"
        assert bayes_ranking(conn, "厂里没交保险 受伤了谁给钱")[0] == "injury-no-insurance"
    finally:
        conn.close()


def test_a_question_of_characters_no_guide_has_gets_no_ranking(engine: SearchEngine) -> None:
    assert _scores(engine, "？！") == {}
    assert _scores(engine, "xyz") == {}


@dataclass(frozen=True)
class _Found:
    id: str
    kind: str = "guide"
    score: float = 0.0
    grams: float = 0.0
    grams_rank: int = 0
    all_first: bool = False


def test_the_classifier_reorders_the_guides_found_and_adds_none() -> None:
    words = [_Found("a"), _Found("b")]
    # Words: a, b. Characters: b, a. Tied; the classifier breaks the tie, and "c", which only
    # it ranks, is not shown.
    fused = fuse_with_grams(words, scores={"b": 0.5, "a": 0.4}, joinable=(), fetch=lambda _id: None,
                            bayes=["c", "b", "a"])  # fmt: skip
    assert [g.id for g in fused] == ["b", "a"]
    assert [g.id for g in fuse_with_grams(words, scores={"b": 0.5, "a": 0.4}, joinable=(),
                                          fetch=lambda _id: None)] == ["a", "b"]  # fmt: skip


def test_the_tables_are_the_same_on_every_build(tmp_path: Path, segmenter: Segmenter) -> None:
    def dump(path: Path) -> list[tuple[object, ...]]:
        _build(path, segmenter).close()
        conn = sqlite3.connect(path)
        try:
            return [
                *conn.execute("SELECT * FROM bayes_guides ORDER BY number"),
                *conn.execute("SELECT * FROM bayes_grams ORDER BY gram"),
            ]
        finally:
            conn.close()

    first, second = dump(tmp_path / "one.sqlite"), dump(tmp_path / "two.sqlite")
    assert first and first == second


def test_only_a_guide_all_three_rankings_put_first_is_marked_unanimous() -> None:
    words = [_Found("a"), _Found("b")]
    agreed = fuse_with_grams(words, scores={"a": 0.5, "b": 0.4}, joinable=(), fetch=lambda _id: None,
                             bayes=["a", "b"])  # fmt: skip
    assert [(g.id, g.all_first) for g in agreed] == [("a", True), ("b", False)]
    split = fuse_with_grams(words, scores={"a": 0.5, "b": 0.4}, joinable=(), fetch=lambda _id: None,
                            bayes=["b", "a"])  # fmt: skip
    assert not any(g.all_first for g in split)
    # Without the classifier's view there is no third vote.
    assert not any(g.all_first for g in fuse_with_grams(words, scores={"a": 0.5}, joinable=(),
                                                        fetch=lambda _id: None))  # fmt: skip
