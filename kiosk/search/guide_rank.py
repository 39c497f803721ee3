"""Guides ranked with the evidence of their FAQ entries: a visitor's wording is often closer to
one of a guide's common questions (written in visitors' words) than to the guide's own title."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

# An FAQ entry's match counts fully for its guide (0.8, 0.9 and 1.0 were tried on the
# development set, and a bonus for several matching entries of one guide: full share, no bonus
# ranked best).
FAQ_SHARE = 1.0


class _Ranked(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def coverage(self) -> float: ...
    @property
    def about(self) -> float: ...
    @property
    def guide(self) -> str: ...


R = TypeVar("R", bound=_Ranked)


def fuse_guides(guides: Sequence[R], faqs: Sequence[_Ranked], fetch: Callable[[str], R | None]) -> list[R]:
    """The guides re-scored with their FAQ entries' matches, best first. A guide found only
    through its FAQ is fetched and joins the list."""
    support: dict[str, list[_Ranked]] = {}
    for faq in faqs:
        if faq.guide:
            support.setdefault(faq.guide, []).append(faq)
    by_id = {g.id: g for g in guides}
    for guide_id in support:
        if guide_id not in by_id and (found := fetch(guide_id)) is not None:
            by_id[guide_id] = replace(found, score=0.0, coverage=0.0, about=0.0)  # type: ignore[type-var]
    fused = []
    for guide_id, guide in by_id.items():
        entries = support.get(guide_id)
        if entries:
            best = max(entries, key=lambda f: f.score)
            score = max(guide.score, FAQ_SHARE * best.score)
            coverage = max(guide.coverage, best.coverage)
            about = max(guide.about, max(f.about for f in entries))
            guide = replace(guide, score=score, coverage=coverage, about=about)  # type: ignore[type-var]
        fused.append(guide)
    return sorted(fused, key=lambda g: -g.score)
