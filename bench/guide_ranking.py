"""Right guide from one typed question: search's guide ranking and 问一问's chosen guide.

Run: .venv/bin/python -m bench.guide_ranking --set QUESTIONS.json [--json] [--quiet]
(without --set: the development set bench/guide_questions_dev.json).
QUESTIONS.json: {"questions": [{"q": "...", "expected": "<guide id>" | ["<id>", ...] | null}]};
a list names every guide that answers the question (any of them counts as right); null means no
guide fits (Ask should then name none). Search top-k = share of questions with a fitting guide
that have one of their guides among the first k guide results (the 指南 group the screen shows
first). Ask right = share of those for which Ask's answer names one of their guides; Ask none =
share of them left with no guide; Ask quiet = share of no-fit questions for which Ask names no
guide. --quiet prints the figures only, not the misses: use it for a held-out set, so that its
questions' failures are not read before the figure is final (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.content.installer import ensure_default_pack_installed
from kiosk.content.library import ContentLibrary
from kiosk.search.segment import Segmenter

DEV_SET = Path(__file__).resolve().parent / "guide_questions_dev.json"


def _expected(question: dict[str, Any]) -> list[str]:
    value = question.get("expected")
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def measure(library: ContentLibrary, questions: list[dict[str, Any]]) -> dict[str, Any]:
    fits = [q for q in questions if _expected(q)]
    none_fit = [q for q in questions if not _expected(q)]
    top1 = top3 = ask_right = ask_none = quiet = 0
    misses: list[dict[str, Any]] = []
    for q in fits:
        want = _expected(q)
        guides = [r.id for r in library.search(q["q"], limit=30).of_kind("guide")]
        answer = library.ask(q["q"])
        hit1 = any(g in want for g in guides[:1])
        top1 += hit1
        top3 += any(g in want for g in guides[:3])
        ask_right += answer.guide_id in want
        ask_none += answer.guide_id is None
        if not hit1 or answer.guide_id not in want:
            misses.append(
                {"q": q["q"], "expected": q["expected"], "search": guides[:3], "ask": answer.guide_id}
            )
    for q in none_fit:
        answer = library.ask(q["q"])
        quiet += answer.guide_id is None
        if answer.guide_id is not None:
            misses.append({"q": q["q"], "expected": None, "ask": answer.guide_id})
    n = max(len(fits), 1)
    return {
        "questions": len(questions), "with_guide": len(fits),
        "search_top1": round(top1 / n, 3), "search_top3": round(top3 / n, 3),
        "ask_right_guide": round(ask_right / n, 3), "ask_no_guide": round(ask_none / n, 3),
        "ask_quiet_when_none_fits": f"{quiet}/{len(none_fit)}",
        "ask_quiet_rate": round(quiet / max(len(none_fit), 1), 3), "misses": misses,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path, nargs="?", default=None, help="(same as --set)")
    parser.add_argument(
        "--set",
        dest="question_set",
        type=Path,
        default=None,
        help="question set JSON (default: the development set)",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quiet", action="store_true", help="figures only, no per-question misses")
    args = parser.parse_args(argv)
    path = args.question_set or args.questions or DEV_SET
    questions = json.loads(path.read_text(encoding="utf-8"))["questions"]
    segmenter = Segmenter()
    with tempfile.TemporaryDirectory(prefix="lawpost-guide-bench-") as tmp:
        settings = Settings().with_data_dir(Path(tmp))
        pack = ensure_default_pack_installed(settings, segmenter=segmenter)
        library = ContentLibrary(pack.path, segmenter=segmenter)
        try:
            result = measure(library, questions)
        finally:
            library.close()
    if args.quiet:
        result.pop("misses")
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for key, value in result.items():
            if key != "misses":
                print(f"{key:26} {value}")
        for miss in result.get("misses", []):
            print("miss:", json.dumps(miss, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
