"""发到手机 and 下次再填 as use cases: build the sealed bytes, hand them to the store, and give back
what the visitor takes away (a link for the QR code, or a resume code). Runs off the GUI thread:
it waits on the network and spends ~0.1 s deriving a code's key."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.content.take_home import TakeHomeSheet
from kiosk.handoff.crypto import (
    CodeError,
    PhoneLink,
    ResumeCode,
    SealError,
    open_sealed,
    seal,
)
from kiosk.handoff.remote import HandoffStore

DRAFT_FORMAT = 1


class DraftUnreadable(Exception):
    """The server's bytes do not open with this code (damaged, or not a draft of ours)."""


@dataclass(frozen=True)
class PhoneHandoff:
    url: str  # what the QR code holds; the key is in its fragment
    expires_at: datetime
    views: int


def sheet_document(sheet: TakeHomeSheet) -> dict[str, Any]:
    """A guide, an answer or an office as the phone page shows it (the A4 sheet's own content)."""
    return {
        "title": sheet.title,
        "summary": sheet.summary,
        "sections": [
            {"heading": s.heading, "lines": list(s.lines), "numbered": s.numbered}
            for s in sheet.sections
            if s.lines
        ],
        "footer": list(sheet.footer),
    }


def form_document(*, title: str, summary: str, sections: list[dict[str, Any]], pdf: bytes,
                  pdf_name: str, pdf_label: str) -> dict[str, Any]:  # fmt: skip
    """A filled form: the PDF to save, and the answers by step to read on the phone."""
    return {
        "title": title,
        "summary": summary,
        "sections": sections,
        "footer": [],
        "pdf": base64.b64encode(pdf).decode("ascii"),
        "pdf_name": pdf_name,
        "pdf_label": pdf_label,
    }


def send_to_phone(store: HandoffStore, document: dict[str, Any], *, base_url: str, hours: int,
                  views: int, now: datetime | None = None) -> PhoneHandoff:  # fmt: skip
    """Seal the document with a fresh key and upload it; raises remote.HandoffOffline."""
    link = PhoneLink.new()
    plaintext = json.dumps({"v": 1, **document}, ensure_ascii=False).encode("utf-8")
    blob = seal(plaintext, key=link.key, context=link.context)
    store.put(kind="phone", ident=link.ident, blob=blob, ttl_s=hours * 3600, views=views)
    return PhoneHandoff(url=link.url(base_url), views=views,
                        expires_at=(now or datetime.now(UTC)) + timedelta(hours=hours))  # fmt: skip


@dataclass(frozen=True)
class Draft:
    """An unfinished form as it travels: which form, the answers, the step the visitor was on."""

    form_id: str
    answers: dict[str, Any]
    step_id: str
    saved_at: str  # ISO date-time, UTC


def save_draft(store: HandoffStore, draft: Draft, *, days: int) -> ResumeCode:
    """Seal the draft under a fresh code and upload it; the code is all the visitor takes away."""
    code = ResumeCode.new()
    lookup, key = code.derive()
    plaintext = json.dumps(
        {"v": DRAFT_FORMAT, "form": draft.form_id, "answers": draft.answers, "step": draft.step_id,
         "saved_at": draft.saved_at}, ensure_ascii=False,
    ).encode("utf-8")  # fmt: skip
    store.put(kind="draft", ident=lookup, blob=seal(plaintext, key=key, context=code.context(lookup)),
              ttl_s=days * 86400, views=None)  # fmt: skip
    return code


def take_draft(store: HandoffStore, typed: str) -> Draft:
    """The draft behind a typed code, taken off the server (a code reopens a draft once).

    Raises crypto.CodeError (not a code: told at once, costs no look-up), remote.UnknownCode,
    remote.TooManyTries, remote.HandoffOffline, or DraftUnreadable."""
    code = ResumeCode.parse(typed)
    lookup, key = code.derive()
    blob = store.take(lookup)
    try:
        data = json.loads(open_sealed(blob, key=key, context=code.context(lookup)))
    except (SealError, ValueError):
        raise DraftUnreadable from None
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, dict) or data.get("v") != DRAFT_FORMAT:
        raise DraftUnreadable
    return Draft(form_id=str(data.get("form", "")), answers=answers,
                 step_id=str(data.get("step", "")), saved_at=str(data.get("saved_at", "")))  # fmt: skip


__all__ = [
    "CodeError",
    "Draft",
    "DraftUnreadable",
    "PhoneHandoff",
    "form_document",
    "save_draft",
    "send_to_phone",
    "sheet_document",
    "take_draft",
]  # fmt: skip
