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


def _csrf(html: str) -> str:
    match = re.search(r'name=csrf value="([^"]+)"', html)
    return match[1] if match else ""


def _login(base: str, password: str = "counter-pass-1", *, http: requests.Session | None = None
           ) -> tuple[requests.Session, str]:
    """Opens the login form (its CSRF token and cookie), then signs in; the counter page's token."""
    http = http or requests.Session()
    form = http.get(f"{base}/login", timeout=10)
    page = http.post(f"{base}/login", data={"name": "clerk1", "password": password,
                                            "csrf": _csrf(form.text)}, timeout=10)
    return http, _csrf(page.text) if page.url.endswith("/counter") else ""


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
    http = requests.Session()
    form = http.get(f"{base}/login", timeout=10)
    answer = http.post(f"{base}/login", data={"name": "clerk1", "password": "counter-pass-1",
                                              "csrf": _csrf(form.text)}, timeout=10)
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


def test_the_login_form_needs_its_own_token(web: tuple[CounterWeb, str]) -> None:
    """Login CSRF: a page elsewhere that posts the clerk's (or its own) password is refused."""
    server, base = web
    forged = requests.post(f"{base}/login", data={"name": "clerk1", "password": "counter-pass-1"},
                           timeout=10)
    assert forged.status_code == 400 and "页面已过期，请重新登录" in forged.text
    http = requests.Session()
    token = _csrf(http.get(f"{base}/login", timeout=10).text)
    wrong = http.post(f"{base}/login", data={"name": "clerk1", "password": "counter-pass-1",
                                             "csrf": token + "x"}, timeout=10)
    assert wrong.status_code == 400
    # Only the cookie's own value is accepted, not a token another browser was given.
    other = _csrf(requests.get(f"{base}/login", timeout=10).text)
    stolen = http.post(f"{base}/login", data={"name": "clerk1", "password": "counter-pass-1",
                                              "csrf": other}, timeout=10)
    assert stolen.status_code == 400
    assert server.state.sessions == {}
    assert _login(base, http=http)[1]


def test_a_session_ends_after_30_idle_minutes(tmp_path: Path, web: tuple[CounterWeb, str],
                                              rules: QueueRules) -> None:
    server, base = web
    now = [1_000_000.0]
    server.clock = lambda: now[0]
    http, csrf = _login(base)
    now[0] += 29 * 60  # used within the half hour: still signed in, and the half hour starts again
    assert http.get(f"{base}/counter", timeout=10).url.endswith("/counter")
    now[0] += 29 * 60
    assert http.get(f"{base}/counter", timeout=10).url.endswith("/counter")
    now[0] += 31 * 60
    idle = http.post(f"{base}/action", data={"csrf": csrf, "counter": "1", "action": "call"}, timeout=10)
    assert idle.url.endswith("/login")
    assert http.get(f"{base}/counter", timeout=10).url.endswith("/login")
    # A session left open in another tab is swept when anyone signs in later.
    _login(base)
    now[0] += 31 * 60
    _login(base)
    assert len(server.state.sessions) == 1


def test_a_kiosk_restart_signs_every_clerk_out(tmp_path: Path, web: tuple[CounterWeb, str],
                                               rules: QueueRules) -> None:
    server, base = web
    http, csrf = _login(base)
    cookie = http.cookies.get("lawpost_counter")
    assert cookie
    server.close()
    restarted = CounterWeb(tmp_path / DATABASE_FILE, rules, host="127.0.0.1", port=0)
    restarted.start()
    try:
        again = f"http://127.0.0.1:{restarted.port}"
        page = requests.get(f"{again}/counter", cookies={"lawpost_counter": cookie}, timeout=10)
        assert page.url.endswith("/login")
        act = requests.post(f"{again}/action", cookies={"lawpost_counter": cookie},
                            data={"csrf": csrf, "counter": "1", "action": "call"}, timeout=10)
        assert act.url.endswith("/login")
        db = open_database(tmp_path)
        assert db.execute("select count(*) from queue_tickets where state = 'called'").fetchone()[0] == 0
        db.conn.close()
        assert _login(again)[1]  # signing in again works at once
    finally:
        restarted.close()
