"""Runs slow work (disk, network, search) off the GUI thread and delivers the outcome back on it.

Usage: `BackgroundOp(fn).success(on_ok).failure(on_err).run(worker)`; the callbacks run on the GUI
thread. Screens never start threads of their own: the composition root owns the workers.

A worker is one persistent *Python* thread. Qt's thread pool would do the threading, but each job
on it gets a fresh Python thread state, so thread-local resources (the search engine's SQLite
connection) were rebuilt and leaked a little on every search.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class BackgroundWorker(QObject):
    # Emitted from the worker thread; Qt queues the call into the GUI thread this object lives in.
    _finished = Signal(object, object)

    def __init__(self, name: str) -> None:
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._finished.connect(self._deliver)
        self._closed = False

    def submit(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        if self._closed:
            return

        def job() -> None:
            try:
                result = fn()
            except Exception as exc:  # delivered to the failure callback, never lost
                log.exception("background operation failed")
                self._finished.emit(on_failure, exc)
            else:
                self._finished.emit(on_success, result)

        self._executor.submit(job)

    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        if not self._closed:
            callback(value)

    def wait_idle(self, timeout_s: float = 30.0) -> None:
        """Block until everything submitted so far has run (tests, shutdown)."""
        self._executor.submit(lambda: None).result(timeout=timeout_s)

    def close(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True)


class BackgroundOp:
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

    def run(self, worker: BackgroundWorker) -> None:
        worker.submit(self._fn, self._on_success, self._on_failure)
