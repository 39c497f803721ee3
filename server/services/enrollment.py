"""One-time enrollment codes: created by an admin, used once by a kiosk to get its credentials."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Device, EnrollmentCode
from server.services import tokens


class EnrollmentRefused(Exception):
    """The code cannot enroll a kiosk; `status` is 400 (unknown) or 410 (used or expired)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Enrolled:
    device: Device
    device_token: str


def create_code(
    session: Session, *, created_by: str, ttl: timedelta, now: datetime, note: str = ""
) -> tuple[str, EnrollmentCode]:
    """A fresh code (shown once) and its stored row; the caller commits."""
    code = tokens.new_enrollment_code()
    row = EnrollmentCode(
        code_hash=tokens.digest(code),
        hint=code[:4],
        note=note[:200],
        created_at=now,
        created_by=created_by,
        expires_at=now + ttl,
    )
    session.add(row)
    session.flush()
    return code, row


def list_codes(session: Session, *, limit: int = 200) -> list[EnrollmentCode]:
    query = select(EnrollmentCode).order_by(EnrollmentCode.id.desc()).limit(limit)
    return list(session.scalars(query))


def expire_code(session: Session, *, code_id: int, now: datetime) -> EnrollmentCode | None:
    row = session.get(EnrollmentCode, code_id)
    if row is None:
        return None
    if row.used_at is None and row.expires_at > now:
        row.expires_at = now
    return row


def code_state(row: EnrollmentCode, *, now: datetime) -> str:
    if row.used_at is not None:
        return "used"
    return "expired" if row.expires_at <= now else "valid"


def enroll(session: Session, *, code: str, kiosk_name: str, app_version: str, now: datetime) -> Enrolled:
    """Consume `code` and create the device; the caller commits."""
    normalised = tokens.normalise_enrollment_code(code)
    # FOR UPDATE: two kiosks racing with one code on PostgreSQL; SQLite's BEGIN IMMEDIATE
    # already serialises writers.
    row = session.scalars(
        select(EnrollmentCode).where(EnrollmentCode.code_hash == tokens.digest(normalised)).with_for_update()
    ).first()
    if row is None:
        raise EnrollmentRefused(400, "注册码无效 (unknown enrollment code)")
    if row.used_at is not None:
        raise EnrollmentRefused(410, "注册码已被使用 (enrollment code already used)")
    if row.expires_at <= now:
        raise EnrollmentRefused(410, "注册码已过期 (enrollment code expired)")
    secret = tokens.new_secret()
    device = Device(
        id=uuid.uuid4().hex,
        name=kiosk_name.strip()[:100] or "kiosk",
        secret_hash=tokens.digest(secret),
        enrolled_at=now,
        enrolled_app_version=app_version[:40],
        app_version=app_version[:40],
    )
    session.add(device)
    row.used_at = now
    row.device_id = device.id
    session.flush()
    return Enrolled(device=device, device_token=f"{device.id}.{secret}")
