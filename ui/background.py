"""Runs slow work (disk, network, printing) off the GUI thread and delivers the outcome back on it.

Usage: `BackgroundOp(fn).success(on_ok).failure(on_err).run(pool)`; callbacks run on the GUI thread.
Screens never start threads of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    # Emitted from the worker thread; Qt queues the call into the GUI thread the relay lives in.
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to the failure callback, never lost
            log.exception("background operation failed")
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class BackgroundOp:
    _live: ClassVar[set[_Relay]] = set()  # keeps relays alive until their job reports

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn
        self._on_success: Callable[[Any], None] = lambda _result: None
        self._on_failure: Callable[[Exception], None] = lambda _exc: None

    def success(self, callback: Callable[[Any], None]) -> BackgroundOp:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> BackgroundOp:
        self._on_failure = callback
        return self

    def run(self, pool: QThreadPool | None = None) -> None:
        relay = _Relay()
        BackgroundOp._live.add(relay)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            BackgroundOp._live.discard(relay)
            callback(value)

        relay.done.connect(lambda result: finish(self._on_success, result))
        relay.failed.connect(lambda exc: finish(self._on_failure, exc))
        (pool or QThreadPool.globalInstance()).start(_Job(self._fn, relay))
