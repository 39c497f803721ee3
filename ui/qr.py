"""Serves QR codes to QML as `image://qr/<percent-encoded text>`, drawn module by module."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

from kiosk.lean_imports import import_without

# Only the matrix is used: without Pillow (~4 MB) loaded for qrcode's PIL drawers (lean_imports).
qrcode = import_without("qrcode", "PIL")

# Medium error correction survives a scuffed or glared screen photo; 4-module quiet zone per spec.
_BORDER = 4


def qr_matrix(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=_BORDER)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_image(text: str, side: int) -> QImage:
    matrix = qr_matrix(text)
    modules = len(matrix)
    scale = max(1, side // modules)
    image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    black = QColor("#000000")
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(QRect(x * scale, y * scale, scale, scale), black)
    painter.end()
    return image


class QrProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, encoded: str, size: QSize, requested: QSize) -> QImage:
        side = max(requested.width(), requested.height(), 200)
        image = qr_image(unquote(encoded), side)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
