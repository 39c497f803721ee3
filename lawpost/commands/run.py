"""`lawpost run`: start the kiosk (full-screen by default)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from lawpost.commands.common import parse_size, settings_from_args


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="start the kiosk",
        description="Start the LawPost kiosk full-screen (as on a real kiosk). Use --windowed on a "
        "desktop; on a machine without a display run it under `xvfb-run -a`.",
    )
    parser.add_argument("--windowed", action="store_true", help="run in a window, not full-screen")
    parser.add_argument(
        "--size",
        type=parse_size,
        metavar="WxH",
        help="window size in pixels (default from settings: 1080x1920)",
    )
    parser.add_argument(
        "--check", action="store_true",
        help="self-test instead of starting: draw the home screen offscreen, open the content "
        "library, run one search, check the database, speech, printers and the server; exit 0 "
        "only if every required check passed",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="with --check: print one JSON object")
    parser.add_argument(
        "--safe-screen", action="store_true",
        help="show only the service point, hotline and opening hours (what systemd starts after "
        "repeated start failures); needs no database or content",
    )  # fmt: skip
    parser.set_defaults(handler=run_kiosk)


def run_kiosk(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    if args.check:
        from ui.self_check import describe, run_check

        report = run_check(settings)
        print(json.dumps(report.as_json(), ensure_ascii=False) if args.json else describe(report))
        return 0 if report.ok else 1
    if args.safe_screen:
        from ui.runner import run_safe_screen

        return run_safe_screen(settings, windowed=args.windowed)
    from ui.runner import run

    return run(settings, windowed=args.windowed, size=args.size)
