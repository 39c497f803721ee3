"""问一问 (Ask): a plain question → the best guide, three quoted articles and a next step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kiosk.search.engine import SearchEngine, SearchResult

# A guide is offered only when it matches the question at least this well (re-ranked score;
# a guide matching none of the question's concepts scores near 0, a good match above 1).
MIN_GUIDE_SCORE = 0.55
# An FAQ entry that matches well lends part of its score to the guide it belongs to.
FAQ_TO_GUIDE = 0.5
ARTICLES = 3


class GuideLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def where(self) -> tuple[str, ...]: ...
    @property
    def steps(self) -> tuple[str, ...]: ...


class AskSource(Protocol):
    """What Ask needs from the content: guides by id and each guide's cited article ids."""

    def guide_record(self, guide_id: str) -> GuideLike | None: ...
    def cited_article_ids(self, guide_id: str) -> Sequence[str]: ...
    def article_by_doc_id(self, doc_id: str) -> SearchResult | None: ...
    def faq_guide(self, faq_id: str) -> str: ...


@dataclass(frozen=True)
class QuotedArticle:
    law: str
    law_id: str
    article: int
    title: str
    text: str

    @property
    def source(self) -> str:
        return f"《{self.law}》{self.title.split(' ', 1)[-1]}"


@dataclass(frozen=True)
class AskAnswer:
    question: str
    found: bool
    guide_id: str | None
    guide_title: str
    guide_summary: str
    articles: tuple[QuotedArticle, ...]
    next_step: str
    sources: tuple[str, ...]


def _best_guide(results: Sequence[SearchResult], source: AskSource) -> tuple[str | None, float]:
    scores: dict[str, float] = {}
    for result in results:
        if result.kind == "guide":
            scores[result.id] = max(scores.get(result.id, 0.0), result.score)
    for result in results:
        if result.kind == "faq":
            guide = source.faq_guide(result.id)
            if guide and source.guide_record(guide) is not None:
                scores[guide] = scores.get(guide, 0.0) + FAQ_TO_GUIDE * result.score
    if not scores:
        return None, 0.0
    best = max(scores, key=lambda g: scores[g])
    return (best, scores[best]) if scores[best] >= MIN_GUIDE_SCORE else (None, scores[best])


def rank_articles(
    results: Sequence[SearchResult], cited: Sequence[str], source: AskSource
) -> list[SearchResult]:
    """Law results with the chosen guide's citations first.

    The guide's author picked those articles for exactly this problem, so once a guide matches
    the question they answer it better than whatever article shares the most words with it.
    Cited articles that the search also found come first (best match first), then the other
    cited ones in the guide's order, then the rest of the search results.
    """
    laws = [r for r in results if r.kind == "law"]
    if any(r.exact for r in laws):
        return laws  # the visitor asked for an article by number: show exactly that first
    found = {r.id: r for r in laws}
    cited_found = sorted((found[c] for c in cited if c in found), key=lambda r: -r.score)
    cited_other = [
        article
        for c in dict.fromkeys(cited)
        if c not in found and (article := source.article_by_doc_id(c)) is not None
    ]
    rest = [r for r in laws if r.id not in set(cited)]
    return [*cited_found, *cited_other, *rest]


def ask(question: str, *, engine: SearchEngine, source: AskSource, hotline: str = "12348") -> AskAnswer:
    """Answer from offline retrieval only; every article quoted names its law and number."""
    results = engine.search(question, limit=20).results
    guide_id, _ = _best_guide(results, source)
    guide = source.guide_record(guide_id) if guide_id else None
    cited = list(source.cited_article_ids(guide_id)) if guide_id else []
    articles = [
        QuotedArticle(law=r.law, law_id=r.law_id, article=r.article, title=r.title, text=r.text)
        for r in rank_articles(results, cited, source)[:ARTICLES]
    ]
    hotline_step = f"拨打 {hotline} 公共法律服务热线，请工作人员帮您看看下一步怎么办。"
    if guide is not None and guide.where:
        next_step = f"{guide.where[0]}（也可以拨打 {hotline} 咨询）"
    else:
        next_step = hotline_step
    sources = tuple(a.source for a in articles)
    if guide is not None:
        sources = (f"指南：{guide.title}", *sources)
    return AskAnswer(
        question=question,
        found=bool(guide is not None or articles),
        guide_id=guide.id if guide is not None else None,
        guide_title=guide.title if guide is not None else "",
        guide_summary=guide.summary if guide is not None else "",
        articles=tuple(articles),
        next_step=next_step,
        sources=sources,
    )
