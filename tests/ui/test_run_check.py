"""`lawpost run --check --json` as a technician and the package test run it: a real kiosk data folder,
the real server over loopback, one JSON object on stdout, exit 0 only when every required check passed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.storage.database import open_database
from kiosk.sync.enroll_kiosk import enroll_kiosk
from lawpost.demo import free_port, start_server
from server.app import build_context
from server.services import enrollment
from server.settings import ServerSettings
from ui.self_check import FAILED, NOT_CONFIGURED, OK, Check, Report, check_disk


def _check(data: Path) -> tuple[int, dict[str, Any]]:
    answer = subprocess.run(
        [sys.executable, "-m", "lawpost", "run", "--check", "--json"],
        env={**os.environ, "LAWPOST_DATA": str(data)}, capture_output=True, text=True, timeout=300,
        check=False,
    )  # fmt: skip
    lines = answer.stdout.strip().splitlines()
    assert len(lines) == 1, f"stdout must be one JSON object, got {answer.stdout!r} / {answer.stderr[-800:]}"
    return answer.returncode, json.loads(lines[0])


def _enroll(data: Path, server_url: str, server_data: Path) -> None:
    context = build_context(ServerSettings(data_dir=server_data))
    with context.session_factory() as session:
        code, _ = enrollment.create_code(
            session, created_by="test", ttl=timedelta(hours=1), now=context.clock()
        )
        session.commit()
    context.engine.dispose()
    db = open_database(data)
    try:
        enroll_kiosk(db, server_url=server_url, code=code, kiosk_name="自检测试机", sync=Settings().sync)
    finally:
        db.conn.close()


def test_check_passes_on_an_enrolled_kiosk_and_fails_when_its_server_is_gone(
    tmp_path: Path, installed_packs: tuple[Path, object]
) -> None:
    packs, _segmenter = installed_packs
    data = tmp_path / "kiosk"
    data.mkdir()
    (data / "packs").symlink_to(packs, target_is_directory=True)
    server = start_server(tmp_path / "server", port=free_port())
    try:
        _enroll(data, server.url, server.data_dir)
        status, report = _check(data)
    finally:
        server.stop()
    assert status == 0, report
    assert report["ok"] is True
    checks = report["checks"]
    for name in ("home_screen", "database", "library", "search", "speech", "server"):
        assert checks[name]["result"] == OK, (name, checks[name])
    assert checks["search"]["results"] > 0
    assert checks["printers"]["result"] in (OK, NOT_CONFIGURED)
    assert report["first_frame_ms"] > 0 and report["library_ms"] > 0
    assert 50 < report["rss_mb"] < 2000

    status, report = _check(data)  # the server has stopped
    assert status == 1
    assert report["ok"] is False
    assert report["checks"]["server"]["result"] == FAILED
    assert "unreachable" in report["checks"]["server"]["reason"]
    assert report["checks"]["search"]["result"] == OK


def test_disk_alert_from_80_percent_used(tmp_path: Path) -> None:
    used = check_disk(tmp_path, alert_at=0.0)  # any disk is at least 0 % used
    assert used.result == FAILED and not used.required and "alert at 0%" in used.reason
    roomy = check_disk(tmp_path, alert_at=1.01)
    assert roomy.result == OK and roomy.detail["free_mb"] > 0


def test_only_required_checks_decide() -> None:
    report = Report(checks={"search": Check(OK, True), "printers": Check(NOT_CONFIGURED, False)})
    assert report.ok
    report.checks["printers"] = Check(FAILED, False, "paper jam")
    assert report.ok
    report.checks["server"] = Check(FAILED, True, "unreachable")
    assert not report.ok
