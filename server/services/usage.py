"""Turns a usage_event payload into an anonymous statistics row (whitelisted, scrubbed fields)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from server.services.scrub import scrub_text

EVENTS = frozenset({"screen_view", "guide_read", "search", "ask", "rating", "session_end"})
_MAX_DURATION_S = 24 * 3600


class InvalidUsageEvent(Exception):
    """The payload is not a usage event this server can count; the message is the reason."""


def _short_text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    # Identifiers (screen, topic, guide) are scrubbed too: nothing free-form is trusted.
    return scrub_text(value.strip())[:limit]


def _rating(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    number = int(value)
    return number if 1 <= number <= 5 else None


def _duration(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0 or number > _MAX_DURATION_S:
        return None
    return number


def usage_event_row(
    payload: dict[str, Any], *, device_id: str, item_pk: int, occurred_at: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    """The usage_events row (as a dict, for a bulk insert): only the contract's fields are kept,
    unknown keys are dropped and never stored."""
    reason = validate_usage_payload(payload)
    if reason is not None:
        raise InvalidUsageEvent(reason)
    return {
        "item_pk": item_pk,
        "device_id": device_id,
        "occurred_at": occurred_at,
        "day": occurred_at.astimezone(zone).date(),
        "event": str(payload["event"]),
        "screen": _short_text(payload.get("screen"), 80),
        "topic": _short_text(payload.get("topic"), 80),
        "guide_id": _short_text(payload.get("guide_id"), 80),
        "query": _short_text(payload.get("query"), 200),
        "rating": _rating(payload.get("rating")),
        "duration_s": _duration(payload.get("duration_s")),
        "lang": _short_text(payload.get("lang"), 10),
    }


def validate_usage_payload(payload: dict[str, Any]) -> str | None:
    """The reason a payload would be refused, or None when it is countable."""
    event = payload.get("event")
    if event not in EVENTS:
        return f"unknown usage event {str(event)[:40]!r}"
    if event == "rating" and _rating(payload.get("rating")) is None:
        return "a rating event needs rating 1..5"
    return None
