"""Read-aloud: real Mandarin speech rendered to WAV by espeak-ng through pyttsx3, and a stoppable player."""

from __future__ import annotations

import threading
import time
import wave
from pathlib import Path

from kiosk.devices.speech import Pyttsx3Speaker, render_wav


def _seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def test_mandarin_sentence_renders_to_a_real_wav(tmp_path: Path) -> None:
    short, long = tmp_path / "short.wav", tmp_path / "long.wav"
    render_wav("您好", short, voice="sit/cmn")
    render_wav("您好，欢迎来到公共法律服务点。需要帮助，请拨打一二三四八。", long, voice="sit/cmn")
    assert 0.2 < _seconds(short) < _seconds(long)
    assert _seconds(long) > 2.0


def test_speaker_plays_then_stops_at_once(tmp_path: Path) -> None:
    played = tmp_path / "played"
    finished = threading.Event()
    # The "player" copies the WAV then idles like a long utterance, so stop() must kill it.
    speaker = Pyttsx3Speaker(player=f"sh -c 'cp \"$0\" {played}; sleep 30'", on_finished=finished.set)
    try:
        speaker.speak("您好，这是测试。", language="zh_CN")
        deadline = time.monotonic() + 10
        while not played.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert played.exists() and _seconds(played) > 0.5
        started = time.monotonic()
        speaker.stop()
        assert not finished.wait(0.5)  # a stopped utterance does not report "finished"
        assert time.monotonic() - started < 1.0
        assert speaker.status() == "ok"
    finally:
        speaker.close()


def test_missing_player_reports_error_not_crash(tmp_path: Path) -> None:
    done = threading.Event()
    speaker = Pyttsx3Speaker(player="/nonexistent/player", on_finished=done.set)
    try:
        speaker.speak("测试", language="zh_CN")
        assert done.wait(10)
        assert speaker.status() == "error"
    finally:
        speaker.close()
