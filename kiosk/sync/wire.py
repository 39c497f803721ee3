"""Wire format of the kiosk↔server sync API (contract v1): pure types and the item hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Final, Literal, NotRequired, TypedDict

API_PREFIX: Final = "/api/v1"
ENROLL_PATH: Final = f"{API_PREFIX}/enroll"
INGEST_PATH: Final = f"{API_PREFIX}/ingest"
HEARTBEAT_PATH: Final = f"{API_PREFIX}/heartbeat"
# Content publishing (`lawpost pack publish`): a technician's machine, not a kiosk, calls these.
PUBLISH_PATH: Final = f"{API_PREFIX}/updates/publish"
MISSING_BLOBS_PATH: Final = f"{API_PREFIX}/updates/missing-blobs"
UPDATES_STATE_PATH: Final = f"{API_PREFIX}/updates/state"

# A batch holds 1..MAX_BATCH items; a larger one is answered 413.
MAX_BATCH: Final = 500

ItemStatus = Literal["created", "duplicate", "rejected"]
ITEM_STATUSES: Final[frozenset[str]] = frozenset({"created", "duplicate", "rejected"})
# HTTP-like code carried per item in an ingest answer.
STATUS_CODES: Final[dict[str, int]] = {"created": 201, "duplicate": 200, "rejected": 422}

# Kinds the kiosk sends today; the server may accept more.
KIND_SUBMISSION: Final = "submission"
KIND_USAGE_EVENT: Final = "usage_event"
KIND_RATING: Final = "rating"
KIND_TEST: Final = "test"

USAGE_EVENTS: Final[frozenset[str]] = frozenset(
    {"screen_view", "guide_read", "search", "ask", "rating", "session_end"}
)
DEVICE_NAMES: Final[tuple[str, ...]] = ("printer", "camera", "microphone", "speaker")


class EnrollRequest(TypedDict):
    code: str
    kiosk_name: str
    app_version: str


class EnrollResponse(TypedDict):
    device_id: str
    device_token: str  # "<device_id>.<secret>"; a secret, never logged
    server_public_key: str  # base64 of a 32-byte X25519 public key (nacl SealedBox)
    heartbeat_interval_s: int


class Item(TypedDict):
    id: str  # client-made UUID4, unique per device forever
    kind: str
    created_at: str  # ISO 8601 UTC
    hash: str  # item_hash(kind, created_at, payload | sealed)
    payload: dict[str, Any] | None  # plain, anonymous kinds only
    sealed: str | None  # base64 SealedBox ciphertext of the UTF-8 JSON payload


class IngestRequest(TypedDict):
    items: list[Item]


class IngestResult(TypedDict):
    id: str
    status: ItemStatus
    code: int
    reason: str | None


class IngestResponse(TypedDict):
    results: list[IngestResult]


class Devices(TypedDict):
    printer: str  # "ok" | "not_configured" | "error" | "no_paper" | ...
    camera: str
    microphone: str
    speaker: str


class UpdateReport(TypedDict):
    """The content updater's state, reported in each heartbeat (fleet console: adoption)."""

    pack_id: str | None
    active_version: int | None
    last_check_at: str | None
    last_result: str | None  # installed | up_to_date | failed | refused | rolled_back | ...
    failures: int  # failed checks/installs in a row since the last success
    last_error: str | None
    rolled_back_from: int | None  # a switched-to version that failed its health check
    rolled_back_at: str | None
    alert: str | None  # the updater's sentence about the rollback, until the next good install


class HeartbeatRequest(TypedDict):
    sent_at: str
    app_version: str
    content_version: str | None
    devices: Devices
    disk_free_mb: int
    disk_total_mb: int  # with disk_free_mb, lets the server alert at 80 % used
    outbox_depth: int
    oldest_pending_age_s: int | None
    last_sync_at: str | None
    updates: NotRequired[UpdateReport]


class HeartbeatResponse(TypedDict):
    server_time: str
    clock_offset_s: float
    heartbeat_interval_s: int
    # The server's active public key (after a key rotation, the new one); "" from a server that
    # does not send it.
    server_public_key: str
    # The content channel (staging | stable) and kiosk group the server assigns this kiosk;
    # "stable" and "" from a server older than pack publishing.
    update_channel: NotRequired[str]
    update_group: NotRequired[str]


class UsageEventPayload(TypedDict):
    event: str  # one of USAGE_EVENTS
    screen: str | None
    topic: str | None
    guide_id: str | None
    query: str | None  # already stripped of name/ID/phone-like text by the kiosk
    rating: int | None  # 1..5, 5 = 非常满意
    duration_s: float | None
    lang: str | None


class ErrorResponse(TypedDict):
    detail: str


def canonical_json(value: Any) -> bytes:
    """The one byte form both sides hash: sorted keys, no spaces, UTF-8, no NaN/Infinity."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def item_hash(
    *, kind: str, created_at: str, payload: dict[str, Any] | None, sealed: str | None
) -> str:
    """Hex SHA-256 of the canonical JSON of {"kind", "created_at", "payload" or "sealed"}.

    Only the non-null one of payload/sealed is a key of the hashed object, so a sealed item hashes
    `{"created_at":…,"kind":…,"sealed":…}` and a plain one `{"created_at":…,"kind":…,"payload":…}`.
    """
    if (payload is None) == (sealed is None):
        raise ValueError("exactly one of payload and sealed must be given")
    body: dict[str, Any] = {"kind": kind, "created_at": created_at}
    if payload is not None:
        body["payload"] = payload
    else:
        body["sealed"] = sealed
    return hashlib.sha256(canonical_json(body)).hexdigest()


def item_hash_of(item: Item) -> str:
    """The hash an item should carry, recomputed from its fields (the server's check)."""
    return item_hash(
        kind=item["kind"],
        created_at=item["created_at"],
        payload=item["payload"],
        sealed=item["sealed"],
    )
