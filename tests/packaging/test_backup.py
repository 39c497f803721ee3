"""The daily backup copies a live server's database and keys into a new folder and prunes old ones."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

from lawpost.backup import main
from server.app import build_context
from server.settings import ServerSettings


def test_backup_of_a_server_folder_holds_database_and_keys(tmp_path: Path) -> None:
    data = tmp_path / "server"
    build_context(ServerSettings(data_dir=data)).engine.dispose()  # migrated database + key
    backups = tmp_path / "backups"
    old = backups / "lawpost-20200101-000000"
    old.mkdir(parents=True)
    os.utime(old, (time.time() - 30 * 86400,) * 2)
    assert main(["--to", str(backups), "--data", str(data), "--keep-days", "14"]) == 0
    made = [p for p in backups.iterdir()]
    assert len(made) == 1 and not made[0].name.endswith(".partial") and made[0] != old
    copy = sqlite3.connect(made[0] / "server.db")
    tables = {row[0] for row in copy.execute("select name from sqlite_master where type='table'")}
    copy.close()
    assert {"devices", "usage_events", "ingest_items"} <= tables
    key = made[0] / "server_private.key"
    assert key.read_bytes() == (data / "server_private.key").read_bytes()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
