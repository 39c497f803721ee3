"""The 下次再填 code on the hall's ticket printer: a 1-bit slip with the code in large type, what to
do with it, and its QR code (the digits), for visitors who cannot write it down or photograph it.
Nothing else of the visitor is printed: the code alone opens nothing without the server."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from kiosk.handoff.crypto import ResumeCode
from kiosk.queue.ticket_image import FONT_CANDIDATES, FontMissingError, qr_image

_SC_INDEX = 2  # the Simplified Chinese face of the Noto CJK collection (as the tickets)


def _font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if path.exists():
            return ImageFont.truetype(str(path), size=size, index=_SC_INDEX)
    raise FontMissingError("Noto Sans CJK is not installed (apt-get install fonts-noto-cjk)")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Chinese wraps between any two characters."""
    lines, line = [], ""
    for ch in text:
        if font.getlength(line + ch) > width and line:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def render_slip(code: ResumeCode, *, heading: str, instructions: str, width_px: int = 576) -> Image.Image:
    """The slip `width_px` dots wide (576 for 80 mm paper, 384 for 58 mm)."""
    unit = width_px / 576
    margin, inner = width_px // 24, width_px - 2 * (width_px // 24)
    canvas = Image.new("1", (width_px, int(1600 * unit)), 255)
    draw = ImageDraw.Draw(canvas)
    y = margin
    for text, size, centred in ((heading, 34, True), (code.grouped, 60, True)):
        font = _font(int(size * unit))
        while font.getlength(text) > inner and font.size > 12:
            font = _font(int(font.size) - 2)
        left, top, right, bottom = (int(v) for v in draw.textbbox((0, 0), text, font=font))
        x = (width_px - (right - left)) // 2 - left if centred else margin
        draw.text((x, y - top), text, font=font, fill=0)
        y += bottom - top + int(24 * unit)
    body = _font(int(26 * unit))
    for line in _wrap(instructions, body, inner):
        draw.text((margin, y), line, font=body, fill=0)
        y += int(38 * unit)
    y += int(12 * unit)
    qr = qr_image(code.digits, box_px=max(3, int(6 * unit)))
    canvas.paste(qr, ((width_px - qr.width) // 2, y))
    return canvas.crop((0, 0, width_px, y + qr.height + margin))
