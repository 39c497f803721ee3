"""Legal information for the screens: topics, guides, laws, directory, and the visitor's search/Ask."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.content.lay_phrases import closest_phrase
from kiosk.content.links import guide_url
from kiosk.content.where_links import link_where
from ui.background import BackgroundOp, BackgroundWorker
from ui.viewmodels.answers import (
    answer_dict,
    linked_offices,
    read_the_rest,
    reading_order,
    where_dicts,
    where_paragraph,
)

if TYPE_CHECKING:  # the content modules load jieba; they are imported off the GUI thread
    from kiosk.content.library import Article, ContentLibrary
    from kiosk.search.ask import AskAnswer
    from kiosk.search.engine import SearchResults

log = logging.getLogger(__name__)

INSTITUTION_TYPES = (
    "legal_aid_centre", "judicial_office", "mediation_committee", "notary_office",
    "arbitration_commission", "court", "law_firm", "police_station", "forensic_institution",
    "agriculture_bureau", "natural_resources_bureau", "market_regulation",
)  # fmt: skip
# A visitor's question longer than this is cut before it is searched (the box shows all of it).
MAX_QUERY_CHARS = 200


def cited_as(article: Article) -> str:
    """How an article is named on every screen and in speech: 《劳动合同法》第三十条 (the law's
    short name in book-title marks; its full name is shown once, on the article's own page)."""
    return f"《{article.short_name}》{article.label}"


def _article_dict(article: Article) -> dict[str, Any]:
    return {
        "citedAs": cited_as(article),
        "law": article.law_name, "shortName": article.short_name, "number": article.number,
        "sub": article.sub, "label": article.label, "title": article.title,
        "chapter": article.chapter, "text": article.text, "note": article.note,
        "situations": list(article.situations),
    }  # fmt: skip


class _Latest:
    """Runs queries in the background and delivers only the answer to the newest one (a visitor
    who searches again, or leaves, must never see an older answer arrive)."""

    def __init__(self, worker: BackgroundWorker) -> None:
        self._worker = worker
        self._generation = 0
        self.busy = False

    def start(self, query: Callable[[], Any], deliver: Callable[[Any], None]) -> None:
        self._generation += 1
        generation = self._generation
        self.busy = True

        def finish(result: Any) -> None:
            if generation == self._generation:
                self.busy = False
                deliver(result)

        BackgroundOp(query).success(finish).failure(lambda _exc: finish(None)).run(self._worker)

    def cancel(self) -> None:
        self._generation += 1
        self.busy = False


class Library(QObject):
    """Read-only content is served by slots the QML calls with the language as an argument, so a
    language switch re-evaluates them; the search and Ask state is the visitor's and is wiped."""

    changed = Signal()
    search_changed = Signal()
    ask_changed = Signal()

    def __init__(
        self,
        *,
        base_url: str,
        on_visitor_input: Callable[[], None],
        record_usage: Callable[..., None],
        worker: BackgroundWorker,
    ) -> None:
        super().__init__()
        self._library: ContentLibrary | None = None
        self._error = ""
        self._failure = ""
        self._base_url = base_url
        self._on_visitor_input = on_visitor_input
        self._record_usage = record_usage
        self._query = ""
        self._results: dict[str, list[dict[str, Any]]] = {}
        self._searches = _Latest(worker)
        self._asks = _Latest(worker)
        self._question = ""
        self._answer: dict[str, Any] = {}

    # --- loading ------------------------------------------------------------------------------
    def attach(self, library: ContentLibrary) -> None:
        self._library = library
        self._error = ""
        self.changed.emit()

    def failed(self, message: str) -> None:
        log.error("content unavailable: %s", message)
        self._error = "library.unavailable"
        self._failure = message
        self.changed.emit()

    @property
    def status_for_technician(self) -> str:
        """What the technician screen says about content: the open pack, the failure, or loading."""
        if self._library is not None:
            return self.content_version or ""
        return self._failure or "…"

    @property
    def content(self) -> ContentLibrary | None:
        return self._library

    @property
    def content_version(self) -> str | None:
        """"<pack id>/<version>" of the open pack, for heartbeats."""
        if self._library is None:
            return None
        return f"{self._library.pack_dir.parent.name}/{self._library.pack_dir.name}"

    ready = Property(bool, lambda self: self._library is not None, notify=changed)
    errorKey = Property(str, lambda self: self._error, notify=changed)

    # --- topics and guides --------------------------------------------------------------------
    def _topics(self) -> list[dict[str, Any]]:
        if self._library is None:
            return []
        return [
            {"id": t.id, "title": t.title, "titleEn": t.title_en, "subtitle": t.subtitle,
             "subtitleEn": t.subtitle_en, "icon": t.icon,
             "guideCount": len(self._library.guides_for(t.id))}
            for t in self._library.topics()
        ]  # fmt: skip

    topics = Property(list, _topics, notify=changed)

    @Slot(str, str, result=dict)
    def topic(self, topic_id: str, language: str) -> dict[str, Any]:
        found = next((t for t in self._topics() if t["id"] == topic_id), None)
        if found is None:
            return {}
        english = language == "en"
        return {**found, "name": found["titleEn"] if english else found["title"]}

    @Slot(str, str, result=list)
    def guidesFor(self, topic_id: str, language: str) -> list[dict[str, Any]]:
        if self._library is None:
            return []
        return [
            {"id": g.id, "title": g.title_en if language == "en" else g.title, "summary": g.summary}
            for g in self._library.guides_for(topic_id)
        ]

    @Slot(str, result=list)
    def faqsFor(self, topic_id: str) -> list[dict[str, Any]]:
        if self._library is None:
            return []
        return [{"id": f.id, "question": f.question} for f in self._library.faqs(topic_id)]

    @Slot(str, str, dict, result=dict)
    def guide(self, guide_id: str, language: str, headings: dict[str, str]) -> dict[str, Any]:
        library = self._library
        detail = library.guide(guide_id) if library else None
        if library is None or detail is None:
            return {}
        g = detail.guide
        cited = [
            {**_article_dict(c.article), "citeNote": c.citation.note}
            for c in detail.cited
            if c.article is not None
        ]
        related = [{"id": r.id, "title": r.title_en if language == "en" else r.title}
                   for r in detail.related]
        order = reading_order(g, headings=headings)
        links = link_where(g.where, library.directory(), hotline=library.hotline)
        if "where" in order["sectionAt"]:
            where_at = order["sectionAt"]["where"]
            order["paragraphs"][where_at] = where_paragraph(
                headings.get("where", ""), links, hotline_label=headings.get("hotline", ""))
        read_the_rest(order, cited=cited, related=related, headings=headings)
        return {
            **order,
            "id": g.id,
            "title": g.title_en if language == "en" else g.title,
            "titleZh": g.title,
            "topicTitle": detail.topic_title,
            "summary": g.summary,
            "steps": list(g.steps),
            "documents": list(g.documents),
            "where": list(g.where),
            "whereLinks": where_dicts(links),
            "offices": linked_offices(links),
            "whereHotline": any(link.hotline for link in links),
            "timeLimits": list(g.time_limits),
            "citations": cited,
            "related": related,
            "url": guide_url(self._base_url, g.id),
            "hotline": library.hotline,
        }

    @Slot(str)
    def guideOpened(self, guide_id: str) -> None:
        guide = self._library.guide_record(guide_id) if self._library else None
        if guide is not None:
            self._record_usage(event="guide_read", guide_id=guide_id, topic=guide.topic)

    @Slot(str, result=dict)
    def faq(self, faq_id: str) -> dict[str, Any]:
        if self._library is None:
            return {}
        found = next((f for f in self._library.faqs() if f.id == faq_id), None)
        if found is None:
            return {}
        cited = [self._library.article(c.law, c.article) for c in found.citations]
        guide = self._library.guide_record(found.guide)
        return {
            "id": found.id, "question": found.question, "answer": found.answer,
            "guide": found.guide, "guideTitle": guide.title if guide else "",
            "citations": [_article_dict(a) for a in cited if a is not None],
        }  # fmt: skip

    # --- laws ---------------------------------------------------------------------------------
    @Slot(result=list)
    def laws(self) -> list[dict[str, Any]]:
        if self._library is None:
            return []
        return [
            {"id": law.id, "name": law.name, "shortName": law.short_name,
             "articleCount": law.article_count, "chapterCount": law.chapter_count,
             "effective": law.effective_date}
            for law in self._library.law_list()
        ]  # fmt: skip

    @Slot(str, result=list)
    def chapters(self, law: str) -> list[dict[str, Any]]:
        if self._library is None:
            return []
        return [
            {"index": c.index, "title": c.title, "part": c.part, "first": c.first_article,
             "count": c.article_count}
            for c in self._library.chapters(law)
        ]  # fmt: skip

    @Slot(str, int, result=list)
    def articles(self, law: str, chapter: int) -> list[dict[str, Any]]:
        if self._library is None:
            return []
        return [_article_dict(a) for a in self._library.articles(law, None if chapter < 0 else chapter)]

    @Slot(str, int, result=dict)
    def article(self, law: str, number: int) -> dict[str, Any]:
        found = self._library.article(law, number) if self._library else None
        return _article_dict(found) if found else {}

    # --- directory ----------------------------------------------------------------------------
    @Slot(str, str, result=list)
    def institutions(self, kind: str, township: str) -> list[dict[str, Any]]:
        if self._library is None:
            return []
        return [
            {"id": i.id, "name": i.name, "type": i.type, "township": i.township,
             "address": i.address, "phone": i.phone, "hours": i.hours, "sample": i.sample}
            for i in self._library.directory(type=kind or None, township=township or None)
        ]  # fmt: skip

    @Slot(result=list)
    def townships(self) -> list[str]:
        if self._library is None:
            return []
        return sorted({i.township for i in self._library.directory()})

    @Slot(result=list)
    def institutionTypes(self) -> list[str]:
        present = {i.type for i in self._library.directory()} if self._library else set()
        return [t for t in INSTITUTION_TYPES if t in present]

    @Slot(str, result=dict)
    def institution(self, institution_id: str) -> dict[str, Any]:
        found = self._library.institution(institution_id) if self._library else None
        if found is None:
            return {}
        return {
            "id": found.id, "name": found.name, "type": found.type, "township": found.township,
            "address": found.address, "phone": found.phone, "hours": found.hours,
            "sample": found.sample, "tel": "tel:" + "".join(ch for ch in found.phone if ch.isdigit()),
            "hotline": self._library.hotline if self._library else "",
        }  # fmt: skip

    # --- search (the visitor's) ---------------------------------------------------------------
    @Slot(str)
    def search(self, text: str) -> None:
        query = " ".join(text.split())[:MAX_QUERY_CHARS]
        self._query = text
        library = self._library
        if not query or library is None:
            self._searches.cancel()
            self._results = {}
        else:
            self._on_visitor_input()
            self._searches.start(lambda: library.search(query, limit=30), self._searched)
        self.search_changed.emit()

    def _searched(self, results: SearchResults | None) -> None:
        grouped: dict[str, list[dict[str, Any]]] = {"guide": [], "faq": [], "law": []}
        for hit in results.results if results else []:
            grouped.setdefault(hit.kind, []).append(
                {"kind": hit.kind, "id": hit.id, "law": hit.law,
                 "title": self._cited_as(hit.law, hit.article, hit.sub) or hit.title if hit.kind == "law"
                 else hit.title,
                 "article": hit.article, "text": hit.text[:80], "guide": hit.guide,
                 "situation": self._situation(hit.law, hit.article, hit.sub) if hit.kind == "law" else ""}
            )  # fmt: skip
        self._results = grouped
        self._record_usage(event="search", query=self._query)
        self.search_changed.emit()

    def _cited_as(self, law: str, number: int, sub: int = 0) -> str:
        article = self._library.article(law, number, sub) if self._library is not None else None
        return cited_as(article) if article is not None else ""

    def _situation(self, law: str, number: int, sub: int, typed: str | None = None) -> str:
        """The article's lay phrase closest to what the visitor typed, to show under the result."""
        article = self._library.article(law, number, sub) if self._library is not None else None
        return closest_phrase(article.situations, self._query if typed is None else typed) if article else ""

    query = Property(str, lambda self: self._query, notify=search_changed)
    results = Property(dict, lambda self: dict(self._results), notify=search_changed)
    searching = Property(bool, lambda self: self._searches.busy, notify=search_changed)
    hasResults = Property(
        bool, lambda self: any(self._results.get(k) for k in ("guide", "faq", "law")), notify=search_changed
    )

    # --- Ask (the visitor's) ------------------------------------------------------------------
    @Slot(result=list)
    def commonQuestions(self) -> list[str]:
        if self._library is None:
            return []
        # One question per topic, in topic order: a spread of what people come with.
        seen: set[str] = set()
        picked = []
        for faq in self._library.faqs():
            if faq.topic not in seen:
                seen.add(faq.topic)
                picked.append(faq.question)
        return picked[:8]

    @Slot(str)
    def ask(self, text: str) -> None:
        question = " ".join(text.split())[:MAX_QUERY_CHARS]
        self._question = text
        library = self._library
        if not question or library is None:
            self._asks.cancel()
            self._answer = {}
        else:
            self._on_visitor_input()
            self._asks.start(lambda: library.ask(question), self._answered)
        self.ask_changed.emit()

    def _answered(self, answer: AskAnswer | None) -> None:
        library = self._library
        if answer is None or library is None:
            self._answer = {"found": False, "failed": True}
        else:
            guide = library.guide_record(answer.guide_id) if answer.guide_id else None
            links = link_where(guide.where, library.directory(), hotline=library.hotline) if guide else []
            self._answer = answer_dict(
                answer, guide=guide, links=links, cited_as=self._cited_as,
                situation=lambda law, number: self._situation(law, number, 0, self._question),
                guide_url=guide_url(self._base_url, guide.id) if guide else "",
            )
        self._record_usage(event="ask", query=self._question)
        self.ask_changed.emit()

    question = Property(str, lambda self: self._question, notify=ask_changed)
    answer = Property(dict, lambda self: dict(self._answer), notify=ask_changed)
    asking = Property(bool, lambda self: self._asks.busy, notify=ask_changed)

    def reset(self) -> None:
        self._searches.cancel()  # answers still in flight are dropped when they arrive
        self._asks.cancel()
        self._query = ""
        self._results = {}
        self._question = ""
        self._answer = {}
        self.search_changed.emit()
        self.ask_changed.emit()
