"""取V号 while waiting for a video lawyer: the real kiosk against the real server over loopback. The
visitor takes a ticket of the hall's V line from the waiting screen; when a lawyer answers, the
kiosk calls that number at the video counter (what the hall display and loudspeaker show and say)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from enrolled_kiosk import Site, enrolled_kiosk, pump, site_on_loopback  # noqa: F401  (fixture)
from server_helpers import create_user
from video_e2e import poll_until

from kiosk.config import QueueServiceSettings, QueueSettings, Settings
from server.models import User
from server.services import video as calls
from tests.ui.conftest import find, tap
from ui.app import Kiosk
from ui.shot import settle

ALL_DAY = QueueServiceSettings("V", "视频咨询", "Video", "3", hours="00:00-23:59", weekdays="1-7")


@pytest.fixture
def kiosk(qapp: object, tmp_path: Path, site: Site) -> Iterator[Kiosk]:
    settings = replace(Settings().with_data_dir(tmp_path / "kiosk"), queue=QueueSettings(services=(ALL_DAY,)))
    yield from enrolled_kiosk(settings, *site)


def test_a_v_ticket_taken_while_waiting_is_called_when_the_lawyer_answers(
    kiosk: Kiosk, site: Site
) -> None:
    _url, context = site
    create_user(context, username="lawyer1", role="lawyer", password="Lawyer-pass-2026!")
    with context.session_factory() as session:
        lawyer = session.query(User).filter_by(username="lawyer1").one()
        calls.set_duty(session, user=lawyer, on_duty=True, now=context.clock())
        session.commit()

    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    video: Any = kiosk.view_models["Video"]
    ticket: Any = kiosk.view_models["VideoTicket"]
    poll_until(lambda: video.lawyersOnDuty == 1, timeout_s=10, pump=pump)
    tap(kiosk, "topic_labour")
    tap(kiosk, "videoPrimary")  # 同意，开始排队
    poll_until(lambda: video.stage == "waiting", timeout_s=10, pump=pump)
    settle(2)
    tap(kiosk, "takeVTicket")
    poll_until(lambda: ticket.number != "", timeout_s=10, pump=pump)
    settle(2)
    assert ticket.number == "V001"
    assert find(kiosk, "vTicketText").property("text").startswith("您的号：V001。")
    db = kiosk.services.db
    assert db.execute("select state from queue_tickets where number = 'V001'").fetchone()[0] == "waiting"

    with context.session_factory() as session:
        lawyer = session.query(User).filter_by(username="lawyer1").one()
        wait = timedelta(seconds=20)
        answered = calls.answer_next(session, user=lawyer, now=context.clock(), poll_timeout=wait)
        assert answered is not None
        session.commit()
    poll_until(lambda: video.stage == "in_call", timeout_s=15, pump=pump)

    def called() -> bool:
        row = db.execute("select state, counter from queue_tickets where number = 'V001'").fetchone()
        return tuple(row) == ("called", "3")

    poll_until(called, timeout_s=10, pump=pump)
    assert ticket.number == ""
    video.hangup()
    poll_until(lambda: video.stage == "ended", timeout_s=15, pump=pump)
