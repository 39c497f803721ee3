"""Physical sizes of the kiosk's look (DESIGN.md): millimetres, elder-mode minimums, contrast."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SizeRules:
    """Minimum physical sizes for one mode, in millimetres (DESIGN.md 'Sizes are physical')."""

    body_text_mm: float
    heading_mm: float
    touch_target_mm: float
    gap_mm: float
    contrast: float
    line_spacing: float


STANDARD = SizeRules(
    body_text_mm=5.0, heading_mm=8.0, touch_target_mm=20.0, gap_mm=3.0, contrast=4.5, line_spacing=1.3
)
ELDER = SizeRules(
    body_text_mm=7.0, heading_mm=10.0, touch_target_mm=25.0, gap_mm=4.0, contrast=7.0, line_spacing=1.5
)

# A CJK glyph fills most of its em square; Noto Sans CJK's ideographs are ~0.88 em tall. Font pixel
# sizes are chosen so the *glyph*, not the em box, meets the millimetre rule.
CJK_GLYPH_EM_RATIO = 0.88


def rules_for(*, elder: bool) -> SizeRules:
    return ELDER if elder else STANDARD


def font_px_for_glyph_mm(glyph_mm: float, mm_per_px: float) -> int:
    """Smallest font pixel size whose CJK glyph is at least `glyph_mm` tall."""
    import math

    return math.ceil(glyph_mm / (CJK_GLYPH_EM_RATIO * mm_per_px))


def glyph_mm_for_font_px(font_px: float, mm_per_px: float) -> float:
    return font_px * CJK_GLYPH_EM_RATIO * mm_per_px


def _channel(value: float) -> float:
    c = value / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg: tuple[int, int, int], bg: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio between two opaque colours (1.0 … 21.0)."""
    lighter, darker = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def parse_hex(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    if len(text) == 8:  # Qt's #AARRGGBB
        text = text[2:]
    if len(text) != 6:
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
