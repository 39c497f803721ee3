"""视频咨询 on the kiosk without a lawyer: what the visitor is offered, and the call-back request
(the number read back for confirmation, then only sealed in the outbox). The call itself is
tested end to end with the real server in tests/server/test_video_call_e2e.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import find, tap, wait_until
from ui.app import Kiosk
from ui.shot import settle


def _key(kiosk: Kiosk, digit: str) -> None:
    """Tap a digit on the phone keypad (the PIN pad elsewhere has keys of the same name)."""
    keypad = find(kiosk, "phoneKeypad")
    stack = list(keypad.childItems())
    while stack:
        item = stack.pop()
        if item.objectName() == f"key_{digit}" and item.isVisible():
            centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
            QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             QPoint(round(centre.x()), round(centre.y())))  # fmt: skip
            settle(2)
            return
        stack.extend(item.childItems())
    raise AssertionError(f"no visible key {digit}")


def _open_video(kiosk: Kiosk) -> None:
    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    video = kiosk.view_models["Video"]
    wait_until(lambda: video.lawyersOnDuty >= 0, timeout_s=15)
    settle(2)


def test_an_unenrolled_kiosk_offers_12348_and_no_call_back(kiosk: Kiosk) -> None:
    _open_video(kiosk)
    tap(kiosk, "topic_family")
    assert kiosk.view_models["Video"].stage == "unavailable"
    assert find(kiosk, "unavailableReason").property("text") == kiosk.i18n.text("video.reason.no_network")
    assert not find(kiosk, "askCallback").isVisible()  # nothing could deliver the number sealed


def test_no_network_leads_to_a_call_back_read_back_and_sealed(enrolled_kiosk: Kiosk, tmp_path: Path) -> None:
    kiosk = enrolled_kiosk
    _open_video(kiosk)
    video = kiosk.view_models["Video"]
    assert find(kiosk, "availability").property("text") == kiosk.i18n.text("video.none_on_duty")
    tap(kiosk, "topic_labour")
    assert video.stage == "unavailable" and video.reason == "no_network"
    tap(kiosk, "askCallback")
    for digit in "1381234":
        _key(kiosk, digit)
    tap(kiosk, "videoPrimary")  # 下一步 with a number too short
    assert find(kiosk, "videoError").property("text") == kiosk.i18n.text("video.phone_invalid")
    for digit in "5678":
        _key(kiosk, digit)
    assert find(kiosk, "phoneField").property("text") == "138 1234 5678"
    tap(kiosk, "videoPrimary")
    # Read back in groups before anything is stored.
    assert video.stage == "callback_confirm"
    assert find(kiosk, "confirmPhone").property("text") == "138 1234 5678"
    assert "13812345678" not in _database_bytes(tmp_path)
    tap(kiosk, "editPhone")
    assert video.stage == "callback" and video.phone == "13812345678"
    tap(kiosk, "videoPrimary")
    tap(kiosk, "videoPrimary")  # 对，提交
    assert video.stage == "callback_done" and video.phone == ""
    rows = kiosk.services.db.execute(
        "select kind, payload, sealed from sync_outbox where kind = 'video_callback'"
    ).fetchall()
    assert len(rows) == 1 and rows[0][1] is None and rows[0][2]
    assert "13812345678" not in _database_bytes(tmp_path)  # only the sealed copy exists


def test_the_session_wipe_clears_a_typed_number(enrolled_kiosk: Kiosk) -> None:
    kiosk = enrolled_kiosk
    _open_video(kiosk)
    tap(kiosk, "topic_debt")
    tap(kiosk, "askCallback")
    for digit in "139":
        _key(kiosk, digit)
    kiosk.session.endSession()
    settle(2)
    video = kiosk.view_models["Video"]
    assert (video.stage, video.phone, video.topic) == ("topics", "", "")


def _database_bytes(folder: Path) -> str:
    return "".join(
        path.read_bytes().decode("latin-1") for path in folder.rglob("*.db*") if path.is_file()
    )
