"""First boot end to end: a blank kiosk's set-up wizard, driven through its real QML, enrolls with
the real server over loopback (a wrong code first, then the code scanned from a QR code by the
simulated camera and decoded by zxing-cpp), prints test pages on CUPS (cups-pdf, read back with
pdftotext) and on the ESC/POS ticket printer (bytes read back as the printer would), sets the PIN,
and never shows again. And a roll-out TOML that gives everything: no wizard, the kiosk enrolls
itself."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from live_server import serving
from PIL import ImageChops
from sqlalchemy import select
from video_e2e import enrollment_code, poll_until

from kiosk.config import DATA_ENV, Settings, TicketPrinterSettings, load_settings
from kiosk.firstboot.printers import ticket_test_image
from kiosk.firstboot.qr_camera import enrollment_qr_text
from kiosk.security.pin_hash import hash_pin
from kiosk.security.technician_lock import PinResult, TechnicianLock
from kiosk.storage.database import open_database
from kiosk.sync.enrollment import load_enrollment
from server.app import create_app
from server.context import ServerContext
from server.models.device import Device
from server.settings import ServerSettings
from tests.kiosk.devices.test_a4_printer import QUEUE, cups_pdf_queue  # noqa: F401  (fixture)
from tests.kiosk.queue.escpos_decode import decode
from tests.ui.conftest import find, tap
from tests.ui.setup_steps import first_boot_kiosk, key_in_pin, shown_message, step, type_into
from ui.app import Kiosk
from ui.shot import settle
from ui.wiring.setup import SIMULATED_QR_ENV

NAME = "石桥镇公共法律服务点"


@pytest.fixture
def site(sqlite_settings: ServerSettings) -> Iterator[tuple[str, ServerContext]]:
    app = create_app(sqlite_settings)
    with serving(app) as url:
        yield url, app.state.context


def _pump() -> None:
    settle(1)
    time.sleep(0.05)


def _devices(context: ServerContext) -> list[str]:
    with context.session_factory() as session:
        return list(session.scalars(select(Device.name)))


def _idle(kiosk: Kiosk) -> None:
    setup = kiosk.view_models["Setup"]
    poll_until(lambda: not setup.property("busy"), timeout_s=60, pump=_pump)
    settle(1)


def _wait_notice(kiosk: Kiosk, key: str) -> None:
    setup = kiosk.view_models["Setup"]
    poll_until(lambda: setup.property("noticeKey") == key, timeout_s=30, pump=_pump)


def _type_pinyin(kiosk: Kiosk, field: str, letters: str) -> str:
    """Type on the real virtual keyboard's Pinyin engine and take the first candidate."""
    from tests.ui.test_keyboard import _driver

    tap(kiosk, field)
    driver = _driver(kiosk)
    driver.setProperty("typed", letters)
    settle(2)
    candidate = str(driver.property("firstCandidate"))
    driver.setProperty("commits", 1)
    settle(2)
    tap(kiosk, "keyboardHide")  # the keyboard steps down, 下一步 comes back
    return candidate


def test_a_blank_kiosk_is_set_up_through_the_wizard(
    qapp: object, tmp_path: Path, site: tuple[str, ServerContext], cups_pdf_queue: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, context = site
    ticket = tmp_path / "ticket.bin"
    data = tmp_path / "kiosk"
    settings = replace(Settings().with_data_dir(data),
                       ticket_printer=TicketPrinterSettings(connection=f"file:{ticket}"))  # fmt: skip
    monkeypatch.setenv(SIMULATED_QR_ENV, enrollment_qr_text(url, enrollment_code(context)))
    for kiosk in first_boot_kiosk(settings):
        assert step(kiosk) == "place"
        type_into(kiosk, "setupName", NAME)
        township = _type_pinyin(kiosk, "setupTownship", "shiqiao")
        assert township and all("\u4e00" <= ch <= "\u9fff" for ch in township)
        assert find(kiosk, "setupTownship").property("text") == township
        tap(kiosk, "setupNext")
        assert step(kiosk) == "orientation"
        tap(kiosk, "setupNext")  # portrait, as the panel stands

        # The server: a wrong code is refused in plain words; the scanned one enrolls.
        assert step(kiosk) == "server"
        type_into(kiosk, "setupServer", url)
        type_into(kiosk, "setupCode", "WRONG-CODE-1")
        tap(kiosk, "setupNext")
        _idle(kiosk)
        assert "注册码不对" in shown_message(kiosk) and step(kiosk) == "server"
        tap(kiosk, "setupScan")
        _wait_notice(kiosk, "setup.scanned")
        assert find(kiosk, "setupServer").property("text") == url
        assert find(kiosk, "setupCode").property("text") not in ("", "WRONG-CODE-1")
        tap(kiosk, "setupNext")
        _idle(kiosk)
        assert step(kiosk) == "printer", shown_message(kiosk)
        assert _devices(context) == [NAME]

        # Printers: the CUPS queue and the ticket printer each print a test page.
        labels = [p["label"] for p in kiosk.view_models["Setup"].property("printers")]
        tap(kiosk, f"setupPrinter_{labels.index(str(ticket))}")
        tap(kiosk, "setupTestPrint")
        _idle(kiosk)
        assert "测试页已经发给打印机" in shown_message(kiosk)
        printout = decode(ticket.read_bytes())
        assert printout.cuts == 1
        expected = ticket_test_image(NAME, 576)
        printed = printout.images[0].convert("1").crop((0, 0, *expected.size)).convert("L")
        assert ImageChops.difference(printed, expected.convert("L")).getbbox() is None
        for old in cups_pdf_queue.glob("lawpost-test-page*.pdf"):
            old.unlink()
        tap(kiosk, f"setupPrinter_{labels.index(QUEUE)}")
        tap(kiosk, "setupTestPrint")
        _idle(kiosk)
        assert "测试页已经发给打印机" in shown_message(kiosk), shown_message(kiosk)
        poll_until(lambda: any(cups_pdf_queue.glob("lawpost-test-page*.pdf")), timeout_s=60, pump=_pump)
        pdf = sorted(cups_pdf_queue.glob("lawpost-test-page*.pdf"))[0]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "打印测试" in text and NAME in text
        tap(kiosk, "setupNext")

        assert step(kiosk) == "pin"
        key_in_pin(kiosk, "482916")
        key_in_pin(kiosk, "482916")
        assert step(kiosk) == "done"
        screen = kiosk.current_screen()
        assert screen is not None
        said = str(screen.property("readAloudText"))
        assert NAME in said and url in said and QUEUE in said
        tap(kiosk, "setupNext")
        assert kiosk.nav.history == ["home"]

    os.environ[DATA_ENV] = str(data)
    try:
        saved = load_settings(None).with_data_dir(data)
    finally:
        del os.environ[DATA_ENV]
    assert (saved.kiosk.service_point_name, saved.kiosk.township) == (NAME, township)
    assert saved.forms.a4_queue == QUEUE and saved.sync.server_url == url
    db = open_database(data)
    try:
        enrollment = load_enrollment(db)
        assert enrollment is not None and enrollment.kiosk_name == NAME
        assert TechnicianLock(db).try_pin("482916").result is PinResult.ACCEPTED
    finally:
        db.conn.close()
    for kiosk in first_boot_kiosk(saved):  # the next start: straight home
        assert kiosk.nav.history == ["home"]
        assert kiosk.info.property("servicePointName") == NAME


def test_a_roll_out_toml_sets_everything_and_the_kiosk_enrolls_itself(
    qapp: object, tmp_path: Path, site: tuple[str, ServerContext]
) -> None:
    url, context = site
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ndata_dir = "{tmp_path / "kiosk"}"\nservice_point_name = "{NAME}"\ntownship = "石桥镇"\n'
        '[screen]\norientation = "portrait"\n'
        f'[sync]\nserver_url = "{url}"\nenrollment_code = "{enrollment_code(context)}"\n'
        f'[technician]\npin_hash = "{hash_pin("482916")}"\n'
        '[forms]\na4_queue = "hall-a4"\n[ticket_printer]\nconnection = ""\n',
        encoding="utf-8")  # fmt: skip
    for kiosk in first_boot_kiosk(load_settings(config)):
        assert kiosk.nav.history == ["home"]
        poll_until(lambda: _devices(context) == [NAME], timeout_s=30, pump=_pump)
        assert TechnicianLock(kiosk.services.db).try_pin("482916").result is PinResult.ACCEPTED
