"""Calls said aloud in the hall: new calls are found in the queue's state (whoever made them —
counter page, CLI, another process) and played one at a time, each a chime and the call twice."""

from __future__ import annotations

import logging
import queue
import shlex
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.queue.announce import AnnouncementVoice, render_announcement
from kiosk.queue.status import Call

log = logging.getLogger(__name__)


class CallWatcher:
    """Tells which calls in a status are new since the last look. A recall counts as new (its
    call count grew); the calls present at the first look are not announced again after a restart."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str, int]] | None = None

    def new_calls(self, current: Iterable[Call]) -> list[Call]:
        calls = list(current)
        keys = {(c.number, c.called_at[:10], c.calls) for c in calls}
        if self._seen is None:
            self._seen = keys
            return []
        fresh = [c for c in calls if (c.number, c.called_at[:10], c.calls) not in self._seen]
        self._seen |= keys
        return sorted(fresh, key=lambda c: c.called_at)  # oldest first: the order they were made


class HallAnnouncer:
    """One thread renders and plays announcements in order: never two at the same time."""

    def __init__(
        self,
        voice: AnnouncementVoice,
        *,
        player: str = "aplay -q",
        on_played: Callable[[str, str], None] | None = None,
    ) -> None:
        self._voice = voice
        self._player = shlex.split(player)
        self._on_played = on_played
        self.played: deque[tuple[str, str]] = deque(maxlen=50)  # the last calls said aloud
        # A call, an Event to set once everything before it has played, or None to stop.
        self._calls: queue.Queue[tuple[str, str] | threading.Event | None] = queue.Queue()
        # Calls announced and not yet played to the end (rendering included): the loudspeaker
        # belongs to the hall until it is back to 0 (the visitor's read-aloud waits, busy()).
        self._pending = 0
        self._lock = threading.Lock()
        self._tmp = tempfile.TemporaryDirectory(prefix="lawpost-hall-")
        self._thread = threading.Thread(target=self._run, name="hall-announcer", daemon=True)
        self._thread.start()

    def announce(self, number: str, counter: str) -> None:
        with self._lock:
            self._pending += 1
        self._calls.put((number, counter))

    def busy(self) -> bool:
        """A call is waiting, being rendered or being played."""
        with self._lock:
            return self._pending > 0

    def wait_idle(self, timeout_s: float = 60.0) -> None:
        done = threading.Event()
        self._calls.put(done)
        done.wait(timeout_s)

    def close(self) -> None:
        self._calls.put(None)
        self._thread.join(timeout=30)
        self._tmp.cleanup()

    def _run(self) -> None:
        wav = Path(self._tmp.name) / "call.wav"
        while (item := self._calls.get()) is not None:
            if isinstance(item, threading.Event):
                item.set()
                continue
            number, counter = item
            try:
                self._say(number, counter, wav)
            finally:
                with self._lock:
                    self._pending -= 1

    def _say(self, number: str, counter: str, wav: Path) -> None:
        try:
            render_announcement(number, counter, wav, voice=self._voice)
            played = subprocess.run([*self._player, str(wav)], check=False, timeout=60,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if played.returncode != 0:
                log.warning("hall announcement not played: %s", played.stderr[:200])
        except (OSError, RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
            log.warning("hall announcement failed: %s", type(exc).__name__)
            return
        finally:
            wav.unlink(missing_ok=True)
        self.played.append((number, counter))
        if self._on_played is not None:
            self._on_played(number, counter)
