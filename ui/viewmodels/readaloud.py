"""The 朗读 control: speaks the current screen's text in the background; any touch or move stops it."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.devices.speech import Speaker

_TOUCH_STOP_GRACE_S = 1.0


class ReadAloud(QObject):
    changed = Signal()
    _finished_in_worker = Signal()

    def __init__(self, speaker: Speaker, *, language: Callable[[], str]) -> None:
        super().__init__()
        self._speaker = speaker
        self._language = language
        self._speaking = False
        self._text = ""
        # Paragraph mode: the screen's paragraphs are spoken one by one and the one being
        # spoken is highlighted (paragraphIndex); -1 when not in paragraph mode.
        self._paragraphs: list[str] = []
        self._paragraph_index = -1
        self._stopped_by_touch_at = -1e9
        # A language that overrides the visitor's for this reading (Chinese content read in
        # Mandarin while the screens are in English); "" follows the visitor's language.
        self._reading_language = ""
        # True while something else has the loudspeaker (a hall call being rendered or played):
        # reading then does not start, so two voices never talk at once.
        self._held: Callable[[], bool] = lambda: False
        self._deferred: str | None = None
        self._waiting = QTimer(self)
        self._waiting.setInterval(200)
        self._waiting.timeout.connect(self._retry)
        # The speech thread reports the end of an utterance; a queued signal brings it to the
        # GUI thread before any property changes.
        self._finished_in_worker.connect(self._on_finished)

    def notify_finished_from_worker(self) -> None:
        self._finished_in_worker.emit()

    @Slot(str)
    def speak(self, text: str) -> None:
        self._paragraphs = []
        self._paragraph_index = -1
        self._reading_language = ""
        self._say(text)

    def hold_while(self, busy: Callable[[], bool]) -> None:
        """Reading waits while `busy()` (the hall's announcer) and starts when it ends."""
        self._held = busy

    def _say(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        self._text = text
        if self._held():  # said once the loudspeaker is free; a touch or 停止 cancels it
            self._deferred = text
            self._waiting.start()
        else:
            self._speaker.speak(text, language=self._reading_language or self._language())
        self._speaking = True
        self.changed.emit()

    def _retry(self) -> None:
        if self._deferred is None:
            self._waiting.stop()
            return
        if self._held():
            return
        text, self._deferred = self._deferred, None
        self._waiting.stop()
        self._speaker.speak(text, language=self._reading_language or self._language())

    @Slot(list)
    def speakParagraphs(self, paragraphs: list[str]) -> None:
        self._reading_language = ""
        self._start_paragraphs(paragraphs, 0)

    @Slot(list, str)
    def speakParagraphsIn(self, paragraphs: list[str], language: str) -> None:
        """Read in a given language whatever the visitor's (the Chinese legal text in English mode)."""
        self._reading_language = language
        self._start_paragraphs(paragraphs, 0)

    def _start_paragraphs(self, paragraphs: list[str], index: int) -> None:
        # Empty paragraphs keep their place (a screen numbers its highlighted rows by them) and
        # are passed over in silence.
        self._paragraphs = [str(x).strip() for x in paragraphs]
        spoken = next((i for i in range(max(index, 0), len(self._paragraphs)) if self._paragraphs[i]), -1)
        if spoken < 0:
            self._paragraphs = []
            self._paragraph_index = -1
            self._set_speaking(False)
            return
        self._paragraph_index = spoken
        self._say(self._paragraphs[spoken])

    @Slot(list, int)
    def speakParagraphsFrom(self, paragraphs: list[str], index: int) -> None:
        """Read from paragraph `index` on: "next article" in a chapter. The press on that button
        has already silenced the reading (any touch does), so this starts it again, further on."""
        self._reading_language = ""
        self._start_paragraphs(paragraphs, index)

    @Slot(list)
    def toggleParagraphs(self, paragraphs: list[str]) -> None:
        if self._speaking:
            self.stop()
        elif not self._stopped_just_now():
            self.speakParagraphs(paragraphs)

    def _stopped_just_now(self) -> bool:
        return time.monotonic() - self._stopped_by_touch_at < _TOUCH_STOP_GRACE_S

    @Slot(str)
    def toggle(self, text: str) -> None:
        # The press on the 朗读 button itself already stopped speech (any touch does); that
        # press must count as "stop", not start the reading again.
        if self._speaking:
            self.stop()
        elif not self._stopped_just_now():
            self.speak(text)

    def stop_by_touch(self) -> None:
        """A touch anywhere silences the reading (DESIGN.md: stops on touch)."""
        if self._speaking:
            self._stopped_by_touch_at = time.monotonic()
            self.stop()

    @Slot()
    def stop(self) -> None:
        self._deferred = None
        self._waiting.stop()
        if self._speaking:
            self._speaker.stop()
        self._text = ""
        self._paragraphs = []
        self._paragraph_index = -1
        self._set_speaking(False)

    def reset(self) -> None:
        self.stop()

    def _on_finished(self) -> None:
        if not self._speaking:
            return
        if 0 <= self._paragraph_index < len(self._paragraphs) - 1:
            self._start_paragraphs(self._paragraphs, self._paragraph_index + 1)
            if self._speaking:
                return
        self._text = ""
        self._paragraphs = []
        self._paragraph_index = -1
        self._set_speaking(False)
        self.changed.emit()

    def _set_speaking(self, value: bool) -> None:
        if value != self._speaking:
            self._speaking = value
            self.changed.emit()

    speaking = Property(bool, lambda self: self._speaking, notify=changed)
    spokenText = Property(str, lambda self: self._text, notify=changed)
    paragraphIndex = Property(int, lambda self: self._paragraph_index, notify=changed)
    paragraphCount = Property(int, lambda self: len(self._paragraphs), notify=changed)
