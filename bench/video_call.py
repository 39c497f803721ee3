"""One video consultation on this machine: how fast the picture appears, and frames both ways.

Run: .venv/bin/python -m bench.video_call [--json] [--relay] [--seconds N] [--browser firefox]
The real server on loopback (uvicorn in a thread, SQLite), the duty lawyer in headless Chromium
(or Firefox ESR over WebDriver BiDi, with --browser firefox) with a fake camera and microphone,
the kiosk's real call window (QtWebEngine offscreen, a fake camera) started by the kiosk's
CallRunner after its long poll sees the answer. With --relay, both ends may use only TURN relay
candidates through a real coturn on loopback.

accept_to_first_remote_frame_ms: from the lawyer's click on 接听下一位 (Date.now() in the lawyer's
page) to the first remote frame painted on each side (requestVideoFrameCallback, Date.now() in
each page; one machine, one clock). frames: decoded video frames on each side after N seconds.
Server, both browsers and this script share the machine's cores.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "server"))  # the loopback server and Chromium helpers


def _flags() -> str:
    from video_e2e import FAKE_MEDIA_FLAGS

    extra = ("--disable-gpu", "--no-sandbox") if os.geteuid() == 0 else ("--disable-gpu",)
    return " ".join((*FAKE_MEDIA_FLAGS, *extra))


def run(
    *, relay: bool, seconds: float, screens: Path | None = None, browser: str = "chromium"
) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = _flags()
    from contextlib import ExitStack

    from bidi_firefox import FAKE_MEDIA_PREFS, Firefox, find_firefox
    from cdp_pipe import Browser, find_chromium
    from coturn import running_coturn
    from live_server import serving
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from video_e2e import FAKE_MEDIA_FLAGS, create_lawyer, enrollment_code, lawyer_on_duty, lawyer_report

    from kiosk.config import Settings
    from kiosk.storage.database import open_database
    from kiosk.sync.enroll_kiosk import enroll_kiosk
    from kiosk.sync.enrollment import load_enrollment
    from kiosk.video.client import CallStatus, VideoClient
    from server.app import create_app
    from server.settings import ServerSettings
    from ui.viewmodels.video_call_runner import CallRunner

    executable = find_firefox() if browser == "firefox" else find_chromium()
    if executable is None:
        raise SystemExit(f"{browser} is not installed (packaging/setup-dev.sh)")
    if screens is not None and browser != "chromium":
        raise SystemExit("--screens captures the Chromium console only")
    app = QCoreApplication.instance() or QCoreApplication(["bench"])

    def pump(until: Any, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while not until():
            if time.monotonic() > deadline:
                raise TimeoutError("the call did not get there in time")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.02)

    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="lawpost-bench-video-") as tmp:
        overrides: dict[str, Any] = {"argon2_time_cost": 1, "argon2_memory_kib": 1024}
        if relay:
            secret = secrets.token_urlsafe(24)
            turn_url = stack.enter_context(running_coturn(secret))
            overrides |= {"turn_urls": (turn_url,), "turn_secret": secret, "ice_transport_policy": "relay"}
        server_app = create_app(ServerSettings(data_dir=Path(tmp) / "server", **overrides))
        url = stack.enter_context(serving(server_app))
        context = server_app.state.context
        create_lawyer(context)

        settings = Settings().with_data_dir(Path(tmp) / "kiosk")
        db = open_database(settings.data_dir)
        enroll_kiosk(
            db, server_url=url, code=enrollment_code(context), kiosk_name="基准测试机", sync=settings.sync
        )
        enrollment = load_enrollment(db)
        assert enrollment is not None
        client = VideoClient(enrollment)

        lawyer: Browser | Firefox
        if browser == "firefox":
            lawyer = Firefox(executable, prefs=FAKE_MEDIA_PREFS)
            stack.callback(lawyer.close)
        else:
            lawyer = Browser(executable, extra_flags=FAKE_MEDIA_FLAGS)
            stack.callback(lawyer.close)
            lawyer.open_page()
        lawyer_on_duty(lawyer, url)

        runner = CallRunner()
        if screens is not None:  # the window offers 给律师看, as when a form has answers
            runner.share_offer = lambda: "法律援助申请表"
        reports: list[dict[str, Any]] = []
        ended: list[str] = []
        runner.report.connect(reports.append)
        runner.ended.connect(ended.append)
        stack.callback(runner.close)
        # As the kiosk does once the visitor has joined: the call window starts hidden and warm.
        joined = client.join("labour")
        runner.prepare(language="zh_CN")
        pump(lambda: runner.loaded, timeout_s=60)
        answered: list[CallStatus] = []
        poller = threading.Thread(target=lambda: answered.append(client.poll(joined.call_id, wait_s=10)))
        poller.start()
        time.sleep(0.5)  # the long poll is waiting, as the kiosk's would be
        if isinstance(lawyer, Firefox):
            lawyer.click("#answer")  # a real click: Firefox then lets the remote <video> play
        else:
            lawyer.evaluate("document.getElementById('answer').click(); true")
        poller.join(timeout=15)
        runner.start(client.call_page(answered[0]), language="zh_CN")

        def both_first_frames() -> bool:
            return bool(
                reports and reports[-1].get("firstFrameAt") and lawyer_report(lawyer).get("firstFrameAt")
            )

        pump(both_first_frames, timeout_s=60)
        accepted_at = float(lawyer.evaluate("window.lawpostCall.answeredAt"))
        first = {"kiosk": reports[-1]["firstFrameAt"], "lawyer": lawyer_report(lawyer)["firstFrameAt"]}
        end_at = time.monotonic() + seconds
        pump(lambda: time.monotonic() >= end_at, timeout_s=seconds + 5)
        mine = lawyer_report(lawyer)
        theirs = reports[-1]
        if screens is not None:
            from bench.video_screens import capture

            assert isinstance(lawyer, Browser)
            capture(out=screens, runner=runner, lawyer=lawyer, reports=reports, context=context, db=db,
                    url=url, token=enrollment.device_token.reveal(),
                    pump=lambda until, timeout: pump(until, timeout_s=timeout))  # fmt: skip
        result = {
            "accept_to_first_remote_frame_ms": {k: round(v - accepted_at) for k, v in first.items()},
            "frames": {"kiosk": theirs["framesDecoded"], "lawyer": mine["framesDecoded"]},
            "relay": bool(theirs["relay"] and mine["relay"]),
            "video_kbps_sent": {"kiosk": theirs.get("videoKbps"), "lawyer": mine.get("videoKbps")},
            "call_s": seconds,
            "steps_ms": {
                side: {k: v - accepted_at for k, v in sorted(marks.items(), key=lambda kv: kv[1])}
                for side, marks in (("kiosk", theirs.get("marks", {})), ("lawyer", mine.get("marks", {})))
            },
            "machine": f"{os.cpu_count()} cores, server + lawyer {browser} + kiosk QtWebEngine on one box",
        }
        runner.hangup()
        pump(lambda: bool(ended), timeout_s=10)
        client.close()
        db.conn.close()
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--relay", action="store_true", help="relay-only through coturn on loopback")
    parser.add_argument("--seconds", type=float, default=5.0, help="call length before counting frames")
    parser.add_argument("--screens", type=Path, help="save the kiosk call window and the lawyer console here")
    parser.add_argument("--browser", choices=("chromium", "firefox"), default="chromium",
                        help="the lawyer's browser")  # fmt: skip
    args = parser.parse_args()
    result = run(relay=args.relay, seconds=args.seconds, screens=args.screens, browser=args.browser)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
