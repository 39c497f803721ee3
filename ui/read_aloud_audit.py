"""Audit check: every text a visitor can see on a screen is in what 朗读 reads for that screen."""

from __future__ import annotations

import unicodedata

from PySide6.QtQuick import QQuickItem

# Text inside these is the visitor's own typing (and the field's hint), not the screen's content.
_INPUT_CLASSES = ("QQuickTextInput", "QQuickTextEdit")
# The frame's own controls ("more below"), the same on every screen, are not the screen's content.
_FRAME_OBJECT_NAMES = {"moreCue", "chineseContentNote"}


def spoken_form(text: str) -> str:
    """Letters and digits only: punctuation, bullets, spaces and line breaks differ between the
    screen ("1. 收集证据") and speech ("1、收集证据") without changing what is said."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN").lower()


def _is_visible(item: QQuickItem) -> bool:
    return item.isVisible() and item.opacity() > 0.01 and item.width() > 0 and item.height() > 0


def visible_texts(screen: QQuickItem) -> list[str]:
    """The non-empty texts of the visible Text items in a screen, in tree order."""
    found: list[str] = []
    stack = [screen]
    while stack:
        item = stack.pop()
        if (not _is_visible(item) or item.objectName() in _FRAME_OBJECT_NAMES
                or any(item.inherits(c) for c in _INPUT_CLASSES)):
            continue
        if item.inherits("QQuickText"):
            text = item.property("text")
            if isinstance(text, str) and spoken_form(text):
                found.append(text)
        stack.extend(reversed(item.childItems()))
    return found


def unread_texts(screen: QQuickItem, read_aloud_text: str) -> list[str]:
    """The visible texts that 朗读 would not say."""
    spoken = spoken_form(read_aloud_text)
    return [text for text in visible_texts(screen) if spoken_form(text) not in spoken]
