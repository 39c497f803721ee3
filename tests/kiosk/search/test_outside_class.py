"""The classifier's class for questions no guide is for (synonyms.toml `[outside] asked`,
kiosk.search.guide_bayes.OUTSIDE), on the tiny three-guide pack of test_guide_asked: a hall
errand that shares a word with a guide's title is no longer answered with that guide, a question
a guide answers still is, the class never shows as a guide, and a pack without such questions
judges nothing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.search.ask import ask
from kiosk.search.engine import SearchEngine
from kiosk.search.guide_bayes import OUTSIDE, bayes_judgement, bayes_scores
from kiosk.search.index import build_index
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import SynonymError, SynonymTable, load_synonyms
from tests.kiosk.search.test_guide_asked import ASKED, _guides

OUTSIDE_ASKED = (
    "厕所在哪", "大厅几点关门", "身份证丢了咋补办", "医保交多少钱", "你好", "谢谢", "能打印吗",
    "高血压吃啥药", "天气咋样", "公交车几点有", "社保卡丢了去哪补", "养老金涨了多少",
)  # fmt: skip


@dataclass(frozen=True)
class _Guide:
    id: str
    title: str
    summary: str = ""
    where: tuple[str, ...] = ("司法所",)


class _Guides:
    def guide_record(self, guide_id: str) -> _Guide:
        return _Guide(guide_id, guide_id)


def _engine(path: Path, segmenter: Segmenter, outside: tuple[str, ...]) -> SearchEngine:
    synonyms = SynonymTable(outside_asked=outside)
    build_index(path, documents=_guides(ASKED), laws=[], segmenter=segmenter, synonyms=synonyms)
    return SearchEngine(path, segmenter=segmenter)


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory, segmenter: Segmenter) -> dict[str, SearchEngine]:
    folder = Path(tmp_path_factory.mktemp("outside"))
    return {
        "without": _engine(folder / "without.sqlite", segmenter, ()),
        "with": _engine(folder / "with.sqlite", segmenter, OUTSIDE_ASKED),
    }


@pytest.mark.parametrize("question", ["工资卡丢了咋补办", "工资卡丢了"])
def test_an_errand_sharing_a_word_with_a_guide_gets_no_guide(
    engines: dict[str, SearchEngine], question: str
) -> None:
    # 工资 is in the wage guide's title: without the class, Ask named that guide.
    assert ask(question, engine=engines["without"], source=_Guides()).guide_id == "unpaid-wages"
    found = engines["with"].search(question)
    assert found.outside_margin is not None and found.outside_margin > 0
    answer = ask(question, engine=engines["with"], source=_Guides())
    assert answer.guide_id is None
    assert "12348" in answer.next_step
    # Search still lists what it found; only Ask stays quiet.
    assert [r.id for r in found.of_kind("guide")] == ["unpaid-wages"]


@pytest.mark.parametrize(
    ("question", "guide"),
    [
        ("老板拖欠工资", "unpaid-wages"),
        ("孩子他爸不给生活费", "child-support"),
        ("娃跟谁", "divorce-children"),
    ],
)
def test_a_question_a_guide_answers_still_gets_it(
    engines: dict[str, SearchEngine], question: str, guide: str
) -> None:
    found = engines["with"].search(question)
    assert found.outside_margin is not None and found.outside_margin < 0
    assert ask(question, engine=engines["with"], source=_Guides()).guide_id == guide


def test_the_class_is_never_a_guide(engines: dict[str, SearchEngine]) -> None:
    conn = sqlite3.connect(engines["with"].path)
    try:
        assert OUTSIDE in bayes_scores(conn, "厕所在哪")
        ranking, margin = bayes_judgement(conn, "厕所在哪")
    finally:
        conn.close()
    assert OUTSIDE not in ranking and margin is not None and margin > 0
    assert all(r.id != OUTSIDE for r in engines["with"].search("厕所在哪").of_kind("guide"))


def test_a_pack_without_outside_questions_judges_nothing(engines: dict[str, SearchEngine]) -> None:
    assert engines["without"].search("工资卡丢了咋补办").outside_margin is None


def test_outside_questions_are_read_checked_and_carried(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.toml"
    head = '[synonyms]\n"工钱" = ["工资"]\n[outside]\n'
    path.write_text(head + 'asked = ["厕所在哪", "厕所在哪", "你好"]\n', "utf-8")
    table = load_synonyms(path)
    assert table.outside_asked == ("厕所在哪", "你好")
    assert SynonymTable.from_json(table.as_json()).outside_asked == ("厕所在哪", "你好")
    path.write_text(head + 'asked = ["给13812345678回电话"]\n', "utf-8")
    with pytest.raises(SynonymError, match="电话号码"):
        load_synonyms(path)
