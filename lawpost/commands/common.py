"""Helpers shared by subcommands: loading settings and parsing sizes."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.config import ConfigError, Settings, load_settings


def settings_from_args(args: argparse.Namespace) -> Settings:
    from lawpost.cli import CommandError

    try:
        return load_settings(Path(args.config) if args.config else None)
    except ConfigError as exc:
        raise CommandError(str(exc)) from exc


def parse_size(text: str) -> tuple[int, int]:
    """Parse "1080x1920" into (1080, 1920) for argparse."""
    try:
        width_text, height_text = text.lower().split("x")
        width, height = int(width_text), int(height_text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1080x1920, not {text!r}") from None
    if not (320 <= width <= 7680 and 320 <= height <= 7680):
        raise argparse.ArgumentTypeError("width and height must be between 320 and 7680 pixels")
    return width, height
