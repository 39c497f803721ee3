"""Console accounts: argon2id passwords, complexity rule, and lockout after repeated failures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import User
from server.models.user import ROLES


class Passwords:
    """argon2id hashing; the defaults are RFC 9106's low-memory profile (t=3, 64 MiB, p=4)."""

    def __init__(self, *, time_cost: int = 3, memory_kib: int = 65536) -> None:
        self.hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=4)
        # Verified when the user does not exist, so a wrong name costs as long as a wrong password.
        self.dummy_hash = self.hasher.hash("not a real password 9f3b")

    def verify(self, stored: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False


_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")


def fold(username: str) -> str:
    """The form names are compared in (ASCII only, so lower() is the same on both databases)."""
    return username.lower()


class AccountError(Exception):
    """A user cannot be created as asked; the message says why (Chinese first)."""


def password_problem(password: str) -> str | None:
    """Why a password is too weak (等保 level 2 asks for complexity), or None."""
    if len(password) < 10:
        return "密码至少 10 个字符 (password must have at least 10 characters)"
    classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if classes < 3:
        return (
            "密码须包含大写字母、小写字母、数字、符号中的至少三类 "
            "(use at least three of: upper case, lower case, digits, symbols)"
        )
    return None


def create_user(
    session: Session, *, username: str, password: str, role: str, now: datetime, passwords: Passwords
) -> User:
    if role not in ROLES:
        raise AccountError(f"角色必须是 {', '.join(ROLES)} 之一 (unknown role {role!r})")
    if not _USERNAME.match(username):
        raise AccountError("用户名须为 3–64 个字母、数字或 _.- (username: 3-64 of A-Z a-z 0-9 _.-)")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if find_user(session, username) is not None:
        # Case-insensitively: "Admin" beside "admin" would be two accounts one person can't tell apart.
        raise AccountError(f"用户名 {username} 已存在 (user already exists, ignoring case)")
    user = User(
        username=username,
        username_folded=fold(username),
        password_hash=passwords.hasher.hash(password),
        role=role,
        created_at=now,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    # "ok", "bad_credentials", "locked" or "disabled"
    result: str
    locked_until: datetime | None = None


@dataclass(frozen=True)
class LoginAttempt:
    """An attempt counted against its account before the password is checked."""

    user_id: int | None
    # What the password is checked against: the account's hash, or the dummy hash when there is
    # no account to check (unknown, locked), so every attempt costs one argon2 verification.
    check_against: str
    # "check" (verify the password), "unknown" or "locked" (verify only for equal timing)
    state: str


def find_user(session: Session, username: str) -> User | None:
    """The account whatever the case of the name (names are unique case-insensitively)."""
    return session.scalars(select(User).where(User.username_folded == fold(username))).first()


def begin_login(
    session: Session, *, username: str, now: datetime, max_failures: int, lockout: timedelta,
    passwords: Passwords,
) -> LoginAttempt:  # fmt: skip
    """Count the attempt first, atomically (the caller commits before checking the password).

    Counting only after a slow check let 40 parallel guesses all be checked; now the
    (max_failures + 1)-th concurrent attempt finds the account locked without a check.
    """
    user = find_user(session, username)
    if user is None:
        return LoginAttempt(user_id=None, check_against=passwords.dummy_hash, state="unknown")
    if user.locked_until is not None and user.locked_until > now:
        return LoginAttempt(user_id=user.id, check_against=passwords.dummy_hash, state="locked")
    # One UPDATE: SQLite's BEGIN IMMEDIATE and PostgreSQL's row lock serialise the increments.
    session.execute(update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1))
    session.refresh(user)
    if user.failed_logins > max_failures:
        user.locked_until = now + lockout
        user.failed_logins = 0
        return LoginAttempt(user_id=user.id, check_against=passwords.dummy_hash, state="locked")
    return LoginAttempt(user_id=user.id, check_against=user.password_hash, state="check")


def finish_login(
    session: Session, *, attempt: LoginAttempt, password_ok: bool, password: str, now: datetime,
    max_failures: int, lockout: timedelta, passwords: Passwords,
) -> LoginOutcome:  # fmt: skip
    """Apply a checked attempt: lock after too many failures, or reset the count (caller commits)."""
    user = session.get(User, attempt.user_id) if attempt.user_id is not None else None
    if user is None or attempt.state == "unknown":
        return LoginOutcome(user=None, result="bad_credentials")
    session.refresh(user)
    if attempt.state == "locked":
        return LoginOutcome(user=user, result="locked", locked_until=user.locked_until)
    if not password_ok:
        if user.failed_logins >= max_failures:
            user.locked_until = now + lockout
            user.failed_logins = 0
            return LoginOutcome(user=user, result="locked", locked_until=user.locked_until)
        return LoginOutcome(user=user, result="bad_credentials")
    user.failed_logins = 0
    if user.disabled_at is not None:
        return LoginOutcome(user=user, result="disabled")
    user.locked_until = None
    user.last_login_at = now
    if passwords.hasher.check_needs_rehash(user.password_hash):
        user.password_hash = passwords.hasher.hash(password)
    return LoginOutcome(user=user, result="ok")


def check_login(
    session: Session,
    *,
    username: str,
    password: str,
    now: datetime,
    max_failures: int,
    lockout: timedelta,
    passwords: Passwords,
) -> LoginOutcome:
    """Both steps in one session (the CLI and service tests; the console splits them)."""
    attempt = begin_login(
        session, username=username, now=now, max_failures=max_failures, lockout=lockout,
        passwords=passwords,
    )  # fmt: skip
    session.flush()
    ok = passwords.verify(attempt.check_against, password) and attempt.state == "check"
    return finish_login(
        session, attempt=attempt, password_ok=ok, password=password, now=now,
        max_failures=max_failures, lockout=lockout, passwords=passwords,
    )  # fmt: skip


def unlock(session: Session, *, user_id: int) -> User | None:
    user = session.get(User, user_id)
    if user is not None:
        user.locked_until = None
        user.failed_logins = 0
    return user
