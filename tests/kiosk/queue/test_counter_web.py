"""The kiosk's counter page over real HTTP on loopback: login, CSRF, calling, lockout, display."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlite_utils

from kiosk.queue.counter_web import CounterWeb
from kiosk.queue.services import QueueRules
from kiosk.queue.staff import StaffError, add_staff
from kiosk.storage.database import DATABASE_FILE, open_database


@pytest.fixture
def web(tmp_path: Path, db: sqlite_utils.Database, rules: QueueRules) -> Iterator[tuple[CounterWeb, str]]:
    add_staff(db, name="clerk1", password="counter-pass-1", counters=["1"])
    # Written straight into today's queue day: the page reads the real clock, at which the
    # services may be closed, so tickets.issue (which checks opening hours) cannot be used.
    from datetime import UTC, datetime

    day = rules.business_day(datetime.now(UTC)).isoformat()
    for seq in (1, 2, 3):
        db.execute(
            "insert into queue_tickets (day, service, seq, number, token, issued_at) "
            "values (?, 'C', ?, ?, ?, ?)",
            [day, seq, f"C{seq:03d}", f"token-{seq}", datetime.now(UTC).isoformat()],
        )
    db.conn.commit()
    server = CounterWeb(tmp_path / DATABASE_FILE, rules, host="127.0.0.1", port=0)
    server.start()
    yield server, f"http://127.0.0.1:{server.port}"
    server.close()


def _login(base: str, password: str = "counter-pass-1") -> tuple[requests.Session, str]:
    http = requests.Session()
    page = http.post(f"{base}/login", data={"name": "clerk1", "password": password}, timeout=10)
    match = re.search(r'name=csrf value="([^"]+)"', page.text)
    return http, match[1] if match else ""


def test_a_clerk_calls_the_next_visitor_and_the_display_shows_it(web: tuple[CounterWeb, str]) -> None:
    _, base = web
    assert requests.get(f"{base}/counter", timeout=10).url.endswith("/login")
    http, csrf = _login(base)
    assert csrf
    page = http.post(f"{base}/action", data={"csrf": csrf, "counter": "1", "action": "call"}, timeout=10)
    assert 'id=now>C001<' in page.text
    display = requests.get(f"{base}/display", timeout=10)
    assert "请C001号到1号窗口" in display.text
    assert "default-src 'none'" in display.headers["Content-Security-Policy"]
    page = http.post(f"{base}/action", data={"csrf": csrf, "counter": "1", "action": "no_show"}, timeout=10)
    assert "C001：未到" in page.text
    status = requests.get(f"{base}/status.json", timeout=10).json()
    assert [c["number"] for c in status["recent"]] == ["C001"]


def test_without_the_pages_token_or_for_another_counter_nothing_happens(
    web: tuple[CounterWeb, str], tmp_path: Path
) -> None:
    _, base = web
    http, csrf = _login(base)
    forged = http.post(f"{base}/action", data={"counter": "1", "action": "call"}, timeout=10)
    assert forged.status_code == 403
    other = http.post(f"{base}/action", data={"csrf": csrf, "counter": "2", "action": "call"}, timeout=10)
    assert other.status_code == 403
    db = open_database(tmp_path)
    assert db.execute("select count(*) from queue_tickets where state = 'called'").fetchone()[0] == 0
    db.conn.close()


def test_five_wrong_passwords_lock_the_login(web: tuple[CounterWeb, str]) -> None:
    _, base = web
    for _ in range(5):
        _http, csrf = _login(base, password="wrong-password")
        assert csrf == ""
    answer = requests.post(f"{base}/login", data={"name": "clerk1", "password": "counter-pass-1"},
                           timeout=10)
    assert answer.status_code == 401 and "15 分钟" in answer.text


def test_weak_passwords_and_empty_counters_are_refused(db: sqlite_utils.Database) -> None:
    with pytest.raises(StaffError):
        add_staff(db, name="clerk2", password="12345678", counters=["1"])
    with pytest.raises(StaffError):
        add_staff(db, name="clerk2", password="good-password", counters=[" "])



def test_a_clerk_transfers_the_visitor_to_another_service(web: tuple[CounterWeb, str]) -> None:
    _, base = web
    http, csrf = _login(base)
    http.post(f"{base}/action", data={"csrf": csrf, "counter": "1", "action": "call"}, timeout=10)
    page = http.post(f"{base}/action", data={"csrf": csrf, "counter": "1", "action": "transfer",
                                             "to": "B"}, timeout=10)
    assert "C001：转到 B 业务排队" in page.text and "（空闲）" in page.text
    status = requests.get(f"{base}/status.json", timeout=10).json()
    waiting = {s["letter"]: s["waiting"] for s in status["services"]}
    assert (waiting["B"], waiting["C"]) == (1, 2)
