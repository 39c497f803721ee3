"""Pins the conditions restored after the 2026-11 legal review: what the committed pack tells
visitors carries the condition, and the article cited for it is in the pack and says so."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kiosk.content.pack import DEFAULT_PACK_DIR

CIVIL, LABOUR_CONTRACT = "中华人民共和国民法典", "中华人民共和国劳动合同法"
ARBITRATION, SOCIAL_INSURANCE = "中华人民共和国劳动争议调解仲裁法", "中华人民共和国社会保险法"
LEGAL_AID, LABOUR = "中华人民共和国法律援助法", "中华人民共和国劳动法"


@pytest.fixture(scope="module")
def pack() -> dict[str, Any]:
    content = json.loads((DEFAULT_PACK_DIR / "content.json").read_text("utf-8"))
    laws = json.loads((DEFAULT_PACK_DIR / "laws.json").read_text("utf-8"))
    lay = json.loads((DEFAULT_PACK_DIR / "lay_phrases.json").read_text("utf-8"))
    articles = {
        (law["name"], a["number"]): a["text"] for law in laws["laws"] for a in law["articles"] if not a["sub"]
    }
    return {
        "guides": {g["id"]: g for g in content["guides"]},
        "faqs": {f["id"]: f for f in content["faqs"]},
        "articles": articles,
        "lay": lay,
    }


def _text(entry: dict[str, Any]) -> str:
    keys = ("summary", "steps", "documents", "where", "time_limits", "answer")
    parts = [entry.get(k, "") for k in keys]
    return "\n".join(p if isinstance(p, str) else "\n".join(p) for p in parts)


# (guide or faq id, what its text must say, (law, article) it must cite, what that article says)
PINNED = [
    ("inheritance-no-will", "丧偶儿媳", (CIVIL, 1129), "丧偶儿媳对公婆"),
    ("inheritance-no-will", "兄弟姐妹的子女代位继承", (CIVIL, 1128), "兄弟姐妹的子女代位继承"),
    (
        "inheritance-no-will",
        "不适用三年诉讼时效",
        (CIVIL, 196),
        "不动产物权和登记的动产物权的权利人请求返还财产",
    ),
    ("inheritance-no-will", "从那时起就归继承人", (CIVIL, 230), "因继承取得物权的，自继承开始时发生效力"),
    ("inheritance-no-will", "继承从老人去世时开始", (CIVIL, 1121), "继承从被继承人死亡时开始"),
    (
        "contract-dismissal-compensation",
        "您自己先提出协商解除的，没有这项补偿",
        (LABOUR_CONTRACT, 46),
        "用人单位依照本法第三十六条规定向劳动者提出解除劳动合同",
    ),
    ("arbitration-not-satisfied", "裁决作出就生效", (ARBITRATION, 47), "裁决书自作出之日起发生法律效力"),
    ("arbitration-not-satisfied", "单位只能有法定理由时30日内申请撤销", (ARBITRATION, 49), "三十日内"),
    ("support-children-ignore-parents", "免予核查经济困难状况", (LEGAL_AID, 42), "免予核查经济困难状况"),
    ("support-children-ignore-parents", "因经济困难申请法律援助", (LEGAL_AID, 31), "因经济困难"),
    (
        "support-children-ignore-parents",
        "缺乏劳动能力或者生活困难",
        (CIVIL, 1067),
        "缺乏劳动能力或者生活困难的父母",
    ),
    (
        "consumer-deposit-double",
        "超过的部分不算定金，不会翻倍",
        (CIVIL, 586),
        "不得超过主合同标的额的百分之二十",
    ),
    (
        "contract-pregnant-dismissal",
        "续延到哺乳期结束",
        (LABOUR_CONTRACT, 45),
        "劳动合同应当续延至相应的情形消失时终止",
    ),
    (
        "contract-pregnant-dismissal",
        "孕期、产期、哺乳期内",
        (LABOUR_CONTRACT, 42),
        "女职工在孕期、产期、哺乳期的",
    ),
    ("unpaid-wages-steps", "发包的组织", (LABOUR_CONTRACT, 94), "发包的组织与个人承包经营者承担连带赔偿责任"),
    ("unpaid-wages-steps", "有材料证明身份的，免予核查", (LEGAL_AID, 42), "申请支付劳动报酬"),
    (
        "work-injury-recognition",
        "单位没交的，工伤待遇由单位付",
        (SOCIAL_INSURANCE, 41),
        "未依法缴纳工伤保险费",
    ),
    ("work-injury-recognition", "职业病从被诊断、鉴定为职业病之日起算", None, ""),
    ("injury-deadline", "职业病从被诊断、鉴定为职业病之日起算", None, ""),
    ("traffic-accident-compensation", "精神损害抚慰金", (CIVIL, 1183), "严重精神损害"),
    ("traffic-what-costs", "精神损害抚慰金", (CIVIL, 1183), "严重精神损害"),
    ("divorce-by-agreement", "本人的居民身份证和结婚证", None, ""),
    ("divorce-by-agreement", "2025年4月6日国务院令第804号修订的《婚姻登记条例》", None, ""),
    ("online-return", "收到货的当天不算，从第二天开始", (CIVIL, 201), "开始的当日不计入，自下一日开始计算"),
    ("consumer-seven-days", "收到货的当天不算", (CIVIL, 201), "开始的当日不计入"),
    ("wages-boss-owes", "有材料证明的，免予核查经济困难状况", (LEGAL_AID, 42), "进城务工人员"),
    # The same kind of lost condition found by the sweep across all guides.
    ("parcel-lost", "除非它能证明是不可抗力", (CIVIL, 832), "承运人证明货物的毁损、灭失是因不可抗力"),
    (
        "child-school-bullying",
        "能证明尽到教育、管理职责的除外",
        (CIVIL, 1199),
        "能够证明尽到教育、管理职责的",
    ),
    ("overtime-pay", "休息日加班又没安排补休的乘以2", (LABOUR, 44), "休息日安排劳动者工作又不能安排补休的"),
    (
        "rent-contract",
        "因为您的过错弄坏的，房东没有维修义务",
        (CIVIL, 713),
        "因承租人的过错致使租赁物需要维修的",
    ),
    ("rent-contract", "卖给自己近亲属的除外", (CIVIL, 726), "出租人将房屋出卖给近亲属的除外"),
    (
        "labour-arbitration-after",
        "只能在有法定理由时30日内向中级法院申请撤销",
        (ARBITRATION, 49),
        "中级人民法院申请撤销裁决",
    ),
    ("child-support", "不能独立生活的成年子女", (CIVIL, 1067), "不能独立生活的成年子女"),
    (
        "land-contract-rights",
        "离婚或丧偶后仍在原地生活",
        ("中华人民共和国农村土地承包法", 31),
        "仍在原居住地生活",
    ),
]


@pytest.mark.parametrize(("entry_id", "says", "cites", "article_says"), PINNED)
def test_corrected_statement_keeps_its_condition_and_citation(
    pack: dict[str, Any], entry_id: str, says: str, cites: tuple[str, int] | None, article_says: str
) -> None:
    entry = pack["guides"].get(entry_id) or pack["faqs"][entry_id]
    assert says in _text(entry)
    if cites is not None:
        assert any((c["law"], c["article"]) == cites for c in entry["citations"])
        assert article_says in pack["articles"][cites]


def test_divorce_documents_no_longer_ask_for_the_household_register(pack: dict[str, Any]) -> None:
    documents = pack["guides"]["divorce-by-agreement"]["documents"]
    assert not any("户口簿" in d and "不用" not in d for d in documents)


def test_inheritance_no_longer_tells_heirs_of_an_undivided_estate_they_have_three_years(
    pack: dict[str, Any],
) -> None:
    limits = "\n".join(pack["guides"]["inheritance-no-will"]["time_limits"])
    assert "继承权被侵害的，一般在知道之日起三年内向法院起诉" not in limits
    assert "不要以为过了三年就没有份了" in limits


def test_no_faq_or_guide_drops_the_proof_condition_of_the_migrant_worker_exemption(
    pack: dict[str, Any],
) -> None:
    for entry in [*pack["guides"].values(), *pack["faqs"].values()]:
        text = _text(entry)
        for short_cut in ("不用审查", "不查经济困难", "免查经济困难"):  # the exemption without its proof
            assert short_cut not in text, (entry["id"], short_cut)


@pytest.mark.parametrize(
    ("law", "article", "gone", "present"),
    [
        (CIVIL, "730", "房东突然让我搬走没提前说", "没定租期房东要收房得提前说吗"),
        ("中华人民共和国残疾人保障法", "15", "残疾人能不能免费做康复", "残疾人有没有权利做康复"),
        ("中华人民共和国食品安全法", "81", "娃吃的奶粉有问题", "奶粉厂家要每批都检验吗"),
        ("中华人民共和国劳动法", "51", "过节放假工资照发吗", "法定节假日放假工资照发吗"),
        (CIVIL, "1217", "搭顺风车出车祸能要全额赔吗", "免费搭别人的私家车出车祸能全额赔吗"),
        (LABOUR_CONTRACT, "42", "快退休了公司要裁掉我", "干了十五年快退休了公司要裁掉我"),
    ],
)
def test_misleading_lay_phrases_stay_corrected(
    pack: dict[str, Any], law: str, article: str, gone: str, present: str
) -> None:
    phrases = pack["lay"][law][article]
    assert gone not in phrases and present in phrases


def test_the_consumer_remedy_for_bad_infant_formula_sits_on_the_remedy_article(pack: dict[str, Any]) -> None:
    assert "孩子喝的奶粉有问题找谁赔" in pack["lay"]["中华人民共和国食品安全法"]["148"]
    assert "可以向经营者要求赔偿损失" in pack["articles"][("中华人民共和国食品安全法", 148)]
