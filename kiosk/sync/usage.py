"""Anonymous usage events for the bureau's statistics, with personal-looking text stripped first."""

from __future__ import annotations

import re

import sqlite_utils

from kiosk.storage.transactions import write_transaction
from kiosk.sync import outbox
from kiosk.sync.wire import KIND_USAGE_EVENT, USAGE_EVENTS, UsageEventPayload

ID_MARK = "〔证件号〕"
PHONE_MARK = "〔电话〕"
NAME_MARK = "〔姓名〕"
NUMBER_MARK = "〔号码〕"
MAX_QUERY_CHARS = 200

# Full-width digits, X and hyphen typed on a Chinese keyboard read as their ASCII forms.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＸｘＡ－", "0123456789XxA-")
_SEP = r"[\s\-]?"
# GB 11643 shape: area code (first digit 1-9), birth date 19xx/20xx (or YYMMDD for the old 15-char
# form), sequence, check character. The checksum is not required: a mistyped number is still one.
_ID18 = re.compile(
    rf"(?<![0-9A-Za-z])[1-9]\d{{5}}{_SEP}(?:18|19|20)\d{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    rf"{_SEP}\d{{3}}[0-9Xx](?![0-9A-Za-z])"
)
_ID15 = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])"
)
_MOBILE = re.compile(rf"(?<!\d)(?:\+?86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)")
# Landline with area code: 010-12345678, (0471) 1234567, 0471 1234567.
_LANDLINE = re.compile(r"(?<!\d)[(（]?0\d{2,3}[)）]?[\s\-]?\d{7,8}(?:[\-转]\d{1,5})?(?!\d)")
# Any other run of 7+ digits (local landline, bank card, case number with a name in it …):
# statistics lose little by it, a visitor's number would be exposed by keeping it.
_LONG_NUMBER = re.compile(r"\d[\d\s\-]{5,}\d")
_NAME = re.compile(
    r"(?P<lead>(?:我叫|我的名字(?:是|叫)|名字(?:是|叫)|本人姓名|姓名(?:是|叫)?|我姓)[\s:：,，]*)"
    r"[\u3400-\u9fff·•]{1,4}"
)


def _digit_run_is_long(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return NUMBER_MARK if digits >= 7 else match.group(0)


def strip_personal(text: str) -> str:
    """Replace ID numbers, phone numbers and obvious names in free text by neutral marks."""
    text = text.translate(_FULL_WIDTH)  # full-width digits count too
    text = _ID18.sub(ID_MARK, text)
    text = _ID15.sub(ID_MARK, text)
    text = _MOBILE.sub(PHONE_MARK, text)
    text = _LANDLINE.sub(PHONE_MARK, text)
    text = _LONG_NUMBER.sub(_digit_run_is_long, text)
    text = _NAME.sub(lambda m: m.group("lead") + NAME_MARK, text)  # keep "我叫", drop the name
    return text[:MAX_QUERY_CHARS]


def record_event(
    db: sqlite_utils.Database,
    *,
    event: str,
    screen: str | None = None,
    topic: str | None = None,
    guide_id: str | None = None,
    query: str | None = None,
    rating: int | None = None,
    duration_s: float | None = None,
    lang: str | None = None,
) -> str:
    """Queue one usage event (plain, anonymous) and return its outbox id.

    Joins the caller's transaction when one is open, else commits on its own.
    """
    if event not in USAGE_EVENTS:
        raise ValueError(f"unknown usage event {event!r}; expected one of {sorted(USAGE_EVENTS)}")
    if rating is not None and not 1 <= rating <= 5:
        raise ValueError("rating must be 1..5 (5 = 非常满意)")
    payload = UsageEventPayload(
        event=event,
        screen=screen,
        topic=topic,
        guide_id=guide_id,
        query=None if query is None else strip_personal(query),
        rating=rating,
        duration_s=None if duration_s is None else round(float(duration_s), 3),
        lang=lang,
    )
    with write_transaction(db):
        return outbox.enqueue(db, kind=KIND_USAGE_EVENT, payload=payload, personal=False)
