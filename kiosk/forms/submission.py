"""Sends a finished form to the office behind the kiosk: sealed into the outbox, never kept in clear.

The payload holds the answers laid out by step (as the review screen shows them, but unmasked:
staff need the full ID number) and the printed PDF, so the staff inbox can show both. It is
sealed to the server's key in the same transaction as the outbox row (kiosk.sync.outbox), as
rating comments are; an unenrolled kiosk has no key and cannot submit (it can still print).
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

import sqlite_utils

from kiosk.forms.check import CheckResult
from kiosk.forms.legal_aid import Eligibility
from kiosk.forms.model import FormDefinition
from kiosk.forms.regions import Regions
from kiosk.forms.values import display, is_answered
from kiosk.storage.transactions import write_transaction

FORM_KIND = "form"
MAX_PDF_BYTES = 600_000  # the server accepts sealed items up to 1 MB (base64 adds a third)


class SubmissionError(ValueError):
    """The form cannot be submitted as it is (incomplete, or the document is too large)."""


def laid_out_by_step(
    definition: FormDefinition, result: CheckResult, *, regions: Regions
) -> list[dict[str, Any]]:
    """[{"step", "title", "items": [{"id", "label", "text"}]}] of the shown, answered fields."""
    sections = []
    for step in result.visible_steps:
        items = []
        for field in result.visible_fields.get(step.id, ()):
            value = result.values.get(field.id)
            if field.type == "group":
                for number, row in enumerate(value or [], start=1):
                    text = "；".join(f"{sub.label.zh}：{display(sub, row.get(sub.id), regions=regions)}"
                                    for sub in field.item_fields if is_answered(row.get(sub.id)))  # fmt: skip
                    items.append(
                        {"id": f"{field.id}[{number}]", "label": f"{field.label.zh} {number}", "text": text}
                    )
            elif is_answered(value) and field.type != "signature":
                items.append(
                    {"id": field.id, "label": field.label.zh, "text": display(field, value, regions=regions)}
                )
        sections.append({"step": step.id, "title": step.title.zh, "items": items})
    return sections


def submit_form(
    db: sqlite_utils.Database,
    *,
    definition: FormDefinition,
    result: CheckResult,
    pdf: bytes,
    regions: Regions,
    eligibility: Eligibility | None = None,
    today: date,
) -> str:
    """Queue the sealed submission; return the outbox item id. Raises SubmissionError, or the
    outbox's NotEnrolledError when the kiosk has no server key."""
    if not result.complete:
        raise SubmissionError("the form is not complete")
    if len(pdf) > MAX_PDF_BYTES:
        raise SubmissionError("the document is too large to send; print it instead")
    from kiosk.sync import outbox

    payload: dict[str, Any] = {
        "form": definition.id,
        "title": definition.title.zh,
        "date": today.isoformat(),
        "steps": laid_out_by_step(definition, result, regions=regions),
        "pdf": base64.b64encode(pdf).decode("ascii"),
    }
    if eligibility is not None:
        payload["eligibility"] = eligibility.as_json()
    with write_transaction(db):
        return outbox.enqueue(db, kind=FORM_KIND, payload=payload, personal=True)
