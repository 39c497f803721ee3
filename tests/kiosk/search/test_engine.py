"""Searching the fixture pack: exact articles, synonyms, kinds, and input that must never raise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.content.installer import InstalledPack
from kiosk.content.lay_phrases import lay_phrases_from_json
from kiosk.content.pack import LAY_FILE
from kiosk.search.documents import law_documents, law_names
from kiosk.search.engine import SearchEngine
from kiosk.search.index import build_index
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import SynonymTable, load_synonyms

CIVIL = "中华人民共和国民法典"
LABOUR = "中华人民共和国劳动合同法"


@pytest.fixture(scope="module")
def engine(installed: InstalledPack, segmenter: Segmenter) -> SearchEngine:
    return SearchEngine(installed.index_path, segmenter=segmenter)


@pytest.mark.parametrize(
    ("query", "law", "article"),
    [
        ("劳动合同法第三十条", LABOUR, 30),
        ("民法典1079条", CIVIL, 1079),
        ("第1079条", CIVIL, 1079),
        ("民法典第一千零七十九条", CIVIL, 1079),
        ("《中华人民共和国民法典》第577条", CIVIL, 577),
        ("民法典 1079", CIVIL, 1079),
    ],
)
def test_article_numbers_put_the_exact_article_first(
    engine: SearchEngine, query: str, law: str, article: int
) -> None:
    first = engine.search(query, kind="law").results[0]
    assert (first.law, first.article, first.exact) == (law, article, True)


def test_article_number_with_words_still_ranks_the_rest(engine: SearchEngine) -> None:
    results = engine.search("民法典1079条 离婚", kind="law", limit=5).results
    assert (results[0].article, results[0].exact) == (1079, True)
    assert len(results) == 5


def test_lay_words_reach_legal_terms(engine: SearchEngine) -> None:
    # 工资 → 劳动报酬, 老板 → 用人单位: 劳动合同法 第三十条 says 用人单位…支付劳动报酬.
    top = engine.search("老板拖欠工资不给", kind="law", limit=5).results
    assert (LABOUR, 30) in {(r.law, r.article) for r in top}


def test_synonyms_change_the_result(built_pack: Path, segmenter: Segmenter, tmp_path: Path) -> None:
    # 快递 never occurs in the Civil Code; the carrier's liability (承运人…货物的毁损、灭失) is
    # found only through the synonym table. Same documents, with and without the table:
    laws = json.loads((built_pack / "laws.json").read_text("utf-8"))["laws"]
    civil = [law for law in laws if law["name"] == CIVIL]
    found = {}
    for name, table in (("with", load_synonyms()), ("without", SynonymTable())):
        path = tmp_path / f"{name}.sqlite"
        build_index(path, documents=law_documents(civil), laws=law_names(civil),
                    synonyms=table, segmenter=segmenter)  # fmt: skip
        top = SearchEngine(path, segmenter=segmenter).search("快递丢了谁来赔", limit=5).results
        found[name] = {r.article for r in top}
    assert 832 in found["with"]
    assert 832 not in found["without"]


def test_lay_phrases_change_the_result(built_pack: Path, segmenter: Segmenter, tmp_path: Path) -> None:
    # "分开" is nowhere in the Civil Code: the divorce article is found only through the phrases
    # a content editor wrote for it (the fixture pack's lay_phrases/民法典.toml).
    laws = json.loads((built_pack / "laws.json").read_text("utf-8"))["laws"]
    lay = lay_phrases_from_json(json.loads((built_pack / LAY_FILE).read_text("utf-8")))
    found = {}
    for name, phrases in (("with", lay), ("without", {})):
        path = tmp_path / f"{name}.sqlite"
        build_index(path, documents=law_documents(laws, phrases), laws=law_names(laws),
                    synonyms=load_synonyms(), segmenter=segmenter)  # fmt: skip
        top = SearchEngine(path, segmenter=segmenter).search("日子过不下去了想和他分开", limit=5).results
        found[name] = {(r.law, r.article) for r in top}
    assert (CIVIL, 1079) in found["with"]
    assert (CIVIL, 1079) not in found["without"]


def test_installed_pack_indexes_its_lay_phrases(engine: SearchEngine) -> None:
    top = engine.search("两口子总吵架想散伙", kind="law", limit=3).results
    assert (top[0].law, top[0].article) == (CIVIL, 1079)


def test_results_are_grouped_by_kind_with_a_limit_per_kind(engine: SearchEngine) -> None:
    found = engine.search("房东不退押金", limit=2)
    kinds = [r.kind for r in found.results]
    assert kinds == sorted(kinds, key=["law", "guide", "faq"].index)
    assert found.grouped()["guide"][0].id == "rent-deposit"
    assert found.grouped()["faq"][0].id == "deposit-deducted"
    assert all(len(group) <= 2 for group in found.grouped().values())
    assert {r.kind for r in engine.search("房东不退押金", kind="guide").results} == {"guide"}


def test_a_law_name_alone_lists_that_law(engine: SearchEngine) -> None:
    results = engine.search("劳动合同法", kind="law", limit=3).results
    assert [r.article for r in results] == [1, 2, 3]
    assert {r.law for r in results} == {LABOUR}


@pytest.mark.parametrize(
    "query",
    [
        "", "   ", "！！！？？？。。。", "😀🙏🏽💥" * 20, '"', '"""', "*", "押金*", "NEAR(押金 房东",
        "押金 AND 房东", "押金 OR", "-押金", "房东 NOT 押金", "^押金", "押金:房东", "{押金}",
        "(((", "第条", "第零条", "第99999999999999999999条", "民法典第〇条", "\x00\x1f押金",
        "押金" * 2500, "欠" * 5000, "a" * 5000, "1" * 5000, "第一千万条",
    ],
)  # fmt: skip
def test_untrusted_input_never_raises(engine: SearchEngine, query: str) -> None:
    found = engine.search(query)
    assert found.ms >= 0
    assert all(r.kind in {"law", "guide", "faq"} for r in found.results)


def test_fts_syntax_is_searched_as_words(engine: SearchEngine) -> None:
    plain = engine.search("房东 押金", kind="guide").results
    syntax = engine.search('"房东" AND 押金*', kind="guide").results
    assert plain[0].id == syntax[0].id == "rent-deposit"


def test_odd_arguments_are_tolerated(engine: SearchEngine) -> None:
    assert engine.search("押金", limit=0).results == []
    assert engine.search("押金", kind="nonsense").results  # unknown kind → all kinds
    assert engine.search(None, limit=5).results == []  # type: ignore[arg-type]


def test_a_matching_guide_leads_the_law_results(engine: SearchEngine) -> None:
    found = engine.search("退房时房东扣了押金怎么办", kind="law", limit=5)
    assert found.lead is not None
    assert found.lead.guide_id == "rent-deposit"
    # The guide's own citations (民法典 第五百七十七条, 第五百零九条) come first.
    assert {r.article for r in found.results[:2]} == {577, 509}


def test_no_guide_leads_a_question_the_guides_do_not_cover(engine: SearchEngine) -> None:
    found = engine.search("快递丢了谁来赔", kind="law")
    assert found.lead is None
    assert found.results  # the laws are still searched


def test_scores_never_increase_down_a_kind(engine: SearchEngine) -> None:
    for query in ("退房时房东扣了押金怎么办", "老板拖欠工资不给", "快递丢了谁来赔"):
        for group in engine.search(query).grouped().values():
            scores = [r.score for r in group]
            assert scores == sorted(scores, reverse=True)
