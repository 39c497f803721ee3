"""Hall announcements: each new call or recall said once, in order, never two at the same time."""

from __future__ import annotations

import sys
import wave
from pathlib import Path

from kiosk.queue.hall import CallWatcher, HallAnnouncer
from kiosk.queue.status import Call


class _ToneVoice:
    """A voice that writes half a second of silence (the player, not the voice, is watched here)."""

    def render(self, text: str, path: Path) -> None:
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(16000)
            wav.writeframes(bytes(16000))


def _call(number: str, at: str, calls: int = 1) -> Call:
    return Call(number=number, service=number[0], counter="1", called_at=at, calls=calls, state="called")


def test_calls_present_at_start_are_not_repeated_and_a_recall_is_new() -> None:
    watcher = CallWatcher()
    assert watcher.new_calls([_call("A001", "2026-11-30T02:00:00")]) == []  # after a restart
    fresh = watcher.new_calls([_call("A002", "2026-11-30T02:02:00"), _call("A001", "2026-11-30T02:00:00"),
                               _call("B001", "2026-11-30T02:01:00")])
    assert [c.number for c in fresh] == ["B001", "A002"]  # in the order they were made
    assert watcher.new_calls([_call("A002", "2026-11-30T02:02:00")]) == []
    assert [c.number for c in watcher.new_calls([_call("A002", "2026-11-30T02:05:00", calls=2)])] == ["A002"]


def test_announcements_play_one_after_another(tmp_path: Path) -> None:
    log = tmp_path / "played.log"
    player = tmp_path / "player.py"
    player.write_text(
        "import sys, time\n"
        f"log = open({str(log)!r}, 'a')\n"
        "log.write(f'start {time.monotonic()}\\n'); log.flush()\n"
        "time.sleep(0.3)\n"
        "log.write(f'end {time.monotonic()}\\n')\n",
        encoding="utf-8",
    )
    announcer = HallAnnouncer(_ToneVoice(), player=f"{sys.executable} {player}")
    try:
        for number in ("A001", "B001", "A002"):
            announcer.announce(number, "1")
        announcer.wait_idle()
        assert list(announcer.played) == [("A001", "1"), ("B001", "1"), ("A002", "1")]
    finally:
        announcer.close()
    marks = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert [m[0] for m in marks] == ["start", "end"] * 3  # never two at the same time
    times = [float(m[1]) for m in marks]
    assert times == sorted(times)
