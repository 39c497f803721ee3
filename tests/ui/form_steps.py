"""The steps of 写申请 through the real QML, shared by the form tests and the walk-through: open a
form from the home screen, answer a box or every field through the slots its controls call, press
下一步 (naming the step's messages when it does not move on), go on to the review.

A step takes a `Hand`: `Touch` scrolls a named item into view and taps it; `tests.ui.finger.Finger`
does the same and counts each press, Pinyin key and number-pad key (the walk-through's figures)."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tests.kiosk.forms.answers import answers
from tests.ui.conftest import find, reveal
from tests.ui.conftest import tap as tap_in_view
from ui.app import Kiosk
from ui.shot import settle
from ui.viewmodels.forms import FormsModel

REVIEW = "请检查您填写的内容"


class Hand(Protocol):
    @property
    def kiosk(self) -> Kiosk: ...

    def tap(self, name: str) -> None: ...


def tap(kiosk: Kiosk, name: str) -> None:
    """Scroll the screen until the item is in view (as a visitor would), then tap it."""
    reveal(kiosk, name)
    tap_in_view(kiosk, name)


@dataclass
class Touch:
    """Taps as `tap` does, for the steps below."""

    kiosk: Kiosk

    def tap(self, name: str) -> None:
        tap(self.kiosk, name)


def forms_model(kiosk: Kiosk) -> FormsModel:
    model = kiosk.view_models["Forms"]
    assert isinstance(model, FormsModel)
    return model


def header(kiosk: Kiosk) -> str:
    return str(find(kiosk, "formHeader").property("text"))


def field_errors(kiosk: Kiosk) -> list[tuple[str, str]]:
    """The messages under the step's fields, named in a failure when 下一步 did not move on."""
    return [(f["id"], f["error"]) for f in kiosk.view_models["Forms"].property("fields") if f["error"]]


def answer_box(kiosk: Kiosk, field_id: str, text: str) -> None:
    """Text put into a field's box as the keyboard would leave it."""
    find(kiosk, f"input_{field_id}").setProperty("text", text)


def open_form(hand: Hand, form_id: str) -> None:
    """写申请 on the home screen, then the form in the list."""
    hand.tap("tile_forms")
    hand.tap(f"form_{form_id}")


def go_to_step(kiosk: Kiosk, step_id: str, header_start: str) -> None:
    """Straight to a step of the open form, as 修改 on the review goes."""
    forms_model(kiosk).edit(step_id)
    settle(2)
    assert header(kiosk).startswith(header_start)


def next_step(hand: Hand, expected_header_start: str) -> None:
    """下一步, which must lead to the step (or the review) whose header starts so."""
    hand.tap("formNext")
    shown = header(hand.kiosk)
    if not shown.startswith(expected_header_start):
        raise AssertionError(f"still at {shown!r}: {field_errors(hand.kiosk)}")


def to_review(hand: Hand) -> None:
    """下一步 through every remaining step; each press must move on."""
    kiosk = hand.kiosk
    for _ in range(10):
        if header(kiosk) == REVIEW:
            return
        before = header(kiosk)
        hand.tap("formNext")
        if header(kiosk) == before:
            raise AssertionError(f"stuck at {before!r}: {field_errors(kiosk)}")
    raise AssertionError("never reached the review")


def answer_with_slots(kiosk: Kiosk, form_id: str) -> None:
    """Every answer of the complete form (tests/kiosk/forms/answers.py) through the slot its
    control calls (the controls themselves are exercised by the legal-aid walk-through and the
    input tests)."""
    forms = forms_model(kiosk)
    assert forms.form_session is not None
    definition = forms.form_session.definition
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


def fill_to_review(hand: Hand, form_id: str) -> None:
    """The form chosen from 写申请 by touch, answered through the slots, 下一步 to the review."""
    open_form(hand, form_id)
    answer_with_slots(hand.kiosk, form_id)
    to_review(hand)


def printed_text(folder: Path, form_id: str, since: float) -> str:
    """The text (pdftotext) of the form's newest PDF that cups-pdf wrote since then; the file is
    removed after reading."""
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


def print_on_paper(kiosk: Kiosk, queue_folder: Path, form_id: str) -> str:
    """打印 on the review, which must say 打印好了; the text of the PDF that cups-pdf wrote."""
    started = time.time() - 1
    tap(kiosk, "formPrint")
    kiosk.worker.wait_idle(120)
    settle(2)
    assert "打印好了" in str(find(kiosk, "formNotice").property("text"))
    return printed_text(queue_folder, form_id, started)
