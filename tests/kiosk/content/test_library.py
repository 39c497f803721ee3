"""ContentLibrary: what the screens read, from a real installed fixture pack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.content.installer import InstalledPack
from kiosk.content.library import ContentLibrary, guide_url
from kiosk.content.pack import CONTENT_FILE, LAY_FILE
from kiosk.search.segment import Segmenter


@pytest.fixture(scope="module")
def library(installed: InstalledPack, segmenter: Segmenter) -> ContentLibrary:
    return ContentLibrary(installed.path, segmenter=segmenter)


def test_topics_guides_and_faq(library: ContentLibrary) -> None:
    assert [t.id for t in library.topics()] == ["rent", "wages"]
    assert {g.id for g in library.guides_for("rent")} == {"rent-deposit", "rent-repair"}
    assert [f.id for f in library.faqs("wages")] == ["arbitration-fee"]
    assert len(library.faqs()) == 2


def test_guide_resolves_related_guides_and_cited_article_text(library: ContentLibrary) -> None:
    detail = library.guide("rent-deposit")
    assert detail is not None
    assert detail.topic_title == "租房纠纷"
    assert [g.id for g in detail.related] == ["rent-repair"]
    first = detail.cited[0]
    assert first.citation.article == 577
    assert first.article is not None
    assert "违约责任" in first.article.text
    assert library.guide("no-such-guide") is None


def test_laws_chapters_and_articles(library: ContentLibrary) -> None:
    laws = {law.name: law for law in library.law_list()}
    rural = laws["中华人民共和国农村土地承包法"]
    assert rural.status == "现行有效"
    assert "已废止" in rural.reason
    chapters = library.chapters("民法典")
    divorce = next(c for c in chapters if c.title.endswith("离婚"))
    articles = library.articles("民法典", divorce.index)
    assert 1079 in [a.number for a in articles]
    assert all(a.chapter == divorce.title for a in articles)
    assert sum(c.article_count for c in chapters) == laws["中华人民共和国民法典"].article_count


def test_article_by_full_name_short_name_or_alias(library: ContentLibrary) -> None:
    by_full = library.article("中华人民共和国劳动合同法", 30)
    by_alias = library.article("劳动合同", 30)
    assert by_full is not None
    assert by_full == by_alias
    assert by_full.title == "劳动合同法 第三十条"
    assert library.article("劳动合同法", 9999) is None
    assert library.article("不存在的法", 1) is None


def test_article_text_has_no_trailing_part_headings(library: ContentLibrary) -> None:
    article = library.article("民法典", 1039)  # the last article before 第五编 婚姻家庭
    assert article is not None
    assert "第五编" not in article.text
    chapter = next(c for c in library.chapters("民法典") if c.first_article == 1040)
    assert chapter.part == "第五编 婚姻家庭"


def test_directory_and_institution(library: ContentLibrary) -> None:
    assert len(library.directory()) == 2
    assert [i.id for i in library.directory(type="legal_aid_centre")] == ["sample-legal-aid"]
    assert library.directory(township="别的镇") == []
    office = library.institution("sample-judicial-office")
    assert office is not None
    assert office.sample
    assert library.institution("nope") is None


def test_guide_url_for_the_qr_code() -> None:
    assert guide_url("https://x.example/lawpost/", "rent-deposit") == (
        "https://x.example/lawpost/guides/rent-deposit"
    )
    assert guide_url("https://x.example", "a/b c") == "https://x.example/guides/a%2Fb%20c"


def test_search_and_ask_through_the_library(library: ContentLibrary) -> None:
    assert library.search("押金", kind="guide").results[0].id == "rent-deposit"
    answer = library.ask("房东扣着押金不退，我能告他吗")
    assert answer.guide_id == "rent-deposit"


def test_articles_carry_the_visitors_words_for_them(library: ContentLibrary) -> None:
    divorce = library.article("民法典", 1079)
    assert divorce is not None
    assert "两口子天天吵架想散伙" in divorce.situations
    other = library.article("民法典", 577)
    assert other is not None and other.situations == ()


def test_a_pack_without_lay_phrases_still_opens(
    installed: InstalledPack, segmenter: Segmenter, tmp_path: Path
) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(installed.path, copy)
    (copy / LAY_FILE).unlink()
    article = ContentLibrary(copy, segmenter=segmenter).article("民法典", 1079)
    assert article is not None and article.situations == ()


def test_a_pack_from_before_visitors_phrasings_still_opens(
    installed: InstalledPack, segmenter: Segmenter, tmp_path: Path
) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(installed.path, copy)
    content = json.loads((copy / CONTENT_FILE).read_text("utf-8"))
    for guide in content["guides"]:
        del guide["asked"]
    (copy / CONTENT_FILE).write_text(json.dumps(content, ensure_ascii=False), "utf-8")
    first = content["guides"][0]["id"]
    guide = ContentLibrary(copy, segmenter=segmenter).guide_record(first)
    assert guide is not None and guide.asked == ()
