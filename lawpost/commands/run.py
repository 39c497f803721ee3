"""`lawpost run`: start the kiosk (full-screen by default)."""

from __future__ import annotations

import argparse
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
        "--size", type=parse_size, metavar="WxH",
        help="window size in pixels (default from settings: 1080x1920)",
    )
    parser.set_defaults(handler=run_kiosk)


def run_kiosk(args: argparse.Namespace) -> int:
    from ui.runner import run

    settings = settings_from_args(args)
    return run(settings, windowed=args.windowed, size=args.size)
