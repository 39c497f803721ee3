"""Pictures of the new 视频咨询 screens for docs/screens: the kiosk's call window (volume, 给律师看,
its consent notice, a pushed guide) and the lawyer console (call panel with the shared form, push
and notes; the call-back list; the rota). `python -m bench.video_screens --out docs/screens`.

Called by bench.video_call --screens once a call is up; the figures are measured before this runs.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SAMPLE_FORM = {"title": "法律援助申请表", "rows": [["申请人", "张**"], ["身份证号", "110105********002X"],
                                                   ["联系电话", "138****5678"], ["申请事项", "追讨劳动报酬"],
                                                   ["事由", "老板拖欠三个月工资，共一万二千元"]]}  # fmt: skip
NOTES = "您可以申请劳动仲裁，时效一年。\n带上劳动合同、工资条和考勤记录，到县劳动人事争议仲裁委员会递交申请。"


SAMPLE_GUIDE = (
    "老板拖欠工资，可以先协商，协商不成再投诉或申请劳动仲裁。\n\n"
    "1. 收集证据：劳动合同、工资条、考勤记录、聊天记录。\n"
    "2. 向单位书面要求支付，留下记录。\n"
    "3. 向县人社局劳动保障监察投诉，或拨打 12333。\n"
    "4. 到劳动人事争议仲裁委员会申请仲裁（时效一年）。\n\n"
    "带上：身份证、劳动合同或工作证明、工资条。"
)


def capture(
    *,
    out: Path,
    runner: Any,
    lawyer: Any,
    reports: list[dict[str, Any]],
    pump: Callable[[Callable[[], bool], float], None],
    context: Any,
    db: Any,
    url: str,
    token: str,
) -> None:
    """Drive the running call to each state and save a picture of both ends."""
    runner.share_consented.connect(lambda: runner.share(json.dumps(SAMPLE_FORM, ensure_ascii=False)))

    def window(name: str) -> None:
        path = out / name
        path.unlink(missing_ok=True)
        runner.shot(str(path))
        pump(lambda: path.exists() and path.stat().st_size > 0, 10)
        time.sleep(0.3)

    def console(name: str) -> None:
        shot = lawyer.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        (out / name).write_bytes(base64.b64decode(shot))

    runner.volume(up=True)
    window("video-call-kiosk-window.png")
    runner.ask_share()
    time.sleep(0.5)
    window("video-call-share-consent.png")
    runner.consent_share()
    lawyer.evaluate("document.getElementById('push-id').value = 'unpaid-wages-steps';"
                    "document.getElementById('push-send').click(); true")  # fmt: skip
    pump(lambda: bool(reports and reports[-1].get("pushed")), 10)
    # The bench's kiosk has no content pack: the ack carries what the pack would give (the window
    # shows the text beside the video and keeps it from the lawyer).
    ack = {"kind": "guide", "id": "unpaid-wages-steps", "title": "工资被拖欠怎么办", "shown": True,
           "body": SAMPLE_GUIDE}  # fmt: skip
    runner.ack(json.dumps(ack, ensure_ascii=False))
    state = "document.getElementById('push-state').textContent"
    pump(lambda: "群众屏幕已收到" in str(lawyer.evaluate(state)), 10)
    lawyer.evaluate(f"document.getElementById('notes').value = {json.dumps(NOTES, ensure_ascii=False)}; true")
    time.sleep(0.5)
    window("video-call-kiosk-pushed.png")
    console("video-lawyer-console.png")
    _callback_and_rota(context=context, db=db, url=url, token=token)
    for page, name in (("callbacks", "video-lawyer-callbacks.png"), ("rota", "video-lawyer-rota.png")):
        lawyer.evaluate(f"window.open('/console/video/{page}', '_self'); true")
        lawyer.wait_for(f"location.pathname === '/console/video/{page}' && document.readyState == 'complete'")
        console(name)


def _callback_and_rota(*, context: Any, db: Any, url: str, token: str) -> None:
    """A sealed call-back request from the kiosk (through its outbox and sync), a shift, a booking."""
    from kiosk.sync import outbox
    from kiosk.sync.client import SyncClient
    from kiosk.sync.enrollment import Secret
    from kiosk.video.callback import request_callback
    from server.models import Device
    from server.services import video_rota

    request_callback(db, phone="13812345678", topic="labour", reason="no_answer", language="zh_CN")
    sync = SyncClient(server_url=url, token=Secret(token))
    try:
        sync.ingest(outbox.pending_batch(db, limit=10))
    finally:
        sync.close()
    now = datetime.now(UTC)
    start = (now + timedelta(days=1)).replace(hour=1, minute=0, second=0, microsecond=0)
    with context.session_factory() as session:
        end = start + timedelta(hours=2, minutes=30)
        video_rota.add_shift(session, lawyer="lawyer1", starts_at=start, ends_at=end, by="lawyer1", now=now)
        device = session.query(Device).first()
        slot = start + timedelta(minutes=20)
        video_rota.book(session, device=device, topic="family", slot_at=slot, now=now)
        session.commit()
