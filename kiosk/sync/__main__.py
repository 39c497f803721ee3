"""Run the sync worker on its own, without the kiosk UI: `python -m kiosk.sync --data-dir DIR`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

from kiosk.config import ConfigError, load_settings
from kiosk.logs import rotating_handler
from kiosk.storage.database import DATABASE_FILE, open_database
from kiosk.sync.worker import SyncWorker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.sync",
        description="Drain the kiosk's sync outbox to the enrolled server until SIGTERM/SIGINT.",
    )
    parser.add_argument("--config", metavar="FILE", help="settings file (TOML); [sync] is used")
    parser.add_argument("--data-dir", metavar="DIR", help="kiosk data folder (default: settings)")
    parser.add_argument("--log-file", metavar="FILE", help="append log lines (no personal data)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(Path(args.config) if args.config else None)
    except ConfigError as exc:
        print(f"lawpost sync: {exc}", file=sys.stderr)
        return 2
    data_dir = Path(args.data_dir) if args.data_dir else settings.data_dir
    if args.log_file:
        # The kiosk's JSON-lines format, which also masks anything ID- or phone-shaped; rotated
        # like the kiosk's own log so months of retries cannot fill the disk.
        handler = rotating_handler(Path(args.log_file))
        logging.basicConfig(handlers=[handler], level=logging.INFO)
    open_database(data_dir).close()  # bring the schema up to date before the worker opens it
    from kiosk.updates.runner import UpdateRunner

    updates = UpdateRunner(settings.with_data_dir(data_dir))
    worker = SyncWorker(
        database_path=data_dir / DATABASE_FILE, settings=settings.sync, on_heartbeat=updates.on_heartbeat
    )

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        worker.stop(timeout_s=0)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    worker.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
