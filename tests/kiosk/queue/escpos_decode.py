"""Reads ESC/POS bytes back the way a printer would: raster images (GS v 0), cuts (GS V),
the paper-status question (DLE EOT 4)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

RASTER = b"\x1dv0"
PAPER_QUESTION = b"\x10\x04\x04"


@dataclass
class Printout:
    images: list[Image.Image] = field(default_factory=list)  # one per ticket (fragments joined)
    cuts: int = 0
    questions: int = 0
    order: list[str] = field(default_factory=list)  # "question", "raster", "cut" in stream order


def _raster(data: bytes, at: int) -> tuple[Image.Image, int]:
    width_bytes = data[at + 4] | data[at + 5] << 8
    height = data[at + 6] | data[at + 7] << 8
    start = at + 8
    end = start + width_bytes * height
    assert end <= len(data), "raster data cut short"
    # ESC/POS: 1 bit = a black dot; PIL mode "1": 1 = white.
    image = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in data[start:end]))
    return image, end


def _stack(parts: list[Image.Image]) -> Image.Image:
    out = Image.new("1", (max(p.width for p in parts), sum(p.height for p in parts)), 255)
    y = 0
    for part in parts:
        out.paste(part, (0, y))
        y += part.height
    return out


def decode(data: bytes) -> Printout:
    printout = Printout()
    parts: list[Image.Image] = []
    at = 0
    while at < len(data):
        if data.startswith(RASTER, at):
            image, at = _raster(data, at)
            parts.append(image)
            printout.order.append("raster")
            continue
        if data.startswith(PAPER_QUESTION, at):
            printout.questions += 1
            printout.order.append("question")
            at += len(PAPER_QUESTION)
            continue
        if data.startswith(b"\x1dV", at):  # GS V m [n]
            mode = data[at + 2]
            at += 4 if mode in (0x41, 0x42, 65, 66) else 3
            printout.cuts += 1
            printout.order.append("cut")
            if parts:
                printout.images.append(_stack(parts))
                parts = []
            continue
        at += 1
    if parts:
        printout.images.append(_stack(parts))
    return printout
