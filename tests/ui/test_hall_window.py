"""`lawpost hall-display`: a TV's machine shows the kiosk's calls, read over HTTP from the
kiosk's counter page on loopback (the real server, the real QML)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.config import Settings
from kiosk.queue import tickets
from kiosk.queue.counter_web import CounterWeb
from kiosk.queue.desk import rules_from_settings
from kiosk.storage.database import DATABASE_FILE, open_database
from ui.hall_window import build_hall_window, status_reader
from ui.shot import settle


@pytest.fixture
def kiosk_queue(tmp_path: Path) -> Iterator[str]:
    """A kiosk database where counter 2 has called B001, served on the counter page."""
    rules = rules_from_settings(Settings())
    db = open_database(tmp_path)
    day = rules.business_day(datetime.now(UTC)).isoformat()
    db.execute(  # straight into today's queue: the services may be closed at the real hour
        "insert into queue_tickets (day, service, seq, number, token, issued_at) "
        "values (?, 'B', 1, 'B001', 'token-b1', ?)",
        [day, datetime.now(UTC).isoformat()],
    )
    db.conn.commit()
    tickets.call_next(db, rules, "2")
    db.conn.close()
    web = CounterWeb(tmp_path / DATABASE_FILE, rules, host="127.0.0.1", port=0)
    web.start()
    yield f"http://127.0.0.1:{web.port}"
    web.close()


def test_the_tv_shows_the_call_read_from_the_kiosk(qapp: object, kiosk_queue: str) -> None:
    from tests.ui.conftest import wait_until

    hall = build_hall_window(Settings(), read_status=status_reader(kiosk_queue), announce=False,
                             size=(1920, 1080))
    try:
        hall.window.show()
        wait_until(lambda: len(hall.hall.property("current")) == 1)
        settle(2)
        stack = [hall.window.contentItem()]
        texts = []
        while stack:
            item = stack.pop()
            if item.objectName().startswith("hallCallText_"):
                texts.append(item.property("text"))
            stack.extend(item.childItems())
        assert texts == ["请B001号到2号窗口"]
        assert hall.warnings == []
    finally:
        hall.close()


def test_the_command_renders_a_frame_and_refuses_an_unreachable_kiosk(
    kiosk_queue: str, tmp_path: Path
) -> None:
    out = tmp_path / "tv.png"
    base = [sys.executable, "-m", "lawpost", "hall-display"]
    done = subprocess.run([*base, "--url", kiosk_queue, "--shot", str(out), "--size", "1280x720"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    gone = subprocess.run([*base, "--url", "http://127.0.0.1:9", "--shot", str(out)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert gone.returncode == 2 and "cannot read the queue from http://127.0.0.1:9" in gone.stderr
