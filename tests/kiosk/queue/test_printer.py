"""The ticket as the printer receives it: ESC/POS bytes decoded back into the printed image,
its QR code read by a real decoder (zxing-cpp), the cut, and every way paper can fail."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
import zxingcpp
from PIL import Image, ImageChops

from kiosk.config import Settings
from kiosk.queue.desk import TicketDesk, rules_from_settings
from kiosk.queue.printer import (
    ConnectionSpecError,
    EscposTicketPrinter,
    FakeEscposDevice,
    build_ticket_printer,
    parse_connection,
)
from kiosk.queue.services import QueueRules
from kiosk.queue.ticket_image import TicketContent, render_ticket
from tests.kiosk.queue.conftest import OPEN_MONDAY
from tests.kiosk.queue.escpos_decode import decode

CONTENT = TicketContent(
    service_point="示例镇公共法律服务点", number="A012", service_name="法律援助", ahead=3,
    issued_local="2026-11-30 10:00", url="https://legal.example.gov.cn/lawpost/q/Xy7-secret",
)
PAPER_OK, NEAR_END, NO_PAPER = b"\x12", b"\x1e", b"\x72"


def _qr_texts(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image.convert("L"))]


def _desk(db: sqlite_utils.Database, rules: QueueRules, device: FakeEscposDevice) -> TicketDesk:
    printer = EscposTicketPrinter(lambda: device)
    return TicketDesk(db, rules, printer, service_point="示例镇公共法律服务点",
                      base_url="https://legal.example.gov.cn/lawpost", clock=lambda: OPEN_MONDAY)


def _print_state(db: sqlite_utils.Database, number: str) -> str:
    return str(db.execute("select print_state from queue_tickets where number = ?", [number]).fetchone()[0])


def test_the_printed_bytes_are_the_ticket_image_with_a_readable_qr_code_then_a_cut() -> None:
    device = FakeEscposDevice(paper_reply=PAPER_OK)
    outcome = EscposTicketPrinter(lambda: device).print_ticket(CONTENT)
    assert outcome.printed and not outcome.near_end
    printout = decode(device.output)
    assert printout.order[0] == "question"  # paper asked about before anything is printed
    assert printout.order[-1] == "cut" and printout.cuts == 1
    [image] = printout.images
    assert image.width == 576
    assert _qr_texts(image) == [CONTENT.url]
    # Pixel for pixel the ticket drawn with the CJK font (number, service, people ahead, time).
    assert ImageChops.difference(image, render_ticket(CONTENT)).getbbox() is None


def test_taking_a_number_prints_its_own_phone_link_and_records_printed(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    device = FakeEscposDevice(paper_reply=PAPER_OK)
    taken = _desk(db, rules, device).take("A")
    assert (taken.number, taken.printed, taken.print_problem) == ("A001", True, "")
    [image] = decode(device.output).images
    [url] = _qr_texts(image)
    assert url == taken.url and url.startswith("https://legal.example.gov.cn/lawpost/q/")
    assert len(url.rsplit("/", 1)[1]) >= 22  # 128 random bits: not guessable
    assert _print_state(db, "A001") == "printed"


@pytest.mark.parametrize(("reply", "problem"), [(NO_PAPER, "no_paper"), (b"", "no_answer")])
def test_no_paper_and_no_answer_are_told_apart_and_nothing_is_printed(
    db: sqlite_utils.Database, rules: QueueRules, reply: bytes, problem: str
) -> None:
    device = FakeEscposDevice(paper_reply=reply)
    desk = _desk(db, rules, device)
    taken = desk.take("B")
    assert (taken.number, taken.printed, taken.print_problem) == ("B001", False, problem)
    assert decode(device.output).images == [] and decode(device.output).cuts == 0
    assert _print_state(db, "B001") == "print_failed"
    assert desk.printer.status() == problem


def test_a_nearly_empty_roll_still_prints_and_is_reported(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    device = FakeEscposDevice(paper_reply=NEAR_END)
    desk = _desk(db, rules, device)
    taken = desk.take("C")
    assert taken.printed and taken.paper_near_end
    assert desk.printer.status() == "paper_near_end"


def test_a_printer_that_is_gone_leaves_the_ticket_issued_but_unprinted(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    def gone() -> FakeEscposDevice:
        raise OSError("no such device")

    desk = TicketDesk(db, rules, EscposTicketPrinter(gone), service_point="x", base_url="https://h",
                      clock=lambda: OPEN_MONDAY)
    taken = desk.take("A")
    assert (taken.number, taken.printed, taken.print_problem) == ("A001", False, "no_printer")
    assert _print_state(db, "A001") == "print_failed"


def test_no_printer_configured_shows_the_ticket_on_screen_only() -> None:
    printer = build_ticket_printer(connection="", text_mode="raster", width_px=576, timeout_s=1)
    assert printer.print_ticket(CONTENT).problem == "no_printer"
    assert printer.status() == "not_configured"


def test_gb18030_mode_sends_the_text_in_the_printers_own_encoding() -> None:
    device = FakeEscposDevice(paper_reply=PAPER_OK)
    assert EscposTicketPrinter(lambda: device, text_mode="gb18030").print_ticket(CONTENT).printed
    data = device.output
    for text in ("示例镇公共法律服务点", "法律援助", "您前面还有 3 人", "A012"):
        assert text.encode("gb18030") in data
    printout = decode(data)
    assert printout.cuts == 1
    assert _qr_texts(printout.images[0]) == [CONTENT.url]


def test_a_file_connection_appends_every_ticket(tmp_path: Path) -> None:
    spool = tmp_path / "lp0"
    printer = build_ticket_printer(connection=f"file:{spool}", text_mode="raster", width_px=384,
                                   timeout_s=1)
    assert printer.print_ticket(CONTENT).printed
    assert printer.print_ticket(CONTENT).printed
    printout = decode(spool.read_bytes())
    assert printout.cuts == 2 and printout.questions == 0  # a file cannot answer
    assert [img.width for img in printout.images] == [384, 384]
    assert all(_qr_texts(img) == [CONTENT.url] for img in printout.images)


@pytest.mark.parametrize("spec", ["usb:zz:01", "network:printer", "network:h:99999", "lpt1", "file:"])
def test_a_connection_setting_that_cannot_work_is_refused_with_the_form_to_use(spec: str) -> None:
    with pytest.raises(ConnectionSpecError):
        parse_connection(spec, timeout_s=1)


class _TcpPrinter:
    """A network printer on loopback: answers the paper question (or not) and keeps the bytes."""

    def __init__(self, reply: bytes | None) -> None:
        self.reply = reply
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            while chunk := conn.recv(65536):
                self.received += chunk
                if self.reply is not None and chunk.endswith(b"\x10\x04\x04"):
                    conn.sendall(self.reply)

    def close(self) -> None:
        self.thread.join(timeout=10)
        self.server.close()


@pytest.fixture
def tcp_printer(request: pytest.FixtureRequest) -> Iterator[_TcpPrinter]:
    printer = _TcpPrinter(request.param)
    yield printer
    printer.close()


@pytest.mark.parametrize("tcp_printer", [PAPER_OK], indirect=True)
def test_a_network_printer_receives_the_ticket_over_tcp(tcp_printer: _TcpPrinter) -> None:
    printer = build_ticket_printer(connection=f"network:127.0.0.1:{tcp_printer.port}",
                                   text_mode="raster", width_px=576, timeout_s=2)
    assert printer.print_ticket(CONTENT).printed
    tcp_printer.close()
    printout = decode(bytes(tcp_printer.received))
    assert printout.cuts == 1 and _qr_texts(printout.images[0]) == [CONTENT.url]


@pytest.mark.parametrize("tcp_printer", [None], indirect=True)
def test_a_network_printer_that_never_answers_is_no_answer_not_no_paper(
    tcp_printer: _TcpPrinter,
) -> None:
    printer = build_ticket_printer(connection=f"network:127.0.0.1:{tcp_printer.port}",
                                   text_mode="raster", width_px=576, timeout_s=0.5)
    assert printer.print_ticket(CONTENT).problem == "no_answer"
    tcp_printer.close()
    assert decode(bytes(tcp_printer.received)).images == []


def test_the_default_settings_build_a_desk(db: sqlite_utils.Database) -> None:
    rules = rules_from_settings(Settings())
    assert [s.letter for s in rules.services] == ["A", "B", "C", "V"]


def test_a_usb_printer_that_is_not_plugged_in_is_no_printer() -> None:
    # Real pyusb + libusb on this machine, which has no such device.
    printer = build_ticket_printer(connection="usb:0416:5011", text_mode="raster", width_px=576,
                                   timeout_s=1)
    assert printer.print_ticket(CONTENT).problem == "no_printer"
    assert printer.status() == "error"
