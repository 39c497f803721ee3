"""视频咨询 end to end on this headless box: the real server over loopback, a lawyer in headless
Chromium, the real kiosk (QML, view-model, the QtWebEngine call window process with a fake camera).

Proves: the visitor's path from the home tile through consent and the queue to a call; video
frames arrive both ways (decoded-frame counts and the remote <video> size on each side); hang-up
on one side ends the call on both, the call window process exits, the record is written; and a
side that vanishes (killed) ends the call on the other side within 10 s.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cdp_pipe import Browser
from enrolled_kiosk import (  # noqa: F401  (the fixtures among them)
    NEEDS_CHROMIUM,
    Site,
    call_kiosk,
    chromium_lawyer,
    cut_relay_and_resume,
    frames_both_ways,
    last_call,
    pump,
    relay_off,
    site_with_turn,
    start_call,
    turn_server,
)
from video_e2e import create_lawyer, lawyer_on_duty, lawyer_report, poll_until

from server.models import User
from server.services import video as video_calls
from tests.ui.conftest import find, tap
from ui.app import Kiosk
from ui.shot import settle

pytestmark = NEEDS_CHROMIUM


@pytest.fixture
def kiosk(qapp: object, tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Kiosk]:
    yield from call_kiosk(tmp_path, *site, monkeypatch)


def _in_call(kiosk: Kiosk, lawyer: Browser, site: Site) -> tuple[Any, list[dict[str, Any]]]:
    """The lawyer signs in and goes on duty, the visitor queues from the home tile, the lawyer
    answers, and frames flow both ways: the Video view-model and the call window's reports."""
    url, context = site
    create_lawyer(context)
    lawyer_on_duty(lawyer, url)
    reports: list[dict[str, Any]] = []
    video = start_call(kiosk, lawyer, reports)
    frames_both_ways(lawyer, reports)
    return video, reports


def test_a_call_from_the_kiosk_tile_to_hang_up(
    kiosk: Kiosk, lawyer: Browser, site: Site
) -> None:
    _url, context = site
    video, _reports = _in_call(kiosk, lawyer, site)
    # The idle wipe does not end a call: the session is kept awake while it runs.
    kiosk.session.tick()
    assert video.stage == "in_call"

    lawyer.evaluate("document.getElementById('hangup').click(); true")
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=pump)
    assert video.reason == "hangup_lawyer"
    poll_until(lambda: not video._runner.running, timeout_s=10, pump=pump)  # the window is gone
    assert lawyer_report(lawyer)["state"] == "ended"
    call = last_call(context)
    assert (call.state, call.lawyer, call.topic) == ("ended", "lawyer1", "labour")
    assert call.end_reason == "hangup_lawyer" and call.answered_at and call.ended_at


def test_the_kiosk_vanishing_ends_the_lawyers_call_within_10_s(
    kiosk: Kiosk, lawyer: Browser, site: Site
) -> None:
    _url, context = site
    video, _reports = _in_call(kiosk, lawyer, site)

    process = video._runner._process
    assert process is not None
    os.kill(process.processId(), signal.SIGKILL)  # power cut of the call window, no goodbye
    took = poll_until(lambda: lawyer_report(lawyer)["state"] == "ended", timeout_s=10, pump=pump)
    assert took < 10
    assert last_call(context).end_reason == "kiosk_lost"
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=pump)


def test_the_lawyer_vanishing_ends_the_kiosks_call_within_10_s(
    kiosk: Kiosk, lawyer: Browser, site: Site
) -> None:
    _url, context = site
    video, _reports = _in_call(kiosk, lawyer, site)

    lawyer._process.kill()  # the lawyer's laptop loses power
    took = poll_until(lambda: video.stage == "ended", timeout_s=10, pump=pump)
    assert took < 10
    assert video.reason == "lawyer_lost"
    assert find(kiosk, "endedText").property("text") == kiosk.i18n.text("video.ended_lost")
    poll_until(lambda: not video._runner.running, timeout_s=10, pump=pump)
    assert last_call(context).end_reason == "lawyer_lost"


@pytest.mark.parametrize("relay", [True])
def test_relay_only_through_coturn_with_time_limited_credentials(
    kiosk: Kiosk, lawyer: Browser, site: Site
) -> None:
    """Both ends may use only TURN relay candidates; coturn accepts only the server's HMAC
    credentials (a wrong secret would fail the allocation and no frame would arrive)."""
    _url, context = site
    video, reports = _in_call(kiosk, lawyer, site)
    poll_until(lambda: lawyer_report(lawyer)["relay"] and reports[-1]["relay"], timeout_s=5, pump=pump)
    video.hangup()
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=pump)
    assert last_call(context).end_reason == "hangup_kiosk"


@pytest.mark.parametrize("relay", [True])
@pytest.mark.parametrize("cut_s", [3, 8])
def test_a_network_cut_does_not_end_the_call(
    kiosk: Kiosk, lawyer: Browser, site: Site, turn: dict[str, Any], cut_s: float
) -> None:
    """All media goes through coturn (relay only); freezing coturn cuts the media path while
    signalling stays up. The call continues without anyone touching anything: after 3 s Chromium
    simply resumes; after 8 s the connection has been "disconnected" and the lawyer's side
    restarts ICE."""
    video, reports = _in_call(kiosk, lawyer, site)
    cut_relay_and_resume(turn, cut_s, lawyer, reports)
    assert video.stage == "in_call" and lawyer_report(lawyer)["state"] != "ended"
    if cut_s >= 8:
        assert lawyer_report(lawyer)["iceRestarts"] >= 1
    video.hangup()
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=pump)


def test_the_session_wipe_while_waiting_leaves_the_queue_and_closes_the_warm_window(
    kiosk: Kiosk, site: Site
) -> None:
    _url, context = site
    create_lawyer(context)
    with context.session_factory() as session:
        lawyer_user = session.query(User).filter_by(username="lawyer1").one()
        video_calls.set_duty(session, user=lawyer_user, on_duty=True, now=context.clock())
        session.commit()
    video: Any = kiosk.view_models["Video"]
    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    poll_until(lambda: video.lawyersOnDuty == 1, timeout_s=10, pump=pump)
    tap(kiosk, "topic_land")
    assert video._runner.running is False  # no camera process before consent
    tap(kiosk, "videoPrimary")
    poll_until(lambda: video.stage == "waiting", timeout_s=10, pump=pump)
    assert video._runner.running  # the call window, hidden, camera closed
    assert last_call(context).state == "waiting"

    kiosk.session.endSession()  # 结束并清除, or the idle wipe
    poll_until(lambda: last_call(context).state == "ended", timeout_s=10, pump=pump)
    assert last_call(context).end_reason == "left"
    poll_until(lambda: not video._runner.running, timeout_s=10, pump=pump)
    assert (video.stage, video.topic) == ("topics", "")
