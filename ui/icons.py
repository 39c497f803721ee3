"""Serves the vendored Tabler icons to QML as `image://icons/<name>?color=<hex>`, tinted and sized."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "assets" / "icons" / "tabler"
FALLBACK_ICON = "point"


@lru_cache(maxsize=256)
def _svg_source(name: str) -> bytes:
    path = ICON_DIR / f"{name}.svg"
    if not path.is_file() or "/" in name or "\\" in name:
        path = ICON_DIR / f"{FALLBACK_ICON}.svg"
    return path.read_bytes()


def icon_exists(name: str) -> bool:
    return (ICON_DIR / f"{name}.svg").is_file()


class IconProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, icon_id: str, size: QSize, requested: QSize) -> QImage:
        parts = urlsplit(icon_id)
        colour = parse_qs(parts.query).get("color", ["#1A1C1E"])[0]
        svg = _svg_source(parts.path).replace(b"currentColor", colour.encode("ascii", "ignore"))
        side = max(requested.width(), requested.height(), 24)
        image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        QSvgRenderer(QByteArray(svg)).render(painter)
        painter.end()
        size.setWidth(side)
        size.setHeight(side)
        return image
