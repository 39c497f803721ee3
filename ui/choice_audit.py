"""Audit check: a group of choices (home's tiles, 更多服务, a form question's options) offers at
most HOME_CHOICES at once (DESIGN.md: never more than ~7 choices on one screen).

A group marks itself with `readonly property bool choiceGroup: true`; its choices are the enabled,
visible touch areas inside it (a nested group counts for itself). Long lists of content that
scroll (search results, a chapter's articles, the directory) are lists, not choice groups.
"""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem

from ui.screens import HOME_CHOICES

MARKER = "choiceGroup"


def _is_visible(item: QQuickItem) -> bool:
    return item.isVisible() and item.opacity() > 0.01 and item.width() > 0 and item.height() > 0


def _choices(group: QQuickItem) -> int:
    count, stack = 0, list(group.childItems())
    while stack:
        item = stack.pop()
        if not _is_visible(item) or item.property(MARKER) is True:
            continue
        if item.inherits("QQuickMouseArea") and item.isEnabled():
            count += 1
        stack.extend(item.childItems())
    return count


def _name(item: QQuickItem) -> str:
    return item.objectName() or item.metaObject().className().split("_QML")[0]


def crowded_groups(screen: QQuickItem, limit: int = HOME_CHOICES) -> list[tuple[str, int]]:
    """(group, number of choices) for every visible choice group that offers more than `limit`."""
    found: list[tuple[str, int]] = []
    stack = [screen]
    while stack:
        item = stack.pop()
        if not _is_visible(item):
            continue
        if item.property(MARKER) is True and (count := _choices(item)) > limit:
            found.append((_name(item), count))
        stack.extend(item.childItems())
    return found
