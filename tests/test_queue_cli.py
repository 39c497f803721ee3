"""`lawpost queue` as a technician or a script uses it: real processes, a real database file,
the ticket printed into a device file and decoded, the announcement rendered by the real voice."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import zxingcpp

from tests.kiosk.queue.escpos_decode import decode

ALWAYS_OPEN = """
[queue]
[[queue.services]]
letter = "A"
name = "法律援助"
counters = "1,2"
hours = "00:00-23:59"
weekdays = "1-7"

[[queue.services]]
letter = "B"
name = "人民调解"
counters = "2"
hours = "00:00-00:01"
weekdays = "1"
"""


def _lawpost(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "kiosk.toml"
    if not config.exists():
        config.write_text(
            f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n'
            f'[ticket_printer]\nconnection = "file:{tmp_path / "lp0"}"\n' + ALWAYS_OPEN,
            encoding="utf-8",
        )
    return subprocess.run(
        [sys.executable, "-m", "lawpost", "--config", str(config), "queue", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_issue_prints_json_and_the_ticket_reaches_the_printer(tmp_path: Path) -> None:
    first = _lawpost(tmp_path, "issue", "A", "--json")
    assert first.returncode == 0, first.stderr
    second = json.loads(_lawpost(tmp_path, "issue", "a", "--json").stdout)
    ticket = json.loads(first.stdout)
    assert (ticket["number"], ticket["service"], ticket["ahead"], ticket["printed"]) == ("A001", "A", 0, True)
    assert (second["number"], second["ahead"]) == ("A002", 1)
    printout = decode((tmp_path / "lp0").read_bytes())
    assert printout.cuts == 2
    assert [c.text for c in zxingcpp.read_barcodes(printout.images[1].convert("L"))] == [second["url"]]


def test_counter_actions_and_status_follow_the_queue(tmp_path: Path) -> None:
    for _ in range(3):
        assert _lawpost(tmp_path, "issue", "A").returncode == 0
    called = json.loads(_lawpost(tmp_path, "call", "2", "--json").stdout)
    assert (called["number"], called["counter"], called["state"]) == ("A001", "2", "called")
    assert json.loads(_lawpost(tmp_path, "call", "1", "--json").stdout)["number"] == "A002"
    assert json.loads(_lawpost(tmp_path, "no-show", "1", "--json").stdout)["state"] == "no_show"
    bad = _lawpost(tmp_path, "transfer", "2", "Z")
    assert bad.returncode == 2 and "no queue service 'Z'" in bad.stderr
    status = json.loads(_lawpost(tmp_path, "status", "--json").stdout)
    a = status["services"][0]
    assert (a["letter"], a["waiting"], a["last_issued"], a["open_now"]) == ("A", 1, "A003", True)
    assert [(c["number"], c["counter"]) for c in status["current"]] == [("A001", "2")]
    assert [(c["number"], c["state"]) for c in status["recent"]] == [("A002", "no_show")]


def test_a_closed_or_unknown_service_is_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    closed = _lawpost(tmp_path, "issue", "B", "--json")
    assert closed.returncode == 2 and "closed now; it opens again" in closed.stderr
    assert "Traceback" not in closed.stderr and closed.stdout == ""
    unknown = _lawpost(tmp_path, "issue", "Z")
    assert unknown.returncode == 2 and "the services are A, B" in unknown.stderr
    idle = _lawpost(tmp_path, "served", "1")
    assert idle.returncode == 2 and "counter 1 is not serving anyone; nothing changed" in idle.stderr


def test_announce_writes_the_wav_the_hall_hears(tmp_path: Path) -> None:
    out = tmp_path / "call.wav"
    done = _lawpost(tmp_path, "announce", "A012", "2", "--out", str(out))
    assert done.returncode == 0, done.stderr
    with wave.open(str(out)) as wav:
        assert 2.0 < wav.getnframes() / wav.getframerate() < 30.0
    bad = _lawpost(tmp_path, "announce", "12", "2", "--out", str(out))
    assert bad.returncode == 2 and "A012" in bad.stderr
