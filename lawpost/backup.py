"""Daily backup of the central server: a consistent copy of the database and its keys, old copies pruned.

`python -m lawpost.backup --to DIR [--keep-days 14]` (lawpost-daily.service). SQLite is copied
with SQLite's online backup (safe while the server writes); PostgreSQL with pg_dump. Private keys
(the active one and retired ones) are copied with mode 0600: without them sealed submissions in
the backup cannot be opened.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from lawpost.commands.server import server_settings

PREFIX = "lawpost-"


def backup(*, data_dir: Path, database_url: str, key_path: Path, to: Path, now: datetime) -> Path:
    target = to / f"{PREFIX}{now:%Y%m%d-%H%M%S}"
    partial = target.with_name(target.name + ".partial")
    partial.mkdir(parents=True, mode=0o700)
    try:
        _copy_into(partial, data_dir=data_dir, database_url=database_url, key_path=key_path)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # a failed run leaves nothing that looks like a backup
        raise
    partial.rename(target)  # a finished backup only ever appears whole
    return target


def _copy_into(partial: Path, *, data_dir: Path, database_url: str, key_path: Path) -> None:
    if database_url.startswith("postgresql"):
        url = database_url.replace("postgresql+psycopg2://", "postgresql://")
        with (partial / "server.sql").open("wb") as out:
            subprocess.run(["pg_dump", "--no-owner", url], stdout=out, check=True, timeout=3600)
    else:
        source = sqlite3.connect(f"file:{data_dir / 'server.db'}?mode=ro", uri=True)
        copy = sqlite3.connect(partial / "server.db")
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
    for key in sorted(key_path.parent.glob(key_path.name + "*")):
        shutil.copy2(key, partial / key.name)
        os.chmod(partial / key.name, 0o600)


def prune(to: Path, *, keep_days: int, now: float) -> list[Path]:
    removed = []
    for old in sorted(to.glob(PREFIX + "*")):
        if old.is_dir() and now - old.stat().st_mtime > keep_days * 86400:
            shutil.rmtree(old)
            removed.append(old)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lawpost.backup", description=__doc__)
    parser.add_argument("--to", required=True, type=Path, help="folder that receives the backups")
    parser.add_argument("--keep-days", type=int, default=14, help="delete backups older than this (14)")
    parser.add_argument("--config", help="settings file (default: $LAWPOST_CONFIG)")
    parser.add_argument("--data", help="server data folder (default: [server] data_dir)")
    args = parser.parse_args(argv)
    settings = server_settings(argparse.Namespace(config=args.config, data=args.data, db=None))
    args.to.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        made = backup(data_dir=settings.data_dir, database_url=settings.database_url,
                      key_path=settings.resolved_private_key_path, to=args.to,
                      now=datetime.now(UTC))  # fmt: skip
    except (OSError, sqlite3.Error, subprocess.SubprocessError) as exc:
        print(f"lawpost backup: 备份失败 (backup failed): {exc}", file=sys.stderr)
        return 1
    removed = prune(args.to, keep_days=args.keep_days, now=time.time())
    print(f"lawpost backup: {made} ({len(removed)} old backups removed)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
