"""Rotating the server key: retired keys still open old submissions, kiosks learn the new key."""

from __future__ import annotations

import io
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from server_helpers import as_models, enroll_device, seal, wire_item
from sqlalchemy import select

from lawpost.cli import main
from server.app import build_context
from server.models import AuditEntry, Device, IngestItem
from server.services import submissions
from server.services.ingest import ingest_batch
from server.services.keys import KeyFileError, load_keyring, retired_key_paths, rotate_key
from server.settings import ServerSettings

FORM = {"form": "legal_aid", "name": "张三", "phone": "13812345678"}


def _ingest_sealed(settings: ServerSettings, public_key: str) -> list[str]:
    context = build_context(settings)
    try:
        device, _ = enroll_device(context)
        with context.session_factory() as session:
            found = session.get(Device, device.id)
            assert found is not None
            results = ingest_batch(
                session, device=found, opener=context.opener, zone=context.zone, now=context.clock(),
                items=as_models([wire_item(kind="submission", sealed=seal(FORM, public_key))]),
            )  # fmt: skip
            session.commit()
        return [r.status for r in results]
    finally:
        context.engine.dispose()


def test_rotation_keeps_the_old_key_as_retired_and_both_open(tmp_path: Path) -> None:
    settings = ServerSettings(data_dir=tmp_path)
    before = build_context(settings)
    old_public = before.opener.public_key_b64
    before.engine.dispose()
    # A kiosk sealed this to the old key and sends it after the rotation: still accepted.
    path = settings.resolved_private_key_path
    retired, new = rotate_key(path, now=datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    assert retired.name == "server_private.key.retired-20261127T080000Z"
    assert stat.S_IMODE(retired.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert retired_key_paths(path) == [retired]
    assert _ingest_sealed(settings, old_public) == ["created"]
    context = build_context(settings)
    try:
        assert context.opener.public_key_b64 != old_public
        assert context.opener.key_count == 2
        assert _ingest_sealed(settings, context.opener.public_key_b64) == ["created"]
        with context.session_factory() as session:
            rows = list(session.scalars(select(IngestItem)))
            opened = [submissions.open_item(session, pk=row.id, opener=context.opener) for row in rows]
        assert [o.fields if o else None for o in opened] == [FORM, FORM]
    finally:
        context.engine.dispose()
    # Without the retired key file, what was sealed to it can no longer be opened.
    retired.unlink()
    context = build_context(settings)
    try:
        with context.session_factory() as session:
            first = session.scalars(select(IngestItem).order_by(IngestItem.id)).first()
            assert first is not None
            opened_now = submissions.open_item(session, pk=first.id, opener=context.opener)
            assert opened_now is not None and opened_now.fields == {}
            assert "retired key" in opened_now.problem
    finally:
        context.engine.dispose()
    assert len(load_keyring(path)) == 1
    assert bytes(new) == path.read_bytes()


def test_a_damaged_retired_key_stops_the_server_with_a_sentence(tmp_path: Path) -> None:
    path = ServerSettings(data_dir=tmp_path).resolved_private_key_path
    load_keyring(path)
    retired, _ = rotate_key(path, now=datetime(2026, 11, 27, tzinfo=UTC))
    retired.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_keyring(path)


def test_rotate_key_command_prints_the_new_key_and_audits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["server", "--data", str(tmp_path), "rotate-key", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert Path(answer["retired_file"]).is_file()
    context = build_context(ServerSettings(data_dir=tmp_path))
    try:
        assert context.opener.public_key_b64 == answer["public_key"]
        assert context.opener.key_count == 2
        with context.session_factory() as session:
            actions = list(session.scalars(select(AuditEntry.action)))
        assert actions == ["key.rotate"]
    finally:
        context.engine.dispose()
