"""Read-aloud: our Mandarin front end + espeak-ng 1.52 render each sentence; a player process plays it.

The front end and voice are in kiosk/speech (docs/speech.md says why this voice). pyttsx3 is no
longer used: on Linux it can only drive Debian's espeak-ng 1.51, which reads Chinese as English
letters, and it cannot be given the pinyin that decides polyphones.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import shlex
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from kiosk.speech.context_rules import WordCutter
from kiosk.speech.espeak import ENGLISH, MANDARIN, EspeakVoice, VoiceError, write_wav
from kiosk.speech.frontend import SpeechFrontEnd
from kiosk.speech.normalise import LawName

log = logging.getLogger(__name__)


class Speaker(Protocol):
    """Speaks text in the background; `stop()` silences it at once."""

    def speak(self, text: str, *, language: str) -> None: ...
    def stop(self) -> None: ...
    def status(self) -> str: ...
    def close(self) -> None: ...
    def set_on_finished(self, callback: Callable[[], None] | None) -> None: ...


class EspeakSpeaker:
    """One worker thread renders an utterance sentence by sentence and plays each as it is ready.

    The first sentence is heard while the others are still to be made (time to first audio is the
    first sentence's, bench/speech.py). Killing the player is the only way to stop mid-sentence,
    so rendering and playback are separate; a stop also cancels a render in progress.
    """

    def __init__(
        self,
        *,
        rate_wpm: int = 150,
        player: str = "aplay -q",
        laws: Callable[[], list[LawName]] = list,
        cut: WordCutter | None = None,
        mandarin_voice: str = MANDARIN,
        english_voice: str = ENGLISH,
        on_finished: Callable[[], None] | None = None,
        warm_up_delay_s: float = 0.0,
    ) -> None:
        self._rate = rate_wpm
        self._player = shlex.split(player)
        self._laws = laws
        self._cut = cut  # the kiosk's search Segmenter: one jieba dictionary per process
        self._voices = (mandarin_voice, english_voice)
        self._on_finished = on_finished
        # Loading the dictionaries (pypinyin, jieba: seconds of Python work) holds the GIL; the
        # kiosk delays it until its first frame is up, unless a visitor asks for speech sooner.
        self._warm_up_delay_s = warm_up_delay_s
        self._requests: queue.Queue[tuple[int, str, str] | None] = queue.Queue()
        self._generation = 0
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._voice: EspeakVoice | None = None
        self._last_error = ""
        self._ready = threading.Event()
        self._tmp = tempfile.TemporaryDirectory(prefix="lawpost-speech-")
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self._thread.start()

    def speak(self, text: str, *, language: str) -> None:
        with self._lock:
            self._generation += 1
            generation = self._generation
        self._interrupt()
        if text.strip():
            self._requests.put((generation, text, language))

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
        self._interrupt()

    def status(self) -> str:
        return "error" if self._last_error else "ok"

    def wait_ready(self, timeout: float) -> bool:
        """True once the voice and dictionaries are loaded (a few seconds after start)."""
        return self._ready.wait(timeout)

    def set_on_finished(self, callback: Callable[[], None] | None) -> None:
        """Called from the speech thread when an utterance ends by itself (not when stopped)."""
        self._on_finished = callback

    def close(self) -> None:
        self.stop()
        self._requests.put(None)
        self._thread.join(timeout=10)
        self._tmp.cleanup()

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation

    def _interrupt(self) -> None:
        with self._lock:
            process, voice = self._process, self._voice
        if voice is not None:
            voice.cancel()
        if process is not None and process.poll() is None:
            process.kill()

    def _start(self) -> SpeechFrontEnd | None:
        try:
            front_end = SpeechFrontEnd(
                laws=self._laws(), cut=self._cut,
                mandarin_voice=self._voices[0], english_voice=self._voices[1],
            )
            front_end.warm_up()
            voice = EspeakVoice(rate_wpm=self._rate)
        except (VoiceError, OSError, ValueError) as exc:
            self._last_error = str(exc)
            log.warning("speech unavailable: %s", exc)
            return None
        finally:
            self._ready.set()
        with self._lock:
            self._voice = voice
        return front_end

    def _run(self) -> None:
        pending: list[tuple[int, str, str] | None] = []
        with contextlib.suppress(queue.Empty):
            pending.append(self._requests.get(timeout=self._warm_up_delay_s))
        front_end = self._start()
        while (request := pending.pop() if pending else self._requests.get()) is not None:
            generation, text, language = request
            if not self._current(generation):
                continue
            if front_end is None or self._voice is None:
                self._finish(generation)
                continue
            try:
                for utterance in front_end.utterances(text, language=language):
                    if not self._current(generation):
                        break
                    pcm = self._voice.render(utterance.text, voice=utterance.voice)
                    if not pcm or not self._current(generation) or not self._play(pcm, generation):
                        break
            except (OSError, VoiceError) as exc:
                self._last_error = str(exc)
                log.warning("speech failed: %s", exc)
            self._finish(generation)

    def _finish(self, generation: int) -> None:
        if self._on_finished is not None and self._current(generation):
            self._on_finished()

    def _play(self, pcm: bytes, generation: int) -> bool:
        """Plays one sentence; False when the rest of the utterance should not be tried."""
        assert self._voice is not None
        wav = Path(self._tmp.name) / "sentence.wav"
        try:
            write_wav(wav, pcm, sample_rate=self._voice.sample_rate)
            with self._lock:
                if generation != self._generation:
                    return False
                self._process = subprocess.Popen(
                    [*self._player, str(wav)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
                process = self._process
            _, err = process.communicate()
            if process.returncode not in (0, -9) and self._current(generation):
                self._last_error = err.decode(errors="replace").strip()[:200]
                log.warning("speech player failed: %s", self._last_error)
                return False
            if process.returncode == 0:
                self._last_error = ""
            return process.returncode == 0
        finally:
            wav.unlink(missing_ok=True)


class FakeSpeaker:
    """Records what would have been spoken; for tests and kiosks without a speaker."""

    def __init__(self) -> None:
        self.spoken: list[tuple[str, str]] = []
        self.stops = 0
        self._on_finished: Callable[[], None] | None = None

    def set_on_finished(self, callback: Callable[[], None] | None) -> None:
        self._on_finished = callback

    def finish(self) -> None:
        """Pretend the current utterance came to its end."""
        if self._on_finished is not None:
            self._on_finished()

    def speak(self, text: str, *, language: str) -> None:
        self.spoken.append((text, language))

    def stop(self) -> None:
        self.stops += 1

    def status(self) -> str:
        return "ok"

    def close(self) -> None:
        pass


class NullSpeaker(FakeSpeaker):
    """The kiosk's speaker when read-aloud is switched off in the settings ([speech] enabled)."""

    def status(self) -> str:
        return "not_configured"
