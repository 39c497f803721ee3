"""Every form through the real QML: chosen from 写申请 by touch, answered, 下一步 tapped through
each step to the review, 修改 from the review and back, printed on cups-pdf (the PDF's text read
back), sent sealed to the outbox, and wiped with the visitor's session with nothing readable left."""

from __future__ import annotations

import dataclasses
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from tests.kiosk.devices.test_a4_printer import QUEUE, cups_pdf_queue  # noqa: F401  (fixture)
from tests.kiosk.forms.answers import BASE, answers
from tests.ui.conftest import enroll_offline, find
from tests.ui.test_form_flow import tap
from ui.app import Kiosk, build_kiosk
from ui.shot import ManualClock, settle

REVIEW = "请检查您填写的内容"
# The name that must come out on paper, per form (the person the document is about).
NAME_FIELD = {"legal_aid": "applicant.name", "mediation": "applicant.name",
              "labour_arbitration": "applicant.name", "civil_complaint_loan": "applicant.name",
              "civil_complaint_labour": "applicant.name", "iou": "borrower.name",
              "receipt": "payee.name"}  # fmt: skip


@pytest.fixture
def enrolled_form_kiosk(
    qapp: object, tmp_path: Path, clock: ManualClock, speaker: FakeSpeaker
) -> Iterator[Kiosk]:
    enroll_offline(tmp_path)
    settings = Settings().with_data_dir(tmp_path)
    settings = dataclasses.replace(settings, forms=dataclasses.replace(settings.forms, a4_queue=QUEUE))
    built = build_kiosk(settings, speaker=speaker, size=(1080, 1920), clock=clock, open_content=False)
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def _answer(kiosk: Kiosk, form_id: str) -> None:
    """Each answer through the slot its control calls (the controls themselves are exercised by
    the legal-aid walk-through and the input tests)."""
    forms = kiosk.view_models["Forms"]
    definition = forms._catalog.get(form_id)
    for key, value in answers(form_id).items():
        field = definition.field(key)
        assert field is not None, key
        _answer_one(forms, field.type, key, value)


def _answer_one(forms: Any, kind: str, key: str, value: Any) -> None:
    if kind == "group":
        for index, row in enumerate(value):
            forms.addItem(key)
            for sub, text in row.items():
                forms.setItemText(key, index, sub, str(text))
    elif kind == "multi_choice":
        for choice in value:
            forms.choose(key, choice)
    elif kind == "yes_no":
        forms.choose(key, "yes" if value else "no")
    elif kind in ("choice", "signature"):
        forms.choose(key, value)
    elif kind == "address":
        forms.pickRegion(key, value["region"])
        forms.setAddressDetail(key, value["detail"])
    else:
        forms.setText(key, str(value))


def _header(kiosk: Kiosk) -> str:
    return str(find(kiosk, "formHeader").property("text"))


def _to_review(kiosk: Kiosk) -> None:
    for _ in range(10):
        if _header(kiosk) == REVIEW:
            return
        before = _header(kiosk)
        tap(kiosk, "formNext")
        if _header(kiosk) == before:
            fields = kiosk.view_models["Forms"].property("fields")
            errors = [(f["id"], f["error"]) for f in fields if f["error"]]
            raise AssertionError(f"stuck at {before!r}: {errors}")
    raise AssertionError("never reached the review")


def _printed_text(folder: Path, form_id: str, since: float) -> str:
    for _ in range(150):
        found = [p for p in folder.glob(f"lawpost-{form_id}*.pdf") if p.stat().st_mtime >= since]
        if found:
            time.sleep(0.3)  # cups-pdf renames the finished file into place
            path = max(found, key=lambda p: p.stat().st_mtime)
            try:
                return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                      check=True).stdout  # fmt: skip
            finally:
                path.unlink()
        time.sleep(0.1)
    raise AssertionError(f"cups-pdf wrote no PDF for {form_id}")


@pytest.mark.parametrize("form_id", sorted(BASE))
def test_each_form_from_choice_to_paper_outbox_and_wipe(
    enrolled_form_kiosk: Kiosk,
    cups_pdf_queue: Path,  # noqa: F811
    tmp_path: Path,
    form_id: str,
) -> None:
    kiosk = enrolled_form_kiosk
    tap(kiosk, "tile_forms")
    tap(kiosk, f"form_{form_id}")
    assert _header(kiosk).startswith("第1步")
    _answer(kiosk, form_id)
    _to_review(kiosk)
    forms = kiosk.view_models["Forms"]
    name = str(BASE[form_id][NAME_FIELD[form_id]])
    shown = [str(item["text"]) for step in forms.property("review") for item in step["items"]]
    assert name in shown
    first_step = forms.property("review")[0]["stepId"]
    tap(kiosk, f"edit_{first_step}")  # 修改: back to that step, and its 下一步 returns to the review
    assert _header(kiosk).startswith("第1步")
    tap(kiosk, "formNext")
    assert _header(kiosk) == REVIEW

    started = time.time() - 1
    tap(kiosk, "formPrint")
    kiosk.worker.wait_idle(120)
    settle(2)
    assert "打印好了" in str(find(kiosk, "formNotice").property("text"))
    text = _printed_text(cups_pdf_queue, form_id, started)
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
