"""Exposes the message catalogs to QML as `I18n.s["key"]`, re-evaluated when the language changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.i18n import LANGUAGES, Catalogs


class I18n(QObject):
    """`s` is the current language's table; bindings on it update when the visitor switches."""

    changed = Signal()

    def __init__(self, catalogs: Catalogs, *, default_language: str) -> None:
        super().__init__()
        self._catalogs = catalogs
        self._default = default_language if default_language in LANGUAGES else LANGUAGES[0]
        self._language = self._default
        self._table: dict[str, Any] = dict(catalogs.for_language(self._language))

    def get_language(self) -> str:
        return self._language

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        if language in LANGUAGES and language != self._language:
            self._language = language
            self._table = dict(self._catalogs.for_language(language))
            self.changed.emit()

    @Slot()
    def toggleLanguage(self) -> None:
        self.setLanguage("en" if self._language == "zh_CN" else "zh_CN")

    def reset(self) -> None:
        self.setLanguage(self._default)

    def text(self, key: str, **values: object) -> str:
        return self._catalogs.text(self._language, key, **values)

    def _strings(self) -> dict[str, Any]:
        return self._table

    def _chinese(self) -> dict[str, Any]:
        return dict(self._catalogs.for_language("zh_CN"))

    language = Property(str, get_language, setLanguage, notify=changed)
    # The Chinese strings whatever the visitor's language: legal content read aloud in Mandarin
    # from an English screen gets Chinese headings too, never a mixed-language line.
    zh = Property(dict, _chinese, constant=True)
    s = Property(dict, _strings, notify=changed)
