"""预约视频 at the booked time, on the real kiosk against the real server over loopback: the kiosk
calls the booking in the hall queue (V<code> at the video counter, on the hall display and
through the announcer), the visitor types the slip's code (我有预约), agrees to the notice and waits
ahead of walk-ins, marked 预约 in the lawyer's list; a booking for later is cancelled at the kiosk
with its code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from enrolled_kiosk import Site, enrolled_kiosk, pump, site_on_loopback  # noqa: F401  (fixture)
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from server_helpers import enroll_device
from sqlalchemy import select
from video_e2e import poll_until

from kiosk.config import QueueServiceSettings, QueueSettings, Settings
from kiosk.queue import announce
from kiosk.queue.desk import rules_from_settings
from kiosk.queue.status import queue_status
from server.context import ServerContext
from server.models import Device, VideoBooking, VideoCall
from server.services import video as calls
from tests.ui.conftest import find, reveal, tap
from ui.app import Kiosk
from ui.shot import settle

ALL_DAY = QueueServiceSettings("V", "视频咨询", "Video", "3", hours="00:00-23:59", weekdays="1-7")


@pytest.fixture
def kiosk(qapp: object, tmp_path: Path, site: Site) -> Iterator[Kiosk]:
    settings = replace(Settings().with_data_dir(tmp_path / "kiosk"), queue=QueueSettings(services=(ALL_DAY,)))
    yield from enrolled_kiosk(settings, *site)


def _booking(context: ServerContext, *, code: str, slot_at: datetime, topic: str) -> int:
    """A booking of this kiosk as the rota's booking makes it (the row itself: a slot that began a
    minute ago cannot be booked any more, it is the time check-in is for)."""
    with context.session_factory() as session:
        device = session.scalars(select(Device).order_by(Device.enrolled_at)).first()
        assert device is not None
        made = slot_at - timedelta(days=1)
        row = VideoBooking(device_id=device.id, topic=topic, slot_at=slot_at, created_at=made, state="booked",
                           code=code)  # fmt: skip
        session.add(row)
        session.commit()
        return row.id


def _type_code(kiosk: Kiosk, code: str) -> None:
    """Tap the digits on the code's keypad (the call-back keypad, hidden, has keys of the same name)."""
    reveal(kiosk, "codeKeypad")
    keypad = find(kiosk, "codeKeypad")
    for digit in code:
        stack = list(keypad.childItems())
        while stack and stack[-1].objectName() != f"key_{digit}":
            stack.extend(stack.pop().childItems())
        key = stack[-1]
        assert key.isVisible()
        centre = key.mapToScene(QPointF(key.width() / 2, key.height() / 2))
        QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(round(centre.x()), round(centre.y())))  # fmt: skip
        settle(1)


def test_at_the_booked_time_the_hall_calls_the_code_and_the_visitor_checks_in(
    kiosk: Kiosk, site: Site
) -> None:
    _url, context = site
    now = datetime.now(UTC).replace(microsecond=0)
    _booking(context, code="5823", slot_at=now - timedelta(minutes=1), topic="land")
    later = _booking(context, code="6104", slot_at=now + timedelta(hours=3), topic="debt")

    # The slot has begun: the kiosk calls V5823 at the video counter (its timer does this every 30 s).
    booking_call: Any = kiosk.view_models["VideoBookingCall"]
    booking_call.check()
    db = kiosk.services.db

    def called() -> bool:
        row = db.execute("select state, counter from queue_tickets where number = 'V5823'").fetchone()
        return row is not None and tuple(row) == ("called", "3")

    poll_until(called, timeout_s=15, pump=pump)
    booking_call.check()  # a second round calls nobody twice
    settle(3)
    assert db.execute("select count(*) from queue_tickets where number = 'V5823'").fetchone()[0] == 1
    rules = rules_from_settings(kiosk.settings)
    shown = [(c.number, c.counter) for c in queue_status(db, rules).current]
    assert shown == [("V5823", "3")]
    assert announce.display_text("V5823", "3") == "请V5823号到3号窗口"  # what the hall display writes
    # The day's own V numbering is untouched by the reserved number.
    assert queue_status(db, rules).services[0].last_issued is None

    # The visitor comes to the kiosk: 视频咨询 → 我有预约 → 5823 → 查找 → 现在开始咨询 → 同意.
    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    video: Any = kiosk.view_models["Video"]
    checkin: Any = kiosk.view_models["VideoCheckIn"]
    poll_until(lambda: video.lawyersOnDuty >= 0, timeout_s=10, pump=pump)
    reveal(kiosk, "haveBooking")
    tap(kiosk, "haveBooking")
    assert video.stage == "booking"
    _type_code(kiosk, "5823")
    assert find(kiosk, "codeField").property("text") == "5823"
    tap(kiosk, "videoPrimary")  # 查找预约
    poll_until(lambda: checkin.found, timeout_s=10, pump=pump)
    settle(2)
    assert find(kiosk, "checkinFound").property("text").endswith("，土地房产")
    assert find(kiosk, "videoPrimary").property("text") == "现在开始咨询"
    tap(kiosk, "videoPrimary")
    settle(2)
    assert (video.stage, video.topic, video.booked) == ("consent", "land", True)
    # A walk-in joined from another kiosk a moment before: the booked visitor still goes first.
    other, _token = enroll_device(context, name="荷塘乡 1 号机")
    with context.session_factory() as session:
        walk_in = session.get(Device, other.id)
        assert walk_in is not None
        calls.request_call(session, device=walk_in, topic="debt", now=datetime.now(UTC))
        session.commit()
    tap(kiosk, "videoPrimary")  # 同意，开始排队
    poll_until(lambda: video.stage == "waiting", timeout_s=10, pump=pump)
    poll_until(lambda: video.ahead == 0, timeout_s=10, pump=pump)
    with context.session_factory() as session:
        waiting = calls.waiting_list(session, now=datetime.now(UTC), poll_timeout=timedelta(minutes=5))
        assert [(w.call.topic, w.call.booking_slot_at is not None) for w in waiting] == [
            ("land", True),
            ("debt", False),
        ]
        booking = session.scalars(select(VideoBooking).where(VideoBooking.code == "5823")).one()
        assert booking.state == "arrived" and session.get(VideoCall, booking.call_id) is not None
    tap(kiosk, "leaveQueue")
    settle(2)

    # The later booking: found too early, cancelled with its code; the hall will not call it.
    kiosk.session.endSession()
    settle(2)
    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    poll_until(lambda: video.lawyersOnDuty >= 0, timeout_s=10, pump=pump)
    reveal(kiosk, "haveBooking")
    tap(kiosk, "haveBooking")
    _type_code(kiosk, "6104")
    tap(kiosk, "videoPrimary")
    poll_until(lambda: checkin.found, timeout_s=10, pump=pump)
    settle(2)
    assert find(kiosk, "checkinMessage").property("text").startswith("还没到预约时间")
    assert find(kiosk, "videoPrimary").property("text") == "查找预约"  # no 现在开始咨询 before the time
    reveal(kiosk, "checkinCancel")
    tap(kiosk, "checkinCancel")
    poll_until(lambda: checkin.cancelled, timeout_s=10, pump=pump)
    settle(2)
    assert find(kiosk, "checkinMessage").property("text").startswith("预约已取消")
    with context.session_factory() as session:
        row = session.get(VideoBooking, later)
        assert row is not None and (row.state, row.cancelled_by) == ("cancelled", "kiosk")
    kiosk.session.endSession()
    settle(2)
    assert (checkin.code, checkin.found, checkin.cancelled) == ("", False, False)
