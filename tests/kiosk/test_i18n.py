"""Every visible string exists in both languages, and every key the QML uses exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kiosk.i18n import CATALOG_DIR, CatalogError, load_catalogs, missing_keys
from ui.screens import QML_DIR, SCREENS


def test_catalogs_load_and_match() -> None:
    catalogs = load_catalogs()
    assert set(catalogs.strings["zh_CN"]) == set(catalogs.strings["en"])
    assert catalogs.text("zh_CN", "footer.help") == "需要帮助？拨打 12348"
    assert "12" in catalogs.text("en", "idle.body", seconds=12)


def test_missing_translation_is_an_error(tmp_path: Path) -> None:
    for name in ("zh_CN", "en"):
        (tmp_path / f"{name}.json").write_text(
            (CATALOG_DIR / f"{name}.json").read_text(encoding="utf-8"), encoding="utf-8"
        )
    en = json.loads((tmp_path / "en.json").read_text(encoding="utf-8"))
    del en["footer.back"]
    (tmp_path / "en.json").write_text(json.dumps(en), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"footer\.back"):
        load_catalogs(tmp_path)


def test_missing_keys_reports_empty_strings() -> None:
    assert missing_keys({"zh_CN": {"a": "甲", "b": ""}, "en": {"a": "A", "b": "B"}}) == {"zh_CN": {"b"}}


def test_every_literal_key_in_qml_exists() -> None:
    strings = load_catalogs().strings["zh_CN"]
    used: set[str] = set()
    for path in QML_DIR.rglob("*.qml"):
        used |= set(re.findall(r'I18n\.s\["([a-z_0-9.]+)"\]', path.read_text(encoding="utf-8")))
    used |= {spec.title_key for spec in SCREENS}
    used |= {spec.tile.subtitle_key for spec in SCREENS if spec.tile}
    assert used - set(strings) == set()


def test_feature_catalogs_are_merged_and_may_not_repeat_keys(tmp_path: Path) -> None:
    for name, shell, feature in (("zh_CN", "首页", "算一算"), ("en", "Home", "Calculate")):
        (tmp_path / f"{name}.json").write_text(json.dumps({"home.title": shell}), encoding="utf-8")
        (tmp_path / "calc").mkdir(exist_ok=True)
        (tmp_path / "calc" / f"{name}.json").write_text(
            json.dumps({"calc.title": feature}), encoding="utf-8")
    assert load_catalogs(tmp_path).text("zh_CN", "calc.title") == "算一算"
    (tmp_path / "calc" / "en.json").write_text(json.dumps({"home.title": "Again"}), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"repeats keys"):
        load_catalogs(tmp_path)
