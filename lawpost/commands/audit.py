"""`lawpost audit`: check every screen against the kiosk's accessibility minimums."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="check every screen for touch size, text size, contrast, read-aloud, choices, English",
        description="Render every screen offscreen in portrait, landscape and elder mode and report "
        "each touch target smaller than the minimum (mm), each text below the minimum size, each "
        "text/background pair below the contrast minimum, each pair of targets too close together, "
        "each screen without read-aloud content, each group of choices offering more than seven at "
        "once, and, with the screens in English, each line mixing Chinese and English and each "
        "screen of Chinese content without the note offering to read it in Mandarin. Exits 1 on any "
        "violation.",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--screen", action="append", metavar="NAME", help="audit only this screen")
    parser.set_defaults(handler=run_audit_command)


def run_audit_command(args: argparse.Namespace) -> int:
    from ui.audit import MODES, as_dicts, run_audit

    violations = run_audit(args.screen)
    if args.json:
        print(
            json.dumps(
                {"violations": as_dicts(violations), "modes": [m[0] for m in MODES]},
                ensure_ascii=False,
                indent=1,
            )
        )
    elif violations:
        for v in violations:
            print(f"{v.screen:12} {v.mode:16} {v.kind:13} {v.item}: {v.detail}")
        print(f"{len(violations)} violation(s)")
    else:
        print("no accessibility violations")
    return 1 if violations else 0
