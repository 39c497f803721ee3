"""Chinese text entry: the Qt Virtual Keyboard with Pinyin in zh_CN, English layout in en."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtQml import QQmlComponent

from tests.ui.conftest import find, tap
from ui.app import Kiosk
from ui.qt_env import use_private_config_dir
from ui.shot import settle

_DRIVER = b"""
import QtQuick
import QtQuick.VirtualKeyboard
// Presses keys of the real virtual keyboard engine, as taps on its keys would.
QtObject {
    property string locale: InputContext.locale
    property string typed: ""
    property int commits: 0
    property string firstCandidate: ""
    onTypedChanged: {
        for (var i = 0; i < typed.length; i++)
            InputContext.inputEngine.virtualKeyClick(typed.charCodeAt(i) - 32, typed[i], 0)
        var model = InputContext.inputEngine.wordCandidateListModel
        firstCandidate = model.count > 0 ? model.dataAt(0) : ""
    }
    onCommitsChanged: InputContext.inputEngine.virtualKeyClick(Qt.Key_Space, " ", 0)
}
"""


def _driver(kiosk: Kiosk) -> QObject:
    component = QQmlComponent(kiosk.engine)
    component.setData(_DRIVER, QUrl("file:///keyboard_driver.qml"))
    driver = component.create()
    assert driver is not None, component.errorString()
    driver.setParent(kiosk.engine)  # lives as long as the engine, not the Python wrapper
    return driver


def test_pinyin_typing_enters_chinese(enrolled_kiosk: Kiosk) -> None:
    kiosk = enrolled_kiosk
    kiosk.nav.go("rating")
    settle(2)
    tap(kiosk, "commentField")
    assert find(kiosk, "keyboard").property("active") is True
    driver = _driver(kiosk)
    assert driver.property("locale") == "zh_CN"
    driver.setProperty("typed", "nihao")
    settle(2)
    assert driver.property("firstCandidate") == "你好"
    driver.setProperty("commits", 1)
    settle(2)
    assert kiosk.rating.comment == "你好"
    assert kiosk.session.hasVisitorData


def test_english_layout_in_english(enrolled_kiosk: Kiosk) -> None:
    kiosk = enrolled_kiosk
    tap(kiosk, "languageButton")
    kiosk.nav.go("rating")
    settle(2)
    tap(kiosk, "commentField")
    driver = _driver(kiosk)
    assert driver.property("locale") == "en_US"
    driver.setProperty("typed", "hello")
    driver.setProperty("commits", 1)
    settle(2)
    assert kiosk.rating.comment.strip() == "hello"


def test_private_config_dir_is_emptied_at_start(tmp_path: Path) -> None:
    folder = tmp_path / "runtime" / "config" / "qtvirtualkeyboard" / "pinyin"
    folder.mkdir(parents=True)
    (folder / "usr_dict.dat").write_bytes(b"learned words")
    import os

    names = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
             "LAWPOST_PRIVATE_QT_DIRS", "TMPDIR")
    before = {name: os.environ.get(name) for name in names}
    try:
        fresh = use_private_config_dir(tmp_path)
        assert list(fresh.iterdir()) == []
        assert os.environ["XDG_CONFIG_HOME"] == str(fresh)
        for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "TMPDIR"):
            assert Path(os.environ[name]).is_relative_to(tmp_path / "runtime")
        import tempfile

        assert Path(tempfile.gettempdir()).is_relative_to(tmp_path / "runtime")
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        import tempfile

        tempfile.tempdir = None
