"""The item hash is the contract's: canonical JSON of kind, created_at and payload or sealed."""

from __future__ import annotations

import hashlib

import pytest

from kiosk.sync.wire import canonical_json, item_hash


def test_canonical_json_sorts_keys_keeps_chinese_and_has_no_spaces() -> None:
    assert canonical_json({"b": 1, "a": "离婚"}) == '{"a":"离婚","b":1}'.encode()


def test_hash_of_a_plain_item_covers_payload_and_not_sealed() -> None:
    expected = hashlib.sha256(
        '{"created_at":"2026-01-01T00:00:00+00:00","kind":"usage_event","payload":{"q":"工伤"}}'
        .encode()
    ).hexdigest()
    got = item_hash(
        kind="usage_event",
        created_at="2026-01-01T00:00:00+00:00",
        payload={"q": "工伤"},
        sealed=None,
    )
    assert got == expected


def test_hash_of_a_sealed_item_covers_the_ciphertext() -> None:
    expected = hashlib.sha256(
        b'{"created_at":"2026-01-01T00:00:00+00:00","kind":"submission","sealed":"QUJD"}'
    ).hexdigest()
    got = item_hash(
        kind="submission", created_at="2026-01-01T00:00:00+00:00", payload=None, sealed="QUJD"
    )
    assert got == expected


@pytest.mark.parametrize(("payload", "sealed"), [(None, None), ({"a": 1}, "QUJD")])
def test_exactly_one_of_payload_and_sealed(
    payload: dict[str, int] | None, sealed: str | None
) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        item_hash(kind="test", created_at="2026-01-01T", payload=payload, sealed=sealed)


def test_nan_cannot_be_hashed() -> None:
    with pytest.raises(ValueError, match="Out of range"):
        canonical_json({"x": float("nan")})
