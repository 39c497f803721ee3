"""Console sign-in: lockout, idle timeout, CSRF, roles, and the audit of it all."""

from __future__ import annotations

from fastapi.testclient import TestClient
from server_helpers import FakeClock, app_context, create_user, csrf_from, login
from sqlalchemy import select

from server.models import AuditEntry, ConsoleSession


def test_login_lands_each_role_on_its_page(client: TestClient) -> None:
    context = app_context(client)
    create_user(context, username="admin", role="admin")
    create_user(context, username="clerk", role="staff")
    answer = login(client)
    assert answer.status_code == 303
    assert client.get("/console/", follow_redirects=False).headers["location"] == "/console/fleet"
    client.cookies.clear()
    login(client, username="clerk")
    assert client.get("/console/", follow_redirects=False).headers["location"] == "/console/inbox"


def test_pages_need_a_session(client: TestClient) -> None:
    for path in ("/console/fleet", "/console/inbox", "/console/stats", "/console/stats.csv"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/console/login"


def test_wrong_password_five_times_locks_the_account(client: TestClient, clock: FakeClock) -> None:
    create_user(app_context(client))
    for _ in range(4):
        assert login(client, password="Wrong-Password-1").status_code == 401
    locked = login(client, password="Wrong-Password-1")
    assert locked.status_code == 401
    assert "锁定" in locked.text
    assert login(client).status_code == 401
    clock.advance(minutes=15, seconds=1)
    assert login(client).status_code == 303


def test_an_idle_session_expires_after_30_minutes(client: TestClient, clock: FakeClock) -> None:
    create_user(app_context(client))
    login(client)
    clock.advance(minutes=29)
    assert client.get("/console/fleet", follow_redirects=False).status_code == 200
    clock.advance(minutes=29)  # activity above kept it alive
    assert client.get("/console/fleet", follow_redirects=False).status_code == 200
    clock.advance(minutes=31)
    assert client.get("/console/fleet", follow_redirects=False).status_code == 303


def test_forms_without_the_csrf_token_are_refused(client: TestClient) -> None:
    create_user(app_context(client))
    login(client)
    answer = client.post("/console/codes", data={"hours": "1", "note": "x"})
    assert answer.status_code == 403
    answer = client.post("/console/codes", data={"hours": "1", "csrf_token": "forged"})
    assert answer.status_code == 403
    page = client.get("/console/codes")
    ok = client.post("/console/codes", data={"hours": "1", "csrf_token": csrf_from(page.text)})
    assert ok.status_code == 200


def test_login_form_needs_its_csrf_cookie(client: TestClient) -> None:
    create_user(app_context(client))
    answer = client.post(
        "/console/login", data={"username": "admin", "password": "x", "csrf_token": "made-up"}
    )
    assert answer.status_code == 400


def test_roles_limit_pages(client: TestClient) -> None:
    context = app_context(client)
    create_user(context, username="tech", role="technician")
    create_user(context, username="clerk", role="staff")
    login(client, username="tech")
    assert client.get("/console/fleet").status_code == 200
    assert client.get("/console/inbox").status_code == 403
    assert client.get("/console/codes").status_code == 403
    assert client.get("/console/stats").status_code == 200
    client.cookies.clear()
    login(client, username="clerk")
    assert client.get("/console/inbox").status_code == 200
    assert client.get("/console/fleet").status_code == 403
    assert client.get("/console/users").status_code == 403


def test_logout_ends_the_session_and_everything_is_audited(client: TestClient) -> None:
    context = app_context(client)
    create_user(context)
    login(client, password="Wrong-Password-1")
    login(client)
    page = client.get("/console/fleet")
    client.post("/console/logout", data={"csrf_token": csrf_from(page.text)})
    assert client.get("/console/fleet", follow_redirects=False).status_code == 303
    with context.session_factory() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["login.bad_credentials", "login.ok", "logout"]


def test_console_pages_forbid_framing_and_caching(client: TestClient) -> None:
    answer = client.get("/console/login")
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in answer.headers["content-security-policy"]


def test_long_dead_sessions_are_deleted_at_the_next_login(client: TestClient, clock: FakeClock) -> None:
    context = app_context(client)
    create_user(context)
    login(client)
    clock.advance(days=8)
    client.cookies.clear()
    login(client)
    with context.session_factory() as session:
        rows = session.scalars(select(ConsoleSession)).all()
    assert [row.created_at for row in rows] == [clock.now]


def test_one_address_spraying_many_accounts_is_slowed_down(client: TestClient, clock: FakeClock) -> None:
    context = app_context(client)
    create_user(context)
    # 20 failures spread over many (unknown) accounts: no account locks, the address does.
    for number in range(20):
        assert login(client, username=f"user{number}", password="Guess-2026-x").status_code == 401
    throttled = login(client)
    assert throttled.status_code == 429
    assert "15 分钟" in throttled.text
    clock.advance(minutes=15, seconds=1)
    assert login(client).status_code == 303
    with context.session_factory() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "login.throttled" in actions
