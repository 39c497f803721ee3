"""Visitor and technician flows driven through the real QML by tapping, as a finger would."""

from __future__ import annotations

from pathlib import Path

from kiosk.devices.speech import FakeSpeaker
from kiosk.security.technician_lock import TechnicianLock
from tests.ui.conftest import find, tap
from ui.app import Kiosk
from ui.shot import ManualClock, settle


def test_tapping_a_tile_opens_its_screen_and_back_returns(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_privacy")
    assert kiosk.nav.currentScreen == "privacy"
    assert "信息" in kiosk.current_screen().property("readAloudText")
    tap(kiosk, "backButton")
    assert kiosk.nav.currentScreen == "home"


def test_home_button_clears_history(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_rating")
    tap(kiosk, "homeButton")
    assert kiosk.nav.history == ["home"]


def test_elder_toggle_makes_text_and_targets_larger(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_rating")
    button = find(kiosk, "level_5")
    before_height, before_body = button.height(), kiosk.theme.bodyPx
    tap(kiosk, "elderButton")
    assert kiosk.theme.elder
    assert kiosk.theme.bodyPx >= before_body * 1.3
    assert find(kiosk, "level_5").height() > before_height


def test_language_switch_changes_every_visible_string(kiosk: Kiosk) -> None:
    tap(kiosk, "languageButton")
    assert kiosk.i18n.language == "en"
    assert find(kiosk, "homeButton").property("text") == "Home"
    assert kiosk.info.servicePointName.startswith("Sample Town")


def test_read_aloud_speaks_the_screen_and_stops_on_navigation(
    kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    tap(kiosk, "tile_privacy")
    tap(kiosk, "readButton")
    assert kiosk.speech.speaking
    text, language = speaker.spoken[-1]
    assert language == "zh_CN" and "怎么使用" in text
    tap(kiosk, "backButton")
    assert not kiosk.speech.speaking
    assert speaker.stops >= 1


def test_tapping_read_while_speaking_stops_rather_than_restarts(
    kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    tap(kiosk, "readButton")
    spoken = len(speaker.spoken)
    tap(kiosk, "readButton")
    assert not kiosk.speech.speaking
    assert len(speaker.spoken) == spoken


def test_idle_countdown_then_reset_returns_home(kiosk: Kiosk, clock: ManualClock) -> None:
    tap(kiosk, "tile_rating")
    tap(kiosk, "level_4")
    assert kiosk.session.hasVisitorData
    clock.advance(kiosk.settings.kiosk.idle_timeout_s + 1)
    kiosk.session.tick()
    settle(2)
    assert find(kiosk, "idleOverlay").isVisible()
    assert "秒" in find(kiosk, "idleSeconds").property("text")
    clock.advance(kiosk.settings.kiosk.idle_countdown_s)
    kiosk.session.tick()
    settle(2)
    assert kiosk.nav.history == ["home"]
    assert kiosk.rating.level == 0
    assert not kiosk.session.hasVisitorData
    assert not find(kiosk, "idleOverlay").isVisible()


def test_continue_keeps_the_session(kiosk: Kiosk, clock: ManualClock) -> None:
    tap(kiosk, "tile_rating")
    tap(kiosk, "level_3")
    clock.advance(kiosk.settings.kiosk.idle_timeout_s + 2)
    kiosk.session.tick()
    settle(2)
    tap(kiosk, "continueButton")
    assert not kiosk.session.countdownVisible
    assert kiosk.nav.currentScreen == "rating" and kiosk.rating.level == 3


def test_finish_and_clear_button_appears_after_input_and_wipes(kiosk: Kiosk) -> None:
    assert not find(kiosk, "clearButton").isVisible()
    tap(kiosk, "tile_rating")
    tap(kiosk, "level_2")
    assert find(kiosk, "clearButton").isVisible()
    tap(kiosk, "clearButton")
    tap(kiosk, "confirmClear")
    assert kiosk.nav.history == ["home"] and kiosk.rating.level == 0


def test_rating_is_saved_anonymously(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_rating")
    assert not find(kiosk, "commentField").isVisible()  # not enrolled: a comment could not be sent
    tap(kiosk, "submitRating")
    assert kiosk.rating.errorKey == "rating.choose_first"
    tap(kiosk, "level_5")
    tap(kiosk, "submitRating")
    assert kiosk.rating.saved
    rows = list(kiosk.services.db["ratings"].rows)
    assert (rows[0]["level"], rows[0]["has_comment"]) == (5, 0)


def test_rating_comment_leaves_sealed(enrolled_kiosk: Kiosk) -> None:
    kiosk = enrolled_kiosk
    tap(kiosk, "tile_rating")
    assert find(kiosk, "commentField").isVisible()
    tap(kiosk, "level_2")
    kiosk.rating.setComment("王五态度不好 13812345678")
    tap(kiosk, "submitRating")
    assert kiosk.rating.saved
    sealed = kiosk.services.db.execute(
        "select sealed from sync_outbox where kind = 'rating'"
    ).fetchall()
    assert len(sealed) == 1 and "王五" not in sealed[0][0]


def _open_pin_pad(kiosk: Kiosk) -> None:
    kiosk.tech.cornerHeld("first")
    kiosk.tech.cornerHeld("second")
    settle(2)
    assert find(kiosk, "pinPad").isVisible()


def _type_pin(kiosk: Kiosk, pin: str) -> None:
    for digit in pin:
        tap(kiosk, f"key_{digit}")
    tap(kiosk, "pinOk")


def test_technician_pin_opens_technician_screen(kiosk: Kiosk) -> None:
    TechnicianLock(kiosk.services.db).set_pin("246813")
    _open_pin_pad(kiosk)
    _type_pin(kiosk, "246813")
    assert kiosk.nav.currentScreen == "technician"
    tap(kiosk, "speakerTest")
    tap(kiosk, "leaveTech")
    assert kiosk.nav.currentScreen == "home"
    actions = [e.action for e in kiosk.tech._audit.recent(5)]
    assert actions[:3] == ["leave_technician_mode", "speaker_test", "open_technician_mode"]


def test_technician_pin_locks_after_five_wrong_tries(kiosk: Kiosk) -> None:
    TechnicianLock(kiosk.services.db).set_pin("246813")
    _open_pin_pad(kiosk)
    for _ in range(5):
        _type_pin(kiosk, "999999")
    assert "锁定" in find(kiosk, "pinMessage").property("text")
    _type_pin(kiosk, "246813")  # the right PIN is refused while locked
    assert kiosk.nav.currentScreen == "home"
    assert kiosk.tech.lockedSeconds > 14 * 60


def test_gesture_needs_both_corners_in_order(kiosk: Kiosk, clock: ManualClock) -> None:
    kiosk.tech.cornerHeld("second")
    assert not kiosk.tech.pinPadVisible
    kiosk.tech.cornerHeld("first")
    clock.advance(60)  # the second corner comes far too late
    kiosk.tech.cornerHeld("second")
    assert not kiosk.tech.pinPadVisible


def test_exit_to_desktop_asks_for_the_pin_again(kiosk: Kiosk) -> None:
    TechnicianLock(kiosk.services.db).set_pin("246813")
    _open_pin_pad(kiosk)
    _type_pin(kiosk, "246813")
    exits: list[bool] = []
    kiosk.tech.exit_requested.connect(lambda: exits.append(True))
    tap(kiosk, "exitDesktop")
    assert find(kiosk, "pinPad").isVisible()
    assert "退出" in find(kiosk, "pinMessage").property("text")
    _type_pin(kiosk, "111222")
    assert exits == []
    _type_pin(kiosk, "246813")
    assert exits == [True]
    assert kiosk.tech._audit.recent(1)[0].action == "exit_to_desktop"


def test_read_aloud_can_be_switched_off(qapp: object, tmp_path: Path) -> None:
    import dataclasses

    from kiosk.config import Settings
    from ui.app import build_kiosk

    base = Settings().with_data_dir(tmp_path)
    settings = dataclasses.replace(base, speech=dataclasses.replace(base.speech, enabled=False))
    kiosk = build_kiosk(settings, open_content=False)
    try:
        kiosk.window.show()
        settle(2)
        assert not find(kiosk, "readButton").isVisible()
        assert kiosk.speaker.status() == "not_configured"
    finally:
        kiosk.close()
