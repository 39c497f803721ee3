"""A real kiosk enrolled with the live test server, the lawyer's browser (headless Chromium or
Firefox), and the steps of a video call between them, for the tests that follow a visitor from
the kiosk's screens to the server and back.

The fixtures here are registered under the names the tests use (`site`, `relay`, `turn`,
`lawyer`, `firefox`, `kiosk`); a test module imports the ones it needs (by their function names).
A test module that differs (its own proxy, a shaped link, a second server process) writes its own
`site` or `lawyer` and builds its kiosk with `enrolled_kiosk` / `call_kiosk`, whose parameters say
how the kiosk differs: its name, a content pack, an A4 printer queue, the call window's camera.
"""

from __future__ import annotations

import secrets
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from bidi_firefox import FAKE_MEDIA_PREFS, Firefox, find_firefox
from cdp_pipe import Browser, find_chromium
from coturn import find_turnserver, running_coturn
from live_server import serving
from video_e2e import FAKE_MEDIA_FLAGS, LawyerBrowser, enrollment_code, lawyer_report, poll_until

from kiosk.config import FormsSettings, Settings
from kiosk.devices.speech import FakeSpeaker
from kiosk.storage.database import open_database
from kiosk.sync.enroll_kiosk import enroll_kiosk
from server.app import create_app
from server.context import ServerContext
from server.models import VideoCall
from server.settings import ServerSettings
from tests.kiosk.devices.test_a4_printer import QUEUE
from tests.ui.conftest import tap
from ui.app import Kiosk, attach_content, build_kiosk, open_content_library
from ui.shot import ManualClock, settle

KIOSK_NAME = "石桥镇便民服务中心"
# What the kiosk's QtWebEngine call window is started with: a fake camera (test pattern) and
# microphone, as in the lawyer's Chromium; no GPU here, and no sandbox as the tests run as root.
CALL_WINDOW_FLAGS = (*FAKE_MEDIA_FLAGS, "--disable-gpu", "--no-sandbox")
CHROMIUM = find_chromium()
NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (packaging/setup-dev.sh)"
)
FIREFOX = find_firefox()
NEEDS_FIREFOX = pytest.mark.skipif(
    FIREFOX is None, reason="firefox-esr is not installed (packaging/setup-dev.sh installs it)"
)

Site = tuple[str, ServerContext]


def pump() -> None:
    """Let Qt and the background threads move while a test waits for the server."""
    settle(1)
    time.sleep(0.05)


def wait_seconds(seconds: float) -> None:
    """Let `seconds` pass with Qt and the call running."""
    deadline = time.monotonic() + seconds
    poll_until(lambda: time.monotonic() > deadline, timeout_s=seconds + 2, pump=pump)


# ---- The server, the lawyer ------------------------------------------------------------------


@contextmanager
def live_site(settings: ServerSettings) -> Iterator[Site]:
    """The real server on loopback: its URL and its context (the database, the clock)."""
    app = create_app(settings)
    with serving(app) as url:
        yield url, app.state.context


@pytest.fixture(name="site")
def site_on_loopback(sqlite_settings: ServerSettings) -> Iterator[Site]:
    """The server with the real clock (Firefox keeps the session cookie by its own date)."""
    with live_site(sqlite_settings) as site:
        yield site


@pytest.fixture(name="relay")
def relay_off() -> bool:
    """Overridden to True (`@pytest.mark.parametrize("relay", [True])`) by the relay-only tests."""
    return False


@pytest.fixture(name="turn")
def turn_server(relay: bool) -> Iterator[dict[str, Any]]:
    """For a relay-only test, a real coturn and the server settings that make every call use only
    its relay candidates, with `_coturn` its process (to freeze it); otherwise nothing."""
    if not relay:
        yield {}
        return
    if find_turnserver() is None:
        pytest.skip("coturn is not installed (packaging/setup-dev.sh installs it)")
    secret = secrets.token_urlsafe(24)
    with running_coturn(secret) as turn_url:
        yield {"turn_urls": (turn_url,), "turn_secret": secret, "ice_transport_policy": "relay",
               "_coturn": turn_url.process}  # fmt: skip


@pytest.fixture(name="site")
def site_with_turn(sqlite_settings: ServerSettings, turn: dict[str, Any]) -> Iterator[Site]:
    """The server on loopback, configured for coturn when the test asks for relay only."""
    overrides = {k: v for k, v in turn.items() if not k.startswith("_")}
    with live_site(sqlite_settings.with_overrides(**overrides)) as site:
        yield site


@contextmanager
def lawyer_in_chromium(*extra_flags: str, prefix: tuple[str, ...] = ()) -> Iterator[Browser]:
    """The lawyer's headless Chromium with a fake camera and microphone (and `extra_flags`),
    started under `prefix` (e.g. in a network namespace), one page open."""
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM, extra_flags=(*FAKE_MEDIA_FLAGS, *extra_flags), prefix=prefix)
    try:
        browser.open_page()
        yield browser
    finally:
        browser.close()


@pytest.fixture(name="lawyer")
def chromium_lawyer() -> Iterator[Browser]:
    with lawyer_in_chromium() as browser:
        yield browser


@pytest.fixture(name="firefox")
def firefox_lawyer() -> Iterator[Firefox]:
    """The lawyer's Firefox (firefox-esr over WebDriver BiDi) with a fake camera and microphone."""
    assert FIREFOX is not None
    browser = Firefox(FIREFOX, prefs=FAKE_MEDIA_PREFS)
    try:
        yield browser
    finally:
        browser.close()


# ---- The kiosk -------------------------------------------------------------------------------


def enrolled_kiosk(
    settings: Settings,
    server_url: str,
    context: ServerContext,
    *,
    name: str = KIOSK_NAME,
    packs: tuple[Path, object] | None = None,
) -> Iterator[Kiosk]:
    """Enroll the kiosk of `settings` as `name` with the server at `server_url`, give it the
    content `packs` (the installed_packs fixture: their folder and segmenter) if any, show it
    portrait, yield it, and check on closing that QML said nothing."""
    db = open_database(settings.data_dir)
    if packs is not None:
        (settings.data_dir / "packs").symlink_to(packs[0], target_is_directory=True)
    enroll_kiosk(db, server_url=server_url, code=enrollment_code(context), kiosk_name=name,
                 sync=settings.sync)  # fmt: skip
    db.conn.close()
    built = build_kiosk(settings, speaker=FakeSpeaker(), size=(1080, 1920), clock=ManualClock(),
                        open_content=False)  # fmt: skip
    if packs is not None:
        content = open_content_library(settings, segmenter=packs[1])  # type: ignore[arg-type]
        attach_content(built, content)
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def call_kiosk(
    tmp_path: Path,
    server_url: str,
    context: ServerContext,
    monkeypatch: pytest.MonkeyPatch,
    *,
    name: str = KIOSK_NAME,
    packs: tuple[Path, object] | None = None,
    a4_queue: str | None = None,
) -> Iterator[Kiosk]:
    """`enrolled_kiosk` whose call window gets the fake camera and microphone; `a4_queue`: the
    CUPS queue its A4 printer prints to (the cups_pdf_queue fixture's)."""
    settings = Settings().with_data_dir(tmp_path / "kiosk")
    if a4_queue is not None:
        settings = replace(settings, forms=FormsSettings(a4_queue=a4_queue))
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", " ".join(CALL_WINDOW_FLAGS))  # the window inherits it
    yield from enrolled_kiosk(settings, server_url, context, name=name, packs=packs)


@pytest.fixture(name="kiosk")
def kiosk_with_pack_and_printer(
    qapp: object,
    tmp_path: Path,
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
    installed_packs: tuple[Path, object],
    cups_pdf_queue: Path,
) -> Iterator[Kiosk]:
    """A call kiosk with the default content pack, printing A4 to cups-pdf (the test module
    imports the installed_packs and cups_pdf_queue fixtures too)."""
    yield from call_kiosk(tmp_path, *site, monkeypatch, packs=installed_packs, a4_queue=QUEUE)


# ---- A call ----------------------------------------------------------------------------------


def start_call(kiosk: Kiosk, lawyer: Browser, kiosk_reports: list[dict[str, Any]]) -> Any:
    """The visitor goes from the home screen through 视频咨询, a topic (劳动工资) and consent into
    the queue; the lawyer sees the call in the waiting list and answers it. The call window's
    reports are appended to `kiosk_reports`. Returns the Video view-model, in the call."""
    video: Any = kiosk.view_models["Video"]
    video._runner.report.connect(kiosk_reports.append)
    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    poll_until(lambda: video.lawyersOnDuty == 1, timeout_s=10, pump=pump)
    tap(kiosk, "topic_labour")
    assert video.stage == "consent"
    tap(kiosk, "videoPrimary")  # 同意，开始排队
    poll_until(lambda: video.stage == "waiting", timeout_s=10, pump=pump)
    poll_until(lambda: bool(lawyer.evaluate("document.querySelectorAll('#waiting tr td').length > 1")),
               timeout_s=10, pump=pump)  # fmt: skip
    assert "劳动工资" in lawyer.evaluate("document.getElementById('waiting').textContent")
    lawyer.evaluate("document.getElementById('answer').click(); true")
    poll_until(lambda: video.stage == "in_call", timeout_s=10, pump=pump)
    return video


def frames_both_ways(lawyer: LawyerBrowser, kiosk_reports: list[dict[str, Any]]) -> None:
    """Video frames decode, and the remote <video> has a size, on both sides; the kiosk's camera
    is on and audio packets arrive both ways."""

    def flowing() -> bool:
        mine = lawyer_report(lawyer)
        theirs = kiosk_reports[-1] if kiosk_reports else {}
        return bool(
            mine.get("framesDecoded", 0) > 10 and mine.get("remoteWidth", 0) > 0
            and theirs.get("framesDecoded", 0) > 10 and theirs.get("remoteWidth", 0) > 0
        )  # fmt: skip

    try:
        poll_until(flowing, timeout_s=45, pump=pump)
    except TimeoutError:
        raise AssertionError(
            f"no frames both ways: lawyer {lawyer_report(lawyer)}, kiosk {kiosk_reports[-1:]}, "
            f"lawyer console {lawyer.console_messages()[-10:]}"
        ) from None
    assert kiosk_reports[-1]["cameraOn"] is True
    assert kiosk_reports[-1]["audioPacketsReceived"] > 0 and lawyer_report(lawyer)["audioPacketsReceived"] > 0


def cut_relay_and_resume(
    turn: dict[str, Any], cut_s: float, lawyer: LawyerBrowser, kiosk_reports: list[dict[str, Any]]
) -> None:
    """Freeze coturn (the only media path of a relay-only call; signalling stays up) for `cut_s`,
    thaw it, and check that frames arrive again both ways within 25 s, nobody touching anything."""
    coturn = turn["_coturn"]
    coturn.send_signal(signal.SIGSTOP)
    try:
        deadline = time.monotonic() + cut_s
        poll_until(lambda: time.monotonic() > deadline, timeout_s=cut_s + 2, pump=pump)
        frozen = (lawyer_report(lawyer)["framesDecoded"], kiosk_reports[-1]["framesDecoded"])
    finally:
        coturn.send_signal(signal.SIGCONT)

    def resumed() -> bool:
        return bool(
            lawyer_report(lawyer)["framesDecoded"] > frozen[0] + 20
            and kiosk_reports[-1]["framesDecoded"] > frozen[1] + 20
        )

    try:
        poll_until(resumed, timeout_s=25, pump=pump)
    except TimeoutError:
        raise AssertionError(
            f"no frames after the cut: {lawyer_report(lawyer)}, {kiosk_reports[-1]}"
        ) from None


def last_call(context: ServerContext) -> VideoCall:
    """The server's record of the latest call."""
    with context.session_factory() as session:
        call = session.query(VideoCall).order_by(VideoCall.id.desc()).first()
        assert call is not None
        session.expunge(call)
        return call
