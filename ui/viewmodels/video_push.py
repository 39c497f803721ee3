"""What the lawyer pushed to the kiosk's screen during a call (a guide or a form of the kiosk's pack).

The lawyer's page sends a pack id over the call's socket; the call page reports it; this object
looks it up in the kiosk's own pack, answers the lawyer (shown / not in this kiosk's pack) through
the call window, and lists what was shown so the visitor can open it right after the call (the
call window itself names it in a banner). Nothing here is the visitor's data; it is still
cleared with the session, as it belongs to that visit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from ui.viewmodels.library import cited_as

# kind, id, language → (the title in the visitor's language, the id as the kiosk opens it), or
# ("", "") when this kiosk has no such page. Articles: "劳动合同法#30" → 《劳动合同法》第三十条.
Lookup = Callable[[str, str, str], tuple[str, str]]
# kind, the id as the kiosk opens it, language → the page's text for the call window's side panel.
TextOf = Callable[[str, str, str], str]
KINDS = ("guide", "form", "article")


class PushedPages(QObject):
    changed = Signal()

    def __init__(
        self,
        *,
        lookup: Lookup,
        language: Callable[[], str],
        send_ack: Callable[[str], None],
        text_of: TextOf = lambda _kind, _id, _language: "",
    ) -> None:
        super().__init__()
        self._lookup = lookup
        self._text_of = text_of
        self._language = language
        self._send_ack = send_ack
        self._seen = 0  # how many of the call's pushes were handled (the report repeats them all)
        self._pages: list[dict[str, str]] = []

    def on_report(self, report: dict[str, Any]) -> None:
        pushed = report.get("pushed")
        if not isinstance(pushed, list) or len(pushed) <= self._seen:
            return
        for item in pushed[self._seen :]:
            self._handle(item)
        self._seen = len(pushed)

    def _handle(self, item: object) -> None:
        if not isinstance(item, dict):
            return
        kind, page_id = str(item.get("kind", "")), str(item.get("id", ""))
        title, opens = self._lookup(kind, page_id, self._language()) if kind in KINDS else ("", "")
        ack: dict[str, object] = {"kind": kind, "id": page_id, "title": title, "shown": bool(title)}
        if title:  # shown beside the video at once; the window keeps the text from the lawyer
            ack["body"] = self._text_of(kind, opens, self._language())
        self._send_ack(json.dumps(ack, ensure_ascii=False))
        if title and not any(p["kind"] == kind and p["id"] == opens for p in self._pages):
            page = {"kind": kind, "id": opens, "title": title}
            if kind == "article":  # the article screen opens by law and number
                law, _, number = opens.rpartition("#")
                page |= {"law": law, "number": number}
            self._pages.append(page)
            self.changed.emit()

    @Slot()
    def newCall(self) -> None:
        self._seen = 0

    def reset(self) -> None:
        self._seen = 0
        self._pages = []
        self.changed.emit()

    @Slot("QVariantList")
    def preview(self, pages: list[Any]) -> None:
        """Sample pages (screenshots and the screen audit only)."""
        self._pages = [dict(p) for p in pages if isinstance(p, dict)]
        self.changed.emit()

    pages = Property(list, lambda self: list(self._pages), notify=changed)


def pack_lookup(shared: dict[str, Any]) -> Lookup:
    """Titles from the kiosk's open content library (guides, articles) and forms catalog (forms)."""

    def content() -> Any:
        library = shared.get("library")
        return library.content if library is not None else None

    def lookup(kind: str, page_id: str, language: str) -> tuple[str, str]:
        if kind == "guide":
            guide = content().guide_record(page_id) if content() is not None else None
            if guide is None:
                return "", ""
            return str(guide.title_en if language == "en" and guide.title_en else guide.title), page_id
        if kind == "article":
            return _article(content(), page_id)
        catalog = shared.get("forms_catalog")
        form = catalog.forms.get(page_id) if catalog is not None else None
        return (form.title.get(language), page_id) if form is not None else ("", "")

    return lookup


def pack_text(shared: dict[str, Any]) -> TextOf:
    """The text the call window shows beside the video: a guide's summary and numbered steps (and
    what to bring), an article's text, a form's summary. The kiosk's pack, never the network's."""

    def text_of(kind: str, opens: str, language: str) -> str:
        library = shared.get("library")
        content = library.content if library is not None else None
        if kind == "guide" and content is not None:
            guide = content.guide_record(opens)
            if guide is None:
                return ""
            steps = [f"{n}. {step}" for n, step in enumerate(guide.steps, 1)]
            return "\n".join([guide.summary, "", *steps, "", *guide.documents]).strip()
        if kind == "article" and content is not None:
            law, _, number = opens.rpartition("#")
            article = content.article(law, int(number)) if number.isdigit() else None
            return str(article.text) if article is not None else ""
        catalog = shared.get("forms_catalog")
        form = catalog.forms.get(opens) if kind == "form" and catalog is not None else None
        return str(form.summary.get(language)) if form is not None else ""

    return text_of


def _article(content: Any, page_id: str) -> tuple[str, str]:
    """"劳动合同法#30" or "中华人民共和国劳动合同法#30" → ("《劳动合同法》第三十条", the full name#30)."""
    law, _, number = page_id.rpartition("#")
    if content is None or not law or not number.isdigit():
        return "", ""
    for name in (law, "中华人民共和国" + law):
        article = content.article(name, int(number))
        if article is not None:
            return cited_as(article), f"{article.law_name}#{article.number}"
    return "", ""
