"""The technician audit log is a hash chain: any edit or deletion shows."""

from __future__ import annotations

from pathlib import Path

from kiosk.security.audit_log import AuditLog
from kiosk.storage.database import open_database


def test_chain_verifies_and_edits_are_detected(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    log = AuditLog(db)
    for action in ("open_technician_mode", "speaker_test", "exit_to_desktop"):
        log.append(actor="technician", action=action)
    assert log.verify()
    assert [e.action for e in log.recent(2)] == ["exit_to_desktop", "speaker_test"]
    with db.conn:
        db.execute("update audit_log set action = 'nothing' where id = 2")
    assert not log.verify()


def test_deleting_an_entry_is_detected(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    log = AuditLog(db)
    for n in range(3):
        log.append(actor="technician", action=f"a{n}")
    with db.conn:
        db.execute("delete from audit_log where id = 2")
    assert not log.verify()
