"""Structured (JSON lines) logs that never carry personal data, and a tail for the technician screen."""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
from collections import deque
from datetime import UTC, datetime
from pathlib import Path

LOG_FILE = "kiosk.log"
# A kiosk runs for months: at most 11 files of 5 MB (55 MB) of logs, the oldest dropped first.
LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 10

# Defence in depth: code must never log what a visitor typed, but if a value slips through, ID
# numbers (GB 11643, 15 or 18 chars) and mobile numbers are masked before the line is written.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{6})(\d{2,3}[0-9Xx]?)(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?\d{7,8}(?!\d)")


def redact(text: str) -> str:
    text = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * (len(m.group(0)) - 6), text)
    text = _MOBILE.sub(r"\1****\2", text)
    return _LANDLINE.sub(r"\1-********", text)


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        if record.exc_info:
            line["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def rotating_handler(path: Path, *, max_bytes: int = LOG_MAX_BYTES) -> logging.Handler:
    """A JSON-lines file handler that never lets `path` and its backups outgrow
    (LOG_BACKUPS + 1) × max_bytes."""
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(JsonLineFormatter())
    return handler


def configure_logging(
    log_dir: Path, *, level: int = logging.INFO, max_bytes: int = LOG_MAX_BYTES
) -> Path:
    """Send the root logger to a rotating JSON-lines file; returns the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    handler = rotating_handler(path, max_bytes=max_bytes)
    root = logging.getLogger()
    for existing in list(root.handlers):
        if isinstance(existing, logging.handlers.RotatingFileHandler):
            root.removeHandler(existing)
            existing.close()
    root.addHandler(handler)
    root.setLevel(level)
    return path


def recent_lines(path: Path, count: int = 30) -> list[str]:
    """The last `count` log lines as short readable strings (newest last)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            tail = deque(handle, maxlen=count)
    except OSError:
        return []
    readable = []
    for raw in tail:
        try:
            item = json.loads(raw)
            readable.append(f"{item['at'][11:19]} {item['level']} {item['msg']}")
        except (ValueError, KeyError, TypeError):
            readable.append(raw.rstrip())
    return readable
