"""The hall's spoken call "请A012号到2号窗口": its words, normalised for any Mandarin voice, and
the WAV the hall hears (a chime, then the call said twice)."""

from __future__ import annotations

import math
import re
import struct
import tempfile
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

_DIGITS = "零一二三四五六七八九"
_NUMBER = re.compile(r"^([A-Z])(\d{1,4})$")
_CHIME_HZ = (880.0, 659.25)  # two falling tones, as hall callers use
_CHIME_NOTE_S = 0.35


class AnnouncementVoice(Protocol):
    """Renders Mandarin text to a WAV file. The seam where a better Mandarin front end and engine
    slot in: the text it receives is already normalised (digits as words)."""

    def render(self, text: str, path: Path) -> None: ...


class EspeakVoice:
    """The kiosk's offline Mandarin voice: the speech front end (pinyin, polyphones) and
    espeak-ng 1.52 (kiosk.speech). Built on first use: its dictionaries take seconds to load."""

    def __init__(
        self,
        *,
        rate_wpm: int = 150,
        renderer: Callable[[str, Path], None] | None = None,
        cut: Callable[[str], list[str]] | None = None,
    ) -> None:
        self._rate = rate_wpm
        self._renderer = renderer
        self._cut = cut  # the kiosk's search Segmenter, so no second jieba dictionary

    def render(self, text: str, path: Path) -> None:
        if self._renderer is None:
            from kiosk.speech.espeak import EspeakVoice as Voice
            from kiosk.speech.frontend import SpeechFrontEnd, SpeechRenderer

            self._renderer = SpeechRenderer(
                front_end=SpeechFrontEnd(cut=self._cut), voice=Voice(rate_wpm=self._rate)).write_wav
        self._renderer(text, path)


def spoken_number(number: str) -> str:
    """"A012" → "A零一二号": a ticket number is read digit by digit, never as a quantity."""
    match = _NUMBER.match(number.strip().upper())
    if not match:
        raise ValueError(f"a ticket number looks like A012, not {number!r}")
    return match[1] + "".join(_DIGITS[int(d)] for d in match[2]) + "号"


def _cardinal(value: int) -> str:
    """1..99 as Mandarin counts them: 2 → 二, 10 → 十, 12 → 十二, 20 → 二十."""
    tens, ones = divmod(value, 10)
    if tens == 0:
        return _DIGITS[ones]
    lead = "" if tens == 1 else _DIGITS[tens]
    return lead + "十" + (_DIGITS[ones] if ones else "")


def spoken_counter(counter: str) -> str:
    """"2" → "二号窗口"; a named counter ("调解室") is said as it is."""
    text = counter.strip()
    if text.isdigit() and 0 < int(text) < 100:
        return _cardinal(int(text)) + "号窗口"
    return text


def announcement_text(number: str, counter: str) -> str:
    """The words of one call, said twice so a visitor who missed the start hears it whole."""
    call = f"请{spoken_number(number)}到{spoken_counter(counter)}"
    return f"{call}。{call}。"


def display_text(number: str, counter: str) -> str:
    """What the hall display shows for the same call: "请A012号到2号窗口"."""
    text = counter.strip()
    place = f"{text}号窗口" if text.isdigit() else text
    return f"请{number.strip().upper()}号到{place}"


def _chime(rate: int, width: int, channels: int) -> bytes:
    frames = bytearray()
    peak = 0.4 * (2 ** (8 * width - 1) - 1)
    for hz in _CHIME_HZ:
        count = int(rate * _CHIME_NOTE_S)
        for i in range(count):
            fade = min(1.0, (count - i) / (0.3 * count))  # soft end, no click
            value = int(peak * fade * math.sin(2 * math.pi * hz * i / rate))
            sample = struct.pack("<h", value) if width == 2 else bytes([value // 256 + 128])
            frames += sample * channels
    frames += bytes(int(rate * 0.3) * width * channels)  # a breath before the words
    return bytes(frames)


def render_announcement(
    number: str, counter: str, out: Path, *, voice: AnnouncementVoice
) -> Path:
    """Write the announcement WAV: chime, then the call twice, in the voice's own sample format."""
    text = announcement_text(number, counter)
    with tempfile.TemporaryDirectory(prefix="lawpost-call-") as tmp:
        speech_path = Path(tmp) / "speech.wav"
        voice.render(text, speech_path)
        with wave.open(str(speech_path), "rb") as spoken:
            params = spoken.getparams()
            words = spoken.readframes(spoken.getnframes())
    if params.nframes == 0:
        raise RuntimeError("the voice produced no sound for the announcement")
    out.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(params.nchannels)
        wav.setsampwidth(params.sampwidth)
        wav.setframerate(params.framerate)
        wav.writeframes(_chime(params.framerate, params.sampwidth, params.nchannels) + words)
    return out
