"""Read-aloud: pyttsx3 renders speech with espeak-ng's voices; a player process plays it, stoppably."""

from __future__ import annotations

import logging
import queue
import shlex
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

VOICES = {"zh_CN": "sit/cmn", "en": "en"}


class Speaker(Protocol):
    """Speaks text in the background; `stop()` silences it at once."""

    def speak(self, text: str, *, language: str) -> None: ...
    def stop(self) -> None: ...
    def status(self) -> str: ...
    def close(self) -> None: ...
    def set_on_finished(self, callback: Callable[[], None] | None) -> None: ...


def render_wav(text: str, path: Path, *, voice: str, rate_wpm: int = 150) -> None:
    """Render `text` to a WAV file with pyttsx3's espeak-ng driver (no sound card needed)."""
    import pyttsx3

    engine = pyttsx3.init("espeak")
    try:
        engine.setProperty("voice", voice)
        engine.setProperty("rate", rate_wpm)
        engine.save_to_file(text, str(path))
        engine.runAndWait()
    finally:
        engine.stop()


class Pyttsx3Speaker:
    """One worker thread renders each utterance to WAV, then plays it with a player process.

    Killing the player is the only reliable way to stop espeak mid-sentence, so rendering and
    playback are separate. Rendering a sentence takes a few milliseconds.
    """

    def __init__(
        self,
        *,
        voices: dict[str, str] | None = None,
        rate_wpm: int = 150,
        player: str = "aplay -q",
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        self._voices = voices or dict(VOICES)
        self._rate = rate_wpm
        self._player = shlex.split(player)
        self._on_finished = on_finished
        self._requests: queue.Queue[tuple[int, str, str] | None] = queue.Queue()
        self._generation = 0
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._last_error = ""
        self._tmp = tempfile.TemporaryDirectory(prefix="lawpost-speech-")
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self._thread.start()

    def speak(self, text: str, *, language: str) -> None:
        with self._lock:
            self._generation += 1
            generation = self._generation
        self._kill_player()
        if text.strip():
            self._requests.put((generation, text, self._voices.get(language, self._voices["zh_CN"])))

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
        self._kill_player()

    def status(self) -> str:
        return "error" if self._last_error else "ok"

    def set_on_finished(self, callback: Callable[[], None] | None) -> None:
        """Called from the speech thread when an utterance ends by itself (not when stopped)."""
        self._on_finished = callback

    def close(self) -> None:
        self.stop()
        self._requests.put(None)
        self._thread.join(timeout=5)
        self._tmp.cleanup()

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation

    def _kill_player(self) -> None:
        with self._lock:
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def _run(self) -> None:
        wav = Path(self._tmp.name) / "utterance.wav"
        while (request := self._requests.get()) is not None:
            generation, text, voice = request
            if not self._current(generation):
                continue
            try:
                render_wav(text, wav, voice=voice, rate_wpm=self._rate)
                if not self._current(generation):
                    continue
                with self._lock:
                    self._process = subprocess.Popen(
                        [*self._player, str(wav)],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                    )
                    process = self._process
                _, err = process.communicate()
                if process.returncode not in (0, -9) and self._current(generation):
                    self._last_error = err.decode(errors="replace").strip()[:200]
                    log.warning("speech player failed: %s", self._last_error)
                elif process.returncode == 0:
                    self._last_error = ""
            except (OSError, RuntimeError) as exc:
                self._last_error = str(exc)
                log.warning("speech failed: %s", exc)
            finally:
                wav.unlink(missing_ok=True)
            if self._on_finished is not None and self._current(generation):
                self._on_finished()


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
