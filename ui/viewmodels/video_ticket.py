"""A V ticket for a visitor waiting for a video lawyer, called in the hall when the lawyer answers.

While the visitor waits for a lawyer, 视频咨询 offers a ticket of the hall queue's video line (V):
printed and spoken by the queue's own 取号, shown on the hall display. The visitor may sit down;
when a lawyer answers, the kiosk calls that number at the video counter, so the hall display and
the loudspeaker bring the visitor back to the kiosk. Nothing personal: a number.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.queue import tickets
from ui.background import BackgroundOp

if TYPE_CHECKING:
    from ui.features import FeatureContext

log = logging.getLogger(__name__)
LETTER = "V"


class VideoTicket(QObject):
    changed = Signal()

    def __init__(self, *, queue: tuple[Any, Any, Any] | None, stage: Callable[[], str]) -> None:
        super().__init__()
        self._queue = queue
        self._stage = stage
        self._number = ""
        self._asked = False
        if queue is not None:
            queue[0].ticket_taken.connect(self._taken)

    def _service(self) -> Any:
        if self._queue is None:
            return None
        desk = self._queue[1]
        service = next((s for s in desk.rules.services if s.letter == LETTER), None)
        return service if service is not None and service.is_open(desk.rules.local(desk.clock())) else None

    @Slot()
    def take(self) -> None:
        """取V号: the queue's own 取号 (prints, speaks the number, shows it on the hall display)."""
        if self._queue is None or self._number or self._service() is None:
            return
        self._asked = True
        self._queue[0].take(LETTER)

    def _taken(self, number: str) -> None:
        if self._asked and number.startswith(LETTER) and self._stage() == "waiting":
            self._asked, self._number = False, number
            self.changed.emit()

    def stage_changed(self) -> None:
        """The lawyer answered: call the number at the video counter (the hall display and the
        loudspeaker follow). A visitor who left the queue gives the number up."""
        stage = self._stage()
        if not self._number or self._queue is None or stage == "waiting":
            return
        number, desk, worker = self._number, self._queue[1], self._queue[2]
        self._number = ""
        self.changed.emit()
        if stage != "in_call":
            return
        service = next((s for s in desk.rules.services if s.letter == LETTER), None)
        counter = service.counters[0] if service is not None and service.counters else LETTER
        BackgroundOp(lambda: tickets.call_number(desk.db, desk.rules, number, counter)).failure(
            lambda exc: log.info("V ticket not called: %s", type(exc).__name__)
        ).run(worker)

    def reset(self) -> None:
        self._number, self._asked = "", False
        self.changed.emit()

    available = Property(bool, lambda self: self._service() is not None, notify=changed)
    number = Property(str, lambda self: self._number, notify=changed)


def wire_video_ticket(context: FeatureContext) -> dict[str, QObject]:
    """After 取号 and 视频咨询 are wired: the V line of the hall queue, for video waiting."""
    video = context.shared.get("video")
    queue = context.shared.get("queue") if context.settings.queue.enabled else None
    model = VideoTicket(queue=queue, stage=lambda: str(video.stage) if video is not None else "")
    if video is not None:
        video.changed.connect(model.stage_changed)
    return {"VideoTicket": model}
