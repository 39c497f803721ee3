"""Parsing the ISO 8601 timestamps kiosks send."""

from __future__ import annotations

from datetime import UTC, datetime

# Wide enough for a kiosk whose clock battery died (1970), narrow enough that converting to
# any time zone cannot overflow Python's datetime (years 1..9999).
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def parse_utc(text: str) -> datetime | None:
    """Aware UTC datetime, or None for text that is not ISO 8601 or is out of range.

    Naive text counts as UTC.
    """
    try:
        value = datetime.fromisoformat(text.strip())
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return value if _EARLIEST <= value < _LATEST else None


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
