"""What a ticket printer is and does, without python-escpos: the kiosk imports escpos (with Pillow,
qrcode, python-barcode and pyusb, ~10 MB resident) only when a ticket printer is configured."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PIL import Image

    from kiosk.queue.ticket_image import TicketContent

# What became of one ticket on paper. "" = printed.
PROBLEMS = ("no_paper", "no_answer", "no_printer", "error")


class ConnectionSpecError(ValueError):
    """The [ticket_printer] connection setting cannot be understood."""


@dataclass(frozen=True)
class PrintOutcome:
    problem: str = ""  # "" | one of PROBLEMS
    near_end: bool = False  # printed, but the roll is nearly empty: tell the fleet console

    @property
    def printed(self) -> bool:
        return self.problem == ""


class TicketPrinter(Protocol):
    def print_ticket(self, content: TicketContent) -> PrintOutcome: ...
    def print_image(self, image: Image.Image) -> PrintOutcome: ...
    def status(self) -> str: ...


class NoTicketPrinter:
    """The kiosk has no ticket printer configured: every ticket is shown on screen instead."""

    def print_ticket(self, content: TicketContent) -> PrintOutcome:
        return PrintOutcome(problem="no_printer")

    def print_image(self, image: Image.Image) -> PrintOutcome:
        return PrintOutcome(problem="no_printer")

    def status(self) -> str:
        return "not_configured"


def build_ticket_printer(
    *, connection: str, text_mode: str, width_px: int, timeout_s: float
) -> TicketPrinter:
    if not connection.strip():
        return NoTicketPrinter()
    from kiosk.queue.printer import EscposTicketPrinter, parse_connection

    return EscposTicketPrinter(
        parse_connection(connection, timeout_s=timeout_s), text_mode=text_mode, width_px=width_px
    )
