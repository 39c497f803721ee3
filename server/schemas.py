"""Pydantic models of the kiosk ↔ server wire contract v1 (request and response bodies)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

# Timestamps stay strings (the item hash covers the exact text the kiosk sent); the format is
# documented so clients and the fuzzer know what is expected. Bad text is answered per field.
_DATE_TIME: dict[str, Any] = {"format": "date-time"}


def _encodable(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # JSON may spell a lone surrogate ("\\ud800"); no database can store it as UTF-8.
        raise ValueError("must not contain lone surrogates (invalid Unicode)") from None
    return value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return _encodable(value)


def _texts(value: Any) -> list[str]:
    """Every string inside a JSON value (keys included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in (str(key), *_texts(item))]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


# Text a kiosk sends: PostgreSQL cannot store NUL and neither database a lone surrogate, so
# both are refused here with a clear 422.
Str = Annotated[str, AfterValidator(_no_nul)]


class EnrollRequest(BaseModel):
    code: Str = Field(min_length=1, max_length=64)
    kiosk_name: Str = Field(min_length=1, max_length=100)
    app_version: Str = Field(max_length=40)


class EnrollResponse(BaseModel):
    device_id: str
    device_token: str
    server_public_key: str = Field(description="base64 of the 32-byte X25519 key for SealedBox")
    heartbeat_interval_s: int


class Detail(BaseModel):
    detail: str


class WireItem(BaseModel):
    # Unknown keys are ignored, not rejected: a newer kiosk may add fields.
    model_config = ConfigDict(extra="ignore")

    id: Str = Field(min_length=1, max_length=64)
    kind: Str = Field(min_length=1, max_length=32)
    created_at: Str = Field(min_length=1, max_length=40, json_schema_extra=_DATE_TIME)
    hash: Str = Field(min_length=1, max_length=128)
    payload: dict[str, Any] | None = None
    sealed: str | None = None

    @model_validator(mode="after")
    def _clean_payload(self) -> WireItem:
        # The payload is hashed as UTF-8 and may be stored as sent: a lone surrogate anywhere in
        # it crashed the hash (500). The sealed text must be base64, so ASCII.
        for text in _texts(self.payload or {}):
            _encodable(text)  # NUL is removed where payload text is stored
        if self.sealed is not None and not self.sealed.isascii():
            raise ValueError("sealed must be base64 text")
        return self


class IngestRequest(BaseModel):
    # The batch limit is checked in the route so an oversized batch gets 413, as agreed.
    items: list[WireItem] = Field(min_length=1)


ItemStatus = Literal["created", "duplicate", "rejected"]


class ItemResult(BaseModel):
    id: str
    status: ItemStatus
    code: int
    reason: str | None = None


class IngestResponse(BaseModel):
    results: list[ItemResult]


class PeripheralStates(BaseModel):
    model_config = ConfigDict(extra="allow")

    printer: Str = Field(default="not_configured", max_length=32)
    camera: Str = Field(default="not_configured", max_length=32)
    microphone: Str = Field(default="not_configured", max_length=32)
    speaker: Str = Field(default="not_configured", max_length=32)

    @model_validator(mode="after")
    def _clean_extras(self) -> PeripheralStates:
        # Extra peripherals (id_reader, disk, ...) are stored as sent: their text must be
        # storable too (a lone surrogate here crashed the heartbeat with a 500).
        extras = self.model_extra or {}
        if len(extras) > 32:
            raise ValueError("at most 32 extra peripherals")
        for text in _texts(extras):
            _encodable(text)  # NUL is fine here: the JSON they are stored as escapes it
        return self


class UpdateReport(BaseModel):
    """The content updater's state on the kiosk (absent from kiosks older than pack publishing)."""

    model_config = ConfigDict(extra="ignore")

    pack_id: Str | None = Field(default=None, max_length=64)
    active_version: int | None = Field(default=None, ge=0, le=2**31)
    last_check_at: Str | None = Field(default=None, max_length=40, json_schema_extra=_DATE_TIME)
    # Failed checks/installs in a row since the last success.
    failures: int = Field(default=0, ge=0, le=2**31)
    last_error: Str | None = Field(default=None, max_length=200)
    # Set after a switched-to version failed its health check and the kiosk went back.
    rolled_back_from: int | None = Field(default=None, ge=0, le=2**31)
    rolled_back_at: Str | None = Field(default=None, max_length=40, json_schema_extra=_DATE_TIME)
    last_result: Str | None = Field(default=None, max_length=32)
    # The updater's own sentence about a rollback (which version, back to what, why).
    alert: Str | None = Field(default=None, max_length=300)


class HeartbeatRequest(BaseModel):
    sent_at: Str = Field(min_length=1, max_length=40, json_schema_extra=_DATE_TIME)
    app_version: Str = Field(max_length=40)
    content_version: Str | None = Field(default=None, max_length=40)
    devices: PeripheralStates
    disk_free_mb: int = Field(ge=0, le=2**40)
    # Size of the kiosk's data disk; absent from kiosks older than the 80 % disk alert.
    disk_total_mb: int | None = Field(default=None, ge=0, le=2**40)
    outbox_depth: int = Field(ge=0, le=2**31)
    oldest_pending_age_s: int | None = Field(default=None, ge=0, le=2**40)
    last_sync_at: Str | None = Field(default=None, max_length=40, json_schema_extra=_DATE_TIME)
    updates: UpdateReport | None = None


class HeartbeatResponse(BaseModel):
    server_time: str
    clock_offset_s: float
    heartbeat_interval_s: int
    # The key personal data is sealed to from now on: after a rotation kiosks learn it here.
    server_public_key: str = Field(description="base64 of the active 32-byte X25519 key for SealedBox")
    # Which content channel (staging | stable) and kiosk group this kiosk follows; set in the
    # fleet console (docs/publishing.md).
    update_channel: str = "stable"
    update_group: str = ""
