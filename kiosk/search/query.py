"""Understands a visitor's query: law names, article numbers, and the words to look for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.content.numerals import MAX_ARTICLE, NUMERAL_CHARS, parse_number
from kiosk.search.documents import LawName
from kiosk.search.segment import normalize

# A query longer than this is cut: nobody types more at a kiosk, and it bounds the work per query.
MAX_QUERY_CHARS = 200

_AFTER_LAW = re.compile(
    rf"^\s*(?:的)?\s*(第)?\s*([{NUMERAL_CHARS}]+)\s*(条)?(?:\s*之\s*([{NUMERAL_CHARS}]+))?"
)
_BARE = re.compile(rf"第\s*([{NUMERAL_CHARS}]+)\s*条(?:\s*之\s*([{NUMERAL_CHARS}]+))?")


@dataclass(frozen=True)
class ArticleRef:
    law_id: str | None  # None: "第1079条" without a law — any law with that article
    number: int
    sub: int = 0


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    # `rest` is the text with law names and article numbers taken out: what is left to look up.
    rest: str
    laws: tuple[str, ...] = ()
    refs: tuple[ArticleRef, ...] = ()
    notes: list[str] = field(default_factory=list)


class LawNameMatcher:
    """Finds law names and abbreviations in a query, longest first."""

    def __init__(self, laws: list[LawName]) -> None:
        pairs = {(name, law.law_id) for law in laws for name in law.names}
        # Longest first, so 劳动合同法 wins over 劳动法 inside "劳动合同法第三十条".
        self._names = sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, law_id) of non-overlapping law names in `text`."""
        taken: list[tuple[int, int, str]] = []
        for name, law_id in self._names:
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if all(end <= s or start >= e for s, e, _ in taken):
                    taken.append((start, end, law_id))
                start = text.find(name, end)
        return sorted(taken)


def _number(text: str | None) -> int | None:
    if not text:
        return 0
    value = parse_number(text)
    return value if value is not None and 0 < value <= MAX_ARTICLE else None


def parse_query(raw: str, matcher: LawNameMatcher) -> ParsedQuery:
    text = normalize(raw)[:MAX_QUERY_CHARS].strip()
    refs: list[ArticleRef] = []
    laws: list[str] = []
    cut: list[tuple[int, int]] = []
    for start, end, law_id in matcher.find(text):
        laws.append(law_id)
        cut.append((start, end))
        match = _AFTER_LAW.match(text[end:])
        if match is None:
            continue
        has_marker = bool(match.group(1) or match.group(3))
        digits_only = match.group(2).isdigit()
        number, sub = _number(match.group(2)), _number(match.group(4))
        # "民法典1079" counts; "劳动法三" does not (no 第/条 and not Arabic digits).
        if number and sub is not None and (has_marker or digits_only):
            refs.append(ArticleRef(law_id, number, sub))
            cut.append((end, end + match.end()))
    for match in _BARE.finditer(text):
        if any(s <= match.start() < e for s, e in cut):
            continue
        number, sub = _number(match.group(1)), _number(match.group(2))
        if number and sub is not None:
            refs.append(ArticleRef(None, number, sub))
            cut.append((match.start(), match.end()))
    rest = "".join(" " if any(s <= i < e for s, e in cut) else ch for i, ch in enumerate(text))
    return ParsedQuery(text=text, rest=rest, laws=tuple(dict.fromkeys(laws)), refs=tuple(refs))
