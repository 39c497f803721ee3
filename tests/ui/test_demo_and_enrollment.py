"""`lawpost demo` end to end: a real server subprocess, a kiosk enrolled with it whose usage
events reach the server; and enrollment from the technician screen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from kiosk.security.technician_lock import TechnicianLock
from kiosk.storage.database import open_database
from kiosk.sync.enrollment import load_enrollment
from lawpost.demo import DEMO_PIN, DemoSetup, _lawpost, free_port, prepare
from tests.ui.conftest import find, tap, wait_until
from ui.app import build_kiosk
from ui.shot import ManualClock, settle


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSetup]:
    setup = prepare(Settings().with_data_dir(tmp_path_factory.mktemp("demo")), port=free_port())
    yield setup
    setup.server.stop()


def test_demo_server_console_and_enrolled_kiosk(demo: DemoSetup) -> None:
    assert requests.get(demo.server.url + "/console/login", timeout=5).status_code == 200
    db = open_database(demo.kiosk_settings.data_dir)
    enrollment = load_enrollment(db)
    assert enrollment is not None and enrollment.device_id == demo.device_id
    assert TechnicianLock(db).try_pin(DEMO_PIN).result.value == "accepted"
    db.conn.close()


def test_kiosk_usage_events_reach_the_server(qapp: object, demo: DemoSetup, tmp_path: Path) -> None:
    kiosk = build_kiosk(demo.kiosk_settings, speaker=FakeSpeaker(), clock=ManualClock(),
                        open_content=False, start_sync=True)
    try:
        kiosk.window.show()
        kiosk.nav.go("rating")
        kiosk.rating.choose(5)
        kiosk.rating.submit()
        kiosk.usage.flush()
        kiosk.sync_panel.syncNow()
        wait_until(lambda: kiosk.sync_panel.status["sent_count"] >= 2
                   and kiosk.sync_panel.status["outbox_depth"] == 0, timeout_s=30)
        status = kiosk.sync_panel.status
        assert status["enrolled"] is True and status["last_success_at"]
        kiosk.nav.go("technician")
        settle(2)
        assert find(kiosk, "sync_sync.device").property("text") == demo.device_id
    finally:
        kiosk.close()


def test_enrollment_from_the_technician_screen(qapp: object, demo: DemoSetup, tmp_path: Path) -> None:
    code = json.loads(_lawpost("server", "create-enrollment-code", "--data", str(demo.server.data_dir),
                               "--json"))["code"]
    kiosk = build_kiosk(Settings().with_data_dir(tmp_path), speaker=FakeSpeaker(),
                        clock=ManualClock(), open_content=False)
    try:
        kiosk.window.show()
        kiosk.nav.go("enroll")
        settle(2)
        find(kiosk, "serverField").setProperty("text", "not a url")
        tap(kiosk, "enrollButton")
        wait_until(lambda: not kiosk.sync_panel.enrolling)
        assert kiosk.sync_panel.messageIsError and "https://" in kiosk.sync_panel.message
        find(kiosk, "serverField").setProperty("text", demo.server.url)
        find(kiosk, "codeField").setProperty("text", code)
        tap(kiosk, "enrollButton")
        wait_until(lambda: not kiosk.sync_panel.enrolling, timeout_s=30)
        assert not kiosk.sync_panel.messageIsError, kiosk.sync_panel.message
        assert load_enrollment(kiosk.services.db) is not None
        # The same code cannot be used twice.
        find(kiosk, "codeField").setProperty("text", code)
        tap(kiosk, "enrollButton")
        wait_until(lambda: not kiosk.sync_panel.enrolling, timeout_s=30)
        assert kiosk.sync_panel.messageIsError
        actions = [e.action for e in kiosk.tech._audit.recent(5)]
        assert "enroll" in actions and "enroll_failed" in actions
    finally:
        kiosk.close()
