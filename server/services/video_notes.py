"""The lawyer's notes for the visitor (书面意见): sealed at rest, fetched by the kiosk that had the call.

Notes name the visitor's situation, so they are personal data: they are stored only sealed to the
server's own public key (as kiosk items are), opened for the kiosk that had the call so it can
print them, and for the lawyer's call history; the text is never logged.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from nacl.public import PublicKey, SealedBox
from sqlalchemy import update
from sqlalchemy.orm import Session

from server.models import VideoCall
from server.services.keys import SealedOpener

MAX_NOTES_CHARS = 4000
# The kiosk may fetch the notes this long after the call ended (the visitor waits at the kiosk);
# afterwards only the lawyer's history can open them.
FETCH_WINDOW = timedelta(minutes=30)


class NotesRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class KioskNotes:
    state: str  # "none" (nothing yet) | "ready"
    text: str
    lawyer: str


def seal(text: str, *, opener: SealedOpener) -> bytes:
    box = SealedBox(PublicKey(base64.b64decode(opener.public_key_b64)))
    return bytes(box.encrypt(text.encode("utf-8")))


def save(
    session: Session, *, call_id: int, username: str, text: str, opener: SealedOpener, now: datetime
) -> None:
    """The lawyer who had the call writes (or rewrites) the notes; during or after the call."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise NotesRefused(422, "请写下给群众的意见 (the notes are empty)")
    if len(text) > MAX_NOTES_CHARS:
        raise NotesRefused(422, f"意见最多 {MAX_NOTES_CHARS} 字 (too long)")
    call = session.get(VideoCall, call_id)
    if call is None or call.lawyer != username or call.answered_at is None:
        raise NotesRefused(404, "没有这次通话 (no such call of yours)")
    call.notes_sealed = seal(text, opener=opener)
    call.notes_at = now


def for_kiosk(
    session: Session, *, device_id: str, call_id: int, opener: SealedOpener, now: datetime
) -> KioskNotes:
    """The notes for the kiosk that had the call, within FETCH_WINDOW of its end."""
    call = session.get(VideoCall, call_id)
    if call is None or call.device_id != device_id or call.answered_at is None:
        raise NotesRefused(404, "no such call")
    ended = call.ended_at
    if ended is not None and now - ended > FETCH_WINDOW:
        raise NotesRefused(410, "the notes can no longer be fetched here")
    if call.notes_sealed is None:
        return KioskNotes(state="none", text="", lawyer="")
    plain = opener.open(call.notes_sealed)
    if plain is None:
        raise NotesRefused(409, "the notes cannot be opened with this server's keys")
    session.execute(
        update(VideoCall).where(VideoCall.id == call_id).values(notes_fetched_at=now)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    return KioskNotes(state="ready", text=plain.decode("utf-8"), lawyer=call.lawyer or "")


def open_for_lawyer(call: VideoCall, *, opener: SealedOpener) -> str:
    if call.notes_sealed is None:
        return ""
    plain = opener.open(call.notes_sealed)
    return plain.decode("utf-8") if plain is not None else "（无法解密 — cannot be opened）"
