"""Accessibility audit: walks every screen's item tree and checks DESIGN.md's physical minimums."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import QObject, QRectF
from PySide6.QtQuick import QQuickItem

from kiosk.theme_metrics import contrast_ratio, glyph_mm_for_font_px, parse_hex, rules_for
from ui.choice_audit import crowded_groups
from ui.read_aloud_audit import unread_texts

# Qt's own virtual keyboard is exempt: its key sizes are Qt's, and it is hidden until a field
# is focused.
_EXEMPT_OBJECT_NAMES = {"keyboard"}


@dataclass(frozen=True)
class Violation:
    screen: str
    mode: str
    # touch_target | text_size | contrast | target_gap | overflow | read_aloud | choices
    # | mixed_language | chinese_note | chinese_outside (the last three in English mode)
    kind: str
    item: str
    detail: str


def _class_name(obj: QObject) -> str:
    return obj.metaObject().className()


def _is_visible(item: QQuickItem) -> bool:
    return item.isVisible() and item.opacity() > 0.01 and item.width() > 0 and item.height() > 0


def _describe(item: QQuickItem) -> str:
    name = item.objectName() or _class_name(item).split("_QML")[0]
    text = item.property("text")
    if isinstance(text, str) and text:
        return f"{name} “{text[:16]}”"
    return name


def _walk(item: QQuickItem) -> list[QQuickItem]:
    found: list[QQuickItem] = []
    stack = [item]
    while stack:
        current = stack.pop()
        if current.objectName() in _EXEMPT_OBJECT_NAMES or not _is_visible(current):
            continue
        found.append(current)
        stack.extend(current.childItems())
    return found


def _modal_layer(root: QQuickItem) -> QQuickItem:
    """What a finger can reach: the topmost overlay that blocks the whole window (its full-window
    MouseArea swallows touches), else the whole window."""
    layer = root
    for child in root.childItems():
        if not _is_visible(child):
            continue
        blockers = [
            c for c in child.childItems()
            if c.inherits("QQuickMouseArea") and c.isVisible()
            and c.width() >= root.width() - 1 and c.height() >= root.height() - 1
        ]
        if blockers:
            layer = child
    return layer


def _background_of(item: QQuickItem, window_colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """The colour behind an item: the nearest opaque rectangle that contains it, else the window."""
    probe: QQuickItem | None = item.parentItem()
    while probe is not None:
        if probe.inherits("QQuickRectangle"):
            colour = probe.property("color")
            if colour is not None and colour.alpha() == 255 and probe.opacity() >= 0.99:
                return colour.red(), colour.green(), colour.blue()
        probe = probe.parentItem()
    return window_colour


def _enclosing_rectangle(item: QQuickItem) -> QQuickItem | None:
    """The nearest drawn box around a text (a tile, a button, a bar), if any."""
    probe = item.parentItem()
    while probe is not None:
        if probe.inherits("QQuickRectangle") and probe.width() > 0 and probe.height() > 0:
            return probe
        probe = probe.parentItem()
    return None


def _contains(outer: QRectF, inner: QRectF, tolerance: float = 1.0) -> bool:
    return (inner.left() >= outer.left() - tolerance and inner.top() >= outer.top() - tolerance
            and inner.right() <= outer.right() + tolerance
            and inner.bottom() <= outer.bottom() + tolerance)


def _dimmed(item: QQuickItem) -> bool:
    probe: QQuickItem | None = item
    while probe is not None:
        if probe.opacity() < 0.99:
            return True
        probe = probe.parentItem()
    return False


def _scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _visible_rect(item: QQuickItem, root: QQuickItem) -> QRectF:
    """The part of the item a finger can reach: its scene rectangle cut by clipping ancestors
    (a scrolled list shows only part of a row). Empty when scrolled out of view."""
    rect = _scene_rect(item)
    probe = item.parentItem()
    while probe is not None and probe is not root:
        if probe.clip():
            rect = rect.intersected(_scene_rect(probe))
        probe = probe.parentItem()
    return rect


def _clipped_out(item: QQuickItem, root: QQuickItem) -> bool:
    return _visible_rect(item, root).isEmpty()


def audit_window(
    root: QQuickItem,
    *,
    screen: str,
    mode: str,
    elder: bool,
    mm_per_px: float,
    window_colour: str,
    read_aloud_text: str | None,
    screen_item: QQuickItem | None = None,
) -> list[Violation]:
    """`screen_item`, when given, is the visitor screen whose visible text 朗读 must cover."""
    rules = rules_for(elder=elder)
    window_rgb = parse_hex(window_colour)
    violations: list[Violation] = []
    targets: list[tuple[QRectF, QQuickItem]] = []

    def add(kind: str, item: QQuickItem, detail: str) -> None:
        violations.append(Violation(screen, mode, kind, _describe(item), detail))

    for item in _walk(_modal_layer(root)):
        if _clipped_out(item, root):
            continue
        if item.inherits("QQuickMouseArea") and item.isEnabled():
            w_mm, h_mm = item.width() * mm_per_px, item.height() * mm_per_px
            parent = item.parentItem()
            owner = parent if parent is not None else item
            if min(w_mm, h_mm) + 1e-6 < rules.touch_target_mm:
                add("touch_target", owner, f"{w_mm:.1f}×{h_mm:.1f} mm < {rules.touch_target_mm} mm")
            if not (item.width() >= root.width() - 1 and item.height() >= root.height() - 1):
                targets.append((_visible_rect(item, root), owner))
        elif item.inherits("QQuickText"):
            text = item.property("text")
            if not isinstance(text, str) or not text.strip():
                continue
            font = item.property("font")
            px = font.pixelSize() if font is not None and font.pixelSize() > 0 else 0
            glyph = glyph_mm_for_font_px(px, mm_per_px)
            if glyph + 1e-6 < rules.body_text_mm:
                add("text_size", item, f"glyph {glyph:.1f} mm < {rules.body_text_mm} mm")
            box = _enclosing_rectangle(item)
            if box is not None and not _contains(_scene_rect(box), _scene_rect(item)):
                add("overflow", item, f"text spills out of {_describe(box)}")
            colour = item.property("color")
            # Dimmed (disabled) controls are exempt from the contrast minimum, as in WCAG 1.4.3.
            if colour is not None and not _dimmed(item):
                fg = (colour.red(), colour.green(), colour.blue())
                ratio = contrast_ratio(fg, _background_of(item, window_rgb))
                if ratio + 1e-6 < rules.contrast:
                    add("contrast", item, f"{ratio:.2f}:1 < {rules.contrast}:1")

    min_gap_px = rules.gap_mm / mm_per_px
    for index, (rect_a, item_a) in enumerate(targets):
        for rect_b, item_b in targets[index + 1 :]:
            if rect_a.intersects(rect_b) or rect_a.contains(rect_b) or rect_b.contains(rect_a):
                continue
            dx = max(rect_b.left() - rect_a.right(), rect_a.left() - rect_b.right(), 0.0)
            dy = max(rect_b.top() - rect_a.bottom(), rect_a.top() - rect_b.bottom(), 0.0)
            # Only neighbours that face each other (overlap along the other axis) can be mis-hit.
            gap = dx if dy == 0 else dy if dx == 0 else None
            if gap is not None and gap + 0.5 < min_gap_px:
                add(
                    "target_gap",
                    item_a,
                    f"{gap * mm_per_px:.1f} mm from {_describe(item_b)} < {rules.gap_mm} mm",
                )
    if read_aloud_text is not None and not read_aloud_text.strip():
        violations.append(Violation(screen, mode, "read_aloud", screen, "no read-aloud content"))
    elif read_aloud_text is not None and screen_item is not None:
        violations.extend(
            Violation(screen, mode, "read_aloud", f"“{text[:24]}”", "shown but not read aloud")
            for text in unread_texts(screen_item, read_aloud_text)
        )
    return violations


MODES: tuple[tuple[str, tuple[int, int], bool], ...] = (
    ("portrait", (1080, 1920), False),
    ("landscape", (1920, 1080), False),
    ("elder-portrait", (1080, 1920), True),
    ("elder-landscape", (1920, 1080), True),
)


def run_audit(
    screens: list[str] | None = None, *, settings: Any = None, content: Any = None
) -> list[Violation]:
    """Render every screen in every mode offscreen and collect the violations."""
    import tempfile
    from pathlib import Path

    from kiosk.config import Settings
    from ui.screens import find_screen, screen_ids
    from ui.shot import (
        ANSWER_SHOTS,
        QUEUE_SHOTS,
        ManualClock,
        ShotContent,
        ShotRequest,
        all_shot_names,
        ensure_app,
        show_state,
    )

    ensure_app()
    base = settings or Settings()
    content = content or ShotContent(base)
    names = screens or all_shot_names()
    violations: list[Violation] = []
    with tempfile.TemporaryDirectory(prefix="lawpost-audit-") as tmp:
        for mode, size, elder in MODES:
            clock = ManualClock()
            folder = Path(tmp) / mode
            folder.mkdir()
            kiosk = content.build(base, folder, size=size, clock=clock)
            kiosk.window.show()
            try:
                violations.extend(_audit_open_keyboard(kiosk, mode=mode, elder=elder))
                for name in names:
                    show_state(kiosk, ShotRequest(name, size=size, elder=elder), clock=clock)
                    screen_item = kiosk.current_screen()
                    read_aloud: Any = None
                    if name not in ("idle", "pin", "keyboard") and screen_item is not None:
                        read_aloud = screen_item.property("readAloudText") or ""
                    screen_id = (ANSWER_SHOTS[name][0] if name in ANSWER_SHOTS
                                 else "queue" if name in QUEUE_SHOTS else name)
                    # Technician screens show logs and settings to a technician, not a visitor.
                    covered = (screen_item if screen_id in screen_ids()
                               and not find_screen(screen_id).technician_only else None)
                    violations.extend(
                        audit_window(
                            kiosk.window.contentItem(),
                            screen=name,
                            mode=mode,
                            elder=elder,
                            mm_per_px=kiosk.settings.screen.mm_per_px,
                            window_colour=kiosk.theme.background,
                            read_aloud_text=read_aloud,
                            screen_item=covered,
                        )
                    )
                    if covered is not None:
                        violations.extend(
                            Violation(name, mode, "choices", group, f"{count} choices > 7 at once")
                            for group, count in crowded_groups(covered))
                    kiosk.session.reset()
                    kiosk.tech.reset()
                if mode in ENGLISH_MODES:
                    violations.extend(_audit_english(kiosk, names, mode=mode, size=size, elder=elder,
                                                     clock=clock))
            finally:
                kiosk.close()
    return violations


# English mode is checked for its own rules (ui/language_audit.py) in one standard and one elder
# layout: the rules are about words, which do not change with the window's shape.
ENGLISH_MODES = ("portrait", "elder-landscape")


def _audit_english(kiosk: Any, names: list[str], *, mode: str, size: tuple[int, int], elder: bool,
                   clock: Any) -> list[Violation]:
    from ui.language_audit import english_mode_problems
    from ui.screens import find_screen, screen_ids
    from ui.shot import ShotRequest, show_state

    found: list[Violation] = []
    for name in names:
        # Technician screens and the hall display are for staff and the hall, in Chinese.
        if name == "pin" or (name in screen_ids() and find_screen(name).technician_only):
            continue
        show_state(kiosk, ShotRequest(name, size=size, elder=elder, language="en"), clock=clock)
        found.extend(Violation(name, f"{mode}-en", kind, item, detail) for kind, item, detail
                     in english_mode_problems(kiosk.window.contentItem(), kiosk.current_screen()))
        kiosk.session.reset()
        kiosk.tech.reset()
    kiosk.i18n.setLanguage("zh_CN")
    return found


def _audit_open_keyboard(kiosk: Any, *, mode: str, elder: bool) -> list[Violation]:
    """The search box focused and "gongzi" typed: the keyboard as a visitor meets it."""
    from ui.keyboard_audit import audit_keyboard, type_pinyin
    from ui.shot import settle

    kiosk.theme.set_elder(elder)
    kiosk.nav.go("search")
    settle()
    field = _find(kiosk.window.contentItem(), "searchInput")
    field.forceActiveFocus()
    settle()
    typist = type_pinyin(kiosk.engine, "gongzi")
    settle()
    root = kiosk.window.contentItem()
    found = audit_keyboard(
        _find(root, "keyboard"), window=root, elder=elder, mm_per_px=kiosk.settings.screen.mm_per_px,
        must_stay_visible=[_find(root, "backButton"), _find(root, "homeButton")],
    )
    typist.deleteLater()
    kiosk.session.reset()
    settle()
    return [Violation("keyboard", mode, kind, item, detail) for kind, item, detail in found]


def _find(root: QQuickItem, name: str) -> QQuickItem:
    stack = [root]
    while stack:
        item = stack.pop()
        if item.objectName() == name:
            return item
        stack.extend(item.childItems())
    raise LookupError(name)


def as_dicts(violations: list[Violation]) -> list[dict[str, str]]:
    return [asdict(v) for v in violations]
