"""What a guide and 问一问 say, shaped for the screens and for read-aloud: a guide's paragraphs in
reading order, and the next step in plain words first (what this is, what to do, where, whom to
call), every place a button."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from kiosk.content.where_links import WhereLink

if TYPE_CHECKING:
    from kiosk.content.sources import Guide
    from kiosk.search.ask import AskAnswer


def where_dicts(links: Sequence[WhereLink]) -> list[dict[str, Any]]:
    """A "去哪里办" item and the directory offices (id, name, phone) it names."""
    return [
        {"text": link.text, "hotline": link.hotline,
         "offices": [{"id": o.id, "name": o.name, "phone": o.phone} for o in link.offices]}
        for link in links
    ]  # fmt: skip


def linked_offices(links: Sequence[WhereLink]) -> list[dict[str, str]]:
    """The offices the items name, each once, in order."""
    offices: list[dict[str, str]] = []
    for link in links:
        for office in link.offices:
            if all(o["id"] != office.id for o in offices):
                offices.append({"id": office.id, "name": office.name, "phone": office.phone})
    return offices


def where_paragraph(heading: str, links: Sequence[WhereLink], *, hotline_label: str = "") -> str:
    """The "去哪里办" section as shown and read: the items, the offices under them (name and
    phone), and the hotline button when an item names it."""
    parts = [f"{heading}：{'；'.join(link.text for link in links)}"]
    parts += [f"{o['name']}，{o['phone']}" for o in linked_offices(links)]
    if hotline_label and any(link.hotline for link in links):
        parts.append(hotline_label)
    return "。".join(parts)


def answer_dict(
    answer: AskAnswer,
    *,
    guide: Guide | None,
    links: Sequence[WhereLink],
    cited_as: Callable[[str, int], str],
    situation: Callable[[str, int], str],
    guide_url: str,
) -> dict[str, Any]:
    """Ask's answer for the screen. `plain` is the guide's own plain summary, its first step and
    where to go; `offices` are the directory's offices those places name; the articles carry the
    visitor's situation they answer (the pack's lay phrase closest to the question)."""
    offices = linked_offices(links)
    return {
        "found": answer.found, "failed": False, "outside": answer.outside, "guideId": answer.guide_id or "",
        "guideTitle": answer.guide_title, "guideSummary": answer.guide_summary,
        "what": guide.summary if guide else "",
        "firstStep": guide.steps[0] if guide and guide.steps else "",
        "where": [link.text for link in links],
        "offices": offices[:3],
        "guideUrl": guide_url if guide else "",
        "articles": [
            {"source": cited_as(a.law, a.article) or a.source, "law": a.law, "article": a.article,
             "text": a.text, "situation": situation(a.law, a.article)}
            for a in answer.articles
        ],
        "nextStep": answer.next_step, "sources": list(answer.sources),
    }  # fmt: skip


def reading_order(guide: Guide, *, headings: dict[str, str]) -> dict[str, Any]:
    """The guide's paragraphs in on-screen order for read-aloud, and where each block starts.

    Keys: `paragraphs` (strings to speak), `summaryAt`, `stepsAt` (first step), and `sectionAt`
    mapping documents / where / timeLimits to their paragraph (absent when the list is empty).
    """
    paragraphs = [guide.title, guide.summary]
    steps_at = -1
    if guide.steps:
        paragraphs.append(headings.get("steps", ""))
        steps_at = len(paragraphs)
        paragraphs.extend(f"{n}、{step}" for n, step in enumerate(guide.steps, start=1))
    section_at: dict[str, int] = {}
    for key, items in (("documents", guide.documents), ("where", guide.where),
                       ("timeLimits", guide.time_limits)):
        if items:
            section_at[key] = len(paragraphs)
            paragraphs.append(f"{headings.get(key, '')}：{'；'.join(items)}")
    return {"paragraphs": paragraphs, "summaryAt": 1, "stepsAt": steps_at, "sectionAt": section_at}


def read_the_rest(
    order: dict[str, Any], *, cited: list[dict[str, Any]], related: list[dict[str, Any]],
    headings: dict[str, str],
) -> None:
    """After the guide's own text: the articles it cites, related guides and the QR caption, as
    on screen; `citationsAt` / `relatedAt` are the paragraphs of the first of each."""
    paragraphs: list[str] = order["paragraphs"]
    order["citationsAt"] = order["relatedAt"] = -1
    if cited:
        paragraphs.append(headings.get("citations", ""))
        order["citationsAt"] = len(paragraphs)
        paragraphs.extend(f"{c['citedAs']}。{c['citeNote'] or c['text']}" for c in cited)
    if related:
        paragraphs.append(headings.get("related", ""))
        order["relatedAt"] = len(paragraphs)
        paragraphs.extend(r["title"] for r in related)
    paragraphs.append(headings.get("qr", ""))
