"""问一问 (Ask): a plain question → the best guide, three quoted articles and a next step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.search.engine import SearchEngine, SearchResult
from kiosk.search.segment import normalize

ARTICLES = 3
# Ask names the best-ranked guide when it covers at least this share of the question's concepts
# (IDF-weighted; fillers such as 咋办 and 啥 are not concepts). Lower than the share a guide
# needs to reorder the articles (lead.py): a visitor is better served by the nearest guide than
# by none. Chosen on the development set (bench/guide_questions_dev.json) and re-checked on the
# round-2 tuning set (docs/benchmarks.md): 0.20–0.35 leave a fitting question without a guide
# about as rarely, 0.35 stays quiet for the most no-fit questions; above it, fitting questions
# start to lose their guide. Round 3: with errands handled on their own (below), 0.30 names the
# right guide for 3 more of 427 fitting questions of all contaminated sets and stays quiet for 1
# fewer of 44 no-fit ones (0.25: +5 / -2; 0.40: -14 / +2).
ASK_MIN_COVERAGE = 0.30
# A question about an errand no guide is for (synonyms.toml [outside]: 补办身份证, 低保, 火车票)
# shares a word with some guide often enough (身份证 is in every guide's 带什么 list). It names a
# guide only when the guide's title, keywords or an FAQ question hold at least ERRAND_ABOUT of the
# question, and the rest of the question, without the errand, still leads to that guide with
# ERRAND_REST_ABOUT of it in the guide's title, keywords or FAQ question (没领结婚证，彩礼能要
# 回来吗 → 彩礼). Chosen on the contaminated sets (docs/benchmarks.md, round 3).
ERRAND_ABOUT, ERRAND_REST_ABOUT = 0.45, 0.5
# A question told as a story ("俺是河南的，跟着老乡在外面干装修……钱都没拿到") dilutes the share
# of its concepts any guide covers, though search ranks the right guide first. Ask still names
# that guide when the two independent rankings agree on it — it is also first by the characters
# it shares with the question (kiosk.search.guide_grams), with a character score of at least
# ASK_MIN_GRAMS — and some word of the question is in its title, keywords or an FAQ question.
# 0.25–0.5 and no such rule were compared by leave-one-set-out cross-validation over twelve folds
# (six question sets on this engine and on the engine before round 3); 0.5 was chosen in 11 of
# 12 folds (docs/benchmarks.md, round 4). Round 5, with the classifier fused into the ranking
# (guide_bayes.py): 0.3 / 0.4 / 0.5 / none × coverage 0.20–0.35 compared by leave-one-set-out
# over eight sets, counting a fitting question named rightly and a no-fit one left quiet alike:
# 0.4 was chosen in 8 of 8 folds (coverage 0.30 in 6 of 8). The fresh round-4 set had left 9 %
# of fitting questions without a guide.
ASK_MIN_GRAMS = 0.4
# When all three rankings — words, characters and the classifier (kiosk.search.guide_bayes) — put
# the same guide first with a character score of at least ASK_UNANIMOUS_GRAMS, Ask names it even
# when no word of the question is in the guide's title, keywords or an FAQ question ("地被征了
# 一亩才给几万" has 征 where the guide says 征收). Chosen in 7 of 8 leave-one-set-out folds
# (thresholds 0–0.5 and no such rule; docs/benchmarks.md, round 5). Round 7, with the guides'
# `asked` phrasings in all three rankings, re-ran the choice leave-one-set-out over nine sets
# (coverage 0.25–0.35 × ASK_MIN_GRAMS 0.3–0.5 or none × this 0.2–0.4 or none): 0.4 in 8 of 9
# folds — the phrasings let the rankings agree more often, on no-fit questions too ("高血压吃啥药"
# met the elderly-scam guide's phrasings about pills sold as a cure at 0.37); ASK_MIN_COVERAGE
# and ASK_MIN_GRAMS stayed as they were in 8 of 9 each.
ASK_UNANIMOUS_GRAMS = 0.4
# The classifier has a class for questions no guide is for (synonyms.toml `[outside] asked`): Ask
# names no guide when that class is likelier than the best guide by more than this many units of
# log-likelihood. Leave one set out over ten sets: quiet for 70 of 81
# no-fit questions instead of 59, the right guide for 758 of 799 fitting ones instead of 759;
# margins −5 to +5 lay within two questions, so the natural 0 — likelier than every guide — was
# kept (docs/benchmarks.md, round 7).
ASK_OUTSIDE_MARGIN = 0.0


class GuideLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def where(self) -> tuple[str, ...]: ...


class AskSource(Protocol):
    """What Ask needs besides the index: the full guide records."""

    def guide_record(self, guide_id: str) -> GuideLike | None: ...


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
    # The classifier found it a question no guide is for (the hall's other errands, health,
    # chit-chat): no guide and no articles, which would only be law that happens to share a word.
    outside: bool = False


def ask(question: str, *, engine: SearchEngine, source: AskSource, hotline: str = "12348") -> AskAnswer:
    """Answer from offline retrieval only; every article quoted names its law and number.

    The guide is the search's first guide when it covers enough of the question; the articles
    are the search's first ones (a guide that clearly leads has put its cited articles first).
    """
    found = engine.search(question, limit=20)
    if _outside(found.outside_margin):
        return AskAnswer(
            question=question, found=False, guide_id=None, guide_title="", guide_summary="",
            articles=(), next_step=f"这不像是法律问题。请问大厅的工作人员，或拨打 {hotline} 咨询。",
            sources=(), outside=True,
        )  # fmt: skip
    best = next(iter(found.of_kind("guide")), None)
    guide_id = best.id if best is not None and _fits(best) else None
    if guide_id and best is not None and engine.synonyms.outside_in(normalize(question)):
        guide_id = best.id if _about_beyond_errand(question, best, engine) else None
    guide = source.guide_record(guide_id) if guide_id else None
    articles = tuple(
        QuotedArticle(law=r.law, law_id=r.law_id, article=r.article, title=r.title, text=r.text)
        for r in found.of_kind("law")[:ARTICLES]
    )
    if guide is not None and guide.where:
        next_step = f"{guide.where[0]}（也可以拨打 {hotline} 咨询）"
    else:
        next_step = f"拨打 {hotline} 公共法律服务热线，请工作人员帮您看看下一步怎么办。"
    sources = tuple(a.source for a in articles)
    if guide is not None:
        sources = (f"指南：{guide.title}", *sources)
    return AskAnswer(
        question=question,
        found=bool(guide is not None or articles),
        guide_id=guide.id if guide is not None else None,
        guide_title=guide.title if guide is not None else "",
        guide_summary=guide.summary if guide is not None else "",
        articles=articles,
        next_step=next_step,
        sources=sources,
    )


def _about_beyond_errand(question: str, best: SearchResult, engine: SearchEngine) -> bool:
    """Whether a question mentioning an errand no guide is for is still about guide `best`."""
    if best.about < ERRAND_ABOUT:
        return False
    rest = normalize(question)
    for phrase in engine.synonyms.outside_in(rest):
        rest = rest.replace(phrase, " ")
    again = next(iter(engine.search(rest, limit=5).of_kind("guide")), None)
    return again is not None and again.id == best.id and _fits(again) and again.about >= ERRAND_REST_ABOUT


def _outside(margin: float | None) -> bool:
    """Whether the classifier finds the question one no guide is for (more likely than the best
    guide by more than ASK_OUTSIDE_MARGIN)."""
    return margin is not None and margin > ASK_OUTSIDE_MARGIN


def _fits(guide: SearchResult) -> bool:
    if guide.all_first and guide.grams >= ASK_UNANIMOUS_GRAMS:
        return True
    if guide.about <= 0:
        return False
    agreed = guide.grams_rank == 1 and guide.grams >= ASK_MIN_GRAMS
    return guide.coverage >= ASK_MIN_COVERAGE or agreed
