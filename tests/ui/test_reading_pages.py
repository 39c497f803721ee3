"""Guide and article pages read well: steps at the reading size without double gaps, a reading
width in landscape, a "more below" cue that scrolls, one way of naming laws, links that work,
and in English a plain note that the content is Chinese with a Mandarin reading of it."""

from __future__ import annotations

import re

from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, scene_rect, tap, wait_until
from ui.app import Kiosk
from ui.shot import settle


def _open_guide(k: Kiosk) -> None:
    k.nav.go("guide", {"guide": "unpaid-wages-steps"})
    settle(2)


def test_steps_are_at_the_reading_size_with_single_gaps(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    _open_guide(k)
    summary, first, second = find(k, "summary"), find(k, "step_0"), find(k, "step_1")
    assert first.property("pixelSize") == summary.property("pixelSize") == k.theme.largePx
    gap = scene_rect(second).top() - scene_rect(first).bottom()
    assert gap <= k.theme.gapPx


def test_landscape_guides_keep_a_reading_width(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    k.window.resize(1920, 1080)
    settle(2)
    _open_guide(k)
    step = find(k, "step_0")
    assert step.width() < 0.75 * k.window.width()
    k.window.resize(1080, 1920)
    settle(2)
    assert find(k, "step_0").width() > 0.85 * k.window.width()


def test_more_below_is_shown_and_scrolls(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    _open_guide(k)
    cue = find(k, "moreCue")
    assert cue.isVisible()
    flick = find(k, "pageFlick")
    before = flick.property("contentY")
    tap(k, "moreCue")
    assert flick.property("contentY") > before
    for _ in range(30):
        if cue.property("text") == "已经到底了，点这里回到顶部":
            break
        tap(k, "moreCue")
    bottom = flick.property("contentY") + flick.property("height")
    assert bottom >= flick.property("contentHeight") - k.theme.gapPx - 1
    tap(k, "moreCue")
    assert flick.property("contentY") == 0


def test_laws_are_named_one_way_everywhere(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    k.library.search("老板拖欠工资")
    wait_until(lambda: not k.library.searching)
    k.library.ask("老板拖欠工资不给怎么办")
    wait_until(lambda: not k.library.asking)
    cited = re.compile(r"^《[^》]+》第[一二三四五六七八九十百千零]+条")
    titles = [r["title"] for r in k.library.results["law"]]
    titles += [a["source"] for a in k.library.answer["articles"]]
    titles += [c["citedAs"] for c in k.library.guide("unpaid-wages-steps", "zh_CN", {})["citations"]]
    assert titles and all(cited.match(t) for t in titles), titles
    assert not any(t.startswith("《中华人民共和国") for t in titles)


def test_the_article_page_links_to_its_chapter(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    k.nav.go("article", {"law": "中华人民共和国劳动合同法", "number": 30})
    settle(2)
    assert k.current_screen().property("title") == "《劳动合同法》第三十条"  # type: ignore[union-attr]
    tap(k, "articleChapter")
    assert k.nav.currentScreen == "chapter"
    assert k.nav.params["title"] == "第三章 劳动合同的履行和变更"
    chapter = k.library.articles("中华人民共和国劳动合同法", k.nav.params["chapter"])
    assert any(a["number"] == 30 for a in chapter)


def test_english_screens_say_the_content_is_chinese_and_read_it_in_mandarin(
    content_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    k = content_kiosk
    tap(k, "languageButton")
    for screen, params in (("guide", {"guide": "unpaid-wages-steps"}), ("topic", {"topic": "unpaid-wages"}),
                           ("article", {"law": "中华人民共和国劳动合同法", "number": 30}), ("ask", {}),
                           ("search", {}), ("laws", {}), ("directory", {})):
        k.nav.go(screen, params)
        settle(2)
        assert find(k, "chineseContentNote").isVisible(), screen
    _open_guide(k)
    tap(k, "readInMandarin")
    text, language = speaker.spoken[-1]
    assert language == "zh_CN"
    assert text == "工资被拖欠怎么办"
    while k.speech.speaking:
        speaker.finish()
        settle(1)
        said = speaker.spoken[-1][0]
        assert not re.search(r"[A-Za-z]{3,}", said), said  # no English heading in a Mandarin line
    tap(k, "languageButton")
    _open_guide(k)
    assert not find(k, "chineseContentNote").isVisible()
