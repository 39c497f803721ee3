"""What runs on the kiosk's disk while the power is cut: visitors, usage events, a pack install.

`python powercut_workload.py visitors|technician --data-dir D --acks F --seed N [--control C]`

Every line appended to the acknowledgement file (on the real disk, outside the cut) is
something a person was shown as done: "rating saved", "submitted", a usage event the recorder
reported committed, a pack the technician saw installed. It is written only after the kiosk
code returned, so an acknowledged item that is missing after a cut is a real loss.

Controls (negative, must fail in the same harness): `sync-off` opens the kiosk's connections
with synchronous=OFF; `installer-no-fsync` runs the pack installer with fsync disabled.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any, TextIO

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

LETTERS = "abcdefghij"


def tag(seq: int) -> str:
    """A sequence number spelled in letters: comments are redacted of digit runs."""
    return "".join(LETTERS[int(d)] for d in str(seq))


def untag(text: str) -> int:
    return int("".join(str(LETTERS.index(ch)) for ch in text))


class Acks:
    def __init__(self, path: Path) -> None:
        self._file: TextIO = path.open("a", encoding="utf-8")

    def __call__(self, **fields: Any) -> None:
        self._file.write(json.dumps(fields) + "\n")
        self._file.flush()


def _apply_control(control: str) -> None:
    if control == "sync-off":
        import kiosk.storage.database as database
        import kiosk.usage_recorder as usage_recorder

        real = database.connect

        def connect_unsafely(path: Path) -> Any:
            db = real(path)
            db.execute("pragma synchronous = off")
            return db

        database.connect = connect_unsafely
        usage_recorder.connect = connect_unsafely  # type: ignore[attr-defined]
    elif control == "installer-no-fsync":
        import kiosk.content.installer as installer

        installer.os.fsync = lambda _fd: None  # type: ignore[attr-defined]


def visitors(data_dir: Path, acks: Acks, rng: random.Random, first_seq: int) -> None:
    from kiosk.ratings import Rating, save_rating
    from kiosk.storage.database import DATABASE_FILE, open_database
    from kiosk.storage.transactions import write_transaction
    from kiosk.sync import outbox
    from kiosk.usage_recorder import UsageRecorder

    db = open_database(data_dir)
    waiting: list[int] = []

    def recorded() -> None:  # the recorder's one writer thread commits in order
        acks(k="usage", seq=waiting.pop(0))

    recorder = UsageRecorder(data_dir / DATABASE_FILE, on_recorded=recorded)
    seq = first_seq
    while True:
        roll = rng.random()
        if roll < 0.4:
            level = rng.randint(1, 5)
            rowid = save_rating(db, Rating(level=level, comment=f"c{tag(seq)}", language="zh_CN"))
            acks(k="rating", id=rowid, level=level, seq=seq)
        elif roll < 0.7:  # a form submission: personal, sealed to the server's key
            with write_transaction(db):
                item = outbox.enqueue(
                    db, kind="submission", payload={"seq": seq, "name": "访客"}, personal=True
                )
            acks(k="submission", id=item, seq=seq)
        else:
            waiting.append(seq)
            recorder.record(event="screen_view", screen="home", topic=f"u{tag(seq)}")
        seq += 1
        time.sleep(rng.uniform(0, 0.03))


def technician(data_dir: Path, acks: Acks, rng: random.Random, packs: list[Path], seed: int) -> None:
    from kiosk.content.installer import install_pack
    from kiosk.content.pack import read_manifest
    from kiosk.search.segment import Segmenter

    segmenter = Segmenter()
    segmenter.index_terms("预热")  # jieba loads its dictionary on first use
    acks(k="ready", role="technician", seed=seed)
    index = rng.randrange(len(packs))
    while True:
        source = packs[index % len(packs)]
        version = read_manifest(source).version
        acks(k="pack-start", version=version)
        install_pack(source, data_dir=data_dir, segmenter=segmenter)
        acks(k="pack", version=version)
        index += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["visitors", "technician"])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--acks", type=Path, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--control", default="none")
    parser.add_argument("--packs", default="")
    args = parser.parse_args()
    _apply_control(args.control)
    rng = random.Random(args.seed)
    acks = Acks(args.acks)
    if args.role == "visitors":
        visitors(args.data_dir, acks, rng, first_seq=args.seed * 100_000)
    else:
        technician(args.data_dir, acks, rng, [Path(p) for p in args.packs.split(",")], args.seed)


if __name__ == "__main__":
    main()
