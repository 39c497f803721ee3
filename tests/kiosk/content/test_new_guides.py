"""The 2026-11 guides (suing, homesteads, takings, scams, injuries, detention, …): every article
they and their FAQ cite is in the imported text and says what the guide uses it for, the four laws
they need are imported as recorded, and the offices they send visitors to exist in the directory."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from kiosk.content.laws_import import ImportedLaws, import_laws, load_plan, locate_laws_db
from kiosk.content.pack import CONTENT_DIR, law_lookup_for
from kiosk.content.sources import INSTITUTION_TYPES, ContentSources, load_and_validate
from kiosk.content.where_links import link_where

NEW_GUIDES = {
    "court-sue-enforce", "homestead-dispute", "land-taking-compensation", "married-out-women-share",
    "bride-price-return", "divorce-property-debts", "telecom-fraud", "elderly-scam-products",
    "assault-injury-compensation", "helper-injury-building", "medical-dispute",
    "contractor-ran-wages", "fake-seeds-fertilizer", "family-detained", "notary-forensic",
}  # fmt: skip
NEW_TOPICS = {"court", "homestead", "fraud", "injury"}
# law name -> (law_id, version_date) as recorded in laws.toml after checking laws.db by hand.
NEW_LAWS = {
    "中华人民共和国反电信网络诈骗法": ("82df8e9b959d", "2022-09-02"),
    "中华人民共和国种子法": ("1724e0e02482", "2021-12-24"),
    "中华人民共和国刑事诉讼法": ("0343ba966fcc", "2018-10-26"),
    "中华人民共和国农村集体经济组织法": ("773ea488e0b7", "2024-06-28"),
}
I18N = Path(__file__).resolve().parents[3] / "assets" / "i18n"


@pytest.fixture(scope="module")
def imported() -> ImportedLaws:
    return import_laws(locate_laws_db(), load_plan())


@pytest.fixture(scope="module")
def content(imported: ImportedLaws) -> ContentSources:
    return load_and_validate(CONTENT_DIR, law_lookup_for(imported))


def _text(imported: ImportedLaws, law: str, number: int, sub: int = 0) -> str:
    found = next(x for x in imported.laws if x["name"] == law)
    return str(next(a["text"] for a in found["articles"] if a["number"] == number and a["sub"] == sub))


def test_all_fifteen_guides_load_in_their_topics(content: ContentSources) -> None:
    guides = {g.id: g for g in content.guides}
    assert set(guides) >= NEW_GUIDES
    assert {t.id for t in content.topics} >= NEW_TOPICS
    for topic in NEW_TOPICS:
        assert len(content.guides_of(topic)) >= 2
    for gid in NEW_GUIDES:
        guide = guides[gid]
        assert guide.steps and guide.documents and guide.where and guide.citations
        assert "12348" in guide.summary  # information, not advice: whom to call
        # Each new guide is reachable from a visitor's question in the FAQ too.
        assert any(f.guide == gid for f in content.faqs), gid


def test_new_laws_are_imported_with_the_recorded_row_and_reason(imported: ImportedLaws) -> None:
    plan = load_plan()
    for name, (law_id, version) in NEW_LAWS.items():
        decision = plan.decision_for(name)
        assert decision is not None and decision.decision == "import"
        law = next(x for x in imported.laws if x["name"] == name)
        assert (law["id"], law["version_date"]) == (law_id, version)
        assert law["status"] == "现行有效" and law["reason"]
        assert str(law["effective_date"]) <= imported.as_of
    # In force since 2025-05-01: the pack's date must be after it for the women's-share guide.
    assert imported.as_of >= "2025-05-01"


def test_village_and_public_order_laws_are_the_texts_in_force_on_the_pack_date(
    imported: ImportedLaws,
) -> None:
    village = next(x for x in imported.laws if x["name"] == "中华人民共和国村民委员会组织法")
    assert village["version_date"] == "2025-10-28"  # the 2025 amendment, in force 2026-01-01
    order = next(x for x in imported.laws if x["name"] == "中华人民共和国治安管理处罚法")
    assert (order["version_date"], order["effective_date"]) == ("2025-06-27", "2026-01-01")
    # The 2025 numbering: beating someone is article 51 (it was 43 in the 2012 text).
    assert _text(imported, "中华人民共和国治安管理处罚法", 51).startswith(
        "殴打他人的，或者故意伤害他人身体的"
    )


@pytest.mark.parametrize(
    ("law", "number", "words"),
    [
        ("中华人民共和国民事诉讼法", 250, "申请执行的期间为二年"),
        ("中华人民共和国民事诉讼法", 126, "七日内立案"),
        ("中华人民共和国土地管理法", 14, "三十日内，向人民法院起诉"),
        ("中华人民共和国土地管理法", 62, "一户只能拥有一处宅基地"),
        ("中华人民共和国农村集体经济组织法", 18, "原农村集体经济组织不得取消其成员身份"),
        ("中华人民共和国农村集体经济组织法", 57, "一年内或者自该决定作出之日起五年内"),
        ("中华人民共和国反电信网络诈骗法", 31, "不得非法买卖、出租、出借电话卡"),
        ("中华人民共和国种子法", 45, "可得利益损失"),
        ("中华人民共和国刑事诉讼法", 85, "二十四小时以内，通知被拘留人的家属"),
        ("中华人民共和国消费者权益保护法", 62, "农民购买、使用直接用于农业生产的生产资料"),
        ("中华人民共和国民法典", 1193, "定作人不承担侵权责任"),
    ],
)
def test_the_rules_the_guides_state_are_in_the_cited_text(
    imported: ImportedLaws, law: str, number: int, words: str
) -> None:
    assert words in _text(imported, law, number)


def test_every_new_citation_exists_and_has_a_note(imported: ImportedLaws, content: ContentSources) -> None:
    exists = law_lookup_for(imported)
    for guide in (g for g in content.guides if g.id in NEW_GUIDES):
        for c in guide.citations:
            assert exists(c.law, c.article), (guide.id, c)
            assert c.note, (guide.id, c)
    for faq in (f for f in content.faqs if f.guide in NEW_GUIDES):
        assert faq.citations and all(exists(c.law, c.article) for c in faq.citations), faq.id


def test_sub_articles_named_in_words_exist(imported: ImportedLaws, content: ContentSources) -> None:
    # A citation holds a whole-numbered article; 之一/之二 are named in the step text instead.
    guides = {g.id: g for g in content.guides}
    assert "逃避支付劳动者的劳动报酬" in _text(imported, "中华人民共和国刑法", 276, 1)
    assert "支付结算等帮助" in _text(imported, "中华人民共和国刑法", 287, 2)
    assert any("第二百七十六条之一" in s for s in guides["contractor-ran-wages"].steps)
    assert any("第二百八十七条之二" in s for s in guides["telecom-fraud"].steps)


def test_rules_from_outside_the_pack_are_attributed_and_dated(content: ContentSources) -> None:
    # Regulations and judicial interpretations are not in laws.db: stated in words with their
    # source and a date, never as a citation.
    sources = {
        "court-sue-enforce": "诉讼费用交纳办法",
        "bride-price-return": "最高人民法院",
        "helper-injury-building": "最高人民法院",
        "contractor-ran-wages": "保障农民工工资支付条例",
        "medical-dispute": "医疗纠纷预防和处理条例",
    }
    guides = {g.id: g for g in content.guides}
    for gid, source in sources.items():
        text = "".join(guides[gid].steps)
        at = text.index(source)
        assert re.search(r"\d{4}年", text[at : at + 60]), (gid, source)
        assert all(source not in c.law for c in guides[gid].citations)


def test_every_directory_type_has_a_label_and_a_sample_office(content: ContentSources) -> None:
    present = {i.type for i in content.institutions}
    assert present >= INSTITUTION_TYPES
    for language in ("zh_CN", "en"):
        labels: dict[str, str] = {}
        for path in [I18N / f"{language}.json", *sorted(I18N.glob(f"*/{language}.json"))]:
            labels.update(json.loads(path.read_text("utf-8")))
        assert all(labels.get(f"directory.type.{t}") for t in INSTITUTION_TYPES), language


@pytest.mark.parametrize(
    ("guide", "kind"),
    [
        ("family-detained", "police_station"),
        ("telecom-fraud", "police_station"),
        ("fake-seeds-fertilizer", "agriculture_bureau"),
        ("fake-seeds-fertilizer", "market_regulation"),
        ("homestead-dispute", "natural_resources_bureau"),
        ("notary-forensic", "forensic_institution"),
        ("notary-forensic", "notary_office"),
        ("court-sue-enforce", "court"),
    ],
)
def test_where_to_go_opens_an_office_of_that_kind(content: ContentSources, guide: str, kind: str) -> None:
    where = next(g.where for g in content.guides if g.id == guide)
    links = link_where(where, content.institutions)
    assert any(o.type == kind for link in links for o in link.offices)


def test_lay_phrases_cover_the_cited_articles_of_the_new_laws(content: ContentSources) -> None:
    lay = Path(CONTENT_DIR) / "lay_phrases"
    for name in NEW_LAWS:
        data = tomllib.loads((lay / f"{name.removeprefix('中华人民共和国')}.toml").read_text("utf-8"))
        assert data["law"] == name
        cited = {
            c.article for g in content.guides if g.id in NEW_GUIDES for c in g.citations if c.law == name
        }
        assert cited <= {int(k) for k in data["articles"] if "-" not in k}, name
