"""The duty lawyer's notes for the visitor as one A4 sheet (打印律师意见), rendered in memory.

The notes are personal data: they arrive from the server over TLS, live only in the view-model's
memory for the visitor's session, and go to the printer as PDF bytes through `lp`'s standard
input; nothing of them is written to the kiosk's disk or log.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.take_home import Section, TakeHomeSheet


@dataclass(frozen=True)
class NotesLabels:
    """The sheet's fixed words, already in the visitor's language."""

    title: str
    heading: str
    lawyer: str  # "值班律师：{lawyer}"
    date: str  # "日期：{date}"
    disclaimer: str
    hotline: str


def notes_sheet(*, text: str, lawyer: str, date: str, labels: NotesLabels) -> TakeHomeSheet:
    """One paragraph per line the lawyer wrote, then who wrote it, when, and where to ask more."""
    paragraphs = tuple(line.strip() for line in text.splitlines() if line.strip())
    return TakeHomeSheet(
        title=labels.title,
        sections=(Section(labels.heading, paragraphs),),
        footer=(
            labels.lawyer.replace("{lawyer}", lawyer),
            labels.date.replace("{date}", date),
            labels.disclaimer,
            labels.hotline,
        ),
    )
