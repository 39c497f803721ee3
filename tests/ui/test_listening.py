"""A visitor who is only listening to read-aloud is not idle; when the reading ends, the idle
clock starts again from zero."""

from __future__ import annotations

from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, tap
from ui.app import Kiosk
from ui.shot import ManualClock, settle


def _wait_idle(kiosk: Kiosk, clock: ManualClock, seconds: float) -> None:
    """Let time pass the way the kiosk's timer sees it: in ticks, with no touch."""
    step = 5.0
    passed = 0.0
    while passed < seconds:
        clock.advance(min(step, seconds - passed))
        passed += step
        kiosk.session.tick()
    settle(2)


def test_a_visitor_listening_to_a_long_guide_is_not_wiped(
    content_kiosk: Kiosk, clock: ManualClock, speaker: FakeSpeaker
) -> None:
    k = content_kiosk
    timeout = k.settings.kiosk.idle_timeout_s
    tap(k, "tile_guides")
    tap(k, "topic_unpaid-wages")
    tap(k, "guide_unpaid-wages-steps")
    k.session.markVisitorData()
    tap(k, "readButton")
    paragraphs = k.speech.property("paragraphCount")
    assert paragraphs >= 6
    # Each paragraph takes longer than the whole idle time; nobody touches the screen.
    for _ in range(paragraphs - 1):
        _wait_idle(k, clock, timeout + k.settings.kiosk.idle_countdown_s + 5)
        assert not find(k, "idleOverlay").isVisible()
        assert k.nav.currentScreen == "guide" and k.session.resets == 0
        speaker.finish()
        settle(2)
    assert k.speech.speaking
    speaker.finish()  # the last paragraph ends: the idle clock starts from zero
    settle(2)
    assert not k.speech.speaking
    _wait_idle(k, clock, timeout - 5)
    assert not find(k, "idleOverlay").isVisible()
    _wait_idle(k, clock, 10)
    assert find(k, "idleOverlay").isVisible()
    assert k.nav.currentScreen == "guide" and k.session.hasVisitorData


def test_the_countdown_announcement_does_not_hold_the_countdown(
    kiosk: Kiosk, clock: ManualClock, speaker: FakeSpeaker
) -> None:
    tap(kiosk, "tile_rating")
    tap(kiosk, "level_4")
    _wait_idle(kiosk, clock, kiosk.settings.kiosk.idle_timeout_s + 1)
    assert find(kiosk, "idleOverlay").isVisible()
    assert kiosk.speech.speaking  # "还在使用吗？" is being said
    _wait_idle(kiosk, clock, kiosk.settings.kiosk.idle_countdown_s)
    assert kiosk.nav.history == ["home"] and kiosk.rating.level == 0


def test_a_speaker_that_never_ends_holds_the_session_only_so_long(
    kiosk: Kiosk, clock: ManualClock
) -> None:
    from ui.viewmodels.session import MAX_LISTEN_S

    tap(kiosk, "tile_rating")
    tap(kiosk, "level_4")
    tap(kiosk, "readButton")
    assert kiosk.speech.speaking
    _wait_idle(kiosk, clock, MAX_LISTEN_S + kiosk.settings.kiosk.idle_timeout_s
               + kiosk.settings.kiosk.idle_countdown_s + 10)
    assert kiosk.nav.history == ["home"] and kiosk.rating.level == 0
