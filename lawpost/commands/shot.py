"""`lawpost shot`: render any kiosk screen offscreen to a PNG."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lawpost.commands.common import parse_size, settings_from_args


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "shot",
        help="render a kiosk screen offscreen to a PNG file",
        description="Render one kiosk screen (or overlay) offscreen to a PNG, e.g. "
        "`lawpost shot home --out home.png --size 1920x1080 --elder`.",
    )
    parser.add_argument("screen", nargs="?", help="screen name (see --list); home is `home`")
    parser.add_argument("--out", metavar="FILE.png", help="where to write the PNG")
    parser.add_argument(
        "--size",
        type=parse_size,
        default=(1080, 1920),
        metavar="WxH",
        help="window size in pixels (default 1080x1920 portrait; 1920x1080 is landscape)",
    )
    parser.add_argument("--elder", action="store_true", help="render in 长辈版 (elder mode)")
    parser.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN", help="language")
    parser.add_argument("--list", action="store_true", help="list every screen name and exit")
    parser.add_argument(
        "--param", action="append", default=[], metavar="KEY=VALUE",
        help="screen parameter instead of the sample one, e.g. --param guide=court-sue-enforce",
    )  # fmt: skip
    parser.set_defaults(handler=run_shot)


def run_shot(args: argparse.Namespace) -> int:
    from lawpost.cli import CommandError
    from ui.shot import ShotRequest, all_shot_names, render

    names = all_shot_names()
    if args.list:
        print("\n".join(names))
        return 0
    if not args.screen or not args.out:
        raise CommandError("name a screen and --out FILE.png (see `lawpost shot --list`)")
    if args.screen not in names:
        raise CommandError(f"no screen called {args.screen!r}; screens: {', '.join(names)}")
    settings = settings_from_args(args)
    params = dict(item.partition("=")[::2] for item in args.param) if args.param else None
    if params is not None and not all(k and v for k, v in params.items()):
        raise CommandError("--param takes KEY=VALUE, e.g. --param guide=court-sue-enforce")
    request = ShotRequest(args.screen, size=args.size, elder=args.elder, language=args.lang, params=params)
    out = render(request, Path(args.out), settings=settings)
    print(out)
    return 0
