"""Draws a take-home sheet (kiosk.content.take_home) as A4 PDF bytes with reportlab.

Its own module so that reportlab is imported with the first sheet, not when the kiosk starts.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from kiosk.content.take_home import TakeHomeSheet
from kiosk.forms.render import DEFAULT_FONT, FONT_NAME, font_held

_MARGIN = 18 * mm


def _style(size: float, *, leading: float | None = None, indent: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        f"th{size}{indent}", fontName=FONT_NAME, fontSize=size, leading=leading or size * 1.5,
        alignment=TA_LEFT, wordWrap="CJK", leftIndent=indent,
    )  # fmt: skip


def _para(text: str, size: float, **kwargs: Any) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _style(size, **kwargs))


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(FONT_NAME, 8)
    canvas.drawRightString(A4[0] - _MARGIN, 10 * mm, f"第 {doc.page} 页")
    canvas.restoreState()


def draw_sheet(sheet: TakeHomeSheet, *, font_path: Path | None = None) -> bytes:
    """The sheet as A4 PDF bytes (raises kiosk.forms.render.RenderError without the CJK font)."""
    with font_held(font_path or DEFAULT_FONT):
        return _render(sheet)


def _render(sheet: TakeHomeSheet) -> bytes:
    story: list[Flowable] = [_para(sheet.title, 18), Spacer(1, 4 * mm)]
    if sheet.summary:
        story += [_para(sheet.summary, 12), Spacer(1, 3 * mm)]
    for section in sheet.sections:
        if not section.lines:
            continue
        story += [_para(section.heading, 14), Spacer(1, 1.5 * mm)]
        for index, line in enumerate(section.lines):
            mark = f"{index + 1}. " if section.numbered else "• "
            story.append(_para(mark + line, 12, indent=3 * mm))
        story.append(Spacer(1, 3 * mm))
    for line in sheet.footer:
        story.append(_para(line, 11))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN,
                            topMargin=_MARGIN, bottomMargin=_MARGIN, title=sheet.title)  # fmt: skip
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()
