"""Settings: documented defaults, TOML overrides, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, Settings, load_settings


def test_defaults_without_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAWPOST_CONFIG", raising=False)
    settings = load_settings(None)
    assert settings.kiosk.idle_timeout_s == 90
    assert settings.kiosk.idle_countdown_s == 15
    assert settings.kiosk.language == "zh_CN"


def test_toml_overrides_and_int_to_float(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nservice_point_name = "城关镇司法所"\nidle_timeout_s = 120\n'
                    "[screen]\nmm_per_px = 1\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.kiosk.service_point_name == "城关镇司法所"
    assert settings.kiosk.idle_timeout_s == 120
    assert settings.screen.mm_per_px == 1.0
    assert settings.source == str(path)


def test_environment_variable_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "k.toml"
    path.write_text("[kiosk]\nidle_timeout_s = 30\n", encoding="utf-8")
    monkeypatch.setenv("LAWPOST_CONFIG", str(path))
    assert load_settings().kiosk.idle_timeout_s == 30


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[kiosk]\nidle_timeout = 3\n", "unknown setting kiosk.idle_timeout"),
        ("[kiosk]\nidle_timeout_s = \"soon\"\n", "must be int"),
        ("[kiosk]\nidle_timeout_s = true\n", "must be int"),
        ("[printer]\nport = 1\n", "unknown sections"),
        ("[kiosk\n", "not valid TOML"),
    ],
)
def test_bad_files_give_a_sentence(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        load_settings(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_data_dir_override(tmp_path: Path) -> None:
    assert Settings().with_data_dir(tmp_path).data_dir == tmp_path


@pytest.mark.parametrize(
    "text",
    ['[kiosk]\nlanguage = "fr"\n', "[kiosk]\nidle_timeout_s = 1\n", "[screen]\nmm_per_px = 0\n"],
)
def test_values_that_would_break_the_kiosk_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="must be"):
        load_settings(path)


def test_example_file_documents_every_key_with_its_default() -> None:
    import dataclasses
    import json
    import tomllib

    example = Path(__file__).resolve().parents[2] / "packaging" / "kiosk.example.toml"
    raw = tomllib.loads(example.read_text(encoding="utf-8"))
    defaults = Settings()
    for section in dataclasses.fields(defaults):
        if section.name in ("source", "supplied"):
            continue
        # JSON round trip: TOML arrays read as lists, the settings keep tuples.
        expected = json.loads(json.dumps(dataclasses.asdict(getattr(defaults, section.name))))
        assert raw.get(section.name) == expected, f"[{section.name}] in the example differs from the defaults"
    assert load_settings(example) == dataclasses.replace(defaults, source=str(example))
