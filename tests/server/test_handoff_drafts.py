"""下次再填 against the real server on loopback: a draft sealed under a 13-digit code comes back
whole at another kiosk, once; the server's files never hold the answers; unknown codes are
limited per kiosk; an expired draft is gone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from handoff_site import ID_NUMBER, NAME, PHONE, HandoffSite, handoff_site

from kiosk.handoff.crypto import CodeError, ResumeCode
from kiosk.handoff.remote import TooManyTries, UnknownCode
from kiosk.handoff.service import Draft, save_draft, take_draft

ANSWERS = {"applicant.name": NAME, "applicant.id_number": ID_NUMBER, "applicant.phone": PHONE,
           "applicant.address": {"region": "411625", "detail": "汲冢镇王庄村12号"},
           "claims": [{"text": "支付拖欠工资", "amount": 18000}], "case.special": []}  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Iterator[HandoffSite]:
    with handoff_site(tmp_path) as served:
        yield served


def _draft() -> Draft:
    return Draft(form_id="legal_aid", answers=ANSWERS, step_id="applicant", saved_at="2026-03-02T02:00:00Z")


def test_a_draft_comes_back_exactly_once_and_the_server_holds_only_ciphertext(site: HandoffSite) -> None:
    code = save_draft(site.store, _draft(), days=7)
    on_disk = b"".join(p.read_bytes() for p in site.database.parent.glob("server.db*"))
    for secret in (NAME, ID_NUMBER, PHONE, "汲冢镇", code.digits, code.digits[:12]):
        assert secret.encode("utf-8") not in on_disk
    back = take_draft(site.store, code.grouped)
    assert back == _draft()
    with pytest.raises(UnknownCode):
        take_draft(site.store, code.digits)


def test_a_mistyped_digit_is_caught_on_the_kiosk_without_asking_the_server(site: HandoffSite) -> None:
    code = save_draft(site.store, _draft(), days=7)
    wrong = code.digits[:3] + str((int(code.digits[3]) + 1) % 10) + code.digits[4:]
    with pytest.raises(CodeError):
        take_draft(site.store, wrong)
    with pytest.raises(CodeError):
        take_draft(site.store, code.digits[:-1])
    assert take_draft(site.store, code.digits).answers == ANSWERS


def test_an_expired_draft_is_gone(site: HandoffSite) -> None:
    code = save_draft(site.store, _draft(), days=7)
    site.clock.advance(days=7, seconds=1)
    with pytest.raises(UnknownCode):
        take_draft(site.store, code.digits)


def test_unknown_codes_are_limited_per_kiosk(site: HandoffSite) -> None:
    for _ in range(10):
        with pytest.raises(UnknownCode):
            take_draft(site.store, ResumeCode.new().digits)
    with pytest.raises(TooManyTries):
        take_draft(site.store, ResumeCode.new().digits)
    site.clock.advance(hours=1, seconds=1)
    with pytest.raises(UnknownCode):
        take_draft(site.store, ResumeCode.new().digits)
