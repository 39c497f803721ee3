"""Who checked which guide, FAQ entry and lay phrase against which law text, and what is stale.

Legal information shown to visitors must be signed off by a practising lawyer. A sign-off is a
record in `assets/content/reviews/**/*.toml`, kept apart from the entry itself so that signing is
a small diff a second person can read:

    [[review]]
    entry = "faq:consumer-deposit-double"
    hash = "3f2a9c0d41e87b55"          # the entry's content hash when it was read
    kind = "lawyer"                    # or "content-check" (the content team, not a lawyer)
    reviewer = "张三律师（某某律师事务所，执业证号 …）"
    date = 2026-12-01
    laws = [{ law = "中华人民共和国民法典", law_id = "7772c5d4af34", version_date = "2020-05-28" }]

A record goes stale when the entry changes (its hash differs) or when a law it cites is no
longer the text that was read (law_id or version_date differ, or the law was not listed). Only
`kind = "lawyer"` records make an entry reviewed; a content check is shown but never counts.
The pack carries the records (`reviews.json`); with the pack's content, lay phrases and laws
that is enough to work out the status from a built pack alone (the server console does that).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REVIEWS_DIR = "reviews"
REVIEWS_FILE = "reviews.json"
KINDS = ("lawyer", "content-check")
LAWYER = "lawyer"
REVIEWED, STALE, UNREVIEWED = "reviewed", "stale", "unreviewed"
_HASH_CHARS = 16


class ReviewError(Exception):
    """The review files have problems; the message lists each with its file."""


@dataclass(frozen=True)
class LawVersion:
    law: str
    law_id: str
    version_date: str


@dataclass(frozen=True)
class Entry:
    """One reviewable unit: a guide, an FAQ entry, or the lay phrases of one article."""

    id: str  # "guide:<id>", "faq:<id>", "lay:<law name>:<article key>"
    kind: str  # guide | faq | lay
    title: str
    hash: str
    chars: int  # characters of the entry's own text
    article_chars: int  # characters of the cited articles' text the reviewer reads beside it
    laws: tuple[LawVersion, ...]
    group: str = ""  # the topic (guides, FAQ) or the law's short name (lay phrases): its reviews file


@dataclass(frozen=True)
class Review:
    entry: str
    hash: str
    kind: str
    reviewer: str
    date: str
    laws: tuple[LawVersion, ...]
    note: str = ""
    file: str = ""


@dataclass(frozen=True)
class EntryStatus:
    entry: Entry
    state: str  # reviewed | stale | unreviewed
    reasons: tuple[str, ...] = ()
    lawyer: Review | None = None
    content_check: Review | None = None  # the latest current content check, if any
    content_check_reasons: tuple[str, ...] = field(default=())

    @property
    def size(self) -> int:
        return self.entry.chars + self.entry.article_chars


def content_hash(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_CHARS]


def _text_chars(values: Iterable[Any]) -> int:
    total = 0
    for value in values:
        if isinstance(value, str):
            total += len(value)
        elif isinstance(value, list | tuple):
            total += _text_chars(value)
    return total


# --- entries of a pack ----------------------------------------------------------------------------


def entries_of(
    content: Mapping[str, Any], lay: Mapping[str, Mapping[str, Any]], laws: Iterable[Any]
) -> list[Entry]:
    """The reviewable entries of a pack's content.json, lay_phrases.json and laws.json data."""
    versions: dict[str, LawVersion] = {}
    texts: dict[tuple[str, str], str] = {}
    for law in laws:
        versions[law["name"]] = LawVersion(law["name"], str(law["id"]), str(law["version_date"]))
        for art in law["articles"]:
            key = f"{art['number']}-{art['sub']}" if art["sub"] else str(art["number"])
            texts[(law["name"], key)] = str(art.get("text", ""))

    def cited(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[LawVersion, ...], int]:
        pairs = sorted(set(pairs))
        names = sorted({law for law, _ in pairs})
        found = tuple(versions.get(n, LawVersion(n, "", "")) for n in names)
        return found, sum(len(texts.get(p, "")) for p in pairs)

    out: list[Entry] = []
    for guide in content.get("guides", ()):
        own = [guide[k] for k in ("title", "summary", "steps", "documents", "where", "time_limits")]
        own += [c.get("note", "") for c in guide["citations"]]
        found, art_chars = cited((c["law"], str(c["article"])) for c in guide["citations"])
        # How visitors ask (`asked`) steers search only and states no rule: editing it does not
        # send the guide back to review, and a pack from before the field hashes as it did.
        reviewed = {k: v for k, v in guide.items() if k != "asked"}
        out.append(Entry(f"guide:{guide['id']}", "guide", guide["title"], content_hash(reviewed),
                         _text_chars(own), art_chars, found, guide["topic"]))  # fmt: skip
    for faq in content.get("faqs", ()):
        found, art_chars = cited((c["law"], str(c["article"])) for c in faq["citations"])
        own_chars = _text_chars([faq["question"], faq["answer"]])
        out.append(Entry(f"faq:{faq['id']}", "faq", faq["question"], content_hash(faq),
                         own_chars, art_chars, found, faq["topic"]))  # fmt: skip
    for law, items in lay.items():
        for key, phrases in items.items():
            found, art_chars = cited([(law, key)])
            data = {"law": law, "article": key, "phrases": list(phrases)}
            short = law.removeprefix("中华人民共和国")
            out.append(Entry(f"lay:{law}:{key}", "lay", f"《{short}》第{key}条的俗语短语",
                             content_hash(data), _text_chars(phrases), art_chars, found, short))  # fmt: skip
    return out


# --- review records ------------------------------------------------------------------------------


def _law_versions(raw: Any, where: str, problems: list[str]) -> tuple[LawVersion, ...]:
    if not isinstance(raw, list):
        problems.append(f"{where}: laws 应为列表 (laws must be a list)")
        return ()
    out = []
    for item in raw:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("law", "law_id", "version_date")
        ):
            problems.append(
                f"{where}: laws 的每一项要有 law、law_id、version_date (each law needs all three)"
            )
            continue
        out.append(LawVersion(item["law"], item["law_id"], item["version_date"]))
    return tuple(out)


def load_reviews(content_dir: Path) -> list[Review]:
    """Every record under content_dir/reviews (none when the folder is absent); ReviewError lists
    malformed records, because a sign-off that silently does not count is worse than an error."""
    folder = content_dir / REVIEWS_DIR
    problems: list[str] = []
    out: list[Review] = []
    for path in sorted(folder.rglob("*.toml")) if folder.is_dir() else []:
        name = path.relative_to(content_dir).as_posix()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{name}: 无法读取 (cannot read): {exc}")
            continue
        records = data.get("review", [])
        if set(data) - {"review"} or not isinstance(records, list):
            problems.append(f"{name}: 只能有 [[review]] 记录 (only [[review]] tables are allowed)")
            continue
        for index, rec in enumerate(records):
            where = f"{name} review[{index}]"
            out.extend(_record(rec, where, name, problems))
    if problems:
        raise ReviewError(
            "审核记录有问题 (review records have problems):\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return out


def _record(rec: Any, where: str, name: str, problems: list[str]) -> list[Review]:
    allowed = {"entry", "hash", "kind", "reviewer", "date", "laws", "note"}
    if not isinstance(rec, dict):
        problems.append(f"{where}: 应为表 (must be a table)")
        return []
    extra = set(rec) - allowed
    if extra:
        problems.append(f"{where}: 未知字段 {sorted(extra)} (unknown keys)")
    texts = {k: rec.get(k) for k in ("entry", "hash", "kind", "reviewer")}
    missing = [k for k, v in texts.items() if not isinstance(v, str) or not v.strip()]
    if missing:
        problems.append(f"{where}: 缺少 {', '.join(missing)} (missing fields)")
        return []
    if texts["kind"] not in KINDS:
        problems.append(f"{where}: kind 应为 {' 或 '.join(KINDS)} (unknown kind {texts['kind']!r})")
        return []
    date = rec.get("date")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        problems.append(f"{where}: date 应为日期，例如 2026-12-01 (date must be a TOML date)")
        return []
    laws = _law_versions(rec.get("laws", []), where, problems)
    return [Review(str(texts["entry"]), str(texts["hash"]), str(texts["kind"]), str(texts["reviewer"]),
                   date.isoformat(), laws, str(rec.get("note", "")), name)]  # fmt: skip


# --- status --------------------------------------------------------------------------------------


def _why_stale(entry: Entry, review: Review) -> tuple[str, ...]:
    reasons = []
    if review.hash != entry.hash:
        reasons.append(f"内容在 {review.date} 审核后改过 (entry changed after review)")
    read = {v.law: v for v in review.laws}
    for now in entry.laws:
        short = now.law.removeprefix("中华人民共和国")
        then = read.get(now.law)
        if then is None:
            reasons.append(f"审核时没有核对《{short}》 (law not reviewed against)")
        elif (then.law_id, then.version_date) != (now.law_id, now.version_date):
            reasons.append(
                f"《{short}》条文版本已变：审核时 {then.version_date} ({then.law_id})，现在 "
                f"{now.version_date} ({now.law_id}) (cited law changed since review)"
            )
    return tuple(reasons)


def _latest(reviews: Iterable[Review]) -> Review | None:
    latest = None
    for review in reviews:  # later in file order wins on the same date
        if latest is None or review.date >= latest.date:
            latest = review
    return latest


def statuses(entries: Iterable[Entry], reviews: Iterable[Review]) -> list[EntryStatus]:
    """Each entry's state from its latest lawyer record (content checks are carried along)."""
    by_entry: dict[str, list[Review]] = {}
    for review in reviews:
        by_entry.setdefault(review.entry, []).append(review)
    out = []
    for entry in entries:
        mine = by_entry.get(entry.id, [])
        lawyer = _latest(r for r in mine if r.kind == LAWYER)
        check = _latest(r for r in mine if r.kind != LAWYER)
        check_reasons = _why_stale(entry, check) if check else ()
        reasons: tuple[str, ...]
        if lawyer is None:
            state, reasons = UNREVIEWED, ("没有律师审核记录 (no lawyer sign-off)",)
        else:
            reasons = _why_stale(entry, lawyer)
            state = STALE if reasons else REVIEWED
        out.append(EntryStatus(entry, state, reasons, lawyer, check, check_reasons))
    return out


def needing_review(items: Iterable[EntryStatus]) -> list[EntryStatus]:
    """Entries a lawyer still has to read, smallest first (entry text plus cited articles), so
    a lawyer with half an hour clears the most entries."""
    todo = [s for s in items if s.state != REVIEWED]
    return sorted(todo, key=lambda s: (s.size, s.entry.id))


def orphans(entries: Iterable[Entry], reviews: Iterable[Review]) -> list[Review]:
    """Records naming an entry that no longer exists (renamed or deleted): listed, never fatal."""
    ids = {e.id for e in entries}
    return [r for r in reviews if r.entry not in ids]


# --- in a pack -----------------------------------------------------------------------------------


def reviews_json(reviews: Iterable[Review]) -> dict[str, Any]:
    """The pack's reviews.json: only the records (law versions written once in a table). The
    entries' hashes are worked out from the pack's own content, so editing a guide does not
    change this file and a delta update moves only content.json."""
    versions: dict[LawVersion, int] = {}
    records = []
    for r in sorted(reviews, key=lambda r: (r.entry, r.date, r.kind, r.reviewer)):
        laws = [versions.setdefault(v, len(versions)) for v in r.laws]
        record = {"entry": r.entry, "hash": r.hash, "kind": r.kind, "reviewer": r.reviewer, "date": r.date}
        records.append({**record, "laws": laws, **({"note": r.note} if r.note else {})})
    table = [[v.law, v.law_id, v.version_date] for v in versions]
    return {"format": 1, "law_versions": table, "records": records}


def records_from_json(data: Any) -> list[Review]:
    """The records of a pack's reviews.json (ValueError when it is malformed)."""
    try:
        table = [LawVersion(str(a), str(b), str(c)) for a, b, c in data["law_versions"]]
        return [
            Review(str(r["entry"]), str(r["hash"]), str(r["kind"]), str(r["reviewer"]), str(r["date"]),
                   tuple(table[i] for i in r["laws"]), str(r.get("note", "")))
            for r in data["records"]
        ]  # fmt: skip
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"reviews.json is malformed: {exc!r}") from exc


def pack_statuses(pack_dir: Path) -> list[EntryStatus] | None:
    """The review status of a built pack from its own files (content, lay phrases, laws and the
    records); None for a pack built before reviews existed."""
    path = pack_dir / REVIEWS_FILE
    if not path.is_file():
        return None

    def read(name: str) -> Any:
        return json.loads((pack_dir / name).read_text(encoding="utf-8"))

    records = records_from_json(read(REVIEWS_FILE))
    lay_path = pack_dir / "lay_phrases.json"
    lay = read("lay_phrases.json") if lay_path.is_file() else {}
    return statuses(entries_of(read("content.json"), lay, read("laws.json")["laws"]), records)


def summary(items: Iterable[EntryStatus]) -> dict[str, dict[str, int]]:
    """{kind: {state: count}} for the console's and the CLI's headline."""
    out: dict[str, dict[str, int]] = {}
    for item in items:
        counts = out.setdefault(item.entry.kind, {REVIEWED: 0, STALE: 0, UNREVIEWED: 0})
        counts[item.state] += 1
    return out


def refusal(items: Iterable[EntryStatus], *, shown_per_law: int = 3) -> str:
    """Why `pack build --require-review` refuses: every guide/FAQ and every stale entry by name
    with its reasons; unreviewed lay phrases (thousands) counted per law with a few examples."""
    todo = needing_review(items)
    lines = [f"{len(todo)} 条内容未经律师审核或审核已过期，未生成内容包 "
             f"({len(todo)} entries lack a current lawyer sign-off):"]  # fmt: skip
    lay_unreviewed: dict[str, list[EntryStatus]] = {}
    for item in todo:
        if item.entry.kind == "lay" and item.state == UNREVIEWED:
            law = item.entry.id.split(":")[1]
            lay_unreviewed.setdefault(law, []).append(item)
            continue
        lines.append(f"  - [{item.state}] {item.entry.id} “{item.entry.title}”: " + "; ".join(item.reasons))
    for law, group in sorted(lay_unreviewed.items()):
        examples = ", ".join(i.entry.id.rsplit(":", 1)[1] for i in group[:shown_per_law])
        lines.append(f"  - [unreviewed] 《{law.removeprefix('中华人民共和国')}》{len(group)} 条的俗语短语"
                     f"没有律师审核记录（例如第 {examples} 条）")  # fmt: skip
    lines.append("完整清单：lawpost content review-status (full list, smallest first)")
    return "\n".join(lines)


def reviews_file_for(entry: Entry) -> str:
    """Where a new record for the entry goes, relative to the content dir: one file per topic for
    guides and FAQ, one per law for lay phrases, so a lawyer's sign-off of a topic is one file."""
    if entry.kind == "lay":
        return f"{REVIEWS_DIR}/lay_phrases/{entry.group}.toml"
    return f"{REVIEWS_DIR}/{entry.group}.toml"


def record_toml(entry: Entry, *, kind: str, reviewer: str, date: dt.date, note: str = "") -> str:
    """A [[review]] record of the entry as it is now, against the law texts it cites now."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")

    def q(text: str) -> str:  # a JSON string is a valid TOML basic string
        return json.dumps(text, ensure_ascii=False)

    laws = ", ".join(
        f"{{ law = {q(v.law)}, law_id = {q(v.law_id)}, version_date = {q(v.version_date)} }}"
        for v in entry.laws
    )
    lines = ["", "[[review]]", f"entry = {q(entry.id)}", f"hash = {q(entry.hash)}", f"kind = {q(kind)}",
             f"reviewer = {q(reviewer)}", f"date = {date.isoformat()}", f"laws = [{laws}]"]  # fmt: skip
    if note:
        lines.append(f"note = {q(note)}")
    return "\n".join(lines) + "\n"


def source_entries(content_dir: Path, laws_db: Path | None = None) -> list[Entry]:
    """The entries of the content sources as a build would pack them (laws imported, checked)."""
    from kiosk.content.laws_import import LawImportError, import_laws, load_plan, locate_laws_db
    from kiosk.content.lay_phrases import LayPhraseError, load_lay_phrases
    from kiosk.content.pack import PackError, article_exists_for, content_json, law_lookup_for

    try:
        imported = import_laws(laws_db or locate_laws_db(), load_plan(content_dir / "laws.toml"))
        lay = load_lay_phrases(content_dir, article_exists_for(imported))
    except (LawImportError, LayPhraseError) as exc:
        raise PackError(str(exc)) from exc
    return entries_of(content_json(content_dir, law_lookup_for(imported)), lay, imported.laws)
