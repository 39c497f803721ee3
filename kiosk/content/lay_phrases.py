"""Visitors' own words for law articles (assets/content/lay_phrases/*.toml).

Law texts say 劳动报酬, 用人单位, 承租人; visitors say 工钱, 老板, 租房的. A synonym table maps
single words, but most of what a visitor asks is a situation ("房东扣着押金不退", "被邻居家的狗咬
了"), and the article that answers it may share no word with the question. So content editors
write, per article, the phrases a visitor uses when that article is what answers them; the search
index holds them in a field of their own beside the article text. One file per law (or per slice
of a long law), keyed by article number ("38-1" for 第三十八条之一):

    law = "中华人民共和国民法典"
    [articles]
    721 = ["房租什么时候交", "租房没说哪天交租金"]

Checked at pack build like citations are: the law must be imported, the article must exist, and
a phrase must be short, Chinese, and free of anything that looks like a phone or ID number.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

LAY_PHRASES_DIR = "lay_phrases"
MIN_PHRASE_CHARS, MAX_PHRASE_CHARS = 2, 40
MAX_PHRASES_PER_ARTICLE = 8
_KEY = re.compile(r"^([1-9][0-9]{0,3})(?:-([1-9][0-9]?))?$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A run of 6+ digits in a phrase could only be a phone, ID or account number: never content.
_LONG_NUMBER = re.compile(r"[0-9０-９]{6,}")



def has_long_number(text: str) -> bool:
    """Whether `text` holds a run of six or more digits (half- or full-width): a phone, ID or
    account number, which no phrase written for search may carry."""
    return _LONG_NUMBER.search(text) is not None


ArticleExists = Callable[[str, int, int], bool]
"""(law name, article number, sub-number) -> is that article in the imported text."""

# law name -> "number" or "number-sub" -> phrases
LayPhrases = dict[str, dict[str, tuple[str, ...]]]


class LayPhraseError(Exception):
    """The lay-phrase files have problems; `problems` lists every one with its file and key."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        lines = [f"俗语短语有 {len(problems)} 处问题 (lay phrases have {len(problems)} problems):"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


def article_key(number: int, sub: int = 0) -> str:
    return f"{number}-{sub}" if sub else str(number)


def parse_key(key: str) -> tuple[int, int] | None:
    match = _KEY.match(key.strip())
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def _phrase_problem(phrase: object) -> str | None:
    if not isinstance(phrase, str):
        return "不是文字 (not a string)"
    text = phrase.strip()
    if not MIN_PHRASE_CHARS <= len(text) <= MAX_PHRASE_CHARS:
        return f"长度应为 {MIN_PHRASE_CHARS}–{MAX_PHRASE_CHARS} 字 (length out of range)"
    if not _HAN.search(text):
        return "没有汉字 (no Chinese characters)"
    if has_long_number(text):
        return "含有像电话或证件号的长数字 (contains a long number)"
    return None


def _load_file(path: Path, exists: ArticleExists, problems: list[str], out: LayPhrases) -> None:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"{path.name}: 无法读取 (cannot read): {exc}")
        return
    law = raw.get("law")
    articles = raw.get("articles")
    if not isinstance(law, str) or not law.strip():
        problems.append(f"{path.name}: 缺少 law (the law's full name is missing)")
        return
    if not isinstance(articles, dict) or not articles:
        problems.append(f"{path.name}: 缺少 [articles] 表 (the [articles] table is missing)")
        return
    target = out.setdefault(law, {})
    for key, phrases in articles.items():
        where = f"{path.name} [{key}]"
        parsed = parse_key(str(key))
        if parsed is None:
            problems.append(f'{where}: 条号写法不对，应为 721 或 "38-1" (bad article key)')
            continue
        if not exists(law, *parsed):
            problems.append(f"{where}: 《{law}》没有这一条 (no such article in the imported text)")
            continue
        if not isinstance(phrases, list) or not phrases:
            problems.append(f"{where}: 应为非空的短语列表 (must be a non-empty list)")
            continue
        if len(phrases) > MAX_PHRASES_PER_ARTICLE:
            problems.append(f"{where}: 短语太多，最多 {MAX_PHRASES_PER_ARTICLE} 个 (too many phrases)")
            continue
        bad = [(p, why) for p in phrases if (why := _phrase_problem(p)) is not None]
        if bad:
            problems.extend(f"{where}: “{p}” {why}" for p, why in bad)
            continue
        normal = article_key(*parsed)
        if normal in target:
            problems.append(f"{where}: 这一条在别的文件里已经写过 (article annotated twice)")
            continue
        target[normal] = tuple(dict.fromkeys(p.strip() for p in phrases))


def load_lay_phrases(content_dir: Path, exists: ArticleExists) -> LayPhrases:
    """Every lay-phrase file under content_dir/lay_phrases, checked; raises LayPhraseError."""
    folder = content_dir / LAY_PHRASES_DIR
    problems: list[str] = []
    out: LayPhrases = {}
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        _load_file(path, exists, problems, out)
    if problems:
        raise LayPhraseError(problems)
    return {law: dict(sorted(items.items(), key=lambda kv: parse_key(kv[0]) or (0, 0)))
            for law, items in sorted(out.items()) if items}  # fmt: skip


def lay_phrases_from_json(data: object) -> LayPhrases:
    """The pack's lay_phrases.json; anything malformed is dropped (search works without it)."""
    out: LayPhrases = {}
    if not isinstance(data, Mapping):
        return out
    for law, items in data.items():
        if isinstance(law, str) and isinstance(items, Mapping):
            out[law] = {
                str(k): tuple(p for p in v if isinstance(p, str))
                for k, v in items.items()
                if isinstance(v, list)
            }
    return out


def phrases_for(lay: Mapping[str, Mapping[str, tuple[str, ...]]], law: str, number: int, sub: int) -> str:
    """The phrases of one article as text to index, one a line ("" when there are none)."""
    return "\n".join(lay.get(law, {}).get(article_key(number, sub), ()))


# Characters too common to say two phrases are about the same thing.
_COMMON_CHARS = frozenset("不的了吗呢吧啊呀我你他她它们能是有在要会和就也都还没么怎什这那个给到说对上下来去")
# A phrase is shown beside a result only when it shares this many other characters with the query.
MIN_SHARED_CHARS = 2


def closest_phrase(phrases: tuple[str, ...] | list[str], query: str) -> str:
    """The phrase sharing the most telling Chinese characters with the query ("" when none shares
    at least MIN_SHARED_CHARS): shown beside a search result so the visitor sees their own
    situation in it, and never a phrase that only shares 不 or 的 with what they asked."""
    wanted = set(_HAN.findall(query)) - _COMMON_CHARS
    best, best_shared = "", MIN_SHARED_CHARS - 1
    for phrase in phrases:
        shared = len(wanted & set(_HAN.findall(phrase)))
        if shared > best_shared:
            best, best_shared = phrase, shared
    return best
