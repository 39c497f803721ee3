"""The footer's 结束并清除 asks first and leaves the hotline in place; the hotline opens the 12348
page; the rating screen fits elder landscape, says what is missing, and offers next steps."""

from __future__ import annotations

from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, scene_rect, tap
from ui.app import Kiosk
from ui.shot import settle


def test_finish_and_clear_asks_first(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    tap(kiosk, "tile_rating")
    tap(kiosk, "level_2")
    clear = find(kiosk, "clearButton")
    assert clear.isVisible()
    assert clear.property("kind") == "plain"  # not styled like the one main action
    assert find(kiosk, "hotlineButton").isVisible()  # and the hotline stays
    tap(kiosk, "clearButton")
    assert find(kiosk, "clearConfirm").isVisible()
    assert "结束并清除" in speaker.spoken[-1][0]
    assert kiosk.rating.level == 2  # nothing wiped yet
    tap(kiosk, "cancelClear")
    assert not find(kiosk, "clearConfirm").isVisible()
    assert kiosk.nav.currentScreen == "rating" and kiosk.rating.level == 2
    tap(kiosk, "clearButton")
    tap(kiosk, "confirmClear")
    assert kiosk.nav.history == ["home"] and kiosk.rating.level == 0
    assert not find(kiosk, "clearConfirm").isVisible() and not kiosk.session.hasVisitorData


def test_the_hotline_stays_readable_in_elder_portrait(kiosk: Kiosk) -> None:
    kiosk.theme.set_elder(True)
    tap(kiosk, "tile_rating")
    tap(kiosk, "level_3")
    hotline, clear = find(kiosk, "hotlineButton"), find(kiosk, "clearButton")
    assert hotline.isVisible() and clear.isVisible()
    assert not scene_rect(hotline).intersects(scene_rect(clear))
    assert scene_rect(hotline).right() <= kiosk.window.width()
    assert scene_rect(clear).right() <= kiosk.window.width()


def test_the_hotline_button_opens_the_number_and_a_qr_code(kiosk: Kiosk) -> None:
    tap(kiosk, "hotlineButton")
    assert kiosk.nav.currentScreen == "hotline"
    assert find(kiosk, "hotlineNumber").property("text") == "12348"
    assert find(kiosk, "hotlineQr").property("payload") == "tel:12348"


def test_rating_choices_are_all_reachable_in_elder_landscape(kiosk: Kiosk) -> None:
    kiosk.window.resize(1920, 1080)
    kiosk.theme.set_elder(True)
    settle(2)
    tap(kiosk, "tile_rating")
    submit = scene_rect(find(kiosk, "submitRating"))
    for level in range(1, 6):
        choice = scene_rect(find(kiosk, f"level_{level}"))
        assert not choice.intersects(submit)
        assert choice.bottom() < submit.top()
    tap(kiosk, "level_1")
    assert kiosk.rating.level == 1


def test_submitting_without_a_choice_says_so_on_screen_and_aloud(
    kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    tap(kiosk, "tile_rating")
    tap(kiosk, "submitRating")
    error = find(kiosk, "ratingError")
    assert error.isVisible() and error.property("text") == "请先点一个满意程度。"
    assert speaker.spoken[-1][0] == "请先点一个满意程度。"
    # Right above the button the visitor just pressed.
    assert scene_rect(error).bottom() <= scene_rect(find(kiosk, "submitRating")).top()


def test_after_dissatisfied_the_thanks_page_offers_next_steps(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_rating")
    tap(kiosk, "level_1")
    tap(kiosk, "submitRating")
    assert kiosk.rating.saved
    assert "很抱歉没有帮到您" in find(kiosk, "thanksBody").property("text")
    assert not find(kiosk, "nextDirectory").isVisible()  # no content pack: no directory here
    tap(kiosk, "nextHotline")
    assert kiosk.nav.currentScreen == "hotline"
    tap(kiosk, "backButton")
    tap(kiosk, "nextHome")
    assert kiosk.nav.currentScreen == "home"


def test_after_satisfied_the_thanks_page_thanks(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_rating")
    tap(kiosk, "level_5")
    tap(kiosk, "submitRating")
    assert find(kiosk, "thanksBody").property("text") == "您的意见会帮助我们把服务做得更好。"
    assert find(kiosk, "nextHotline").isVisible() and find(kiosk, "nextHome").isVisible()


def test_sample_directory_note_is_for_technicians_only(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_directory")
    note = "示例数据"
    screen = k.current_screen()
    assert screen is not None
    from ui.read_aloud_audit import visible_texts

    assert not any(note in t for t in visible_texts(screen))
    tap(k, "institution_sample-legal-aid-centre")
    screen = k.current_screen()
    assert screen is not None and not any(note in t for t in visible_texts(screen))
    k.nav.go("technician")
    settle(2)
    assert note in find(k, "sampleDirectory").property("text")
