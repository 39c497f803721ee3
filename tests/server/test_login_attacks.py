"""Attacks on the console login, replayed as found: floods, parallel guessing, probing for names."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from live_server import serving
from server_helpers import (
    CHEAP_ARGON2,
    FakeClock,
    app_context,
    create_user,
    csrf_from,
    enroll_device,
    heartbeat_over_http,
    login,
)
from sqlalchemy import select

from server.app import create_app
from server.models import AuditEntry, ConsoleSession
from server.services import users
from server.services.password_gate import PasswordGate
from server.settings import ServerSettings


def _actions(client: TestClient, action: str) -> list[AuditEntry]:
    with app_context(client).session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _post_login(client: TestClient, form: dict[str, str]) -> int:
    """One attempt; the answer's page carries the next form's CSRF token (as a browser's would)."""
    answer = client.post("/console/login", data=form)
    form["csrf_token"] = csrf_from(answer.text)
    return answer.status_code


def _error_sentence(html: str) -> str:
    match = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert match, "the login page shows no error"
    return match.group(1).strip()


# --- 2. audit flood without a login -------------------------------------------------------------


def test_a_flood_of_throttled_logins_writes_one_audit_row_a_minute(
    client: TestClient, clock: FakeClock
) -> None:
    page = client.get("/console/login")
    form = {"username": "admin", "password": "Guess-2026-x", "csrf_token": csrf_from(page.text)}
    for _ in range(20):
        assert _post_login(client, form) == 401
    for _ in range(300):
        assert _post_login(client, form) == 429
    assert len(_actions(client, "login.throttled")) == 1
    clock.advance(seconds=61)
    assert _post_login(client, form) == 429
    rows = _actions(client, "login.throttled")
    assert len(rows) == 2
    assert rows[1].detail == "299 more left out since the previous entry"


def test_many_addresses_flooding_share_one_row_a_minute() -> None:
    from server.services.audit_brake import AuditBrake

    brake = AuditBrake(max_rows=30)
    now = FakeClock().now
    admitted = [brake.admit("login.throttled", f"10.0.{n // 256}.{n % 256}", now=now) for n in range(1000)]
    written = [entry for entry in admitted if entry is not None]
    assert len(written) == 31  # 30 addresses, then one row for "many addresses"
    assert written[-1] == ("*", 0)


def test_the_audit_page_pages_and_filters_by_action(client: TestClient, clock: FakeClock) -> None:
    create_user(app_context(client))
    # 130 real checks: the flood budget (wall-clock seconds of checking) is not under test here,
    # and on a busy machine the niced checks would spend it and turn the last logins away.
    app_context(client).password_gate.share = 0
    page = client.get("/console/login")
    form = {"username": "nobody", "password": "Guess-2026-x", "csrf_token": csrf_from(page.text)}
    for _ in range(130):
        clock.advance(minutes=16)  # a fresh per-address window each time: 130 real rows
        assert _post_login(client, form) == 401
    login(client)
    first = client.get("/console/audit", params={"action": "login.bad_credentials"})
    assert first.status_code == 200
    assert first.text.count("<td>login.bad_credentials</td>") == 100
    assert "<td>login.ok</td>" not in first.text
    assert 'page=2"' in first.text
    second = client.get("/console/audit", params={"action": "login.bad_credentials", "page": 2})
    assert second.text.count("<td>login.bad_credentials</td>") == 30
    assert '<option value="login.ok"' in second.text
    everything = client.get("/console/audit")
    assert "<td>login.ok</td>" in everything.text


# --- 4 + 5. parallel failed logins over the real server ------------------------------------------


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, TestClient]]:
    """The app under uvicorn on loopback (as `lawpost server` runs it), with a real argon2 cost."""
    settings = ServerSettings(
        data_dir=tmp_path / "server",
        # Dearer than the other tests' cost, so checks queue visibly; cheaper than production.
        argon2_time_cost=1,
        argon2_memory_kib=16384,
        max_login_failures_per_address=1000,
        max_parallel_password_checks=2,  # room for 64 queued checks: all 40 are checked
        password_check_share=0,  # no time budget: every one of the 40 is checked
    )
    app = create_app(settings)
    with serving(app) as url, TestClient(app) as local:
        yield url, local


def _failed_login(url: str, number: int, finished: list[int], lock: threading.Lock) -> int:
    with httpx.Client(base_url=url, timeout=60) as browser:
        page = browser.get("/console/login")
        answer = browser.post(
            "/console/login",
            data={
                "username": f"user{number}",
                "password": "Guess-2026-x",
                "csrf_token": csrf_from(page.text),
            },
        )
    with lock:
        finished.append(number)
    return answer.status_code


class _HeldPasswords:
    """The real argon2 checks, each held until the test lets go, so the queue's length does not
    depend on how fast this machine happens to be."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.release = threading.Event()

    def verify(self, stored: str, password: str) -> bool:
        self.release.wait(120)
        return self.real.verify(stored, password)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_a_heartbeat_is_answered_while_forty_failed_logins_are_being_checked(
    live: tuple[str, TestClient],
) -> None:
    url, local = live
    context = app_context(local)
    _, token = enroll_device(context)
    held = _HeldPasswords(context.password_gate.passwords)
    context.password_gate.passwords = held  # type: ignore[assignment]
    finished: list[int] = []
    lock = threading.Lock()
    with ThreadPoolExecutor(max_workers=40) as pool:
        try:
            futures = [pool.submit(_failed_login, url, n, finished, lock) for n in range(40)]
            # Wait (by ordering, not by a guess at speed) until the logins queue on the gate.
            queued = threading.Event()
            for _ in range(12_000):
                if context.password_gate.in_flight >= 10 or finished:
                    break
                queued.wait(0.005)
            assert context.password_gate.in_flight >= 10, "the logins never queued up"
            beat = heartbeat_over_http(url, token, context)
            with lock:
                done_when_beat_answered = len(finished)
            in_flight_when_beat_answered = context.password_gate.in_flight
        finally:
            held.release.set()
        statuses = [future.result() for future in futures]
    assert beat.status_code == 200
    # The beat did not wait for the password checks: all of them were still queued or held.
    assert in_flight_when_beat_answered >= 10
    assert done_when_beat_answered == 0
    assert statuses == [401] * 40


def test_forty_parallel_failures_from_one_address_get_at_most_the_limit(tmp_path: Path) -> None:
    settings = ServerSettings(data_dir=tmp_path / "server", **CHEAP_ARGON2)  # limit 20 per address
    app = create_app(settings)
    with serving(app) as url:
        lock = threading.Lock()
        with ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(lambda n: _failed_login(url, n, [], lock), range(40)))
    assert statuses.count(401) == 20
    assert statuses.count(429) == 20


def test_parallel_guesses_at_one_account_are_counted_before_they_are_checked(client: TestClient) -> None:
    context = app_context(client)
    create_user(context)
    settings = context.settings
    now = context.clock()
    attempts = []
    # Ten guesses begun before any was checked (as ten parallel requests would).
    for _ in range(10):
        with context.session_factory() as session:
            attempts.append(
                users.begin_login(
                    session,
                    username="admin",
                    now=now,
                    max_failures=settings.max_login_failures,
                    lockout=timedelta(minutes=15),
                    passwords=context.passwords,
                )
            )
            session.commit()
    assert [a.state for a in attempts] == ["check"] * 5 + ["locked"] * 5
    assert all(a.check_against == context.passwords.dummy_hash for a in attempts[5:])


# --- 6. user names cannot be discovered ----------------------------------------------------------


def test_a_locked_account_and_an_unknown_one_answer_alike(client: TestClient) -> None:
    context = app_context(client)
    create_user(context)
    for _ in range(5):
        login(client, password="Wrong-Password-1")
    checks: list[str] = []
    gate = context.password_gate
    original = gate.passwords.verify

    def counting(stored: str, password: str) -> bool:
        checks.append(stored)
        return original(stored, password)

    gate.passwords.verify = counting  # type: ignore[method-assign]
    locked = login(client)  # the right password, but the account is locked
    unknown = login(client, username="nobody")
    assert locked.status_code == unknown.status_code == 401
    assert _error_sentence(locked.text) == _error_sentence(unknown.text)
    assert "锁定" in _error_sentence(unknown.text)  # the sentence says accounts lock, not which
    # Both cost exactly one argon2 check of the same parameters (the dummy hash).
    assert checks == [context.passwords.dummy_hash] * 2
    # The audit log still tells the administrator which it was.
    assert len(_actions(client, "login.locked")) == 2


# --- 9. names unique whatever their case, sessions, Secure cookie ----------------------------------


def test_user_names_differing_only_in_case_cannot_coexist(client: TestClient) -> None:
    context = app_context(client)
    create_user(context, username="admin")
    with pytest.raises(users.AccountError, match="already exists"):
        create_user(context, username="Admin")
    assert login(client, username="ADMIN").status_code == 303


def test_signing_in_as_someone_else_ends_the_previous_session(client: TestClient) -> None:
    context = app_context(client)
    create_user(context, username="admin")
    create_user(context, username="clerk", role="staff")
    login(client)
    first_cookie = client.cookies.get("lawpost_session")
    assert login(client, username="clerk").status_code == 303
    with context.session_factory() as session:
        rows = session.scalars(select(ConsoleSession).order_by(ConsoleSession.id)).all()
    assert [row.ended_at is not None for row in rows] == [True, False]
    # The old cookie, replayed, no longer opens anything.
    client.cookies.clear()
    client.cookies.set("lawpost_session", first_cookie or "")
    assert client.get("/console/fleet", follow_redirects=False).status_code == 303


def test_an_https_public_origin_makes_the_cookies_secure(tmp_path: Path) -> None:
    settings = ServerSettings(
        data_dir=tmp_path / "server", public_origin="https://lawpost.example.gov.cn", **CHEAP_ARGON2
    )
    with TestClient(create_app(settings), base_url="https://lawpost.example.gov.cn") as browser:
        create_user(app_context(browser))
        page = browser.get("/console/login")
        assert "secure" in page.headers["set-cookie"].lower()
        answer = login(browser)
        assert answer.status_code == 303
        session_cookie = [
            c for c in answer.headers.get_list("set-cookie") if c.startswith("lawpost_session=")
        ]
        assert session_cookie and "secure" in session_cookie[0].lower()


def test_a_full_password_queue_answers_busy_at_once_and_counts_nothing(client: TestClient) -> None:
    context = app_context(client)
    create_user(context)
    gate = context.password_gate
    gate.in_flight = gate.max_in_flight  # as if that many checks were queued
    try:
        busy = login(client)
    finally:
        gate.in_flight = 0
    assert busy.status_code == 429
    assert busy.headers["retry-after"] == "30"
    assert "繁忙" in _error_sentence(busy.text)
    assert _actions(client, "login.bad_credentials") == []
    assert login(client).status_code == 303


class _SlowChecks:
    """Password checks that take half a second of the fake clock each."""

    def __init__(self, clock: list[float]) -> None:
        self.clock = clock

    def verify(self, stored: str, password: str) -> bool:
        self.clock[0] += 0.5
        return False


def test_a_login_flood_gets_only_its_share_of_checking_time() -> None:
    now = [100.0]
    gate = PasswordGate(_SlowChecks(now), limit=1, share=0.2, bank=1.0, clock=lambda: now[0])  # type: ignore[arg-type]
    checked = 0
    while gate.admit() and checked < 10:
        asyncio.run(gate.verify("stored", "guess"))
        checked += 1
    # One second banked, 0.2 s earned per second of clock, 0.5 s per check: three checks
    # (1.0 → 0.5 → 0.1 → -0.3 with 0.1 earned during each), then "busy" at once.
    assert checked == 3
    assert not gate.admit()
    now[0] += 2.0  # earned back at 0.2 s per second: -0.3 + 0.4 > 0
    assert gate.admit()


def test_logins_are_turned_away_once_the_queue_is_more_than_ten_seconds_of_checking() -> None:
    now = [100.0]

    class _FourSecondChecks:
        def verify(self, stored: str, password: str) -> bool:
            now[0] += 4.0  # a niced check on a busy server
            return False

    gate = PasswordGate(_FourSecondChecks(), limit=1, clock=lambda: now[0])  # type: ignore[arg-type]
    asyncio.run(gate.verify("stored", "guess"))
    assert gate.recent_check_s == 4.0
    gate.in_flight = 2  # 8 s of checking queued: one more may wait
    assert gate.admit()
    gate.in_flight = 3  # 12 s: "busy" at once, though far fewer than 32 are queued
    assert not gate.admit()
    assert gate.in_flight < gate.max_in_flight


def test_a_check_that_runs_long_counts_at_its_length_so_far_in_the_queue() -> None:
    now = [100.0]
    release = threading.Event()
    entered = threading.Event()

    class _StarvedCheck:
        def verify(self, stored: str, password: str) -> bool:
            entered.set()
            release.wait(60)
            return False

    gate = PasswordGate(_StarvedCheck(), limit=1, clock=lambda: now[0])  # type: ignore[arg-type]
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(asyncio.run, gate.verify("stored", "guess"))
        assert entered.wait(60)
        assert gate.recent_check_s == 0.0 and gate.in_flight == 1
        assert gate.admit()  # nothing known yet against it
        now[0] += 11.0  # the one check has run 11 s (no check has finished to say so)
        assert not gate.admit()
        release.set()
        running.result(60)
    assert gate.in_flight == 0 and gate.recent_check_s == 11.0 and gate.admit()


def test_a_login_beyond_the_checking_budget_is_answered_429_and_counts_nothing(tmp_path: Path) -> None:
    settings = ServerSettings(data_dir=tmp_path / "server", password_check_share=0.2, **CHEAP_ARGON2)
    with TestClient(create_app(settings)) as client:
        create_user(app_context(client))
        gate = app_context(client).password_gate
        gate._seconds = -5.0  # as if a flood had just used the budget
        busy = login(client)
        assert busy.status_code == 429 and busy.headers["retry-after"] == "30"
        assert "繁忙" in _error_sentence(busy.text)
        assert _actions(client, "login.bad_credentials") == []
