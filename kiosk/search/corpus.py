"""The full law corpus (every in-force text in laws.db) as a cached search index."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.content.laws_import import LawPlan, short_name, split_headings
from kiosk.content.lay_phrases import LayPhrases, phrases_for
from kiosk.content.numerals import parse_article_label, parse_number
from kiosk.search.documents import (
    Document,
    LawName,
    article_doc_id,
    content_documents,
    subject_heading,
)
from kiosk.search.index import INDEX_VERSION, build_index, index_source
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import SynonymTable

CACHE_DIR_NAME = "search-cache"
_ITEM = re.compile(r"^条目([零〇一二两三四五六七八九十百千0-9]+)$")


class CorpusError(Exception):
    """The corpus file cannot be indexed; the message says why."""


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def in_force_rows(conn: sqlite3.Connection, plan: LawPlan) -> list[sqlite3.Row]:
    """One row of `laws` per law in force on plan.as_of.

    Laws listed in laws.toml follow their recorded decision. For the others the labels are
    corrected the same way: a text that takes effect after as_of is skipped (its 历史版本 row, if
    any, is the one in force), 已废止 texts are skipped, and of several candidates the latest
    version wins.
    """
    chosen: list[sqlite3.Row] = []
    by_name: dict[str, list[sqlite3.Row]] = {}
    for row in conn.execute("SELECT * FROM laws ORDER BY law_name, version_date"):
        by_name.setdefault(row["law_name"], []).append(row)
    for name, rows in by_name.items():
        decision = plan.decision_for(name)
        if decision is not None:
            chosen.extend(r for r in rows if decision.decision == "import" and r["law_id"] == decision.law_id)
            continue
        candidates = [
            r for r in rows
            if r["status"] != "已废止" and (r["effective_date"] or "") <= plan.as_of
        ]  # fmt: skip
        if candidates:
            chosen.append(max(candidates, key=lambda r: r["version_date"] or ""))
    return chosen


def _number(label: str, arabic: int | None) -> tuple[int, int]:
    parsed = parse_article_label(label)
    if parsed is not None:
        return parsed
    item = _ITEM.match(label)
    if item is not None:  # amendments number their items 条目一, 条目二 …
        return parse_number(item.group(1)) or 0, 0
    return (arabic or 0), 0  # "全文": a document without numbered articles → article 0


def corpus_documents(
    db_path: Path, plan: LawPlan, lay: LayPhrases | None = None
) -> tuple[list[Document], list[LawName]]:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        laws = in_force_rows(conn, plan)
        docs: list[Document] = []
        names: list[LawName] = []
        for order, law in enumerate(laws):
            decision = plan.decision_for(law["law_name"])
            short = short_name(law["law_name"])
            names.append(LawName(law_id=law["law_id"], name=law["law_name"], short_name=short,
                                 aliases=decision.aliases if decision else (),
                                 curated=decision is not None, order=order))  # fmt: skip
            # Lay phrases belong to the text laws.toml imports; another version's numbering may differ.
            phrases = (lay or {}).get(law["law_name"], {}) if decision is not None else {}
            docs.extend(_articles(conn, law["law_id"], law["law_name"], short, phrases))
    except sqlite3.Error as exc:
        raise CorpusError(f"{db_path} 不是可用的法律数据库: {exc} (not a laws.db file)") from exc
    finally:
        conn.close()
    return docs, names


def _articles(
    conn: sqlite3.Connection, law_id: str, name: str, short: str, lay: dict[str, tuple[str, ...]]
) -> Iterator[Document]:
    seen: set[str] = set()
    rows = conn.execute(
        "SELECT id, chapter, section, article_no, article_no_arabic, article_text FROM articles "
        "WHERE law_id = ? ORDER BY id",
        (law_id,),
    )
    for row in rows:
        label = str(row["article_no"] or "")
        number, sub = _number(label, row["article_no_arabic"])
        doc_id = article_doc_id(law_id, number, sub)
        if doc_id in seen:
            doc_id = f"{doc_id}#{row['id']}"
        seen.add(doc_id)
        heading = subject_heading(str(row["chapter"] or ""), str(row["section"] or ""))
        text, _ = split_headings(str(row["article_text"] or ""))
        yield Document(
            kind="law", doc_id=doc_id, title=f"{short} {label}", index_title="",
            keywords=f"{heading} {short}", body=text, text=text, law_id=law_id, law_name=name,
            article=number, sub=sub, lay=phrases_for({name: lay}, name, number, sub),
        )  # fmt: skip


def corpus_index(
    db_path: Path,
    *,
    cache_dir: Path,
    plan: LawPlan,
    synonyms: SynonymTable,
    segmenter: Segmenter,
    content: dict[str, Any] | None = None,
    lay: LayPhrases | None = None,
) -> Path:
    """The index of the whole corpus, built on first use and reused while nothing changed.

    The file is named after the corpus file's hash; the key recorded inside also covers the law
    plan, the synonyms, the guides/FAQ added beside it, the lay phrases and the index version, so changing any
    of them rebuilds it.
    """
    if not db_path.is_file():
        raise CorpusError(f"找不到法律数据库 {db_path} (corpus file not found)")
    digest = file_hash(db_path)
    extra = hashlib.sha256(
        json.dumps(
            [repr(plan), synonyms.as_json(), content or {}, lay or {}, INDEX_VERSION],
            ensure_ascii=False, sort_keys=True,
        ).encode()
    ).hexdigest()  # fmt: skip
    path = cache_dir / f"corpus-{digest[:16]}.sqlite"
    key = f"{digest}:{extra}"
    if path.is_file() and index_source(path) == key:
        return path
    docs, names = corpus_documents(db_path, plan, lay)
    docs.extend(content_documents(content or {}, lay))
    build_index(path, documents=docs, laws=names, synonyms=synonyms, segmenter=segmenter,
                source=key)  # fmt: skip
    return path


def pack_extras(pack_dir: Path) -> tuple[dict[str, Any], LayPhrases]:
    """A built pack's guides/FAQ (content.json) and lay phrases, to search beside a full corpus
    the way the kiosk searches them beside its own laws. Missing files give empty extras."""
    from kiosk.content.pack import CONTENT_FILE, read_lay_phrases

    path = pack_dir / CONTENT_FILE
    try:
        content = json.loads(path.read_text("utf-8")) if path.is_file() else {}
        lay = read_lay_phrases(pack_dir)
    except (OSError, ValueError) as exc:
        raise CorpusError(f"内容包文件无法读取 {pack_dir}: {exc} (unreadable pack file)") from exc
    return (content if isinstance(content, dict) else {}), lay
