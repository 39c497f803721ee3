"""Hypothesis on the server's own input parsing: timestamps, codes, addresses, hosts, wire models,
and the brakes (throttle, audit) — no input raises anything but the documented refusal."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from server.edge import _host_name, allowed_host_names, forwarded_client, parse_networks
from server.schemas import HeartbeatRequest, IngestRequest
from server.services.audit_brake import AuditBrake
from server.services.item_hash import item_hash
from server.services.throttle import LoginThrottle
from server.services.timestamps import iso, parse_utc
from server.services.tokens import new_enrollment_code, normalise_enrollment_code

# A fixed, small budget: this file runs in CI in a few seconds.
FAST = settings(max_examples=100, deadline=None, database=None)
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@FAST
@given(st.text())
def test_any_text_is_a_utc_time_in_range_or_none(text: str) -> None:
    value = parse_utc(text)
    assert value is None or (value.tzinfo is not None and 1970 <= value.year < 2200)


@FAST
@given(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2199, 12, 30), timezones=st.just(UTC)))
def test_a_timestamp_survives_its_own_format(value: datetime) -> None:
    assert parse_utc(iso(value)) == value


@FAST
@given(st.data())
def test_an_enrollment_code_is_found_however_it_is_typed(data: st.DataObject) -> None:
    code = new_enrollment_code()
    typed = "".join(
        data.draw(st.sampled_from([ch, ch.lower(), f" {ch}", f"{ch}-"])) if ch != "-" else "" for ch in code
    )
    assert normalise_enrollment_code(typed) == code
    assert normalise_enrollment_code(normalise_enrollment_code(typed)) == code


@FAST
@given(st.text())
def test_any_typed_code_normalises_without_error(text: str) -> None:
    normalised = normalise_enrollment_code(text)
    assert normalise_enrollment_code(normalised) == normalised


addresses = st.ip_addresses().map(str)


@FAST
@given(peer=addresses, hops=st.lists(addresses | st.text(max_size=12), max_size=5), trusted=st.booleans())
def test_the_client_is_the_peer_or_a_hop_our_proxy_appended(
    peer: str, hops: list[str], trusted: bool
) -> None:
    proxies = parse_networks([peer] if trusted else ["192.0.2.1"])
    header = ", ".join(hops)
    client = forwarded_client(peer, header, proxies)
    if not trusted and peer != "192.0.2.1":
        assert client == peer
    else:
        assert client == peer or client in [hop.strip() for hop in hops]


@FAST
@given(st.text(alphabet=string.printable + "[]:", max_size=40))
def test_only_listed_host_names_pass(host: str) -> None:
    allowed = allowed_host_names("https://lawpost.example.gov.cn", ["127.0.0.1", "::1"])
    name = _host_name(host)
    if name in allowed:
        assert name in {"lawpost.example.gov.cn", "127.0.0.1", "::1"}
        assert host.strip().lower().lstrip("[").startswith(name)


@FAST
@given(json_values)
def test_any_json_is_a_wire_batch_or_a_validation_error(value: Any) -> None:
    for model in (IngestRequest, HeartbeatRequest):
        try:
            parsed = model.model_validate(value)
        except ValidationError:
            continue
        # Whatever was accepted can be stored: every text encodes as UTF-8.
        parsed.model_dump_json().encode("utf-8")


@FAST
@given(kind=st.text(max_size=10), created_at=st.text(max_size=30), payload=json_values)
def test_the_item_hash_is_hex_or_none(kind: str, created_at: str, payload: Any) -> None:
    if not isinstance(payload, dict):
        payload = {"value": payload}
    try:
        digest = item_hash(kind=kind, created_at=created_at, payload=payload, sealed=None)
    except UnicodeEncodeError:
        # Only text with lone surrogates, which the wire models refuse before hashing.
        return
    assert digest is None or (len(digest) == 64 and all(c in "0123456789abcdef" for c in digest))


@FAST
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 120)), max_size=200))
def test_the_throttle_never_lets_more_than_its_limit_through(events: list[tuple[int, int]]) -> None:
    throttle = LoginThrottle(max_failures=5)
    admitted: dict[int, list[datetime]] = {}
    for address, minute in sorted(events, key=lambda event: event[1]):
        now = T0 + timedelta(minutes=minute)
        if throttle.reserve(str(address), now=now):
            admitted.setdefault(address, []).append(now)
    for times in admitted.values():
        for start in times:
            window = [t for t in times if start <= t <= start + timedelta(minutes=15)]
            assert len(window) <= 5


@FAST
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["login.throttled", "device.enroll_refused"]), st.sampled_from(["a", "b", "c"])
        ),
        max_size=300,
    )
)
def test_the_audit_brake_writes_a_bounded_number_of_rows_a_minute(events: list[tuple[str, str]]) -> None:
    brake = AuditBrake(max_rows=30)
    written = [brake.admit(action, address, now=T0) for action, address in events]
    # 30 addresses, then one shared row per action.
    assert sum(entry is not None for entry in written) <= 30 + 2
    # A minute later a pair that was left out is written again, saying how many were left out.
    later = T0 + timedelta(minutes=1)
    for action, address in set(events[:30]):
        entry = brake.admit(action, address, now=later)
        assert entry is not None and entry[1] == events.count((action, address)) - 1
