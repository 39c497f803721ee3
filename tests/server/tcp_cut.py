"""A loopback TCP proxy a test can cut: every connection through it is dropped and new ones are
refused for a while, as when a hall's uplink goes down or the server restarts. It can also point
at another upstream (a restarted server on another port) when the link comes back."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class CuttableProxy:
    def __init__(self, upstream: tuple[str, int], *, host: str = "127.0.0.1") -> None:
        self.upstream = upstream
        self.host = host
        self._listener = socket.create_server((host, 0))
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._refusing = False
        self._stop = False
        self._thread = threading.Thread(target=self._accept, name="tcp-cut", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def cut(self) -> None:
        """Drop every connection now and refuse new ones until restore()."""
        with self._lock:
            self._refusing = True
            for sock in list(self._open):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def restore(self, upstream: tuple[str, int] | None = None) -> None:
        with self._lock:
            if upstream is not None:
                self.upstream = upstream
            self._refusing = False

    def close(self) -> None:
        self._stop = True
        self.cut()
        self._thread.join(timeout=2)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                refusing, upstream = self._refusing, self.upstream
            if refusing:
                client.close()
                continue
            try:
                server = socket.create_connection(upstream, timeout=2)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        pair = {a: b, b: a}
        try:
            while True:
                ready, _, _ = select.select(list(pair), [], [], 0.5)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        raise OSError("closed")
                    pair[sock].sendall(data)
        except (OSError, ValueError):
            pass
        finally:
            with self._lock:
                self._open.discard(a)
                self._open.discard(b)
            for sock in (a, b):
                with contextlib.suppress(OSError):
                    sock.close()


@contextmanager
def cuttable(url: str, *, listen: str = "127.0.0.1") -> Iterator[CuttableProxy]:
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    proxy = CuttableProxy((host, int(port)), host=listen)
    try:
        yield proxy
    finally:
        proxy.close()


def wait(seconds: float) -> None:
    time.sleep(seconds)
