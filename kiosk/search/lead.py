"""Guide-led law ranking: when a guide clearly matches, the articles it cites come first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

# A guide leads only when it (or one of its FAQ entries) contains at least this share of the
# query's concepts, IDF-weighted. Coverage, not the BM25-based score, because BM25 is normalised
# to the best candidate: the best of ten poor guides would always look good.
MIN_LEAD_COVERAGE = 0.5
# How many guides and FAQ entries are looked at to choose the lead, even for a law-only search.
LEAD_POOL = 5


class _Scored(Protocol):
    """What the lead needs from a result (kiosk.search.engine.SearchResult has these fields)."""

    @property
    def id(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def coverage(self) -> float: ...
    @property
    def cites(self) -> tuple[str, ...]: ...
    @property
    def guide(self) -> str: ...
    @property
    def exact(self) -> bool: ...


R = TypeVar("R", bound=_Scored)


@dataclass(frozen=True)
class Lead:
    guide_id: str
    score: float
    # Article ids the lead guide's author chose for this problem, the matching FAQ's first.
    cites: tuple[str, ...]


def choose_lead(guides: Sequence[_Scored], faqs: Sequence[_Scored]) -> Lead | None:
    """The guide that best covers the query, directly or through one of its FAQ entries."""
    best: Lead | None = None
    candidates = [(g.id, g.coverage, g.cites) for g in guides]
    # An FAQ question is a visitor's own wording; matching it is as good as matching the guide,
    # and its own citations answer that question most directly, so they come first.
    guide_cites = {g.id: g.cites for g in guides}
    candidates += [
        (f.guide, f.coverage, tuple(dict.fromkeys((*f.cites, *guide_cites.get(f.guide, ())))))
        for f in faqs
        if f.guide
    ]
    for guide_id, coverage, cites in candidates:
        if coverage >= MIN_LEAD_COVERAGE and (best is None or coverage > best.score):
            best = Lead(guide_id=guide_id, score=coverage, cites=cites)
    return best


def apply_lead(laws: Sequence[R], lead: Lead | None, fetch: Callable[[str], R | None]) -> list[R]:
    """Cited articles the search found (best first), then the other cited ones in the guide's
    order, then the remaining results. A query naming an article number keeps that first."""
    if lead is None or not lead.cites or any(r.exact for r in laws):
        return list(laws)
    found = {r.id: r for r in laws}
    cited_found = sorted((found[c] for c in lead.cites if c in found), key=lambda r: -r.score)
    cited_other = [a for c in lead.cites if c not in found and (a := fetch(c)) is not None]
    cited = set(lead.cites)
    return [*cited_found, *cited_other, *(r for r in laws if r.id not in cited)]
