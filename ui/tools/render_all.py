"""Renders every screen in portrait, landscape and elder mode into docs/screens (`make screens`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.config import Settings
from ui.shot import ShotContent, ShotRequest, all_shot_names, render

VARIANTS: tuple[tuple[str, tuple[int, int], bool], ...] = (
    ("portrait", (1080, 1920), False),
    ("landscape", (1920, 1080), False),
    ("elder-portrait", (1080, 1920), True),
    ("elder-landscape", (1920, 1080), True),
)

ENGLISH_SHOTS = ("home", "more", "form", "laws", "law", "search-results", "calc_result", "guide")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screens"), help="output folder")
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"], help="language")
    args = parser.parse_args()
    content = ShotContent(Settings())
    for name in all_shot_names():
        for variant, size, elder in VARIANTS:
            out = args.out / f"{name}-{variant}.png"
            render(ShotRequest(name, size=size, elder=elder, language=args.lang), out, content=content)
            print(out)
    # English mode: Chinese content in its own lines with the note, in portrait and elder landscape.
    for name in ENGLISH_SHOTS:
        for variant, size, elder in (VARIANTS[0], VARIANTS[3]):
            out = args.out / f"{name}-{variant}-en.png"
            render(ShotRequest(name, size=size, elder=elder, language="en"), out, content=content)
            print(out)


if __name__ == "__main__":
    main()
