"""朗读 covers what is on the screen: home's tiles, Ask's common questions, a topic's FAQ, every
group of search results, a chapter article by article (highlighted, with a way to skip), and the
rating screen as it stands. Checked through the real QML with the fake speaker."""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem

from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, tap, wait_until
from ui.app import Kiosk
from ui.read_aloud_audit import spoken_form, unread_texts
from ui.shot import settle


def _listen_to_all(kiosk: Kiosk, speaker: FakeSpeaker) -> str:
    """Tap 朗读 and let every paragraph come to its end; everything that was said."""
    start = len(speaker.spoken)
    tap(kiosk, "readButton")
    for _ in range(2000):
        if not kiosk.speech.speaking:
            break
        speaker.finish()
        settle(1)
    assert not kiosk.speech.speaking
    return "\n".join(text for text, _language in speaker.spoken[start:])


def _screen(kiosk: Kiosk) -> QQuickItem:
    item = kiosk.current_screen()
    assert isinstance(item, QQuickItem)
    return item


def _assert_all_read(kiosk: Kiosk, said: str) -> None:
    assert unread_texts(_screen(kiosk), said) == []


def test_home_names_each_tile_and_highlights_it(content_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    k = content_kiosk
    tap(k, "readButton")
    speaker.finish()  # the greeting: the first tile comes next and is highlighted
    settle(2)
    assert find(k, "tile_guides").property("speakingNow") is True
    assert speaker.spoken[-1][0].startswith("法律指南")
    k.speech.stop()
    said = _listen_to_all(k, speaker)
    for tile in ("法律指南", "问一问", "找机构", "写申请", "取号", "视频咨询", "更多服务"):
        assert tile in said
    _assert_all_read(k, said)
    # 更多服务 names its tiles too.
    tap(k, "tile_more")
    said = _listen_to_all(k, speaker)
    for tile in ("搜一搜", "查法条", "算一算", "评价服务", "使用说明"):
        assert tile in said
    _assert_all_read(k, said)


def test_ask_reads_its_common_questions(content_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    k = content_kiosk
    tap(k, "tile_ask")
    said = _listen_to_all(k, speaker)
    questions = k.library.commonQuestions()
    assert len(questions) >= 4
    assert all(q in said for q in questions)
    _assert_all_read(k, said)


def test_a_topic_reads_its_guides_and_faq(content_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    k = content_kiosk
    tap(k, "tile_guides")
    tap(k, "topic_unpaid-wages")
    said = _listen_to_all(k, speaker)
    faqs = k.library.faqsFor("unpaid-wages")
    assert faqs and all(f["question"] in said for f in faqs)
    _assert_all_read(k, said)


def test_search_results_are_read_group_by_group(content_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    k = content_kiosk
    tap(k, "tile_search")
    k.library.search("房东扣着押金不退")
    wait_until(lambda: not k.library.searching)
    settle(2)
    said = _listen_to_all(k, speaker)
    results = k.library.results
    assert results["guide"] and results["faq"] and results["law"]
    for heading in ("指南", "常见问题", "法律条文"):
        assert heading in said
    for kind, shown in (("guide", 5), ("faq", 5), ("law", 10)):
        assert all(spoken_form(r["title"]) in spoken_form(said) for r in results[kind][:shown])
    _assert_all_read(k, said)


def test_a_chapter_is_read_article_by_article_with_a_skip(
    content_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    k = content_kiosk
    law = "中华人民共和国劳动合同法"
    k.nav.go("chapter", {"law": law, "chapter": 1, "title": "第二章 劳动合同的订立"})
    settle(2)
    articles = k.library.articles(law, 1)
    assert len(articles) > 5
    tap(k, "readButton")
    assert speaker.spoken[-1][0] == "第二章 劳动合同的订立"
    speaker.finish()
    settle(2)
    assert speaker.spoken[-1][0].startswith(articles[0]["label"] + "。")
    assert find(k, "article_0").property("speakingNow") is True
    tap(k, "skipArticle")  # the press silences the first article; the second one follows
    assert k.speech.speaking
    assert speaker.spoken[-1][0].startswith(articles[1]["label"] + "。")
    assert find(k, "article_1").property("speakingNow") is True
    assert find(k, "article_0").property("speakingNow") is False
    # Far down the chapter, the spoken article is scrolled into view.
    for _ in range(4):
        speaker.finish()
        settle(2)
    spoken = find(k, "article_5")
    assert spoken.property("speakingNow") is True
    listing = find(k, "articleList")
    top = spoken.mapToItem(listing, 0, 0).y()
    assert -1 <= top < listing.height() / 2


def test_the_rating_screen_reads_what_it_shows(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    tap(kiosk, "tile_rating")
    said = _listen_to_all(kiosk, speaker)
    _assert_all_read(kiosk, said)
    assert "评价是匿名的" not in said  # the note belongs to the comment box, absent here
    tap(kiosk, "submitRating")  # with no choice: said aloud at once, and on the screen
    assert speaker.spoken[-1][0] == "请先点一个满意程度。"
    kiosk.speech.stop()
    said = _listen_to_all(kiosk, speaker)
    assert "请先点一个满意程度" in said
    _assert_all_read(kiosk, said)
    tap(kiosk, "level_2")
    tap(kiosk, "submitRating")
    said = _listen_to_all(kiosk, speaker)
    assert "很抱歉没有帮到您" in said
    _assert_all_read(kiosk, said)


def test_the_rating_screen_with_comments_reads_the_note(enrolled_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    tap(enrolled_kiosk, "tile_rating")
    said = _listen_to_all(enrolled_kiosk, speaker)
    assert "评价是匿名的" in said
    _assert_all_read(enrolled_kiosk, said)
