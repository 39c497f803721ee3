"""Visitors' own words on the real default content: dialect and family words mapped to what the
guides say, Pinyin slips read by sound, amounts that say nothing about the guide, and errands no
guide is for (Ask then names none).

The questions are examples written for these tests, not taken from any measured question set.
"""

from __future__ import annotations

import pytest

from kiosk.content.installer import install_pack
from kiosk.content.library import ContentLibrary
from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.search.concepts import Concept, query_concepts
from kiosk.search.homophones import sound_rows
from kiosk.search.segment import Segmenter, is_meaningful, is_quantity
from kiosk.search.synonyms import SynonymError, SynonymTable, load_synonyms
from kiosk.speech.readings import open_readings


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, segmenter: Segmenter) -> ContentLibrary:
    pack = install_pack(DEFAULT_PACK_DIR, data_dir=tmp_path_factory.mktemp("data"), segmenter=segmenter)
    return ContentLibrary(pack.path, segmenter=segmenter)


def concepts_of(text: str, segmenter: Segmenter) -> dict[str, Concept]:
    table = load_synonyms()
    segmenter.add_words(table.all_words)
    found = query_concepts(text, segmenter=segmenter, synonyms=table, known=lambda terms: set(terms))
    return {word: c for c in found for word in c.own}


@pytest.mark.parametrize(
    ("text", "word", "means"),
    [
        ("俺爹，病了", "爹", "父亲"),
        ("屋头老汉儿没人管", "老汉儿", "父亲"),
        ("屋头老汉儿没人管", "没人管", "赡养"),
        ("俺娘走了", "走了", "去世"),
        ("欠了一屁股债", "一屁股债", "债务"),
        ("写个条子", "条子", "借条"),
        ("去要账", "要账", "借款"),
        ("厂子不发钱", "厂子", "用人单位"),
        ("娃他爹不给钱", "娃他爹", "抚养"),
        ("一天干十个钟头", "钟头", "工作时间"),
        ("麦子打了除草剂", "除草剂", "农药"),
    ],
)
def test_a_dialect_or_everyday_word_stands_for_the_guides_word(
    segmenter: Segmenter, text: str, word: str, means: str
) -> None:
    concepts = concepts_of(text, segmenter)
    assert word in concepts, sorted(concepts)
    assert means in concepts[word].synonyms


def test_insisting_adverbs_and_glued_wishes_are_not_concepts(segmenter: Segmenter) -> None:
    concepts = concepts_of("他死活不离 我要离", segmenter)
    assert "死活" not in concepts and "我要" not in concepts
    assert "离婚" in concepts["离"].synonyms
    assert not is_meaningful("莫得")


@pytest.mark.parametrize("word", ["五万", "三个月", "半年", "一分钱", "十几个", "3000块"])
def test_amounts_and_spans_are_quantities(word: str) -> None:
    assert is_quantity(word)


@pytest.mark.parametrize("word", ["三倍", "双倍工资", "一次性", "工资"])
def test_words_with_a_number_in_them_are_not_quantities(word: str) -> None:
    assert not is_quantity(word)


def test_an_amount_does_not_change_which_guide_fits_or_how_well(library: ContentLibrary) -> None:
    plain = library.search("借钱给人家，条子咋写").of_kind("guide")[0]
    amount = library.search("借钱五万给人家，条子咋写").of_kind("guide")[0]
    assert amount.id == plain.id == "loan-iou-writing"
    assert amount.coverage == pytest.approx(plain.coverage)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("抚养废不给咋办", "抚养费不给咋办"),  # 废 fei for 费 fei, a lone character
        ("宅鸡地被邻居占了", "宅基地被邻居占了"),  # a word jieba invented (宅鸡)
        ("加班废不给", "加班费不给"),
    ],
)
def test_a_pinyin_slip_inside_a_guide_word_is_read_as_that_word(
    library: ContentLibrary, typed: str, meant: str
) -> None:
    assert library.engine.homophones.correct(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "法院告他",  # 院 belongs to 法院: not a slip for 原告
        "把我家的地收了",  # 家的 sounds like 假的; 我家 is a word
        "判得不公正",  # 公正 is a dictionary word, never rewritten to 公证
    ],
)
def test_real_words_are_never_rewritten(library: ContentLibrary, text: str) -> None:
    assert library.engine.homophones.correct(text) == text


def test_an_invented_word_sounding_like_a_guide_word_is_its_synonym(library: ContentLibrary) -> None:
    alike = library.engine.homophones.alike(["彩里", "话费", "不办"])
    assert "彩礼" in alike["彩里"]
    # A dictionary word (话费 ≠ 化肥) and a negation glued to a verb (不办 ≠ 补办) are meant as typed.
    assert "话费" not in alike and "不办" not in alike


@pytest.mark.parametrize(
    ("question", "guide"),
    [
        ("抚养废不给咋办", "child-support"),
        ("宅鸡地被邻居占了", "homestead-dispute"),
        ("俺的彩里要退", "bride-price-return"),
        ("俺爹走了留下的债要俺还吗", "inheritance-debts"),
        ("老汉儿病了几个兄弟都不管", "elderly-support"),
        ("条子丢了钱还能要回来吗", "loan-recover"),
    ],
)
def test_ask_names_the_guide_through_slips_and_dialect(
    library: ContentLibrary, question: str, guide: str
) -> None:
    assert library.search(question).of_kind("guide")[0].id == guide
    assert library.ask(question).guide_id == guide


@pytest.mark.parametrize("question", ["补办身份证去哪", "上户口要啥材料", "低保咋申请", "去哪买火车票"])
def test_ask_leaves_an_errand_no_guide_is_for_to_the_hotline(library: ContentLibrary, question: str) -> None:
    answer = library.ask(question)
    assert answer.guide_id is None
    assert "12348" in answer.next_step


def test_ask_still_names_a_guide_when_the_errand_is_only_a_detail(library: ContentLibrary) -> None:
    # 结婚证 is an errand word, but a bride price without a marriage certificate is the guide's case.
    assert library.ask("没领结婚证 彩礼能要回来吗").guide_id == "bride-price-return"


def test_errand_phrases_travel_with_the_synonym_table(tmp_path_factory: pytest.TempPathFactory) -> None:
    table = load_synonyms()
    assert "上户口" in table.outside
    again = SynonymTable.from_json(table.as_json())
    assert again.outside == table.outside
    assert again.outside_in("孩子出生了咋上户口") == ["上户口"]
    bad = tmp_path_factory.mktemp("syn") / "synonyms.toml"
    bad.write_text('[synonyms]\n"工钱" = ["工资"]\n[outside]\nphrases = "低保"\n', encoding="utf-8")
    with pytest.raises(SynonymError, match="outside"):
        load_synonyms(bad)


def test_sound_keys_compare_only_the_differing_character() -> None:
    rows = set(sound_rows(["宅基地", "工资", "lawyer", "法"], open_readings()))
    assert ("zhai ji di", "宅基地") in rows
    assert ("宅[ji]地", "宅基地") in rows
    assert ("[gong]资", "工资") in rows
    assert all(term in {"宅基地", "工资"} for _, term in rows)
