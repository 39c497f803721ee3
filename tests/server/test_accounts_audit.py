"""Console accounts (argon2id, complexity, lockout) and the hash-chained audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from server_helpers import FakeClock
from sqlalchemy import select, update

from server.context import ServerContext
from server.models import AuditEntry, User
from server.services import audit, users

PASSWORD = "Tiger-Lily-2026"


def _login(context: ServerContext, password: str) -> users.LoginOutcome:
    with context.session_factory() as session:
        outcome = users.check_login(
            session,
            username="wang",
            password=password,
            now=context.clock(),
            max_failures=5,
            lockout=timedelta(minutes=15),
            passwords=context.passwords,
        )
        session.commit()
        return outcome


@pytest.fixture
def account(context: ServerContext) -> None:
    with context.session_factory() as session:
        users.create_user(
            session,
            username="wang",
            password=PASSWORD,
            role="staff",
            now=context.clock(),
            passwords=context.passwords,
        )
        session.commit()


@pytest.mark.usefixtures("account")
def test_passwords_are_stored_as_argon2id(context: ServerContext) -> None:
    with context.session_factory() as session:
        user = session.scalars(select(User)).one()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert _login(context, PASSWORD).result == "ok"


@pytest.mark.usefixtures("account")
def test_five_failures_lock_the_account_for_fifteen_minutes(context: ServerContext, clock: FakeClock) -> None:
    results = [_login(context, "wrong-password").result for _ in range(5)]
    assert results == ["bad_credentials"] * 4 + ["locked"]
    assert _login(context, PASSWORD).result == "locked"
    clock.advance(minutes=14, seconds=59)
    assert _login(context, PASSWORD).result == "locked"
    clock.advance(seconds=2)
    assert _login(context, PASSWORD).result == "ok"


@pytest.mark.usefixtures("account")
def test_a_success_resets_the_failure_count(context: ServerContext) -> None:
    for _ in range(4):
        _login(context, "wrong-password")
    assert _login(context, PASSWORD).result == "ok"
    for _ in range(4):
        assert _login(context, "wrong-password").result == "bad_credentials"


def test_unknown_user_is_bad_credentials(context: ServerContext) -> None:
    assert _login(context, PASSWORD).result == "bad_credentials"


@pytest.mark.parametrize("weak", ["short1A!", "alllowercaseletters", "ALLUPPER123456"])
def test_weak_passwords_and_bad_roles_are_refused(context: ServerContext, weak: str) -> None:
    with context.session_factory() as session, pytest.raises(users.AccountError):
        users.create_user(
            session,
            username="li",
            password=weak,
            role="staff",
            now=context.clock(),
            passwords=context.passwords,
        )
    with context.session_factory() as session, pytest.raises(users.AccountError):
        users.create_user(
            session,
            username="li",
            password=PASSWORD,
            role="root",
            now=context.clock(),
            passwords=context.passwords,
        )


def test_the_audit_chain_detects_an_edited_entry(context: ServerContext) -> None:
    with context.session_factory() as session:
        for action in ("login.ok", "device.revoke", "logout"):
            audit.record(
                session,
                actor="admin",
                action=action,
                now=context.clock(),
                target="k1",
                ip="127.0.0.1",
            )
        session.commit()
    with context.session_factory() as session:
        assert audit.first_broken_entry(session) is None
        second = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()[1]
        session.execute(update(AuditEntry).where(AuditEntry.id == second.id).values(action="device.enroll"))
        session.commit()
    with context.session_factory() as session:
        assert audit.first_broken_entry(session) == second.id


def test_the_production_cost_is_rfc_9106_low_memory() -> None:
    stored = users.Passwords().hasher.hash(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
