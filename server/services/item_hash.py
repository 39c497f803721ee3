"""The content hash of an ingest item: the wire contract's own function, shared with the kiosk."""

from __future__ import annotations

from typing import Any

from kiosk.sync import wire


def item_hash(
    *, kind: str, created_at: str, payload: dict[str, Any] | None, sealed: str | None
) -> str | None:
    """hex sha256 of the canonical JSON of {"kind", "created_at", "payload" | "sealed"}.

    None when the item cannot be hashed: both or neither of payload/sealed, or a payload with
    NaN/Infinity (which Python's JSON parser accepts but canonical JSON does not).
    """
    try:
        return wire.item_hash(kind=kind, created_at=created_at, payload=payload, sealed=sealed)
    except ValueError:
        return None
