"""The thermal ticket printer through python-escpos: USB, network or a device file, the paper
asked about before each ticket, and a fake device that keeps the real ESC/POS bytes for tests."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from typing import IO, Any

from escpos.escpos import Escpos
from escpos.printer import Dummy, File, Network, Usb
from PIL import Image

from kiosk.queue.ticket_image import TicketContent, qr_image, render_ticket, ticket_lines

# Kept importable from here: what a ticket printer is and does (no escpos in it).
from kiosk.queue.ticket_printing import (  # noqa: F401
    PROBLEMS,
    ConnectionSpecError,
    NoTicketPrinter,
    PrintOutcome,
    TicketPrinter,
    build_ticket_printer,
)

log = logging.getLogger(__name__)

# DLE EOT 4: "paper roll sensor status" (one byte back). Bits 5-6 set: paper end; bits 2-3 set:
# near end. Bits 1 and 4 are always 1, so a printer with paper answers 0x12.
PAPER_STATUS_QUESTION = b"\x10\x04\x04"
_PAPER_END = 0x60
_NEAR_END = 0x0C
# FS & (Chinese character mode on) / FS . (off); GS ! n (character size) — for text_mode gb18030.
_CHINESE_ON = b"\x1c\x26"
_CHINESE_OFF = b"\x1c\x2e"
_INIT = b"\x1b\x40"

class AppendingFile(File):  # type: ignore[misc]  # python-escpos is untyped
    """`file:PATH`: bytes are appended, as a device node (/dev/usb/lp0) or a spool file expects;
    escpos' own File truncates the file at every open."""

    def open(self, raise_not_found: bool = True) -> None:
        from escpos.exceptions import DeviceNotFoundError

        self.close()
        handle: IO[bytes] | None = None
        try:
            handle = open(self.devfile, "ab")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            if raise_not_found:
                raise DeviceNotFoundError(f"cannot open {self.devfile}: {exc}") from exc
        finally:
            self.device = handle


class FakeEscposDevice(Dummy):  # type: ignore[misc]
    """A printer without hardware: keeps every byte sent, answers the paper question with
    `paper_reply` (b"" = says nothing, like a printer that is off or jammed)."""

    def __init__(self, *, paper_reply: bytes = b"\x12") -> None:
        super().__init__()
        self.paper_reply = paper_reply
        self.opened = 0

    def open(self, raise_not_found: bool = True) -> None:
        self.opened += 1

    def _read(self) -> bytes:
        return bytes(self.paper_reply)


def parse_connection(spec: str, *, timeout_s: float) -> Callable[[], Escpos]:
    """A factory of connected escpos printers for "usb:VID:PID", "network:HOST:PORT" or "file:PATH"."""
    kind, _, rest = spec.strip().partition(":")
    if kind == "usb":
        match = re.fullmatch(r"(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})", rest)
        if not match:
            raise ConnectionSpecError(f"USB 打印机应写成 usb:0416:5011 (usb:VID:PID in hex, not {spec!r})")
        vid, pid = int(match[1], 16), int(match[2], 16)
        return lambda: Usb(vid, pid, timeout=int(timeout_s * 1000))
    if kind == "network":
        host, _, port = rest.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ConnectionSpecError(
                f"网络打印机应写成 network:192.168.1.50:9100 (network:HOST:PORT, not {spec!r})"
            )
        return lambda: Network(host.strip("[]"), int(port), timeout=timeout_s)
    if kind == "file" and rest:
        return lambda: AppendingFile(rest)
    raise ConnectionSpecError(
        f"无法识别的打印机连接 {spec!r}，应为 usb:VID:PID、network:HOST:PORT 或 file:PATH"
    )


def ask_paper(device: Escpos) -> str:
    """"ok" | "near_end" | "no_paper" | "no_answer" | "unknown" (a file cannot answer).

    escpos' own paper_status() folds "no answer" into one of its paper levels; a printer that is
    off, jammed or unplugged must not be taken for one with paper (PITFALLS.md).
    """
    if isinstance(device, File):
        return "unknown"
    try:
        device._raw(PAPER_STATUS_QUESTION)
        reply = device._read()
    except Exception as exc:  # socket timeout, USB timeout/pipe error: the printer said nothing
        log.info("ticket printer did not answer the paper question: %s", type(exc).__name__)
        return "no_answer"
    if not reply:
        return "no_answer"
    if reply[0] & _PAPER_END == _PAPER_END:
        return "no_paper"
    if reply[0] & _NEAR_END == _NEAR_END:
        return "near_end"
    return "ok"


def _prepare(device: Escpos, width_px: int) -> None:
    # escpos prints a notice to stdout when the profile has no paper width; give it ours.
    data = copy.deepcopy(device.profile.profile_data)
    data["media"]["width"]["pixels"] = width_px
    device.profile.profile_data = data


def _write_ticket(device: Escpos, content: TicketContent, *, text_mode: str, width_px: int) -> None:
    _prepare(device, width_px)
    device._raw(_INIT)
    if text_mode == "gb18030":
        # Text in the printer's resident Chinese font; a GB18030 printer needs no font from us.
        point, service, ahead, when, hint = ticket_lines(content)
        device.set(align="center")
        device._raw(_CHINESE_ON)
        device._raw(point.encode("gb18030") + b"\n")
        device._raw(b"\x1d\x21\x77" + content.number.encode("gb18030") + b"\n")  # 8x size
        device._raw(b"\x1d\x21\x11" + service.encode("gb18030") + b"\n")  # 2x size
        device._raw(b"\x1d\x21\x00" + f"{ahead}\n{when}\n".encode("gb18030"))
        device.image(qr_image(content.url, box_px=6), impl="bitImageRaster", center=True)
        device._raw(hint.encode("gb18030") + b"\n")
        device._raw(_CHINESE_OFF)
    else:
        device.image(render_ticket(content, width_px=width_px), impl="bitImageRaster")
    device.cut()


class EscposTicketPrinter:
    """Asks for paper, prints the ticket, cuts. Never raises: the outcome says what happened."""

    def __init__(self, connect: Callable[[], Escpos], *, text_mode: str = "raster",
                 width_px: int = 576) -> None:
        self._connect = connect
        self._text_mode = text_mode
        self._width = width_px
        self._status = "ok"

    def status(self) -> str:
        """For the heartbeat: "ok", "no_paper", "paper_near_end", "no_answer", "error"."""
        return self._status

    def print_ticket(self, content: TicketContent) -> PrintOutcome:
        return self._print(lambda device: _write_ticket(device, content, text_mode=self._text_mode,
                                                        width_px=self._width))  # fmt: skip

    def print_image(self, image: Image.Image) -> PrintOutcome:
        """Another slip than a ticket (e.g. a 下次再填 code), drawn by its feature as a 1-bit image."""

        def write(device: Escpos) -> None:
            _prepare(device, self._width)
            device._raw(_INIT)
            device.image(image, impl="bitImageRaster")
            device.cut()

        return self._print(write)

    def _print(self, write: Callable[[Escpos], None]) -> PrintOutcome:
        try:
            device = self._connect()
            device.open()
        except Exception as exc:  # unplugged, refused, no USB permission
            log.warning("ticket printer unavailable: %s", type(exc).__name__)
            self._status = "error"
            return PrintOutcome(problem="no_printer")
        try:
            paper = ask_paper(device)
            if paper in ("no_paper", "no_answer"):
                self._status = paper
                return PrintOutcome(problem=paper)
            write(device)
        except Exception as exc:
            log.warning("ticket not printed: %s", type(exc).__name__)
            self._status = "error"
            return PrintOutcome(problem="error")
        finally:
            _close_quietly(device)
        self._status = "paper_near_end" if paper == "near_end" else "ok"
        return PrintOutcome(near_end=paper == "near_end")


def _close_quietly(device: Any) -> None:
    try:
        device.close()
    except Exception as exc:  # closing a dead socket must not hide the outcome
        log.info("ticket printer close failed: %s", type(exc).__name__)
