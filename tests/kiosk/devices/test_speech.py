"""Read-aloud device: the real voice renders each sentence to a WAV that a player process plays in
order; stop() silences it at once; a broken player is reported, never raised."""

from __future__ import annotations

import threading
import time
import wave
from pathlib import Path

from kiosk.devices.speech import EspeakSpeaker


def _seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def _rate(path: Path) -> int:
    with wave.open(str(path)) as wav:
        return wav.getframerate()


def _wait_for(condition: object, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.02)
    return False


def test_each_sentence_is_played_in_order_then_finished_is_reported(tmp_path: Path) -> None:
    played = tmp_path / "played"
    played.mkdir()
    finished = threading.Event()
    # The "player" keeps a copy of every WAV it is given, named in the order played.
    player = f"sh -c 'cp \"$0\" {played}/$(date +%s%N).wav'"
    speaker = EspeakSpeaker(player=player, on_finished=finished.set)
    try:
        speaker.speak("您好，欢迎来到公共法律服务点。需要帮助，请拨打12348。谢谢！", language="zh_CN")
        assert finished.wait(30)
        wavs = sorted(played.iterdir())
        assert len(wavs) == 3
        assert all(_rate(w) == 22050 for w in wavs)
        # 13 syllables, then 12 (需要帮助，请拨打幺二三四八), then 2 (谢谢): played in that order.
        lengths = [_seconds(w) for w in wavs]
        assert lengths[2] < 1.5 < lengths[1] < lengths[0]
        assert speaker.status() == "ok"
    finally:
        speaker.close()


def test_speaker_plays_then_stops_at_once(tmp_path: Path) -> None:
    played = tmp_path / "played.wav"
    finished = threading.Event()
    # The "player" copies the WAV then idles like a long utterance, so stop() must kill it.
    speaker = EspeakSpeaker(player=f"sh -c 'cp \"$0\" {played}; sleep 30'", on_finished=finished.set)
    try:
        speaker.speak("您好，这是测试。", language="zh_CN")
        assert _wait_for(played.exists)
        assert _seconds(played) > 0.5
        started = time.monotonic()
        speaker.stop()
        assert not finished.wait(0.5)  # a stopped utterance does not report "finished"
        assert time.monotonic() - started < 1.0
        assert speaker.status() == "ok"
    finally:
        speaker.close()


def test_missing_player_reports_error_not_crash() -> None:
    done = threading.Event()
    speaker = EspeakSpeaker(player="/nonexistent/player", on_finished=done.set)
    try:
        speaker.speak("测试", language="zh_CN")
        assert done.wait(30)
        assert speaker.status() == "error"
    finally:
        speaker.close()


def test_a_failing_player_is_tried_once_per_reading_not_per_sentence(tmp_path: Path) -> None:
    tries = tmp_path / "tries"
    done = threading.Event()
    player = f"sh -c 'echo x >> {tries}; echo no sound card >&2; exit 1'"
    speaker = EspeakSpeaker(player=player, on_finished=done.set)
    try:
        speaker.speak("第一句。第二句。第三句。", language="zh_CN")
        assert done.wait(30)
        assert tries.read_text().count("x") == 1
        assert speaker.status() == "error"
    finally:
        speaker.close()
