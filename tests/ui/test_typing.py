"""Typing for people who do not type: the open keyboard keeps 返回 / 首页 and the text box in
view, has large labelled keys and candidates, clears all at once; chips and common questions
under every text box let most visitors tap instead of typing."""

from __future__ import annotations

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, scene_rect, tap, wait_until
from ui.app import Kiosk
from ui.keyboard_audit import audit_keyboard, type_pinyin
from ui.shot import settle


def _open_keyboard(k: Kiosk, field: str) -> None:
    tap(k, field)
    settle(4)
    assert find(k, "keyboard").property("active") is True


def _audit(k: Kiosk, *, elder: bool, mm_per_px: float | None = None) -> list[tuple[str, str, str]]:
    root = k.window.contentItem()
    return audit_keyboard(
        find(k, "keyboard"), window=root, elder=elder,
        mm_per_px=mm_per_px or k.settings.screen.mm_per_px,
        must_stay_visible=[find(k, "backButton"), find(k, "homeButton")],
    )


def test_the_open_keyboard_keeps_back_home_and_the_box_in_view(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_search")
    _open_keyboard(k, "searchInput")
    keyboard_top = scene_rect(find(k, "kioskKeyboard")).top()
    for name in ("backButton", "homeButton", "searchInput"):
        rect = scene_rect(find(k, name))
        assert rect.bottom() <= keyboard_top, name
        assert rect.top() >= scene_rect(find(k, "header")).bottom() - 1, name


def test_the_keyboard_passes_its_audit_in_portrait_and_elder_landscape(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_search")
    _open_keyboard(k, "searchInput")
    typist = type_pinyin(k.engine, "gongzi")
    settle(4)
    assert _audit(k, elder=False) == []
    labels = {t.property("text") for t in _all(k, "keyLabel")}
    assert {"删除", "确定", "空格", "收起键盘"} <= labels
    k.window.resize(1920, 1080)
    k.theme.set_elder(True)
    settle(4)
    assert _audit(k, elder=True) == []
    typist.deleteLater()


def test_the_keyboard_audit_catches_small_keys_and_candidates(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_search")
    _open_keyboard(k, "searchInput")
    typist = type_pinyin(k.engine, "gongzi")
    settle(4)
    kinds = {kind for kind, _item, _detail in _audit(k, elder=True, mm_per_px=0.05)}
    assert {"keyboard_key", "keyboard_candidates"} <= kinds
    typist.deleteLater()


def test_clear_all_and_hide(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_search")
    _open_keyboard(k, "searchInput")
    find(k, "searchInput").setProperty("text", "房东不退押金")
    settle(2)
    tap(k, "keyboardClear")
    assert find(k, "searchInput").property("text") == ""
    tap(k, "keyboardHide")
    settle(4)
    assert find(k, "keyboard").property("active") is False


def test_search_offers_topics_and_common_questions_to_tap(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_search")
    tap(k, "searchCommon_0")
    wait_until(lambda: not k.library.searching)
    assert k.library.query == k.library.commonQuestions()[0] and k.library.hasResults
    k.nav.home()
    settle(2)
    k.library.reset()
    tap(k, "tile_search")
    tap(k, "topicChip_0")
    assert k.nav.currentScreen == "topic" and k.nav.params["topic"] == k.library.topics[0]["id"]


def test_ask_offers_topics_under_its_box(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_ask")
    tap(k, "askTopicChip_1")
    assert k.nav.currentScreen == "topic" and k.nav.params["topic"] == k.library.topics[1]["id"]


def test_rating_phrases_fill_the_comment(enrolled_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    k = enrolled_kiosk
    tap(k, "tile_rating")
    tap(k, "level_2")
    from tests.ui.conftest import reveal

    reveal(k, "phraseChip_2")
    tap(k, "phraseChip_2")
    reveal(k, "phraseChip_3")
    tap(k, "phraseChip_3")
    assert k.rating.comment == "等的时间太长，字太小看不清"
    assert find(k, "commentField").property("text") == k.rating.comment


def _all(k: Kiosk, name: str) -> list:  # type: ignore[type-arg]
    found, stack = [], [k.window.contentItem()]
    while stack:
        item = stack.pop()
        if item.objectName() == name and item.isVisible():
            found.append(item)
        stack.extend(item.childItems())
    return found


def test_keys_stay_large_on_a_denser_panel(qapp: object, tmp_path: object) -> None:
    """A 21.5" portrait panel (0.25 mm a pixel): the keyboard grows taller to keep its keys."""
    from dataclasses import replace
    from pathlib import Path

    from ui.app import build_kiosk
    from ui.shot import ManualClock

    base = Settings().with_data_dir(Path(str(tmp_path)))
    settings = replace(base, screen=replace(base.screen, mm_per_px=0.25))
    k = build_kiosk(settings, speaker=FakeSpeaker(), size=(1080, 1920), clock=ManualClock(),
                    open_content=False)
    try:
        k.window.show()
        settle(2)
        k.theme.set_elder(True)
        k.nav.go("enroll")  # a screen with a text box that needs neither content nor enrollment
        settle(2)
        _open_keyboard(k, "serverField")
        problems = [p for p in _audit(k, elder=True) if p[0] == "keyboard_key"]
        assert problems == []
    finally:
        k.close()
