"""Builds the `lawpost` argument parser from one module per subcommand and dispatches to it."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kiosk import __version__

# Each module has `register(subparsers)`, which adds its parser and sets `handler`. Modules are
# imported only here, and each imports its heavy dependencies (Qt, FastAPI) inside its handler,
# so `lawpost search` never pays for starting Qt.
COMMAND_MODULES: tuple[str, ...] = (
    "lawpost.commands.run",
    "lawpost.commands.shot",
    "lawpost.commands.audit",
    "lawpost.commands.set_pin",
    "lawpost.commands.enroll",
    "lawpost.commands.search",
    "lawpost.commands.speak",
    "lawpost.commands.pack",
    "lawpost.commands.content",
    "lawpost.commands.server",
    "lawpost.commands.demo",
    "lawpost.commands.calc",
    "lawpost.commands.queue",
    "lawpost.commands.hall_display",
    "lawpost.commands.form",
)


class CommandError(Exception):
    """A failure to report as one sentence on stderr with exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lawpost",
        description="LawPost: public legal service kiosk (无人律师岗), its tools and central server.",
    )
    parser.add_argument("--version", action="version", version=f"lawpost {__version__}")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="settings file (TOML); default: $LAWPOST_CONFIG, else built-in defaults",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
    except CommandError as exc:
        print(f"lawpost: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return result
