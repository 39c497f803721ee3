"""ContentLibrary: what the screens read from the installed pack (topics, guides, laws, search)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content.lay_phrases import article_key
from kiosk.content.links import guide_url
from kiosk.content.numerals import article_label
from kiosk.content.pack import CONTENT_FILE, LAWS_FILE, PackError, read_lay_phrases
from kiosk.content.sources import Citation, Faq, Guide, Institution, Topic
from kiosk.search.ask import AskAnswer, ask
from kiosk.search.engine import SearchEngine, SearchResults
from kiosk.search.index import SearchIndexError
from kiosk.search.segment import Segmenter

__all__ = [
    "Article", "AskAnswer", "Chapter", "CitedArticle", "ContentLibrary", "Faq", "GuideDetail",
    "Institution", "LawInfo", "Topic", "guide_url",
]  # fmt: skip


@dataclass(frozen=True)
class LawInfo:
    id: str
    name: str
    short_name: str
    version_date: str
    effective_date: str
    status: str
    reason: str
    article_count: int
    chapter_count: int


@dataclass(frozen=True)
class Chapter:
    index: int
    title: str
    # The 编/分编 the chapter belongs to when the source names it ("第五编 婚姻家庭"), else "".
    part: str
    first_article: int
    article_count: int


@dataclass(frozen=True)
class Article:
    law_id: str
    law_name: str
    short_name: str
    number: int
    sub: int
    label: str
    chapter: str
    section: str
    text: str
    # Set when a later amendment changed this article (see laws.toml amended_articles).
    note: str = ""
    # Situations in visitors' words that this article answers (the pack's lay phrases), shown so
    # a visitor can tell at a glance whether the article is about their problem.
    situations: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.short_name} {self.label}"


@dataclass(frozen=True)
class CitedArticle:
    citation: Citation
    article: Article | None


@dataclass(frozen=True)
class GuideDetail:
    guide: Guide
    topic_title: str
    related: tuple[Guide, ...]
    cited: tuple[CitedArticle, ...]


def _citations(items: Sequence[dict[str, Any]]) -> tuple[Citation, ...]:
    return tuple(Citation(law=c["law"], article=int(c["article"]), note=c.get("note", "")) for c in items)


def guide_from_json(data: dict[str, Any]) -> Guide:
    lists = ("steps", "documents", "where", "time_limits", "related", "keywords")
    values = {k: tuple(data[k]) for k in lists}
    return Guide(
        id=data["id"], topic=data["topic"], title=data["title"], title_en=data["title_en"],
        summary=data["summary"], citations=_citations(data["citations"]),
        asked=tuple(data.get("asked", ())), **values,
    )  # fmt: skip


class ContentLibrary:
    """Opened on an installed pack folder (with its search index); read-only, plain dataclasses."""

    def __init__(self, pack_dir: Path, *, segmenter: Segmenter, hotline: str = "12348") -> None:
        try:
            laws = json.loads((pack_dir / LAWS_FILE).read_text(encoding="utf-8"))
            content = json.loads((pack_dir / CONTENT_FILE).read_text(encoding="utf-8"))
            self._topics = tuple(Topic(**t) for t in content["topics"])
            self._guides = {g["id"]: guide_from_json(g) for g in content["guides"]}
            self._faqs = tuple(Faq(**{**f, "citations": _citations(f["citations"])}) for f in content["faqs"])
            self._institutions = tuple(Institution(**i) for i in content["institutions"])
            self._lay = read_lay_phrases(pack_dir)
            self.engine = SearchEngine(pack_dir / "search.sqlite", segmenter=segmenter)
        except (OSError, ValueError, KeyError, TypeError, SearchIndexError) as exc:
            raise PackError(f"内容包无法打开 {pack_dir}: {exc} (cannot open the pack)") from exc
        self.pack_dir = pack_dir
        self.hotline = hotline
        self.as_of = str(laws.get("as_of", ""))
        self._laws: dict[str, dict[str, Any]] = {law["id"]: law for law in laws["laws"]}
        self._names: dict[str, str] = {}
        for law in laws["laws"]:
            for name in (law["id"], law["name"], law["short_name"], *law.get("aliases", ())):
                self._names.setdefault(name, law["id"])
        self._articles: dict[tuple[str, int, int], dict[str, Any]] = {
            (law["id"], a["number"], a["sub"]): a for law in laws["laws"] for a in law["articles"]
        }

    # --- topics, guides, FAQ, directory ------------------------------------------------------

    def topics(self) -> list[Topic]:
        return list(self._topics)

    def guides_for(self, topic_id: str) -> list[Guide]:
        return [g for g in self._guides.values() if g.topic == topic_id]

    def guide(self, guide_id: str) -> GuideDetail | None:
        guide = self._guides.get(guide_id)
        if guide is None:
            return None
        topic = next((t.title for t in self._topics if t.id == guide.topic), "")
        related = tuple(self._guides[r] for r in guide.related if r in self._guides)
        cited = tuple(
            CitedArticle(citation=c, article=self.article(c.law, c.article)) for c in guide.citations
        )
        return GuideDetail(guide=guide, topic_title=topic, related=related, cited=cited)

    def faqs(self, topic_id: str | None = None) -> list[Faq]:
        return [f for f in self._faqs if topic_id is None or f.topic == topic_id]

    def directory(
        self,
        type: str | None = None,
        township: str | None = None,  # "type": the UI's word
    ) -> list[Institution]:
        return [
            i
            for i in self._institutions
            if (type is None or i.type == type) and (township is None or i.township == township)
        ]

    def institution(self, institution_id: str) -> Institution | None:
        return next((i for i in self._institutions if i.id == institution_id), None)

    # --- laws ----------------------------------------------------------------------------------

    def law_list(self) -> list[LawInfo]:
        return [
            LawInfo(
                id=law["id"],
                name=law["name"],
                short_name=law["short_name"],
                version_date=law["version_date"],
                effective_date=law["effective_date"],
                status=law["status"],
                reason=law["reason"],
                article_count=len(law["articles"]),
                chapter_count=len(law["chapters"]),
            )
            for law in self._laws.values()
        ]

    def law_id(self, law: str) -> str | None:
        """A law's id from its id, full name, short name or an alias."""
        return self._names.get(law.strip())

    def chapters(self, law: str) -> list[Chapter]:
        law_id = self.law_id(law)
        if law_id is None:
            return []
        data = self._laws[law_id]
        counts: dict[int, int] = {}
        for art in data["articles"]:
            counts[art["chapter"]] = counts.get(art["chapter"], 0) + 1
        return [
            Chapter(index=c["index"], title=c["title"], part=c.get("part", ""), first_article=c["first"],
                    article_count=counts.get(c["index"], 0))
            for c in data["chapters"]
        ]  # fmt: skip

    def articles(self, law: str, chapter: int | None = None) -> list[Article]:
        law_id = self.law_id(law)
        if law_id is None:
            return []
        return [
            self._article(law_id, art)
            for art in self._laws[law_id]["articles"]
            if chapter is None or art["chapter"] == chapter
        ]

    def article(self, law: str, number: int, sub: int = 0) -> Article | None:
        law_id = self.law_id(law)
        art = self._articles.get((law_id, number, sub)) if law_id else None
        return self._article(law_id, art) if law_id and art else None

    def _article(self, law_id: str, art: dict[str, Any]) -> Article:
        law = self._laws[law_id]
        chapters = law["chapters"]
        return Article(
            law_id=law_id, law_name=law["name"], short_name=law["short_name"],
            number=art["number"], sub=art["sub"],
            label=art.get("label") or article_label(art["number"], art["sub"]),
            chapter=chapters[art["chapter"]]["title"] if chapters else "",
            section=art.get("section", ""), text=art["text"], note=art.get("note", ""),
            situations=self._lay.get(law["name"], {}).get(article_key(art["number"], art["sub"]), ()),
        )  # fmt: skip

    # --- search and Ask ------------------------------------------------------------------------

    def search(self, query: str, kind: str | None = None, limit: int = 20) -> SearchResults:
        return self.engine.search(query, kind=kind, limit=limit)

    def ask(self, question: str) -> AskAnswer:
        return ask(question, engine=self.engine, source=self, hotline=self.hotline)

    # AskSource protocol
    def guide_record(self, guide_id: str) -> Guide | None:
        return self._guides.get(guide_id)

    def close(self) -> None:
        self.engine.close()
