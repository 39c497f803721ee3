"""Enrollment codes are single use and expire; device tokens authenticate until revoked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from server_helpers import FakeClock
from sqlalchemy import select

from server.context import ServerContext
from server.models import Device, EnrollmentCode
from server.services import devices, enrollment


def _code(context: ServerContext, *, hours: float = 1) -> str:
    with context.session_factory() as session:
        code, _ = enrollment.create_code(
            session, created_by="admin", now=context.clock(), ttl=timedelta(hours=hours)
        )
        session.commit()
    return code


def _enroll(context: ServerContext, code: str) -> enrollment.Enrolled:
    with context.session_factory() as session:
        enrolled = enrollment.enroll(
            session, code=code, kiosk_name="示例镇", app_version="1.0", now=context.clock()
        )
        session.commit()
        return enrolled


def test_a_code_enrolls_one_kiosk_and_only_its_hash_is_stored(context: ServerContext) -> None:
    code = _code(context)
    enrolled = _enroll(context, code)
    with context.session_factory() as session:
        row = session.scalars(select(EnrollmentCode)).one()
        assert code not in row.code_hash
        assert row.used_at is not None
        assert row.device_id == enrolled.device.id
        device = session.get(Device, enrolled.device.id)
        assert device is not None
        assert enrolled.device_token.split(".", 1)[1] not in device.secret_hash


def test_a_used_code_is_refused_with_410(context: ServerContext) -> None:
    code = _code(context)
    _enroll(context, code)
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        _enroll(context, code)
    assert refused.value.status == 410


def test_an_expired_code_is_refused_with_410(context: ServerContext, clock: FakeClock) -> None:
    code = _code(context, hours=1)
    clock.advance(hours=1, seconds=1)
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        _enroll(context, code)
    assert refused.value.status == 410


def test_an_unknown_code_is_refused_with_400(context: ServerContext) -> None:
    with pytest.raises(enrollment.EnrollmentRefused) as refused:
        _enroll(context, "AAAA-BBBB-CCCC")
    assert refused.value.status == 400


def test_a_code_typed_in_lower_case_without_dashes_works(context: ServerContext) -> None:
    code = _code(context)
    enrolled = _enroll(context, code.replace("-", " ").lower())
    assert enrolled.device.name == "示例镇"


def test_an_admin_can_expire_an_unused_code(context: ServerContext) -> None:
    code = _code(context)
    with context.session_factory() as session:
        row = session.scalars(select(EnrollmentCode)).one()
        enrollment.expire_code(session, code_id=row.id, now=context.clock())
        assert enrollment.code_state(row, now=context.clock()) == "expired"
        session.commit()
    with pytest.raises(enrollment.EnrollmentRefused):
        _enroll(context, code)


def test_the_token_authenticates_until_the_device_is_revoked(context: ServerContext) -> None:
    enrolled = _enroll(context, _code(context))
    device_id, secret = enrolled.device_token.split(".", 1)
    with context.session_factory() as session:
        assert devices.authenticate(session, enrolled.device_token) is not None
        assert devices.authenticate(session, f"{device_id}.{secret[:-1]}x") is None
        assert devices.authenticate(session, f"nope.{secret}") is None
        assert devices.authenticate(session, "garbage") is None
        devices.revoke(session, device_id=device_id, by="admin", now=context.clock())
        session.commit()
    with context.session_factory() as session:
        assert devices.authenticate(session, enrolled.device_token) is None
