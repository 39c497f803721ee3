"""The hall's call: its words normalised digit by digit, and the WAV the hall hears rendered by
the kiosk's real offline voice (chime + the call twice)."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from kiosk.queue.announce import (
    EspeakVoice,
    announcement_text,
    display_text,
    render_announcement,
    spoken_counter,
    spoken_number,
)


@pytest.mark.parametrize(
    ("number", "words"),
    [("A012", "A零一二号"), ("b100", "B一零零号"), ("V1000", "V一零零零号"), ("C007", "C零零七号")],
)
def test_a_ticket_number_is_said_digit_by_digit(number: str, words: str) -> None:
    assert spoken_number(number) == words


@pytest.mark.parametrize(
    ("counter", "words"),
    [("2", "二号窗口"), ("10", "十号窗口"), ("12", "十二号窗口"), ("20", "二十号窗口"), ("调解室", "调解室")],
)
def test_a_counter_is_said_as_mandarin_counts_it(counter: str, words: str) -> None:
    assert spoken_counter(counter) == words


def test_the_call_is_said_twice_and_shown_once() -> None:
    assert announcement_text("A012", "2") == "请A零一二号到二号窗口。请A零一二号到二号窗口。"
    assert display_text("a012", "2") == "请A012号到2号窗口"
    with pytest.raises(ValueError, match="A012"):
        spoken_number("12")


class _RecordingVoice:
    """Wraps the real voice and keeps the text it was given (the seam a new front end uses)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._real = EspeakVoice()

    def render(self, text: str, path: Path) -> None:
        self.texts.append(text)
        self._real.render(text, path)


def test_the_announcement_wav_is_a_chime_then_the_spoken_call(tmp_path: Path) -> None:
    voice = _RecordingVoice()
    out = render_announcement("A012", "2", tmp_path / "call.wav", voice=voice)
    assert voice.texts == ["请A零一二号到二号窗口。请A零一二号到二号窗口。"]
    EspeakVoice().render("请A零一二号到二号窗口。", tmp_path / "once.wav")
    with wave.open(str(out)) as wav, wave.open(str(tmp_path / "once.wav")) as once:
        seconds = wav.getnframes() / wav.getframerate()
        once_s = once.getnframes() / once.getframerate()
        assert wav.getframerate() == once.getframerate()
        chime = wav.readframes(int(wav.getframerate() * 0.3))
    # Chime (~1 s) plus the call said twice: clearly longer than one call, and sound, not silence.
    assert seconds > 2 * once_s + 0.7
    assert 2.0 < seconds < 30.0
    assert max(abs(int.from_bytes(chime[i:i + 2], "little", signed=True))
               for i in range(0, len(chime), 2)) > 5000
