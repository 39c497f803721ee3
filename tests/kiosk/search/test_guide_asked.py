"""How visitors ask (a guide's `asked` phrasings) in the guide ranking, on a tiny pack of two
sibling guides and a neighbour: a visitor's own words find the guide whose text says it in the
law's words, through each of the three rankings, and the phrasings are the only difference
between the two packs compared."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.search.documents import Document
from kiosk.search.engine import SearchEngine
from kiosk.search.guide_bayes import bayes_ranking
from kiosk.search.guide_grams import gram_ranking, gram_scores
from kiosk.search.index import build_index
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import SynonymTable
from tests.kiosk.search.conftest import guide_document

ASKED = {
    "child-support": "娃他爹不给养娃钱\n前夫一分钱不出 娃要上学\n孩子他爸不管孩子 不给生活费\n"
    "没领证生的娃 他爸不给钱",
    "divorce-children": "离婚了娃跟谁\n俩人要离 都想要孩子\n娃八岁了想跟妈\n孩子判给谁",
    "unpaid-wages": "工钱要不来\n老板跑了 钱没给\n干了半年活一分钱没拿到",
}


def _guides(asked: dict[str, str]) -> list[Document]:
    return [
        guide_document("child-support", "孩子抚养费怎么要", "抚养费 子女抚养",
            "父母对未成年子女有抚养义务。不直接抚养子女的一方应当负担部分或者全部抚养费。不履行的，"
            "子女可以要求给付抚养费。可以先协商，协商不成到法院起诉。带上身份证、出生证明、收入证明。",
            asked.get("child-support", "")),
        guide_document("divorce-children", "离婚时孩子归谁", "子女抚养 离婚",
            "离婚后，父母对于子女仍有抚养、教育、保护的权利和义务。不满两周岁的子女，以由母亲直接抚养"
            "为原则。已满两周岁的，父母双方协议不成的，由法院判决。子女已满八周岁的，应当尊重其真实意愿。",
            asked.get("divorce-children", "")),
        guide_document("unpaid-wages", "老板拖欠工资怎么办", "欠薪 讨薪",
            "用人单位应当按时足额支付劳动报酬。拖欠工资的，可以向劳动保障监察投诉，或者申请劳动仲裁。"
            "带上身份证、考勤记录、工资条。", asked.get("unpaid-wages", "")),
    ]  # fmt: skip


def _engine(path: Path, segmenter: Segmenter, asked: dict[str, str]) -> SearchEngine:
    build_index(path, documents=_guides(asked), laws=[], segmenter=segmenter, synonyms=SynonymTable())
    return SearchEngine(path, segmenter=segmenter)


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory, segmenter: Segmenter) -> dict[str, SearchEngine]:
    folder = Path(tmp_path_factory.mktemp("asked"))
    return {
        "without": _engine(folder / "without.sqlite", segmenter, {}),
        "with": _engine(folder / "with.sqlite", segmenter, ASKED),
    }


def _guide_ids(engine: SearchEngine, question: str) -> list[str]:
    return [r.id for r in engine.search(question).of_kind("guide")]


@pytest.mark.parametrize(
    ("question", "without", "wanted"),
    [
        # The sibling that says 孩子 in its title came first; the phrasings say who complains.
        ("孩子他爸不管孩子", "divorce-children", "child-support"),
        # No word of these is in any guide's text: nothing was found at all.
        ("娃他爸不给钱", None, "child-support"),
        ("娃跟谁", None, "divorce-children"),
        ("包工头跑了一分钱没拿到", None, "unpaid-wages"),
    ],
)
def test_a_visitors_own_words_find_the_guide(
    engines: dict[str, SearchEngine], question: str, without: str | None, wanted: str
) -> None:
    before = _guide_ids(engines["without"], question)
    assert (before[0] if before else None) == without
    assert _guide_ids(engines["with"], question)[0] == wanted


def test_each_ranking_learns_from_the_phrasings(engines: dict[str, SearchEngine]) -> None:
    question = "孩子他爸不管孩子"
    for label, first in (("without", "divorce-children"), ("with", "child-support")):
        conn = sqlite3.connect(engines[label].path)
        try:
            assert bayes_ranking(conn, question)[0] == first, label
            assert gram_ranking(gram_scores(conn, question))[0] == first, label
        finally:
            conn.close()
    # The word ranking holds the phrasings' words (the FTS `lay` column and the terms).
    conn = sqlite3.connect(engines["with"].path)
    try:
        (terms,) = conn.execute("SELECT terms FROM docs WHERE doc_id = 'child-support'").fetchone()
    finally:
        conn.close()
    assert "生活费" in terms.split()


def test_the_phrasings_do_not_make_a_guide_about_them(engines: dict[str, SearchEngine]) -> None:
    # What a guide is about (its `head`: title and keywords) decides whether Ask names it; a
    # phrasing is a visitor's sentence, not a statement of the guide's subject.
    conn = sqlite3.connect(engines["with"].path)
    try:
        (head,) = conn.execute("SELECT head FROM docs WHERE doc_id = 'child-support'").fetchone()
    finally:
        conn.close()
    assert "生活费" not in head.split()
