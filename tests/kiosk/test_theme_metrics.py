"""Physical size rules and contrast arithmetic."""

import pytest

from kiosk.theme_metrics import (
    ELDER,
    STANDARD,
    contrast_ratio,
    font_px_for_glyph_mm,
    glyph_mm_for_font_px,
    parse_hex,
)


def test_contrast_ratio_known_values() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast_ratio(parse_hex("#767676"), parse_hex("#FFFFFF")) == pytest.approx(4.54, abs=0.01)


def test_font_size_gives_at_least_the_glyph_height() -> None:
    for mm_per_px in (0.25, 0.37, 0.5):
        px = font_px_for_glyph_mm(5.0, mm_per_px)
        assert glyph_mm_for_font_px(px, mm_per_px) >= 5.0
        assert glyph_mm_for_font_px(px - 1, mm_per_px) < 5.0


def test_elder_rules_are_stricter() -> None:
    assert ELDER.body_text_mm > STANDARD.body_text_mm
    assert ELDER.touch_target_mm > STANDARD.touch_target_mm
    assert ELDER.contrast > STANDARD.contrast


def test_parse_hex_accepts_qt_argb() -> None:
    assert parse_hex("#ff1f4e8c") == (0x1F, 0x4E, 0x8C)
    with pytest.raises(ValueError, match="RRGGBB"):
        parse_hex("#12")
