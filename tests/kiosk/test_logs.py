"""Logs are JSON lines and never carry ID or phone numbers, even when code slips."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from kiosk.logs import configure_logging, recent_lines, redact


def test_redact_masks_id_and_phone_numbers() -> None:
    text = redact("id 11010519491231002X phone 13812345678 tel 010-12345678 ok")
    assert "11010519491231002X" not in text and "13812345678" not in text
    assert "110105" in text and "138****5678" in text and "12345678" not in text


def test_log_file_is_json_lines_without_personal_data(tmp_path: Path) -> None:
    path = configure_logging(tmp_path)
    logger = logging.getLogger("lawpost.test")
    logger.info("visitor typed %s", "11010519491231002X 13812345678")
    for handler in logging.getLogger().handlers:
        handler.flush()
    raw = path.read_text(encoding="utf-8")
    assert "11010519491231002X" not in raw and "13812345678" not in raw
    assert json.loads(raw.splitlines()[-1])["level"] == "INFO"
    assert recent_lines(path, 1)[0].endswith("visitor typed 110105************ 138****5678")
    logging.getLogger().removeHandler(logging.getLogger().handlers[-1])


def test_recent_lines_of_missing_file(tmp_path: Path) -> None:
    assert recent_lines(tmp_path / "none.log") == []


def test_logs_rotate_and_stay_bounded(tmp_path: Path) -> None:
    from kiosk.logs import LOG_BACKUPS

    path = configure_logging(tmp_path, max_bytes=4096)
    logger = logging.getLogger("lawpost.test")
    try:
        for n in range(5000):  # ~600 KB of lines into files of 4 KB
            logger.info("sync failed, retrying in 900 s: connection refused (%d)", n)
    finally:
        handler = logging.getLogger().handlers[-1]
        logging.getLogger().removeHandler(handler)
        handler.close()
    files = sorted(tmp_path.iterdir())
    assert len(files) == LOG_BACKUPS + 1
    assert sum(f.stat().st_size for f in files) <= (LOG_BACKUPS + 1) * 4096
    assert recent_lines(path, 1)[0].endswith("(4999)")  # the newest lines are kept
