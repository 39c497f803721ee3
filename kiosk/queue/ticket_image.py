"""The paper ticket drawn as one 1-bit image: service point, the number in very large type, the
service, people ahead, the time, and the QR code of the ticket's phone page."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# Pillow and qrcode are imported when a ticket or a slip is drawn: a kiosk without a ticket
# printer never draws one, and the kiosk's start does not pay for them.
if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

# Debian fonts-noto-cjk; the kiosk UI uses the same family (DESIGN.md).
FONT_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/noto/NotoSansCJK-Bold.ttc"),
)
_SC_INDEX = 2  # the Simplified Chinese face inside the Noto CJK collection


class FontMissingError(RuntimeError):
    """No CJK font: a ticket in boxes is worse than none."""


@dataclass(frozen=True)
class TicketContent:
    service_point: str
    number: str
    service_name: str
    ahead: int
    issued_local: str  # "2026-11-30 09:41"
    url: str  # the ticket's phone page (QR code)


def ticket_lines(content: TicketContent) -> list[str]:
    """The ticket's text lines apart from the number, shared by the raster and GB18030 paths."""
    return [
        content.service_point,
        content.service_name,
        f"您前面还有 {content.ahead} 人",
        content.issued_local,
        "请留意叫号，扫码可在手机上查看进度",
    ]


@functools.lru_cache(maxsize=64)  # opening the 20 MB collection costs more than drawing a ticket
def _font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    for path in FONT_CANDIDATES:
        if path.exists():
            return ImageFont.truetype(str(path), size=size, index=_SC_INDEX)
    raise FontMissingError("Noto Sans CJK is not installed (apt-get install fonts-noto-cjk)")


def qr_image(url: str, *, box_px: int) -> Image.Image:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_px, border=4)
    code.add_data(url)
    code.make(fit=True)
    image: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return image.convert("1")


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, font: ImageFont.FreeTypeFont,
              width: int) -> int:
    left, top, right, bottom = (int(v) for v in draw.textbbox((0, 0), text, font=font))
    draw.text(((width - (right - left)) // 2 - left, y - top), text, font=font, fill=0)
    return y + (bottom - top)


def _fit(text: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The largest font up to `size` at which `text` fits the paper's width."""
    font = _font(size)
    while size > 12 and font.getlength(text) > width:
        size -= 2
        font = _font(size)
    return font


def render_ticket(content: TicketContent, *, width_px: int = 576) -> Image.Image:
    """The ticket as a 1-bit image `width_px` dots wide, ready for an ESC/POS raster command."""
    from PIL import Image, ImageDraw

    margin = width_px // 24
    inner = width_px - 2 * margin
    unit = width_px / 576  # every size below is for 80 mm paper, scaled for 58 mm
    canvas = Image.new("1", (width_px, int(1400 * unit)), 255)
    draw = ImageDraw.Draw(canvas)
    point, service, ahead, when, hint = ticket_lines(content)
    y = margin
    y = _centered(draw, y, point, _fit(point, int(30 * unit), inner), width_px) + int(24 * unit)
    y = _centered(draw, y, content.number, _fit(content.number, int(170 * unit), inner), width_px)
    y += int(28 * unit)
    y = _centered(draw, y, service, _fit(service, int(48 * unit), inner), width_px) + int(22 * unit)
    y = _centered(draw, y, ahead, _fit(ahead, int(34 * unit), inner), width_px) + int(16 * unit)
    y = _centered(draw, y, when, _font(int(26 * unit)), width_px) + int(20 * unit)
    code = qr_image(content.url, box_px=max(3, int(6 * unit)))
    canvas.paste(code, ((width_px - code.width) // 2, y))
    y += code.height + int(8 * unit)
    y = _centered(draw, y, hint, _fit(hint, int(24 * unit), inner), width_px) + margin
    return canvas.crop((0, 0, width_px, y))
