"""The first-boot set-up wizard's view-model: one step at a time, each answer saved as given."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.config import Settings
from kiosk.firstboot.printers import PrinterOption, print_test_page, printer_options
from kiosk.firstboot.qr_camera import Camera, decode_qr, parse_enrollment_qr
from kiosk.firstboot.state import STEPS, oriented_size, save_answers, setup_record, steps_to_ask
from kiosk.security.pin_hash import is_acceptable_pin
from ui.background import BackgroundOp, BackgroundWorker

log = logging.getLogger(__name__)

# Frames the camera is given to show a QR code before the wizard says it saw none (~15 s).
_SCAN_FRAMES = 60
_NAME_MAX = 40


class SetupWizard(QObject):
    changed = Signal()
    finished = Signal()
    # (width, height): the window takes the chosen orientation at once.
    orientationApplied = Signal(int, int)

    def __init__(self, *, settings: Settings, worker: BackgroundWorker,
                 enroll: Callable[[str, str, str], str], set_pin: Callable[[str], None],
                 open_camera: Callable[[], Camera | None], on_name: Callable[[str, str], None],
                 enrolled: Callable[[], bool]) -> None:
        super().__init__()
        self._settings = settings
        self._data_dir: Path = settings.data_dir
        self._worker = worker
        self._enroll = enroll
        self._set_pin = set_pin
        self._open_camera = open_camera
        self._on_name = on_name
        self._enrolled = enrolled
        self._steps = steps_to_ask(settings)
        self._index = 0
        self._active = False
        self._error = ""  # a catalog key
        self._notice = ""  # a catalog key (good news)
        self._busy = False
        kiosk = settings.kiosk
        named = "kiosk.service_point_name" in settings.supplied or bool(kiosk.township)
        self._name = kiosk.service_point_name if named else ""
        self._township = kiosk.township
        self._orientation = settings.screen.orientation or (
            "portrait" if settings.screen.height >= settings.screen.width else "landscape")
        self._size = (settings.screen.width, settings.screen.height)
        self._server = settings.sync.server_url
        self._code = ""
        self._printers: list[PrinterOption] = []
        self._printer = -1
        self._pin_first = ""
        self._camera: Camera | None = None
        self._scan_left = 0
        self._scan_timer = QTimer(self)
        self._scan_timer.setInterval(250)
        self._scan_timer.timeout.connect(self._scan_once)

    # --- the wizard as a whole ---------------------------------------------------------------
    def start(self) -> None:
        """Begin at the first step still to ask (also a technician's re-run)."""
        self._steps = [*steps_to_ask(self._settings), "done"]
        self._index = 0
        self._active = True
        self._clear()
        self._enter()

    @Slot()
    def rerun(self) -> None:
        self.start()

    @Slot(str)
    def preview(self, step: str) -> None:
        """Show one step alone (screenshots, audit) without saving anything."""
        self._steps = [*STEPS, "done"]
        self._index = self._steps.index(step) if step in self._steps else 0
        if not self._name:  # sample answers, in memory only
            self._name, self._township = "石桥镇公共法律服务点", "石桥镇"
        self._enter()
        if step == "printer":  # the same sample printers on every machine
            self._printers = [PrinterOption("a4", "HP_LaserJet_M104", "HP_LaserJet_M104"),
                              PrinterOption("ticket", "usb:0416:5011", "usb:0416:5011")]
            self._printer = 0
            self.changed.emit()

    @property
    def active(self) -> bool:
        return self._active

    def _enter(self) -> None:
        if self._step() == "printer" and not self._printers:
            self._printers = printer_options(self._settings.ticket_printer.connection)
        self.changed.emit()

    def _step(self) -> str:
        return self._steps[self._index] if self._index < len(self._steps) else "done"

    def _next(self) -> None:
        self._clear()
        self._index = min(self._index + 1, len(self._steps) - 1)
        self._enter()

    @Slot()
    def back(self) -> None:
        if self._index > 0 and not self._busy:
            self._clear()
            self._index -= 1
            self._pin_first = ""
            self._enter()

    def _clear(self) -> None:
        self._error = ""
        self._notice = ""
        self._stop_scan()

    def _fail(self, key: str) -> None:
        self._error = key
        self._notice = ""
        self.changed.emit()

    # --- place ---------------------------------------------------------------------------------
    @Slot(str, str)
    def setPlace(self, name: str, township: str) -> None:
        name, township = name.strip(), township.strip()
        if not name or not township:
            self._fail("setup.place_missing")
            return
        if len(name) > _NAME_MAX or len(township) > _NAME_MAX:
            self._fail("setup.place_too_long")
            return
        self._name, self._township = name, township
        # The sample's English name would be wrong for this place: none, until a technician sets
        # one in kiosk.toml (English mode then shows the Chinese name, as for any such kiosk).
        save_answers(self._data_dir, {"kiosk": {"service_point_name": name, "township": township,
                                                "service_point_name_en": ""}})  # fmt: skip
        self._on_name(name, township)
        self._next()

    # --- orientation ---------------------------------------------------------------------------
    @Slot(str)
    def chooseOrientation(self, orientation: str) -> None:
        """Applied at once: the screen resizes the window on orientationApplied."""
        if orientation not in ("portrait", "landscape"):
            return
        self._orientation = orientation
        width, height = oriented_size(*self._size, orientation)
        self._size = (width, height)
        save_answers(self._data_dir, {"screen": {"orientation": orientation, "width": width,
                                                 "height": height}})  # fmt: skip
        self.changed.emit()
        self.orientationApplied.emit(width, height)

    @Slot()
    def confirmOrientation(self) -> None:
        self.chooseOrientation(self._orientation)
        self._next()

    # --- server and enrollment -------------------------------------------------------------------
    @Slot(str, str)
    def enroll(self, server_url: str, code: str) -> None:
        if self._busy:
            return
        self._server, self._code = server_url.strip(), code.strip()
        self._busy = True
        self._error = ""
        self.changed.emit()
        name = self._name or self._settings.kiosk.service_point_name
        BackgroundOp(lambda: self._enroll(self._server, self._code, name)).success(
            self._enroll_done).failure(lambda exc: self._enroll_done("setup.enroll_error")).run(self._worker)

    def _enroll_done(self, problem: str) -> None:
        self._busy = False
        if problem:
            self._fail(problem)
            return
        save_answers(self._data_dir, {"sync": {"server_url": self._server}}, {"enroll_later": False})
        self._code = ""
        self._next()
        self._notice = "setup.enrolled"
        self.changed.emit()

    @Slot()
    def enrollLater(self) -> None:
        save_answers(self._data_dir, {}, {"enroll_later": True})
        self._next()

    @Slot()
    def scanQr(self) -> None:
        self._camera = self._open_camera()
        if self._camera is None:
            self._fail("setup.no_camera")
            return
        self._scan_left = _SCAN_FRAMES
        self._error = ""
        self._notice = "setup.scanning"
        self._scan_timer.start()
        self.changed.emit()

    def _scan_once(self) -> None:
        camera = self._camera
        if camera is None or self._busy:
            return
        self._scan_left -= 1
        self._busy = True
        BackgroundOp(lambda: _read_frame(camera)).success(self._frame_read).failure(
            lambda exc: self._frame_read(None)).run(self._worker)

    def _frame_read(self, text: str | None) -> None:
        self._busy = False
        if self._camera is None:
            return
        found = parse_enrollment_qr(text) if text else None
        if found is not None:
            self._stop_scan()
            self._server = found.server_url or self._server
            self._code = found.code
            self._notice = "setup.scanned"
            self.changed.emit()
        elif self._scan_left <= 0 or text:
            self._stop_scan()
            self._fail("setup.scan_not_ours" if text else "setup.scan_nothing")

    def _stop_scan(self) -> None:
        self._scan_timer.stop()
        self._camera = None
        if self._notice == "setup.scanning":
            self._notice = ""

    # --- printer ---------------------------------------------------------------------------------
    @Slot(int)
    def choosePrinter(self, index: int) -> None:
        self._printer = index if -1 <= index < len(self._printers) else -1
        self._error = self._notice = ""
        self.changed.emit()

    @Slot()
    def testPrint(self) -> None:
        if self._printer < 0 or self._busy:
            return
        option = self._printers[self._printer]
        self._busy = True
        self._error = self._notice = ""
        self.changed.emit()
        name = self._name or self._settings.kiosk.service_point_name
        width = self._settings.ticket_printer.paper_width_px
        BackgroundOp(lambda: print_test_page(option, service_point=name, width_px=width)).success(
            self._printed).failure(lambda exc: self._printed("error")).run(self._worker)

    def _printed(self, problem: str) -> None:
        self._busy = False
        if problem:
            self._fail(f"setup.print_{problem}")
        else:
            self._notice = "setup.printed"
            self.changed.emit()

    @Slot()
    def confirmPrinter(self) -> None:
        answers: dict[str, dict[str, Any]] = {}
        if self._printer >= 0:
            option = self._printers[self._printer]
            section, key = ("forms", "a4_queue") if option.kind == "a4" else ("ticket_printer", "connection")
            answers[section] = {key: option.ident}
        save_answers(self._data_dir, answers)
        self._next()

    # --- technician PIN --------------------------------------------------------------------------
    @Slot(str)
    def enterPin(self, pin: str) -> None:
        if not self._pin_first:
            if not is_acceptable_pin(pin):
                self._fail("setup.pin_weak")
                return
            self._pin_first = pin
            self._error = ""
            self.changed.emit()
            return
        if pin != self._pin_first:
            self._pin_first = ""
            self._fail("setup.pin_differs")
            return
        self._set_pin(pin)
        self._pin_first = ""
        self._next()

    # --- done ------------------------------------------------------------------------------------
    @Slot()
    def finish(self) -> None:
        save_answers(self._data_dir, {}, {"completed": True})
        self._active = False
        self.changed.emit()
        self.finished.emit()

    def _summary(self) -> list[str]:
        record = setup_record(self._data_dir)
        printer = self._printers[self._printer].label if self._printer >= 0 else ""
        enrolled = self._enrolled()
        return [self._name, self._township, self._orientation, self._server if enrolled else "",
                "enrolled" if enrolled else ("later" if record.get("enroll_later") else ""), printer]

    def _printer_list(self) -> list[dict[str, str]]:
        return [{"kind": p.kind, "label": p.label} for p in self._printers]

    stepId = Property(str, _step, notify=changed)
    stepNumber = Property(int, lambda self: self._index + 1, notify=changed)
    stepCount = Property(int, lambda self: max(1, len([s for s in self._steps if s != "done"])),
                         notify=changed)
    errorKey = Property(str, lambda self: self._error, notify=changed)
    noticeKey = Property(str, lambda self: self._notice, notify=changed)
    busy = Property(bool, lambda self: self._busy, notify=changed)
    name = Property(str, lambda self: self._name, notify=changed)
    township = Property(str, lambda self: self._township, notify=changed)
    orientation = Property(str, lambda self: self._orientation, notify=changed)
    windowWidth = Property(int, lambda self: self._size[0], notify=changed)
    windowHeight = Property(int, lambda self: self._size[1], notify=changed)
    serverUrl = Property(str, lambda self: self._server, notify=changed)
    code = Property(str, lambda self: self._code, notify=changed)
    printers = Property(list, _printer_list, notify=changed)
    printerIndex = Property(int, lambda self: self._printer, notify=changed)
    pinRepeat = Property(bool, lambda self: bool(self._pin_first), notify=changed)
    summary = Property(list, _summary, notify=changed)


def _read_frame(camera: Camera) -> str | None:
    """One frame decoded (on the background thread: grabbing and decoding take ~0.1–0.5 s)."""
    frame = camera.frame()
    return decode_qr(frame) if frame is not None else None
