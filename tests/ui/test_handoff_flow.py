"""发到手机 and 下次再填 through the real QML, against the real server on loopback: the QR code on the
screen (read back from the frame with zxing) opens the guide or the filled form, the instructions
are spoken; offline, the visitor is told and offered printing; a form left half-filled at one
kiosk comes back, answer for answer, at a second kiosk from the 13-digit code typed on the keypad;
a mistyped or unknown code is told on screen and aloud."""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import zxingcpp
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from kiosk.handoff.crypto import ResumeCode, from_b64url, open_sealed
from kiosk.handoff.remote import HandoffOffline, MemoryStore, TooManyTries
from kiosk.queue.printer import EscposTicketPrinter, FakeEscposDevice
from kiosk.speech.frontend import SpeechFrontEnd
from kiosk.storage.database import open_database
from kiosk.sync.enrollment import save_enrollment
from server.app import create_app
from tests.kiosk.forms.answers import answers
from tests.kiosk.queue.escpos_decode import decode
from tests.server.live_server import serving
from tests.server.server_helpers import CHEAP_ARGON2, FakeClock, enroll_device
from tests.ui.conftest import find, wait_until
from tests.ui.test_form_flow import tap
from ui.app import Kiosk, build_kiosk
from ui.shot import ManualClock, settle

NAME, ID_NUMBER, PHONE = "王小明", "11010519491231002x", "13812345678"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    from server.settings import ServerSettings

    app = create_app(ServerSettings(data_dir=tmp_path / "server", **CHEAP_ARGON2), clock=FakeClock())
    with serving(app) as url:
        yield url, app.state.context


def enroll_with(data_dir: Path, server: tuple[str, Any], name: str) -> None:
    url, context = server
    device, token = enroll_device(context, name=name)
    db = open_database(data_dir)
    answer = {"device_id": device.id, "device_token": token,
              "server_public_key": context.opener.public_key_b64, "heartbeat_interval_s": 30}  # fmt: skip
    save_enrollment(db, server_url=url, kiosk_name=name, answer=answer)  # type: ignore[arg-type]
    db.conn.close()


def make_kiosk(data_dir: Path, speaker: FakeSpeaker, clock: ManualClock, *, base_url: str = "") -> Kiosk:
    settings = Settings().with_data_dir(data_dir)
    if base_url:  # phones reach the server at the address the QR code names
        kiosk = dataclasses.replace(settings.kiosk, public_base_url=base_url)
        settings = dataclasses.replace(settings, kiosk=kiosk)
    built = build_kiosk(settings, speaker=speaker, size=(1080, 1920), clock=clock, open_content=False)
    built.window.show()
    settle(2)
    return built


def close(kiosk: Kiosk) -> None:
    warnings = list(kiosk.warnings)
    kiosk.close()
    assert warnings == [], f"QML warnings: {warnings}"


def handoff(kiosk: Kiosk) -> Any:
    return kiosk.view_models["Handoff"]


def qr_on_screen(kiosk: Kiosk, tmp_path: Path) -> str:
    """The QR code as a phone's camera would read it, from the kiosk's frame."""
    frame = tmp_path / "frame.png"
    kiosk.window.grabWindow().save(str(frame))
    codes = zxingcpp.read_barcodes(Image.open(frame))
    assert len(codes) == 1, [c.text for c in codes]
    return str(codes[0].text)


def opened_on_phone(url: str) -> dict[str, Any]:
    """What the phone page's script does: one POST for the ciphertext, decrypted with the key
    from the fragment (the browser test, tests/server/test_handoff_phone_browser.py, runs it)."""
    base, key = url.split("#")
    ident = base.rsplit("/", 1)[1]
    answer = requests.post(f"{base}/open", timeout=10).json()
    plain = open_sealed(base64.b64decode(answer["ciphertext"]), key=from_b64url(key),
                        context=f"lawpost-phone-v1:{ident}")  # fmt: skip
    document: dict[str, Any] = json.loads(plain)
    return document


def press(kiosk: Kiosk, key: str) -> None:
    """A key of the screen's own keypad (the technician's PIN pad, hidden, has keys named alike)."""
    stack = [kiosk.current_screen()]
    while stack:
        item = stack.pop()
        if item.objectName() == f"key_{key}" and item.isVisible():
            centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
            QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             QPoint(round(centre.x()), round(centre.y())))  # fmt: skip
            settle(1)
            return
        stack.extend(item.childItems())
    raise AssertionError(f"no key {key} on the screen")


def pinyin(text: str) -> str:
    return SpeechFrontEnd(laws=()).pinyin(text, language="zh_CN")


def test_a_guide_goes_to_the_phone_by_a_qr_code_and_the_instructions_are_spoken(
    content_kiosk: Kiosk, speaker: FakeSpeaker, server: tuple[str, Any], tmp_path: Path
) -> None:
    kiosk = content_kiosk
    enroll_with(tmp_path, server, "南村")
    kiosk.nav.go("guide", {"guide": "unpaid-wages-steps"})
    settle(2)
    title = str(kiosk.view_models["Library"].guide("unpaid-wages-steps", "zh_CN", {})["title"])
    tap(kiosk, "guidePhone")
    wait_until(lambda: handoff(kiosk).property("stage") != "working", 30)
    settle(2)
    assert handoff(kiosk).property("stage") == "ready"
    assert find(kiosk, "handoffQr").isVisible()
    shown = str(find(kiosk, "handoffInstructions").property("text"))
    assert shown.startswith("用手机扫一扫这个二维码") and "24小时内有效，最多打开5次" in shown
    said = speaker.spoken[-1][0]
    assert said == shown
    # Mandarin throughout (一 said yi4 before a third tone), no letters spelled out.
    assert pinyin(said).startswith("yong4 shou3 ji1 sao3 yi4 sao3 zhe4 ge5 er4 wei2 ma3")
    url = qr_on_screen(kiosk, tmp_path)
    base = kiosk.settings.kiosk.public_base_url  # the server as phones reach it
    assert url == handoff(kiosk).property("url") and url.startswith(base + "/h/")
    document = opened_on_phone(url.replace(base, server[0]))
    assert document["title"] == title
    assert any(s["numbered"] and s["lines"] for s in document["sections"])  # the steps
    kiosk.session.endSession()
    settle(2)
    assert handoff(kiosk).property("url") == "" and kiosk.nav.currentScreen == "home"


def test_offline_the_visitor_is_told_and_offered_printing(content_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    kiosk = content_kiosk  # never enrolled: no server to send to
    kiosk.nav.go("guide", {"guide": "unpaid-wages-steps"})
    settle(2)
    tap(kiosk, "guidePhone")
    wait_until(lambda: handoff(kiosk).property("stage") == "offline", 30)
    settle(2)
    said = "现在连不上网络，不能发到手机。您可以点下面的按钮打印带走，或者过一会儿再试。"
    assert find(kiosk, "handoffStatus").property("text") == said
    assert speaker.spoken[-1][0] == said
    assert not find(kiosk, "handoffQr").isVisible()
    assert find(kiosk, "handoffPrint").isVisible()


def test_a_half_filled_form_comes_back_at_a_second_kiosk_from_the_typed_code(
    qapp: object, tmp_path: Path, clock: ManualClock, server: tuple[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    first_dir, second_dir = tmp_path / "kiosk-a", tmp_path / "kiosk-b"
    enroll_with(first_dir, server, "甲村")
    enroll_with(second_dir, server, "乙村")
    first_speaker = FakeSpeaker()
    first = make_kiosk(first_dir, first_speaker, clock)
    try:
        tap(first, "tile_forms")
        tap(first, "form_legal_aid")
        tap(first, "option_case.matter_labour_pay")
        find(first, "input_case.cause").setProperty("text", "老板拖欠三个月工资")
        tap(first, "formNext")
        for field_id, text in (("applicant.name", NAME), ("applicant.id_number", ID_NUMBER),
                               ("applicant.phone", PHONE)):  # fmt: skip
            find(first, f"input_{field_id}").setProperty("text", text)
        tap(first, "option_applicant.sex_male")
        saved = dict(first.view_models["Forms"].form_session.answers)
        tap(first, "formSaveDraft")
        wait_until(lambda: handoff(first).property("resumeStage") != "saving", 30)
        settle(2)
        code = str(find(first, "resumeCode").property("text"))
        assert len(code.replace(" ", "")) == 13
        said = first_speaker.spoken[-1][0]
        assert said.startswith("您的续填码是：" + "，".join(" ".join(g) for g in code.split()))
        # The digits are said one by one, not as thousands.
        assert "qian1" not in pinyin(said.split("。")[0])
        # On a slip from the hall's ticket printer too: its QR code read back from the printed bytes.
        device = FakeEscposDevice(paper_reply=b"\x12")
        assert first.features is not None
        first.features.shared["ticket_printer"] = EscposTicketPrinter(lambda: device)
        first.view_models["Handoff"].changed.emit()
        tap(first, "resumePrint")
        wait_until(lambda: "小票打好了" in str(find(first, "resumePrintStatus").property("text")), 30)
        assert first_speaker.spoken[-1][0] == "小票打好了，请从取号机的出纸口取走。"
        [slip] = decode(device.output).images
        assert [c.text for c in zxingcpp.read_barcodes(slip.convert("L"))] == [code.replace(" ", "")]
    finally:
        close(first)
    for path in first_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert NAME.encode() not in data and PHONE.encode() not in data, path

    second_speaker = FakeSpeaker()
    second = make_kiosk(second_dir, second_speaker, clock)
    try:
        tap(second, "tile_forms")
        tap(second, "resumeOpen")
        typo = code.replace(" ", "")[:-1] + str((int(code[-1]) + 1) % 10)
        for digit in typo:
            press(second, digit)
        assert find(second, "resumeTyped").property("text") == " ".join(
            [typo[0:4], typo[4:8], typo[8:12], typo[12:]])  # fmt: skip
        tap(second, "resumeRestore")
        settle(2)
        wrong = "这串数字不对，请核对后重新输入。续填码一共13位。"
        assert find(second, "resumeStatus").property("text") == wrong
        assert second_speaker.spoken[-1][0] == wrong
        press(second, "⌫")
        press(second, code[-1])
        tap(second, "resumeRestore")
        wait_until(lambda: second.nav.currentScreen == "form", 30)
        settle(2)
        assert str(find(second, "formHeader").property("text")) == "第2步，共5步：申请人的情况"
        assert dict(second.view_models["Forms"].form_session.answers) == saved
        assert find(second, "input_applicant.name").property("text") == NAME
        # Used once: the same code again finds nothing, on screen and aloud.
        second.nav.go("resume", {"mode": "open"})
        settle(2)
        for digit in code.replace(" ", ""):
            press(second, digit)
        tap(second, "resumeRestore")
        wait_until(lambda: handoff(second).property("resumeStage") == "unknown", 30)
        settle(2)
        gone = str(find(second, "resumeStatus").property("text"))
        assert gone.startswith("找不到这份草稿") and second_speaker.spoken[-1][0] == gone
    finally:
        close(second)
    # Nothing of the visitor in any log line of either kiosk or the server: not the answers, not the code.
    for secret in (NAME, ID_NUMBER, PHONE, code.replace(" ", ""), code):
        assert secret not in caplog.text


def test_a_filled_form_goes_to_the_phone_with_its_pdf(
    qapp: object, tmp_path: Path, clock: ManualClock, server: tuple[str, Any]
) -> None:
    enroll_with(tmp_path, server, "丙村")
    speaker = FakeSpeaker()
    kiosk = make_kiosk(tmp_path, speaker, clock, base_url=server[0])
    try:
        forms = kiosk.view_models["Forms"]
        assert forms.restore("legal_aid", answers("legal_aid"), "__review__")
        kiosk.nav.go("form", {"form": "legal_aid"})
        settle(2)
        tap(kiosk, "formPhone")
        wait_until(lambda: handoff(kiosk).property("stage") != "working", 60)
        settle(2)
        assert "您填好的文书" in speaker.spoken[-1][0]
        document = opened_on_phone(qr_on_screen(kiosk, tmp_path))
        assert base64.b64decode(document["pdf"]).startswith(b"%PDF")
        assert document["pdf_name"] == "法律援助申请表.pdf"
        lines = [line for s in document["sections"] for line in s["lines"]]
        assert any("王小明" in line for line in lines)
    finally:
        close(kiosk)


class _RefusingStore(MemoryStore):
    """The server's other answers to a look-up, as the kiosk's store reports them."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def take(self, ident: str) -> bytes:
        raise self.error


@pytest.mark.parametrize(("error", "sentence"), [
    (TooManyTries(), "输错的次数太多了，请过一小时再试，或者请工作人员帮忙。"),
    (HandoffOffline("no network"), "现在连不上网络，不能保存下次再填。请过一会儿再试，或者请工作人员帮忙。"),
])  # fmt: skip
def test_a_refused_look_up_is_told_on_screen_and_aloud(
    kiosk: Kiosk, speaker: FakeSpeaker, error: Exception, sentence: str
) -> None:
    assert kiosk.features is not None
    kiosk.features.shared["handoff_store"] = _RefusingStore(error)
    kiosk.nav.go("resume", {"mode": "open"})
    settle(2)
    for digit in ResumeCode.new().digits:
        press(kiosk, digit)
    tap(kiosk, "resumeRestore")
    wait_until(lambda: handoff(kiosk).property("resumeStage") not in ("", "restoring"), 30)
    settle(2)
    assert find(kiosk, "resumeStatus").property("text") == sentence
    assert speaker.spoken[-1][0] == sentence
    assert kiosk.nav.currentScreen == "resume"


def test_the_lawyers_notes_go_to_the_phone_as_the_printed_sheet_has_them(
    content_kiosk: Kiosk, speaker: FakeSpeaker, server: tuple[str, Any], tmp_path: Path
) -> None:
    kiosk = content_kiosk
    enroll_with(tmp_path, server, "北村")
    kiosk.nav.go("video")
    settle(2)
    notes = kiosk.view_models["VideoNotes"]  # as after a call: the notes fetched, the call ended
    advice = "先和老板协商。\n协商不成，去劳动人事争议仲裁委员会申请仲裁。"
    notes.preview({"notes": advice, "lawyer": "李律师"})
    kiosk.view_models["Video"].preview({"stage": "ended", "reason": "hangup_lawyer"})
    settle(2)
    tap(kiosk, "notesPhone")
    wait_until(lambda: handoff(kiosk).property("stage") != "working", 30)
    settle(2)
    assert handoff(kiosk).property("stage") == "ready"
    assert "律师的意见" in speaker.spoken[-1][0]
    url = qr_on_screen(kiosk, tmp_path)
    base = kiosk.settings.kiosk.public_base_url
    document = opened_on_phone(url.replace(base, server[0]))
    lines = [line for section in document["sections"] for line in section["lines"]]
    assert "协商不成，去劳动人事争议仲裁委员会申请仲裁。" in lines
    assert any("李律师" in str(part) for part in json.dumps(document, ensure_ascii=False).split("\n"))
    kiosk.session.endSession()
    settle(2)
    assert handoff(kiosk).property("url") == "" and not notes.property("ready")
