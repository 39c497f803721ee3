"""Every form through the real QML: chosen from 写申请 by touch, answered, 下一步 tapped through
each step to the review, 修改 from the review and back, printed on cups-pdf (the PDF's text read
back), sent sealed to the outbox, and wiped with the visitor's session with nothing readable left."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kiosk.devices.test_a4_printer import QUEUE, cups_pdf_queue  # noqa: F401  (fixture)
from tests.kiosk.forms.answers import BASE
from tests.ui.conftest import KioskMaker, enroll_offline
from tests.ui.form_steps import (
    REVIEW,
    Touch,
    answer_with_slots,
    header,
    open_form,
    print_on_paper,
    tap,
    to_review,
)
from ui.app import Kiosk
from ui.shot import settle

# The name that must come out on paper, per form (the person the document is about).
NAME_FIELD = {"legal_aid": "applicant.name", "mediation": "applicant.name",
              "labour_arbitration": "applicant.name", "civil_complaint_loan": "applicant.name",
              "civil_complaint_labour": "applicant.name", "iou": "borrower.name",
              "receipt": "payee.name"}  # fmt: skip


@pytest.fixture
def enrolled_form_kiosk(tmp_path: Path, make_kiosk: KioskMaker) -> Kiosk:
    enroll_offline(tmp_path)
    return make_kiosk(forms={"a4_queue": QUEUE})


@pytest.mark.parametrize("form_id", sorted(BASE))
def test_each_form_from_choice_to_paper_outbox_and_wipe(
    enrolled_form_kiosk: Kiosk,
    cups_pdf_queue: Path,  # noqa: F811
    tmp_path: Path,
    form_id: str,
) -> None:
    kiosk = enrolled_form_kiosk
    open_form(Touch(kiosk), form_id)
    assert header(kiosk).startswith("第1步")
    answer_with_slots(kiosk, form_id)
    to_review(Touch(kiosk))
    forms = kiosk.view_models["Forms"]
    name = str(BASE[form_id][NAME_FIELD[form_id]])
    shown = [str(item["text"]) for step in forms.property("review") for item in step["items"]]
    assert name in shown
    first_step = forms.property("review")[0]["stepId"]
    tap(kiosk, f"edit_{first_step}")  # 修改: back to that step, and its 下一步 returns to the review
    assert header(kiosk).startswith("第1步")
    tap(kiosk, "formNext")
    assert header(kiosk) == REVIEW

    text = print_on_paper(kiosk, cups_pdf_queue, form_id)
    assert name in text, text[:400]

    tap(kiosk, "formSubmit")
    kiosk.worker.wait_idle(60)
    settle(2)
    rows = kiosk.services.db.execute(
        "select payload is null, sealed is not null from sync_outbox where kind = 'form'"
    ).fetchall()
    assert [tuple(r) for r in rows] == [(1, 1)]

    kiosk.session.endSession()
    settle(2)
    assert kiosk.nav.currentScreen == "home" and not forms.property("active")
    leaks = [path.name for path in tmp_path.rglob("*")
             if path.is_file() and name.encode() in path.read_bytes()]  # fmt: skip
    assert leaks == []
