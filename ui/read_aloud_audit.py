"""Audit check: every text a visitor can see on a screen is in what 朗读 reads for that screen."""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtQuick import QQuickItem

# Text inside these is the visitor's own typing (and the field's hint), not the screen's content.
_INPUT_CLASSES = ("QQuickTextInput", "QQuickTextEdit")
# The frame's own controls ("more below"), the same on every screen, are not the screen's content.
_FRAME_OBJECT_NAMES = {"moreCue", "chineseContentNote"}
# An input control whose keys are not content (the numeric keypad's digits, like the virtual
# keyboard's keys) sets this property to true; what it produces is read by the screen instead.
INPUT_CONTROL_MARKER = "readAloudInputControl"
# Money and numbers on screen ("28,600.00") are said without separators or empty cents ("28600").
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")
# A formula's operators (×, =, +, −) are said as a short word (乘以, 等于): at most this many letters.
_OPERATOR_WORD_MAX = 4


def _plain_number(match: re.Match[str]) -> str:
    number = match.group(0).replace(",", "")
    return number.rstrip("0").rstrip(".") if "." in number else number


def spoken_form(text: str) -> str:
    """Letters and digits only: punctuation, bullets, spaces and line breaks differ between the
    screen ("1. 收集证据") and speech ("1、收集证据") without changing what is said."""
    text = _NUMBER.sub(_plain_number, text)
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
                or item.property(INPUT_CONTROL_MARKER) is True
                or any(item.inherits(c) for c in _INPUT_CLASSES)):
            continue
        if item.inherits("QQuickText"):
            text = item.property("text")
            if isinstance(text, str) and spoken_form(text):
                found.append(text)
        stack.extend(reversed(item.childItems()))
    return found


def is_said(shown: str, spoken: str) -> bool:
    """Whether a shown text is in the spoken form of what 朗读 says; a math operator between its
    parts may be said as a short word ("5,200 × 5.5" → "5200乘以5.5")."""
    parts = [spoken_form(part) for part in re.split(r"[×=+−÷]", shown)]
    pattern = f".{{0,{_OPERATOR_WORD_MAX}}}".join(re.escape(p) for p in parts if p)
    return re.search(pattern, spoken) is not None


def unread_texts(screen: QQuickItem, read_aloud_text: str) -> list[str]:
    """The visible texts that 朗读 would not say."""
    spoken = spoken_form(read_aloud_text)
    return [text for text in visible_texts(screen) if not is_said(text, spoken)]
