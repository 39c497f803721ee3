"""When the first-boot wizard shows, which steps it asks, and how its answers sit under /etc's."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import DATA_ENV, LOCAL_SETTINGS_FILE, ConfigError, Settings, load_settings
from kiosk.firstboot.state import (
    STEPS,
    KioskFacts,
    needs_setup,
    oriented_size,
    save_answers,
    setup_record,
    steps_to_ask,
)

NOTHING = KioskFacts(enrolled=False, pin_set=False)
EVERYTHING = KioskFacts(enrolled=True, pin_set=True)


def _config(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n' + text, encoding="utf-8")
    return load_settings(path)


@pytest.fixture(autouse=True)
def _no_data_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_ENV, raising=False)


def test_a_blank_kiosk_needs_every_step(tmp_path: Path) -> None:
    settings = _config(tmp_path, "")
    assert needs_setup(settings, NOTHING)
    assert steps_to_ask(settings) == list(STEPS)


@pytest.mark.parametrize("facts", [KioskFacts(enrolled=True, pin_set=False),
                                   KioskFacts(enrolled=False, pin_set=True)])
def test_each_missing_piece_alone_shows_the_wizard(tmp_path: Path, facts: KioskFacts) -> None:
    assert needs_setup(_config(tmp_path, 'service_point_name = "石桥镇公共法律服务点"\n'), facts)


def test_the_sample_name_is_no_name(tmp_path: Path) -> None:
    assert needs_setup(Settings().with_data_dir(tmp_path), EVERYTHING)


def test_a_kiosk_configured_before_the_wizard_existed_never_sees_it(tmp_path: Path) -> None:
    assert not needs_setup(_config(tmp_path, 'service_point_name = "石桥镇公共法律服务点"\n'), EVERYTHING)


def test_a_roll_out_file_with_everything_needs_no_wizard(tmp_path: Path) -> None:
    settings = _config(tmp_path, 'service_point_name = "石桥镇公共法律服务点"\ntownship = "石桥镇"\n'
                       '[screen]\norientation = "landscape"\n'
                       '[sync]\nserver_url = "https://lawpost.example.gov.cn"\n'
                       'enrollment_code = "ABCD-EFGH"\n'
                       '[technician]\npin_hash = "scrypt$32768$8$1$c2FsdA==$ZGlnZXN0"\n'
                       '[forms]\na4_queue = "hall"\n[ticket_printer]\nconnection = "usb:0416:5011"\n')
    assert not needs_setup(settings, NOTHING)
    assert steps_to_ask(settings) == []


def test_steps_the_file_decides_are_skipped(tmp_path: Path) -> None:
    settings = _config(tmp_path, '[screen]\nwidth = 1920\nheight = 1080\n[forms]\na4_queue = "hall"\n')
    # One printer of the two given: the wizard still offers the choice.
    assert steps_to_ask(settings) == ["place", "server", "printer", "pin"]


def test_answers_go_to_the_data_folder_and_the_file_wins_key_by_key(tmp_path: Path) -> None:
    settings = _config(tmp_path, 'hotline = "12348"\n[sync]\nserver_url = "https://county.example.gov.cn"\n')
    place = {"service_point_name": "石桥镇公共法律服务点", "township": "石桥镇"}
    save_answers(settings.data_dir, {"kiosk": place,
                                     "sync": {"server_url": "https://other.example.gov.cn"},
                                     "screen": {"orientation": "landscape", "width": 1920, "height": 1080}},
                 {"completed": True})  # fmt: skip
    assert (tmp_path / "data" / LOCAL_SETTINGS_FILE).is_file()
    again = load_settings(Path(settings.source))
    assert again.kiosk.service_point_name == "石桥镇公共法律服务点"
    assert again.kiosk.township == "石桥镇"
    assert (again.screen.width, again.screen.height, again.screen.orientation) == (1920, 1080, "landscape")
    assert again.sync.server_url == "https://county.example.gov.cn"  # /etc's value stands
    assert "kiosk.service_point_name" not in again.supplied  # the wizard's, not the file's
    assert setup_record(again.data_dir) == {"completed": True}
    assert not needs_setup(again, NOTHING)  # completed: never again


def test_the_wizard_file_cannot_set_other_keys(tmp_path: Path) -> None:
    settings = _config(tmp_path, "")
    with pytest.raises(ValueError, match="not a wizard setting"):
        save_answers(settings.data_dir, {"kiosk": {"hotline": "110"}})
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / LOCAL_SETTINGS_FILE).write_text('[kiosk]\nhotline = "110"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a wizard setting"):
        load_settings(Path(settings.source))


def test_tricky_text_survives_the_round_trip(tmp_path: Path) -> None:
    settings = _config(tmp_path, "")
    name = '石桥镇 "东" 服务点 \\ 二楼'
    save_answers(settings.data_dir, {"kiosk": {"service_point_name": name, "township": "石桥镇"}})
    assert load_settings(Path(settings.source)).kiosk.service_point_name == name


def test_orientation_puts_the_long_side_where_it_belongs() -> None:
    assert oriented_size(1080, 1920, "landscape") == (1920, 1080)
    assert oriented_size(1920, 1080, "portrait") == (1080, 1920)
    assert oriented_size(1080, 1920, "portrait") == (1080, 1920)


def test_set_pin_prints_a_hash_for_the_roll_out_file_and_changes_nothing(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from kiosk.security.pin_hash import verify_pin

    env = {**os.environ, DATA_ENV: str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "lawpost", "set-pin", "--stdin", "--print-hash"],
                          input="482916\n", capture_output=True, text=True, env=env, check=True)  # fmt: skip
    assert verify_pin("482916", done.stdout.strip())
    assert not (tmp_path / "kiosk.db").exists()
    weak = subprocess.run([sys.executable, "-m", "lawpost", "set-pin", "--stdin", "--print-hash"],
                          input="123456\n", capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert weak.returncode != 0 and "6–12 digits" in weak.stderr
