"""Audit checks for English mode: no visible line mixes Chinese and English, and a screen that shows
Chinese content says so and offers to read it in Mandarin (the ChineseContentNote).

What is allowed, precisely (docs/kiosk-ui.md, "English mode"):
- A line is one line of a visible text (its text split at line breaks). An English label and a
  Chinese name or content may stand next to each other only as separate lines or separate items
  (a Chinese institution name as a list row's title, its English kind on the line below).
- A line mixes the languages when it holds a Chinese character and an English word. An English
  word is a run of two or more Latin letters with a lower-case one: all-capital abbreviations
  (QR, ID, PDF, A4), digits, phone numbers, the 12348 hotline, money and punctuation belong to
  neither language and may stand in any line.
- A line with Chinese characters on a visitor screen is Chinese content: the screen must show the
  note (`chineseContentNote`) with its enabled 用普通话朗读 button (`readInMandarin`). Outside the
  screen (header, footer, overlays) only the language switch may be Chinese: it names the language
  it switches to.
- What the visitor typed (text boxes) is theirs, not the screen's, and is not checked.
"""

from __future__ import annotations

import re

from PySide6.QtQml import QJSValue
from PySide6.QtQuick import QQuickItem

from ui.read_aloud_audit import is_said, spoken_form

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A word of English: at least two letters, at least one lower-case (abbreviations are all capitals).
ENGLISH_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")
_TAG = re.compile(r"<[^>]+>")
_INPUT_CLASSES = ("QQuickTextInput", "QQuickTextEdit")
NOTE_NAME = "chineseContentNote"
READ_IN_MANDARIN = "readInMandarin"
# The one Chinese word allowed outside a screen in English mode: the switch back to Chinese.
_CHINESE_ALLOWED_OUTSIDE = {"languageButton"}


def _english_words(line: str) -> list[str]:
    return [w for w in ENGLISH_WORD.findall(line) if len(w) >= 2]


def mixes_languages(line: str) -> bool:
    """True when one line holds both a Chinese character and an English word."""
    return HAN.search(line) is not None and bool(_english_words(line))


def is_chinese(line: str) -> bool:
    return HAN.search(line) is not None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in _TAG.sub("\n", text).splitlines() if line.strip()]


def _is_visible(item: QQuickItem) -> bool:
    return item.isVisible() and item.opacity() > 0.01 and item.width() > 0 and item.height() > 0


def shown_lines(
    root: QQuickItem, *, skip_names: frozenset[str] = frozenset()
) -> list[tuple[QQuickItem, str]]:
    """(text item, line) for every line of visible text under `root`, in tree order; text boxes
    and the subtrees named in `skip_names` are passed over."""
    found: list[tuple[QQuickItem, str]] = []
    stack = [root]
    while stack:
        item = stack.pop()
        if (not _is_visible(item) or item.objectName() in skip_names
                or any(item.inherits(c) for c in _INPUT_CLASSES)):
            continue
        if item.inherits("QQuickText"):
            text = item.property("text")
            if isinstance(text, str):
                found.extend((item, line) for line in _lines(text))
        stack.extend(reversed(item.childItems()))
    return found


def _find_visible(root: QQuickItem, name: str) -> QQuickItem | None:
    stack = [root]
    while stack:
        item = stack.pop()
        if not _is_visible(item):
            continue
        if item.objectName() == name:
            return item
        stack.extend(item.childItems())
    return None


def _inside(item: QQuickItem, ancestor: QQuickItem) -> bool:
    probe: QQuickItem | None = item
    while probe is not None:
        if probe is ancestor:
            return True
        probe = probe.parentItem()
    return False


def _under_named(item: QQuickItem, names: set[str]) -> bool:
    probe: QQuickItem | None = item
    while probe is not None:
        if probe.objectName() in names:
            return True
        probe = probe.parentItem()
    return False


def english_mode_problems(window: QQuickItem, screen: QQuickItem | None) -> list[tuple[str, str, str]]:
    """(kind, item, detail) for every way an English-mode window breaks the rules above:
    `mixed_language` for a line that mixes, `chinese_note` for Chinese content without the note,
    `chinese_outside` for Chinese in the frame or an overlay."""
    problems: list[tuple[str, str, str]] = []
    lines = shown_lines(window)
    for _item, line in lines:
        if mixes_languages(line):
            problems.append(("mixed_language", f"“{line[:32]}”", "Chinese and English in one line"))
    chinese = [(item, line) for item, line in lines if is_chinese(line) and not mixes_languages(line)]
    on_screen = [line for item, line in chinese if screen is not None and _inside(item, screen)
                 and not _under_named(item, {NOTE_NAME})]
    elsewhere = [line for item, line in chinese if (screen is None or not _inside(item, screen))
                 and not _under_named(item, _CHINESE_ALLOWED_OUTSIDE)]
    problems.extend(("chinese_outside", f"“{line[:32]}”", "Chinese outside the screen's content")
                    for line in elsewhere)
    if on_screen and screen is not None:
        note = _find_visible(screen, NOTE_NAME)
        button = _find_visible(note, READ_IN_MANDARIN) if note is not None else None
        if note is None:
            problems.append(("chinese_note", f"“{on_screen[0][:32]}”",
                             "Chinese content without the note that it is in Chinese"))
        elif button is None or not button.isEnabled():
            problems.append(("chinese_note", NOTE_NAME, "no button to read it in Mandarin"))
        else:
            # The button hands the content to the Mandarin voice: all of it, not only some.
            paragraphs = note.property("paragraphs")
            if isinstance(paragraphs, QJSValue):
                paragraphs = paragraphs.toVariant()
            mandarin = spoken_form("\n".join(str(p) for p in paragraphs or []))
            problems.extend(("chinese_note", f"“{line[:32]}”", "not in what is read in Mandarin")
                            for line in on_screen if not is_said(line, mandarin))
    return problems
