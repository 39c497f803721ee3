"""One sheet-printing helper for 打印带走, 打印律师意见 and 打印预约单: each says its result aloud
as well as showing it (what the FakeSpeaker receives), and a failure says the printer's own
sentence and what to do instead. The guide's take-home print is tested in test_content_flows.py."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtTest import QTest

from kiosk.devices.a4_printer import NO_PAPER, FakePrinter
from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import wait_until
from ui.app import Kiosk

NOTES = "您可以申请劳动仲裁，时效一年。\n带上劳动合同和工资条。"


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, check=True, text=True
    )
    return "".join(out.stdout.split())


def _print(model: Any, action: str, speaker: FakeSpeaker) -> str:
    said = len(speaker.spoken)
    getattr(model, action)()
    wait_until(lambda: not model.busy and len(speaker.spoken) > said)
    assert len(speaker.spoken) == said + 1  # said once
    return speaker.spoken[-1][0]


def test_the_lawyers_notes_say_whether_they_printed(
    kiosk: Kiosk, speaker: FakeSpeaker, tmp_path: Path
) -> None:
    notes = kiosk.view_models["VideoNotes"]
    notes.preview({"notes": NOTES, "lawyer": "王律师"})
    printer = FakePrinter()
    notes.printer = printer
    assert _print(notes, "print", speaker) == "打好了，请到打印机出纸口取走。"
    assert notes.statusKey == "take_home.printed"
    assert printer.printed[0][0] == "lawpost-lawyer-notes"  # the job title names no one
    assert "带上劳动合同和工资条" in _pdf_text(printer.printed[0][1], tmp_path)

    notes.printer = FakePrinter(problem=NO_PAPER)
    said = _print(notes, "print", speaker)
    assert said.startswith("打印机没纸了。") and said.endswith("请用手机扫下面的二维码带走。")
    assert notes.problem.startswith("打印机没纸了")


def test_the_booking_slip_says_whether_it_printed(kiosk: Kiosk, speaker: FakeSpeaker, tmp_path: Path) -> None:
    booking = kiosk.view_models["VideoBooking"]
    booking.preview({"booked_at": "2026-12-01T01:20:00+00:00"})
    printer = FakePrinter()
    booking.printer = printer
    assert _print(booking, "printSlip", speaker) == "打好了，请到打印机出纸口取走。"
    assert "预约码：5823" in _pdf_text(printer.printed[0][1], tmp_path)

    booking.printer = FakePrinter(problem=NO_PAPER)
    said = _print(booking, "printSlip", speaker)
    # No QR code for a slip: the visitor is told to note the code down instead.
    assert said.startswith("打印机没纸了。") and said.endswith(
        "请记下屏幕上的预约码和时间，或请大厅工作人员帮忙。"
    )


def test_a_print_finishing_after_the_visitor_left_says_nothing(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    notes = kiosk.view_models["VideoNotes"]
    notes.preview({"notes": NOTES, "lawyer": "王律师"})
    notes.printer = FakePrinter()
    said = len(speaker.spoken)
    notes.print()
    kiosk.session.endSession()  # wiped while the printer works
    assert not notes.busy and not notes.ready
    QTest.qWait(1500)  # the print itself finishes meanwhile on the worker
    assert [text for text, _ in speaker.spoken[said:] if "打好了" in text] == []
