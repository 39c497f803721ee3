"""The content hash of an ingest item, exactly as the wire contract defines it."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def item_hash(
    *, kind: str, created_at: str, payload: dict[str, Any] | None, sealed: str | None
) -> str:
    """hex sha256 of the canonical JSON of {"kind", "created_at", "payload" | "sealed"}.

    Only the non-null one of payload/sealed is part of the object (the contract allows
    exactly one).
    """
    body: dict[str, Any] = {"kind": kind, "created_at": created_at}
    if payload is not None:
        body["payload"] = payload
    else:
        body["sealed"] = sealed
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
