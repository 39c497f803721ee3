"""视频咨询 end to end on this headless box: the real server over loopback, a lawyer in headless
Chromium, the real kiosk (QML, view-model, the QtWebEngine call window process with a fake camera).

Proves: the visitor's path from the home tile through consent and the queue to a call; video
frames arrive both ways (decoded-frame counts and the remote <video> size on each side); hang-up
on one side ends the call on both, the call window process exits, the record is written; and a
side that vanishes (killed) ends the call on the other side within 10 s.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cdp_pipe import Browser, find_chromium
from coturn import find_turnserver, running_coturn
from live_server import serving
from video_e2e import (
    FAKE_MEDIA_FLAGS,
    LawyerBrowser,
    create_lawyer,
    enrollment_code,
    lawyer_on_duty,
    lawyer_report,
    poll_until,
)

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from kiosk.storage.database import open_database
from kiosk.sync.enroll_kiosk import enroll_kiosk
from server.app import create_app
from server.context import ServerContext
from server.models import User, VideoCall
from server.services import video as video_calls
from server.settings import ServerSettings
from tests.ui.conftest import find, tap
from ui.app import Kiosk, build_kiosk
from ui.shot import ManualClock, settle

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (packaging/setup-dev.sh)")


@pytest.fixture
def relay() -> bool:
    """Overridden to True by the relay-only test."""
    return False


@pytest.fixture
def turn(relay: bool) -> Iterator[dict[str, Any]]:
    if not relay:
        yield {}
        return
    if find_turnserver() is None:
        pytest.skip("coturn is not installed (packaging/setup-dev.sh installs it)")
    secret = secrets.token_urlsafe(24)
    with running_coturn(secret) as turn_url:
        yield {"turn_urls": (turn_url,), "turn_secret": secret, "ice_transport_policy": "relay",
               "_coturn": turn_url.process}  # fmt: skip


@pytest.fixture
def site(sqlite_settings: ServerSettings, turn: dict[str, Any]) -> Iterator[tuple[str, ServerContext]]:
    app = create_app(
        sqlite_settings.with_overrides(**{k: v for k, v in turn.items() if not k.startswith("_")})
    )
    with serving(app) as url:
        yield url, app.state.context


@pytest.fixture
def lawyer() -> Iterator[Browser]:
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM, extra_flags=FAKE_MEDIA_FLAGS)
    try:
        browser.open_page()
        yield browser
    finally:
        browser.close()


@pytest.fixture
def kiosk(
    qapp: object, tmp_path: Path, site: tuple[str, ServerContext], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Kiosk]:
    url, context = site
    settings = Settings().with_data_dir(tmp_path / "kiosk")
    db = open_database(settings.data_dir)
    enroll_kiosk(db, server_url=url, code=enrollment_code(context), kiosk_name="石桥镇便民服务中心",
                 sync=settings.sync)  # fmt: skip
    db.conn.close()
    # The call window inherits these: a fake camera (test pattern) and microphone, as in Chromium.
    flags = (*FAKE_MEDIA_FLAGS, "--disable-gpu", "--no-sandbox")  # tests run as root here
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", " ".join(flags))
    built = build_kiosk(settings, speaker=FakeSpeaker(), size=(1080, 1920), clock=ManualClock(),
                        open_content=False)  # fmt: skip
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def _pump() -> None:
    settle(1)
    time.sleep(0.05)


def _start_call(kiosk: Kiosk, lawyer: Browser, url: str, kiosk_reports: list[dict[str, Any]]) -> Any:
    video = kiosk.view_models["Video"]
    runner = video._runner
    runner.report.connect(kiosk_reports.append)
    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    poll_until(lambda: video.lawyersOnDuty == 1, timeout_s=10, pump=_pump)
    tap(kiosk, "topic_labour")
    assert video.stage == "consent"
    tap(kiosk, "videoPrimary")  # 同意，开始排队
    poll_until(lambda: video.stage == "waiting", timeout_s=10, pump=_pump)
    poll_until(lambda: bool(lawyer.evaluate("document.querySelectorAll('#waiting tr td').length > 1")),
               timeout_s=10, pump=_pump)  # fmt: skip
    assert "劳动工资" in lawyer.evaluate("document.getElementById('waiting').textContent")
    lawyer.evaluate("document.getElementById('answer').click(); true")
    poll_until(lambda: video.stage == "in_call", timeout_s=10, pump=_pump)
    return video


def _frames_both_ways(lawyer: LawyerBrowser, kiosk_reports: list[dict[str, Any]]) -> None:
    def flowing() -> bool:
        mine = lawyer_report(lawyer)
        theirs = kiosk_reports[-1] if kiosk_reports else {}
        return (
            mine.get("framesDecoded", 0) > 10 and mine.get("remoteWidth", 0) > 0
            and theirs.get("framesDecoded", 0) > 10 and theirs.get("remoteWidth", 0) > 0
        )  # fmt: skip

    try:
        poll_until(flowing, timeout_s=45, pump=_pump)
    except TimeoutError:
        raise AssertionError(
            f"no frames both ways: lawyer {lawyer_report(lawyer)}, kiosk {kiosk_reports[-1:]}, "
            f"lawyer console {lawyer.console_messages()[-10:]}"
        ) from None
    assert kiosk_reports[-1]["cameraOn"] is True
    assert kiosk_reports[-1]["audioPacketsReceived"] > 0 and lawyer_report(lawyer)["audioPacketsReceived"] > 0


def _record(context: ServerContext) -> VideoCall:
    with context.session_factory() as session:
        call = session.query(VideoCall).order_by(VideoCall.id.desc()).first()
        assert call is not None
        session.expunge(call)
        return call


def test_a_call_from_the_kiosk_tile_to_hang_up(
    kiosk: Kiosk, lawyer: Browser, site: tuple[str, ServerContext]
) -> None:
    url, context = site
    create_lawyer(context)
    lawyer_on_duty(lawyer, url)
    reports: list[dict[str, Any]] = []
    video = _start_call(kiosk, lawyer, url, reports)
    _frames_both_ways(lawyer, reports)
    # The idle wipe does not end a call: the session is kept awake while it runs.
    kiosk.session.tick()
    assert video.stage == "in_call"

    lawyer.evaluate("document.getElementById('hangup').click(); true")
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=_pump)
    assert video.reason == "hangup_lawyer"
    poll_until(lambda: not video._runner.running, timeout_s=10, pump=_pump)  # the window is gone
    assert lawyer_report(lawyer)["state"] == "ended"
    call = _record(context)
    assert (call.state, call.lawyer, call.topic) == ("ended", "lawyer1", "labour")
    assert call.end_reason == "hangup_lawyer" and call.answered_at and call.ended_at


def test_the_kiosk_vanishing_ends_the_lawyers_call_within_10_s(
    kiosk: Kiosk, lawyer: Browser, site: tuple[str, ServerContext]
) -> None:
    url, context = site
    create_lawyer(context)
    lawyer_on_duty(lawyer, url)
    reports: list[dict[str, Any]] = []
    video = _start_call(kiosk, lawyer, url, reports)
    _frames_both_ways(lawyer, reports)

    process = video._runner._process
    assert process is not None
    os.kill(process.processId(), signal.SIGKILL)  # power cut of the call window, no goodbye
    took = poll_until(lambda: lawyer_report(lawyer)["state"] == "ended", timeout_s=10, pump=_pump)
    assert took < 10
    assert _record(context).end_reason == "kiosk_lost"
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=_pump)


def test_the_lawyer_vanishing_ends_the_kiosks_call_within_10_s(
    kiosk: Kiosk, lawyer: Browser, site: tuple[str, ServerContext]
) -> None:
    url, context = site
    create_lawyer(context)
    lawyer_on_duty(lawyer, url)
    reports: list[dict[str, Any]] = []
    video = _start_call(kiosk, lawyer, url, reports)
    _frames_both_ways(lawyer, reports)

    lawyer._process.kill()  # the lawyer's laptop loses power
    took = poll_until(lambda: video.stage == "ended", timeout_s=10, pump=_pump)
    assert took < 10
    assert video.reason == "lawyer_lost"
    assert find(kiosk, "endedText").property("text") == kiosk.i18n.text("video.ended_lost")
    poll_until(lambda: not video._runner.running, timeout_s=10, pump=_pump)
    assert _record(context).end_reason == "lawyer_lost"


@pytest.mark.parametrize("relay", [True])
def test_relay_only_through_coturn_with_time_limited_credentials(
    kiosk: Kiosk, lawyer: Browser, site: tuple[str, ServerContext]
) -> None:
    """Both ends may use only TURN relay candidates; coturn accepts only the server's HMAC
    credentials (a wrong secret would fail the allocation and no frame would arrive)."""
    url, context = site
    create_lawyer(context)
    lawyer_on_duty(lawyer, url)
    reports: list[dict[str, Any]] = []
    video = _start_call(kiosk, lawyer, url, reports)
    _frames_both_ways(lawyer, reports)
    poll_until(lambda: lawyer_report(lawyer)["relay"] and reports[-1]["relay"], timeout_s=5, pump=_pump)
    video.hangup()
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=_pump)
    assert _record(context).end_reason == "hangup_kiosk"


@pytest.mark.parametrize("relay", [True])
@pytest.mark.parametrize("cut_s", [3, 8])
def test_a_network_cut_does_not_end_the_call(
    kiosk: Kiosk, lawyer: Browser, site: tuple[str, ServerContext], turn: dict[str, Any], cut_s: float
) -> None:
    """All media goes through coturn (relay only); freezing coturn cuts the media path while
    signalling stays up. The call continues without anyone touching anything: after 3 s Chromium
    simply resumes; after 8 s the connection has been "disconnected" and the lawyer's side
    restarts ICE."""
    url, context = site
    create_lawyer(context)
    lawyer_on_duty(lawyer, url)
    reports: list[dict[str, Any]] = []
    video = _start_call(kiosk, lawyer, url, reports)
    _frames_both_ways(lawyer, reports)
    coturn = turn["_coturn"]
    coturn.send_signal(signal.SIGSTOP)
    try:
        deadline = time.monotonic() + cut_s
        poll_until(lambda: time.monotonic() > deadline, timeout_s=cut_s + 2, pump=_pump)
        frozen = (lawyer_report(lawyer)["framesDecoded"], reports[-1]["framesDecoded"])
    finally:
        coturn.send_signal(signal.SIGCONT)

    def resumed() -> bool:
        return (
            lawyer_report(lawyer)["framesDecoded"] > frozen[0] + 20
            and reports[-1]["framesDecoded"] > frozen[1] + 20
        )

    poll_until(resumed, timeout_s=25, pump=_pump)
    assert video.stage == "in_call" and lawyer_report(lawyer)["state"] != "ended"
    if cut_s >= 8:
        assert lawyer_report(lawyer)["iceRestarts"] >= 1
    video.hangup()
    poll_until(lambda: video.stage == "ended", timeout_s=10, pump=_pump)


def test_the_session_wipe_while_waiting_leaves_the_queue_and_closes_the_warm_window(
    kiosk: Kiosk, site: tuple[str, ServerContext]
) -> None:
    _url, context = site
    create_lawyer(context)
    with context.session_factory() as session:
        lawyer_user = session.query(User).filter_by(username="lawyer1").one()
        video_calls.set_duty(session, user=lawyer_user, on_duty=True, now=context.clock())
        session.commit()
    video = kiosk.view_models["Video"]
    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    poll_until(lambda: video.lawyersOnDuty == 1, timeout_s=10, pump=_pump)
    tap(kiosk, "topic_land")
    assert video._runner.running is False  # no camera process before consent
    tap(kiosk, "videoPrimary")
    poll_until(lambda: video.stage == "waiting", timeout_s=10, pump=_pump)
    assert video._runner.running  # the call window, hidden, camera closed
    assert _record(context).state == "waiting"

    kiosk.session.endSession()  # 结束并清除, or the idle wipe
    poll_until(lambda: _record(context).state == "ended", timeout_s=10, pump=_pump)
    assert _record(context).end_reason == "left"
    poll_until(lambda: not video._runner.running, timeout_s=10, pump=_pump)
    assert (video.stage, video.topic) == ("topics", "")
