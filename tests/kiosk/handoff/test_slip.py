"""The 下次再填 code on the ticket printer, as the printer receives it: the ESC/POS bytes decoded
back into the printed image, whose QR code (read by zxing-cpp) is the code, then a cut."""

from __future__ import annotations

import zxingcpp
from PIL import ImageChops

from kiosk.handoff.crypto import ResumeCode
from kiosk.handoff.slip import render_slip
from kiosk.queue.printer import EscposTicketPrinter, FakeEscposDevice, NoTicketPrinter
from tests.kiosk.queue.escpos_decode import decode

CODE = ResumeCode("6557622147504")
TEXT = {"heading": "法律服务机 · 续填码",
        "instructions": "7天内，在本县任何一台法律服务机上输入这串数字，就能接着填。"}


def test_the_printed_slip_carries_the_code_readably_and_nothing_else_of_the_visitor() -> None:
    device = FakeEscposDevice(paper_reply=b"\x12")
    slip = render_slip(CODE, **TEXT)
    assert EscposTicketPrinter(lambda: device).print_image(slip).printed
    printout = decode(device.output)
    assert printout.order[0] == "question" and printout.order[-1] == "cut"
    [image] = printout.images
    assert image.width == 576
    assert [c.text for c in zxingcpp.read_barcodes(image.convert("L"))] == [CODE.digits]
    assert ImageChops.difference(image, slip).getbbox() is None


def test_58_mm_paper_and_a_missing_printer() -> None:
    narrow = render_slip(CODE, width_px=384, **TEXT)
    assert narrow.width == 384
    assert [c.text for c in zxingcpp.read_barcodes(narrow.convert("L"))] == [CODE.digits]
    assert NoTicketPrinter().print_image(narrow).problem == "no_printer"
    empty = FakeEscposDevice(paper_reply=b"\x72")  # out of paper: nothing printed, said so
    assert EscposTicketPrinter(lambda: empty).print_image(narrow).problem == "no_paper"
