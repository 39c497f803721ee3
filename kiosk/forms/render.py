"""Draws a form's document as an A4 PDF laid out like the official form (tables with ruled cells).

reportlab embeds and subsets a TrueType CJK font (Debian's fonts-wqy-microhei: reportlab cannot
read the CFF outlines of Noto Sans CJK), so the text stays extractable (pdftotext) and a rare
character in a name still prints. Registering the font takes about 0.3–0.5 s and holds ~20 MB of
parsed tables, so the kiosk registers it when a visitor may need a document and releases it when
the visitor's session ends (`release_font`); each document then takes tens of milliseconds. A
draft carries 草稿 on every page.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.forms.check import CheckResult
from kiosk.forms.expressions import parse
from kiosk.forms.model import FormDefinition
from kiosk.forms.regions import Regions
from kiosk.forms.values import display, is_answered, parse_date

FONT_NAME = "LawPostCJK"
DEFAULT_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)\}")
_MARGIN = 18 * mm
_WIDTH = A4[0] - 2 * _MARGIN
_GRID = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
         ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]  # fmt: skip


class RenderError(Exception):
    """The document cannot be drawn; the message says what to do (e.g. install the font)."""


def placeholders(template: str) -> list[str]:
    return PLACEHOLDER.findall(template)


def fill(template: str, lookup: Callable[[str], str]) -> str:
    return PLACEHOLDER.sub(lambda m: lookup(m.group(1)), template)


# reportlab's font registry is per process; documents are drawn on more than one thread (the
# background worker, the video booking's printer lane), and a release must never pull the font
# from under a document being drawn.
_FONT_LOCK = threading.RLock()


def ensure_font(path: Path) -> None:
    with _FONT_LOCK:
        if FONT_NAME in pdfmetrics.getRegisteredFontNames():
            return
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
        except (OSError, TTFError) as exc:
            raise RenderError(
                f"找不到可嵌入的中文字体 {path}，请安装 fonts-wqy-microhei (CJK TrueType font missing: {exc})"
            ) from exc


@contextmanager
def font_held(path: Path) -> Iterator[None]:
    """The font registered for the whole drawing of one document (release_font waits for it)."""
    with _FONT_LOCK:
        ensure_font(path)
        yield


def release_font() -> bool:
    """Unregister the font so its parsed tables (~20 MB) are freed; True if it was registered.

    reportlab has no public call for this: the registration lives in pdfmetrics' `_fonts` and
    `_dynFaceNames` (the font family mapping holds only names). Nothing else refers to the font
    object, so it is freed at once; the next document registers it again.
    """
    with _FONT_LOCK:
        font = pdfmetrics._fonts.pop(FONT_NAME, None)
        if font is None:
            return False
        face = getattr(getattr(font, "face", None), "name", None)
        if face is not None and pdfmetrics._dynFaceNames.get(face) is font:
            del pdfmetrics._dynFaceNames[face]
        return True


def _style(
    size: float, *, align: int = TA_LEFT, leading: float | None = None, indent: float = 0
) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}{align}{indent}", fontName=FONT_NAME, fontSize=size, leading=leading or size * 1.45,
        alignment=align, wordWrap="CJK", firstLineIndent=indent,
    )  # fmt: skip


def _text(size: float, text: str, **kwargs: Any) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _style(size, **kwargs))


def _number_text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal | float | int):
        amount = Decimal(str(value))
        return f"{amount:,.2f}" if amount != amount.to_integral_value() else f"{int(amount):,}"
    return str(value)


@dataclass(frozen=True)
class _Values:
    definition: FormDefinition
    values: Mapping[str, Any]
    regions: Regions

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if not is_answered(value):
            return ""
        field = self.definition.field(key)
        if field is None:  # a computed or built-in value
            day = parse_date(value) if isinstance(value, str) else None
            return f"{day.year}年{day.month}月{day.day}日" if day else _number_text(value)
        return display(field, value, regions=self.regions)

    def item_lookup(self, group_id: str, item: Mapping[str, Any]) -> Callable[[str], str]:
        return lambda key: self.item_text(group_id, item, key)

    def item_text(self, group_id: str, item: Mapping[str, Any], key: str) -> str:
        group = self.definition.field(group_id)
        sub = next((f for f in group.item_fields if f.id == key), None) if group else None
        value = item.get(key)
        if sub is None or not is_answered(value):
            return ""
        return display(sub, value, regions=self.regions)


class DocumentRenderer:
    """Renders checked answers of a form; one instance serves a kiosk for its whole run."""

    def __init__(self, *, regions: Regions, font_path: Path = DEFAULT_FONT) -> None:
        self.regions = regions
        self.font_path = font_path

    def warm(self) -> None:
        """Register the font now (≈ 0.3–0.5 s): call it off the GUI thread when a visitor starts
        a form, so that their document takes tens of milliseconds."""
        ensure_font(self.font_path)

    def render(self, definition: FormDefinition, result: CheckResult, *, draft: bool = False,
               today: date | None = None) -> bytes:  # fmt: skip
        with font_held(self.font_path):
            return self._render(definition, result, draft=draft, today=today)

    def _render(self, definition: FormDefinition, result: CheckResult, *, draft: bool,
                today: date | None) -> bytes:  # fmt: skip
        values = _Values(definition, result.values, self.regions)
        doc = definition.document
        story: list[Flowable] = [_text(18, doc["title"], align=TA_CENTER, leading=28)]
        if doc.get("subtitle"):
            story.append(_text(10, fill(doc["subtitle"], values.text), align=TA_CENTER))
        story.append(Spacer(1, 4 * mm))
        for block in doc["blocks"]:
            if "show_if" in block and not parse(block["show_if"]).truthy(
                result.values, today=today or date.today()
            ):
                continue
            story.extend(self._block(block, values))
        buffer = io.BytesIO()
        template = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN,
            bottomMargin=_MARGIN, title=doc["title"], author="LawPost", creator="LawPost",
            initialFontName=FONT_NAME,
        )  # fmt: skip
        page = _draft_page if draft else _plain_page
        template.build(story, onFirstPage=page, onLaterPages=page)
        return buffer.getvalue()

    def _block(self, block: Mapping[str, Any], values: _Values) -> list[Flowable]:
        if "heading" in block:
            return [Spacer(1, 2 * mm), _text(12.5, block["heading"], leading=20)]
        if "paragraph" in block:
            return [_text(11.5, fill(block["paragraph"], values.text), leading=21, indent=23)]
        if "note" in block:
            return [_text(9, fill(block["note"], values.text), leading=13)]
        if "row" in block:
            return [self._row(block["row"], values)]
        if "box" in block:
            box = block["box"]
            body = _text(11, fill(box["value"], values.text), leading=18)
            height = max(18.0 * box.get("lines", 3), body.wrap(_WIDTH - 28 * mm, 1000)[1] + 10)
            label = _text(11, box["label"], align=TA_CENTER)
            table = Table([[label, body]], colWidths=[28 * mm, _WIDTH - 28 * mm],
                          rowHeights=[height])  # fmt: skip
            table.setStyle(TableStyle(_GRID))
            return [table]
        if "list" in block:
            return [self._list(block, values)]
        if "table" in block:
            return [self._table(block, values)]
        if "signature" in block:
            return [self._signature(block, values)]
        return []

    def _row(self, cells: list[Mapping[str, Any]], values: _Values) -> Table:
        weights = [float(c.get("width", 1)) for c in cells]
        labels = [max(16 * mm, min(len(c["label"]), 9) * 11.2 + 14) for c in cells]
        free = _WIDTH - sum(labels)
        widths: list[float] = []
        row: list[Any] = []
        for cell, label_width, weight in zip(cells, labels, weights, strict=True):
            widths += [label_width, free * weight / sum(weights)]
            row += [
                _text(11, cell["label"], align=TA_CENTER),
                _text(11, fill(cell.get("value", ""), values.text)),
            ]
        table = Table([row], colWidths=widths)
        table.setStyle(TableStyle(_GRID))
        return table

    def _list(self, block: Mapping[str, Any], values: _Values) -> Table:
        group = block["list"]
        items = values.values.get(group) or []
        lines = [
            _text(11, f"{n}. " + fill(block["item"], values.item_lookup(group, item)), leading=18)
            for n, item in enumerate(items, start=1)
        ] or [_text(11, " ")]
        label = _text(11, block.get("label", ""), align=TA_CENTER)
        table = Table([[label, lines]], colWidths=[28 * mm, _WIDTH - 28 * mm])
        table.setStyle(TableStyle(_GRID))
        return table

    def _table(self, block: Mapping[str, Any], values: _Values) -> Flowable:
        group, columns = block["table"], block["columns"]
        weights = [float(c.get("width", 1)) for c in columns]
        widths = [12 * mm] + [(_WIDTH - 12 * mm) * w / sum(weights) for w in weights]
        header = [_text(10.5, "序号", align=TA_CENTER)] + [
            _text(10.5, c["label"], align=TA_CENTER) for c in columns
        ]
        rows: list[list[Any]] = [header]
        items = values.values.get(group) or []
        for n, item in enumerate(items, start=1):
            lookup = values.item_lookup(group, item)
            cells = [_text(10.5, fill(c.get("value", ""), lookup)) for c in columns]
            rows.append([_text(10.5, str(n), align=TA_CENTER), *cells])
        if not items:
            rows.append([_text(10.5, " ")] * (len(columns) + 1))
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(_GRID))
        flow: list[Flowable] = [_text(11.5, block["label"], leading=20)] if block.get("label") else []
        return KeepTogether([*flow, table])

    def _signature(self, block: Mapping[str, Any], values: _Values) -> Table:
        value = values.values.get(block["signature"])
        mark: Any = _text(11, "（打印后手写签名或按手印）")
        if isinstance(value, dict) and isinstance(value.get("png"), str):
            try:
                data = base64.b64decode(value["png"], validate=True)
                width, height = ImageReader(io.BytesIO(data)).getSize()
                scale = min(60 * mm / max(width, 1), 18 * mm / max(height, 1))
                mark = Image(io.BytesIO(data), width=width * scale, height=height * scale)
            except (binascii.Error, OSError, ValueError):
                mark = _text(11, "（签名图片无法读取，请打印后手写签名）")
        when = fill(block.get("date", ""), values.text)
        table = Table(
            [[_text(11, block["label"]), mark], [_text(11, "日期"), _text(11, when or "    年    月    日")]],
            colWidths=[40 * mm, 70 * mm], rowHeights=[22 * mm, 10 * mm], hAlign="RIGHT",
        )  # fmt: skip
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black)]))  # fmt: skip
        return table


def _plain_page(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(FONT_NAME, 8)
    canvas.drawRightString(A4[0] - _MARGIN, 10 * mm, f"第 {doc.page} 页")
    canvas.restoreState()


def _draft_page(canvas: Any, doc: Any) -> None:
    _plain_page(canvas, doc)
    canvas.saveState()
    canvas.setFont(FONT_NAME, 9)
    canvas.drawString(_MARGIN, A4[1] - 11 * mm, "草稿：尚未填写完整，不能作为正式申请提交")
    canvas.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.35))
    canvas.setFont(FONT_NAME, 110)
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -40, "草稿")
    canvas.restoreState()
