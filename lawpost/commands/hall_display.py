"""`lawpost hall-display`: the hall display on a TV driven by another machine on the hall LAN."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lawpost.commands.common import parse_size, settings_from_args


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "hall-display",
        help="show the hall display of a kiosk's queue on this machine (a TV)",
        description="Show the numbers being called, full screen, read every 2 s from the kiosk's "
        "counter page (/status.json; [queue] counter_web_host on the kiosk). With --announce, "
        "new calls are also said aloud here. With --shot, render one frame to a PNG and exit.",
    )
    parser.add_argument(
        "--url", required=True, help="the kiosk's counter page, e.g. http://192.168.1.20:8470"
    )
    parser.add_argument("--announce", action="store_true", help="say new calls aloud on this machine")
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    parser.add_argument("--size", type=parse_size, default=(1920, 1080), help="window size, e.g. 1920x1080")
    parser.add_argument("--shot", metavar="F.png", help="render one frame to this PNG and exit")
    parser.set_defaults(handler=run_hall_display)


def run_hall_display(args: argparse.Namespace) -> int:
    from PySide6.QtGui import QGuiApplication

    from lawpost.cli import CommandError
    from ui.hall_window import build_hall_window, status_reader
    from ui.qt_env import prepare_qt_environment, use_throwaway_dirs
    from ui.shot import settle

    settings = settings_from_args(args)
    use_throwaway_dirs()  # a display learns nothing worth keeping
    prepare_qt_environment(offscreen=bool(args.shot))
    app = QGuiApplication.instance() or QGuiApplication([])
    read = status_reader(args.url)
    try:
        read()
    except Exception as exc:  # a sentence for the technician, not a traceback
        raise CommandError(f"cannot read the queue from {args.url}: {exc}") from None
    hall = build_hall_window(
        settings, read_status=read, announce=args.announce and not args.shot, size=args.size
    )
    try:
        if args.shot:
            hall.window.show()
            for _ in range(50):
                settle(2)
                if hall.hall.property("current") or hall.hall.property("waiting"):
                    break
            if not hall.window.grabWindow().save(str(Path(args.shot))):
                raise CommandError(f"could not write {args.shot}")
            print(args.shot)
            return 0
        if args.windowed:
            hall.window.show()
        else:
            hall.window.showFullScreen()
        return int(app.exec())
    finally:
        hall.close()
