"""The first-boot wizard through the real QML: when it shows and when not (a roll-out TOML), what
bad answers get, orientation at once, idle resets, a technician's re-run, and the sleeping screen's
wake-up touch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest

from kiosk.config import DATA_ENV, Settings, load_settings
from kiosk.firstboot.screen_power import FakeScreenPower, ScreenSleep, SleepSchedule
from kiosk.security.pin_hash import hash_pin
from kiosk.security.technician_lock import TechnicianLock
from tests.ui.conftest import find, tap, wait_until
from tests.ui.setup_steps import first_boot_kiosk, key_in_pin, shown_message, step, type_into
from ui.app import Kiosk
from ui.shot import ManualClock, settle
from ui.viewmodels.setup_wizard import SetupWizard
from ui.wiring.screen_sleep import ScreenSleepModel

NAME = "石桥镇公共法律服务点"


def screen(kiosk: Kiosk) -> str:
    return kiosk.nav.history[-1]


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_ENV, raising=False)


@pytest.fixture
def blank(qapp: object, tmp_path: Path) -> Iterator[Kiosk]:
    yield from first_boot_kiosk(Settings().with_data_dir(tmp_path))


def test_a_blank_kiosk_opens_on_the_wizard_without_a_way_home(blank: Kiosk) -> None:
    assert screen(blank) == "setup" and step(blank) == "place"
    assert not find(blank, "homeButton").isVisible() and not find(blank, "hotlineButton").isVisible()
    blank.session.reset()  # an idle reset: the unfinished set-up comes straight back
    settle(2)
    assert screen(blank) == "setup"


def test_every_step_is_read_aloud(blank: Kiosk) -> None:
    screen = blank.current_screen()
    assert screen is not None
    said = str(screen.property("readAloudText"))
    assert "这台机器放在哪里" in said and "服务点名称" in said and "拼音键盘" in said


def test_bad_answers_are_told_in_plain_words(blank: Kiosk, tmp_path: Path) -> None:
    tap(blank, "setupNext")
    assert step(blank) == "place" and "都要填写" in shown_message(blank)
    type_into(blank, "setupName", NAME)
    type_into(blank, "setupTownship", "石桥镇")
    tap(blank, "setupNext")
    assert blank.info.property("servicePointName") == NAME  # the header shows the new name at once
    assert step(blank) == "orientation"
    tap(blank, "setupLandscape")  # applied at once
    assert (blank.window.width(), blank.window.height()) == (1920, 1080)
    tap(blank, "setupPortrait")
    assert (blank.window.width(), blank.window.height()) == (1080, 1920)
    tap(blank, "setupNext")
    assert step(blank) == "server"
    type_into(blank, "setupServer", "lawpost.example.gov.cn")
    type_into(blank, "setupCode", "ABCD-EFGH")
    tap(blank, "setupNext")
    wait_until(lambda: not blank.view_models["Setup"].property("busy"))
    settle(1)
    assert "https://" in shown_message(blank)
    type_into(blank, "setupServer", "http://127.0.0.1:9")  # nothing listens on the discard port
    tap(blank, "setupNext")
    wait_until(lambda: not blank.view_models["Setup"].property("busy"), timeout_s=20)
    settle(1)
    assert "连不上服务器" in shown_message(blank) and "以后" in shown_message(blank)
    tap(blank, "setupScan")  # this machine has no camera
    assert "没有找到摄像头" in shown_message(blank)
    tap(blank, "setupLater")
    assert step(blank) == "printer"
    tap(blank, "setupNoPrinter")
    tap(blank, "setupNext")
    assert step(blank) == "pin"
    key_in_pin(blank, "123456")
    assert "太简单" in shown_message(blank)
    key_in_pin(blank, "482916")
    assert find(blank, "setupPinPrompt").property("text") == "请再输入一次同样的密码"
    key_in_pin(blank, "482917")
    assert "不一样" in shown_message(blank)
    key_in_pin(blank, "482916")
    key_in_pin(blank, "482916")
    assert step(blank) == "done"
    lock = TechnicianLock(blank.services.db)
    assert lock.is_set and lock.try_pin("482916").result.value == "accepted"
    tap(blank, "setupNext")
    assert screen(blank) == "home"
    again = _local(tmp_path)
    assert (again.kiosk.service_point_name, again.kiosk.township) == (NAME, "石桥镇")
    assert (again.screen.orientation, again.screen.width, again.screen.height) == ("portrait", 1080, 1920)


def test_a_roll_out_toml_needs_no_wizard(qapp: object, tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\nservice_point_name = "{NAME}"\ntownship = "石桥镇"\n'
        '[screen]\norientation = "portrait"\n'
        f'[technician]\npin_hash = "{hash_pin("482916")}"\n'
        '[forms]\na4_queue = "hall-a4"\n[ticket_printer]\nconnection = "network:192.0.2.10:9100"\n',
        encoding="utf-8")  # fmt: skip
    settings = load_settings(config)
    (tmp_path / "data").mkdir()
    from tests.ui.conftest import enroll_offline

    enroll_offline(tmp_path / "data")
    for kiosk in first_boot_kiosk(settings):
        assert screen(kiosk) == "home"
        assert kiosk.info.property("servicePointName") == NAME
        assert TechnicianLock(kiosk.services.db).try_pin("482916").result.value == "accepted"
        # A technician may still run it: only what the file leaves open is asked (here the server:
        # the file has no enrollment code, so re-enrolling stays possible).
        setup = cast(SetupWizard, kiosk.view_models["Setup"])
        setup.rerun()
        assert step(kiosk) == "server" and setup.property("stepCount") == 1


def test_once_complete_it_never_shows_again_and_a_technician_can_rerun_it(
    qapp: object, tmp_path: Path
) -> None:
    from kiosk.firstboot.state import save_answers

    save_answers(tmp_path, {"kiosk": {"service_point_name": NAME, "township": "石桥镇"}},
                 {"completed": True, "enroll_later": True})  # fmt: skip
    for kiosk in first_boot_kiosk(_local(tmp_path)):
        assert screen(kiosk) == "home"
        TechnicianLock(kiosk.services.db).set_pin("482916")
        kiosk.nav.go("technician")
        settle(2)
        tap(kiosk, "rerunSetup")
        assert screen(kiosk) == "setup" and step(kiosk) == "place"
        assert find(kiosk, "setupName").property("text") == NAME  # the answers so far are offered


def _local(data_dir: Path) -> Settings:
    """Settings as `lawpost run` reads them for this data folder (no /etc file)."""
    import os

    os.environ[DATA_ENV] = str(data_dir)
    try:
        return load_settings(None).with_data_dir(data_dir)
    finally:
        del os.environ[DATA_ENV]


def test_a_sleeping_screen_wakes_on_the_first_touch_which_presses_nothing(
    qapp: object, tmp_path: Path
) -> None:
    from dataclasses import replace

    base = Settings().with_data_dir(tmp_path)
    settings = replace(base, screen=replace(base.screen, sleep_outside_hours=True, sleep_after_minutes=10))
    for kiosk in first_boot_kiosk(settings):
        kiosk.nav.home()
        settle(2)
        model = cast(ScreenSleepModel, kiosk.view_models["ScreenSleep"])
        power = FakeScreenPower()
        idle = ManualClock()
        model.controller = ScreenSleep(
            SleepSchedule(enabled=True, sleep_after_s=600, is_open=lambda _now: False), power,
            now=lambda: datetime(2026, 11, 30, 13, 0, tzinfo=UTC), monotonic=idle)
        idle.advance(601)
        model.tick()
        settle(1)
        assert find(kiosk, "sleepCurtain").isVisible() and power.switches == [False]
        tap(kiosk, "tile_queue")  # wakes only
        assert not find(kiosk, "sleepCurtain").isVisible() and power.switches == [False, True]
        assert screen(kiosk) == "home"
        tap(kiosk, "tile_queue")  # now it presses
        assert screen(kiosk) == "queue"
