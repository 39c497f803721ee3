"""A guide, an answer or an institution as one A4 sheet the visitor takes home (打印带走).

Qt-free: the view-model hands over the text it already shows and gets PDF bytes back (drawn by
take_home_pdf). The CJK font is embedded through the forms' registration
(kiosk.forms.render.font_held), so the sheet's text can be copied and read by pdftotext, and a
kiosk needs one font file for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class TakeHomeSheet:
    """What goes on the paper, already in the visitor's language."""

    title: str
    summary: str = ""
    sections: tuple[Section, ...] = ()
    # The closing line: where to ask more (the 12348 hotline), and the guide's address.
    footer: tuple[str, ...] = field(default_factory=tuple)


def render_sheet(sheet: TakeHomeSheet, *, font_path: Path | None = None) -> bytes:
    """The sheet as A4 PDF bytes (raises kiosk.forms.render.RenderError without the CJK font)."""
    # Drawn by take_home_pdf: reportlab is imported with the first sheet, not when the kiosk starts.
    from kiosk.content.take_home_pdf import draw_sheet

    return draw_sheet(sheet, font_path=font_path)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    return tuple(str(x) for x in value if str(x).strip())


def guide_sheet(guide: dict[str, Any], headings: dict[str, str]) -> TakeHomeSheet:
    """The guide dict the screen shows (Library.guide) as a sheet: steps, what to bring, where to
    go (with the offices' phone numbers), time limits, the articles it relies on, the hotline."""
    where = list(_strings(guide.get("where")))
    for office in guide.get("offices") or []:
        if isinstance(office, dict) and office.get("name"):
            where.append(" ".join(str(office.get(k) or "") for k in ("name", "address", "phone")).strip())
    citations = tuple(
        f"{c.get('citedAs', '')}：{c.get('text', '')}".strip("：")
        for c in guide.get("citations") or [] if isinstance(c, dict)
    )  # fmt: skip
    return TakeHomeSheet(
        title=str(guide.get("title") or ""),
        summary=str(guide.get("summary") or ""),
        sections=(
            Section(headings.get("steps", ""), _strings(guide.get("steps")), numbered=True),
            Section(headings.get("documents", ""), _strings(guide.get("documents"))),
            Section(headings.get("where", ""), tuple(where)),
            Section(headings.get("timeLimits", ""), _strings(guide.get("timeLimits"))),
            Section(headings.get("citations", ""), citations),
        ),
        footer=_footer(guide, headings),
    )


def _footer(item: dict[str, Any], headings: dict[str, str]) -> tuple[str, ...]:
    lines = []
    if item.get("hotline"):
        lines.append(f"{headings.get('hotline', '')} {item['hotline']}".strip())
    if item.get("url"):
        lines.append(f"{headings.get('url', '')} {item['url']}".strip())
    return tuple(lines)


def institution_sheet(place: dict[str, Any], rows: Sequence[tuple[str, str]],
                      headings: dict[str, str]) -> TakeHomeSheet:  # fmt: skip
    """One office (Library.institution) as a sheet: its rows (type, address, phone, hours) as the
    screen labels them, and the hotline."""
    lines = tuple(f"{label}：{value}" for label, value in rows if value)
    return TakeHomeSheet(
        title=str(place.get("name") or ""),
        sections=(Section(headings.get("where", ""), lines),),
        footer=_footer(place, headings),
    )
