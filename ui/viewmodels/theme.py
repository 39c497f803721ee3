"""The Theme singleton: every size, colour and font of the kiosk, in millimetres converted to pixels."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.theme_metrics import ELDER, STANDARD, font_px_for_glyph_mm

# Design sizes sit above the DESIGN.md minimums (kiosk/theme_metrics.py) so rounding and font
# metrics never push a screen below them. Elder mode multiplies text by ~1.4 and targets by 1.25.
_TEXT_MM = {  # glyph heights, standard → elder
    "small": (STANDARD.body_text_mm + 0.3, ELDER.body_text_mm + 0.3),
    "body": (6.2, 8.6),
    "large": (7.5, 10.2),
    "heading": (STANDARD.heading_mm + 0.5, ELDER.heading_mm + 1.0),
    "display": (12.0, 14.5),
}
_TOUCH_MM = (STANDARD.touch_target_mm + 2.0, ELDER.touch_target_mm + 3.0)
_BUTTON_MM = (26.0, 32.0)
_GAP_MM = (STANDARD.gap_mm + 1.0, ELDER.gap_mm + 2.0)
_MARGIN_MM = (8.0, 9.0)

# Standard palette: ≥ 4.5:1 for all text; elder palette: ≥ 7:1 (near-black on white, deeper blue).
_PALETTE = {
    "primary": ("#1F4E8C", "#143A6B"),
    "primaryPressed": ("#163B6A", "#0C2748"),
    "onPrimary": ("#FFFFFF", "#FFFFFF"),
    "accent": ("#B4540A", "#8A3E00"),
    "accentPressed": ("#8F4208", "#6A2F00"),
    "background": ("#F7F8FA", "#FFFFFF"),
    "surface": ("#FFFFFF", "#FFFFFF"),
    "surfacePressed": ("#E3EAF4", "#D5E0EF"),
    "text": ("#1A1C1E", "#000000"),
    "textMuted": ("#4A5563", "#2B2F36"),
    "border": ("#B8C2CF", "#5D6673"),
    "error": ("#B3261E", "#8C1D18"),
    "errorSurface": ("#FDECEA", "#FDECEA"),
    "header": ("#1F4E8C", "#143A6B"),
    "onHeader": ("#FFFFFF", "#FFFFFF"),
    "highlight": ("#FFF2C4", "#FFE58A"),
}


class Theme(QObject):
    """Pixel sizes follow the panel's millimetres per pixel; `elder` switches to 长辈版 sizes."""

    changed = Signal()

    def __init__(self, *, mm_per_px: float, font_family: str = "Noto Sans CJK SC") -> None:
        super().__init__()
        if mm_per_px <= 0:
            raise ValueError("mm_per_px must be positive")
        self._mm_per_px = mm_per_px
        self._elder = False
        self._font_family = font_family

    def _pick(self, pair: tuple[float, float]) -> float:
        return pair[1] if self._elder else pair[0]

    def _mm_px(self, mm: float) -> int:
        return round(mm / self._mm_per_px)

    def _text_px(self, name: str) -> int:
        return font_px_for_glyph_mm(self._pick(_TEXT_MM[name]), self._mm_per_px)

    @Slot(float, result=int)
    def mm(self, millimetres: float) -> int:
        return self._mm_px(millimetres)

    def get_elder(self) -> bool:
        return self._elder

    def set_elder(self, value: bool) -> None:
        if value != self._elder:
            self._elder = value
            self.changed.emit()

    elder = Property(bool, get_elder, set_elder, notify=changed)

    @Slot()
    def toggleElder(self) -> None:
        self.set_elder(not self._elder)

    mmPerPx = Property(float, lambda self: self._mm_per_px, notify=changed)
    fontFamily = Property(str, lambda self: self._font_family, notify=changed)
    smallPx = Property(int, lambda self: self._text_px("small"), notify=changed)
    bodyPx = Property(int, lambda self: self._text_px("body"), notify=changed)
    largePx = Property(int, lambda self: self._text_px("large"), notify=changed)
    headingPx = Property(int, lambda self: self._text_px("heading"), notify=changed)
    displayPx = Property(int, lambda self: self._text_px("display"), notify=changed)
    lineHeight = Property(float, lambda self: 1.55 if self._elder else 1.4, notify=changed)
    touchPx = Property(int, lambda self: self._mm_px(self._pick(_TOUCH_MM)), notify=changed)
    buttonPx = Property(int, lambda self: self._mm_px(self._pick(_BUTTON_MM)), notify=changed)
    gapPx = Property(int, lambda self: self._mm_px(self._pick(_GAP_MM)), notify=changed)
    marginPx = Property(int, lambda self: self._mm_px(self._pick(_MARGIN_MM)), notify=changed)
    radiusPx = Property(int, lambda self: self._mm_px(2.5), notify=changed)
    borderPx = Property(int, lambda self: max(2, self._mm_px(0.8)), notify=changed)

    primary = Property(str, lambda self: self._pick_colour("primary"), notify=changed)
    primaryPressed = Property(str, lambda self: self._pick_colour("primaryPressed"), notify=changed)
    onPrimary = Property(str, lambda self: self._pick_colour("onPrimary"), notify=changed)
    accent = Property(str, lambda self: self._pick_colour("accent"), notify=changed)
    accentPressed = Property(str, lambda self: self._pick_colour("accentPressed"), notify=changed)
    background = Property(str, lambda self: self._pick_colour("background"), notify=changed)
    surface = Property(str, lambda self: self._pick_colour("surface"), notify=changed)
    surfacePressed = Property(str, lambda self: self._pick_colour("surfacePressed"), notify=changed)
    text = Property(str, lambda self: self._pick_colour("text"), notify=changed)
    textMuted = Property(str, lambda self: self._pick_colour("textMuted"), notify=changed)
    border = Property(str, lambda self: self._pick_colour("border"), notify=changed)
    error = Property(str, lambda self: self._pick_colour("error"), notify=changed)
    errorSurface = Property(str, lambda self: self._pick_colour("errorSurface"), notify=changed)
    header = Property(str, lambda self: self._pick_colour("header"), notify=changed)
    onHeader = Property(str, lambda self: self._pick_colour("onHeader"), notify=changed)
    highlight = Property(str, lambda self: self._pick_colour("highlight"), notify=changed)

    def _pick_colour(self, name: str) -> str:
        standard, elder = _PALETTE[name]
        return elder if self._elder else standard
