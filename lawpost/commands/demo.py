"""`lawpost demo`: server + enrolled kiosk + demo data on one machine."""

from __future__ import annotations

import argparse
import os
import signal
import time
from typing import Any

from lawpost.commands.common import parse_size, settings_from_args


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="start a central server and an enrolled kiosk on this machine",
        description="Start the central server on loopback with a fresh SQLite database, create a "
        "demo admin login and an enrollment code, enroll a local kiosk with it, then open the kiosk "
        "in a window. Prints the console URL and the demo logins. Without a display, run it under "
        "`xvfb-run -a`, or use --no-kiosk to run only the server side.",
    )
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument(
        "--no-kiosk",
        action="store_true",
        help="do not open the kiosk window; keep the server running until Ctrl-C",
    )
    parser.add_argument("--size", type=parse_size, metavar="WxH", help="kiosk window size")
    parser.add_argument(
        "--no-sample-data",
        action="store_true",
        help="leave the statistics empty (by default the demo server gets a month "
        "of made-up visits at three kiosks whose names start with 【示例数据 sample】)",
    )
    parser.set_defaults(handler=run_demo)


def _interrupt(_signum: int, _frame: object) -> None:
    # SIGTERM (a supervisor, `kill`) ends the demo like Ctrl-C, so the server is stopped too.
    raise KeyboardInterrupt


def run_demo(args: argparse.Namespace) -> int:
    from lawpost.cli import CommandError
    from lawpost.demo import DemoError, describe, free_port, prepare

    settings = settings_from_args(args)
    try:
        setup = prepare(settings, port=args.port or free_port(), sample_data=not args.no_sample_data)
    except DemoError as exc:
        raise CommandError(str(exc)) from exc
    print(describe(setup), flush=True)
    try:
        if args.no_kiosk:
            signal.signal(signal.SIGTERM, _interrupt)
            while setup.server.process.poll() is None:
                time.sleep(1)
            return 1
        if not (
            os.environ.get("DISPLAY")
            or os.environ.get("WAYLAND_DISPLAY")
            or os.environ.get("QT_QPA_PLATFORM")
        ):
            raise CommandError("no display: run `xvfb-run -a make demo`, or `lawpost demo --no-kiosk`")
        from ui.runner import run

        return run(setup.kiosk_settings, windowed=True, size=args.size, first_boot=False)
    except KeyboardInterrupt:
        return 0
    finally:
        setup.server.stop()
