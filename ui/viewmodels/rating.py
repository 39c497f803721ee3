"""The rating screen's state: the chosen level and comment, until saved or the session ends."""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlite_utils
from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.ratings import LEVEL_KEYS, Rating, comments_accepted, save_rating

log = logging.getLogger(__name__)


class RatingForm(QObject):
    changed = Signal()
    rating_saved = Signal()

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        language: Callable[[], str],
        on_visitor_input: Callable[[], None],
    ) -> None:
        super().__init__()
        self._db = db
        self._language = language
        self._on_visitor_input = on_visitor_input
        self._level = 0
        self._comment = ""
        self._saved = False
        self._error_key = ""
        self._comments_accepted = comments_accepted(db)

    @Slot(int)
    def choose(self, level: int) -> None:
        if level in LEVEL_KEYS:
            self._level = level
            self._error_key = ""
            self._on_visitor_input()
            self.changed.emit()

    @Slot(str)
    def setComment(self, text: str) -> None:
        if text != self._comment:
            self._comment = text
            if text:
                self._on_visitor_input()
            self.changed.emit()

    @Slot()
    def submit(self) -> None:
        if self._level == 0:
            self._error_key = "rating.choose_first"
            self.changed.emit()
            return
        # The comment box is shown only when comments can be delivered sealed (enrolled kiosk).
        comment = self._comment if self._comments_accepted else ""
        try:
            save_rating(self._db, Rating(self._level, comment, self._language()))
        except Exception as exc:  # a sentence for the visitor, the kind for the log
            log.error("rating not saved: %s", type(exc).__name__)
            self._error_key = "rating.save_failed"
            self.changed.emit()
            return
        self._saved = True
        self._comment = ""
        self._error_key = ""
        self.changed.emit()
        self.rating_saved.emit()

    def reset(self) -> None:
        self._comments_accepted = comments_accepted(self._db)  # enrollment may have changed
        self._level = 0
        self._comment = ""
        self._saved = False
        self._error_key = ""
        self.changed.emit()

    level = Property(int, lambda self: self._level, notify=changed)
    comment = Property(str, lambda self: self._comment, notify=changed)
    saved = Property(bool, lambda self: self._saved, notify=changed)
    errorKey = Property(str, lambda self: self._error_key, notify=changed)
    commentsAccepted = Property(bool, lambda self: self._comments_accepted, notify=changed)
