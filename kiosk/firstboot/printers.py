"""The wizard's printer step: what this kiosk can print on, and a test page on the one chosen.

A4 printers are the CUPS queues (`lpstat -e`); ticket printers are the configured ESC/POS
connection plus the USB line-printer devices the kernel lists (/dev/usb/lp*).
"""

from __future__ import annotations

import glob
import io
import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.devices.a4_printer import CupsPrinter, PrintError

if TYPE_CHECKING:
    from PIL.Image import Image

# Pillow, reportlab and python-escpos are imported only when a test page is made: the wizard's
# module is loaded with every kiosk, and those libraries cost tens of MB that a kiosk which is
# already set up never needs (tests/ui/test_start_memory.py).

log = logging.getLogger(__name__)

TEST_TITLE = "LawPost 打印测试 Test page"


@dataclass(frozen=True)
class PrinterOption:
    kind: str  # "a4" | "ticket"
    ident: str  # CUPS queue name, or an escpos connection ("file:/dev/usb/lp0")
    label: str


def cups_queues() -> list[str]:
    try:
        listing = subprocess.run(["lpstat", "-e"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in listing.stdout.splitlines() if line.strip()]


def printer_options(configured_ticket: str) -> list[PrinterOption]:
    options = [PrinterOption("a4", name, name) for name in cups_queues()]
    tickets = [configured_ticket] if configured_ticket.strip() else []
    tickets += [f"file:{path}" for path in sorted(glob.glob("/dev/usb/lp[0-9]*"))
                if f"file:{path}" not in tickets]  # fmt: skip
    options += [PrinterOption("ticket", spec, spec.removeprefix("file:")) for spec in tickets]
    return options


def _test_lines(service_point: str) -> list[str]:
    return ["打印测试 Test print", service_point, "LawPost"]


def a4_test_page(service_point: str, font_path: Path | None = None) -> bytes:
    """One A4 page saying it is a test, with the service point's name (CJK font embedded)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from kiosk.forms.render import DEFAULT_FONT, FONT_NAME, ensure_font

    ensure_font(font_path or DEFAULT_FONT)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(TEST_TITLE)
    y = A4[1] - 120
    for size, line in zip((28, 20, 14), _test_lines(service_point), strict=True):
        canvas.setFont(FONT_NAME, size)
        canvas.drawString(72, y, line)
        y -= size * 2
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def ticket_test_image(service_point: str, width_px: int, font_path: Path | None = None) -> Image:
    from PIL import Image, ImageDraw, ImageFont

    from kiosk.forms.render import DEFAULT_FONT

    font_path = font_path or DEFAULT_FONT
    image = Image.new("1", (width_px, 200), 1)
    draw = ImageDraw.Draw(image)
    y = 10
    for size, line in zip((40, 28, 24), _test_lines(service_point), strict=True):
        font = ImageFont.truetype(str(font_path), size)
        draw.text((10, y), line, font=font, fill=0)
        y += size + 16
    return image


def print_test_page(option: PrinterOption, *, service_point: str, width_px: int = 576,
               timeout_s: float = 60.0) -> str:
    """Print the test page: "" when it printed, else the problem ("no_printer", "no_paper",
    "no_answer", "error"), which the screen says in words."""
    if option.kind == "a4":
        try:
            CupsPrinter(option.ident, timeout_s=timeout_s).print_pdf(
                a4_test_page(service_point), title="lawpost-test-page")
        except PrintError as exc:
            log.warning("test page not printed on %s: %s", option.ident, exc.detail)
            return "no_printer"
        return ""
    from kiosk.queue.printer import EscposTicketPrinter, parse_connection
    from kiosk.queue.ticket_printing import ConnectionSpecError

    try:
        connect = parse_connection(option.ident, timeout_s=3.0)
    except ConnectionSpecError:
        return "no_printer"
    outcome = EscposTicketPrinter(connect, width_px=width_px).print_image(
        ticket_test_image(service_point, width_px))
    return "" if outcome.printed else outcome.problem
