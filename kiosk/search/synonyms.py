"""The lay-term → legal-term synonym table (assets/content/synonyms.toml) and query expansion."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.lay_phrases import has_long_number

SYNONYMS_TOML = Path(__file__).resolve().parents[2] / "assets" / "content" / "synonyms.toml"


class SynonymError(Exception):
    """The synonym table cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class SynonymTable:
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dictionary: tuple[str, ...] = ()
    # Phrases of errands no guide is for (补办身份证, 上户口, 低保, 火车票): Ask names a guide for
    # such a question only when the question is clearly about that guide (kiosk.search.ask).
    outside: tuple[str, ...] = ()
    # Whole questions no guide is for, in visitors' words (身份证丢了咋补办, 厕所在哪): the
    # classifier's class for "none of the guides" (kiosk.search.guide_bayes.OUTSIDE).
    outside_asked: tuple[str, ...] = ()

    def outside_in(self, text: str) -> list[str]:
        """The errands of `outside` that `text` (normalised) mentions."""
        return [phrase for phrase in self.outside if phrase in text]

    @property
    def all_words(self) -> list[str]:
        """Every word the segmenter must keep whole: lay terms, legal terms, extra words."""
        words = set(self.dictionary) | set(self.synonyms)
        for terms in self.synonyms.values():
            words.update(terms)
        return sorted(words)

    def expansions(self, *, words: list[str], text: str) -> dict[str, tuple[str, ...]]:
        """Lay terms found in a query → their legal terms.

        A word of the segmented query matches exactly. A lay term of two or more characters also
        matches as a substring of the query, because jieba may glue it to a neighbour ("我能告他"
        → 能告/他); a one-character term (告, 赔) only matches as a whole word, or it would fire
        inside unrelated words (告诉, 赔率).
        """
        found: dict[str, tuple[str, ...]] = {}
        for word in words:
            if word in self.synonyms:
                found[word] = self.synonyms[word]
        for lay, terms in self.synonyms.items():
            if len(lay) >= 2 and lay not in found and lay in text:
                found[lay] = terms
        return found

    def as_json(self) -> dict[str, Any]:
        return {
            "synonyms": {k: list(v) for k, v in self.synonyms.items()},
            "dictionary": list(self.dictionary),
            "outside": list(self.outside),
            "outside_asked": list(self.outside_asked),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SynonymTable:
        return cls(
            synonyms={str(k): tuple(str(t) for t in v) for k, v in data["synonyms"].items()},
            dictionary=tuple(str(w) for w in data.get("dictionary", ())),
            outside=tuple(str(w) for w in data.get("outside", ())),
            outside_asked=tuple(str(w) for w in data.get("outside_asked", ())),
        )


def load_synonyms(path: Path = SYNONYMS_TOML) -> SynonymTable:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SynonymError(f"无法读取同义词表 {path}: {exc} (cannot read the synonym table)") from exc
    table = raw.get("synonyms")
    if not isinstance(table, dict) or not table:
        raise SynonymError(f"{path}: 缺少 [synonyms] 表 (the [synonyms] table is missing)")
    synonyms: dict[str, tuple[str, ...]] = {}
    for lay, terms in table.items():
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) for t in terms):
            raise SynonymError(f"{path}: {lay} 应为非空的词语列表 (must be a list of words)")
        synonyms[lay.strip()] = tuple(t.strip() for t in terms if t.strip())
    words = raw.get("dictionary", {}).get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise SynonymError(f"{path}: [dictionary] words 应为词语列表 (must be a list of words)")
    outside = raw.get("outside", {}).get("phrases", [])
    if not isinstance(outside, list) or not all(isinstance(w, str) and w.strip() for w in outside):
        raise SynonymError(f"{path}: [outside] phrases 应为词语列表 (must be a list of phrases)")
    asked = raw.get("outside", {}).get("asked", [])
    if not isinstance(asked, list) or not all(isinstance(w, str) and w.strip() for w in asked):
        raise SynonymError(f"{path}: [outside] asked 应为问句列表 (must be a list of questions)")
    if any(has_long_number(w) for w in asked):
        raise SynonymError(f"{path}: [outside] asked 里不能有电话号码或证件号 (no phone or ID number)")
    return SynonymTable(
        synonyms=synonyms,
        dictionary=tuple(w.strip() for w in words),
        outside=tuple(w.strip() for w in outside),
        outside_asked=tuple(dict.fromkeys(w.strip() for w in asked)),
    )
