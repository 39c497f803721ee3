"""A loopback TCP proxy a test can cut: every connection through it is dropped and new ones are
refused for a while, as when a hall's uplink goes down or the server restarts. It can also point
at another upstream (a restarted server on another port) when the link comes back."""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from socket_pump import Listening, pump


class CuttableProxy:
    def __init__(self, upstream: tuple[str, int], *, host: str = "127.0.0.1") -> None:
        self.upstream = upstream
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._refusing = False
        self._listening = Listening(host, self._take, name="tcp-cut")
        self.url = self._listening.url

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
        self._listening.stopped = True
        self.cut()
        self._listening.stop_listening()

    def _take(self, client: socket.socket) -> None:
        with self._lock:
            refusing, upstream = self._refusing, self.upstream
        if refusing:
            client.close()
            return
        try:
            server = socket.create_connection(upstream, timeout=2)
        except OSError:
            client.close()
            return
        with self._lock:
            self._open.update((client, server))
        forget = functools.partial(self._forget, client, server)
        relay = threading.Thread(target=pump, args=(client, server), kwargs={"forget": forget})
        relay.daemon = True
        relay.start()

    def _forget(self, a: socket.socket, b: socket.socket) -> None:
        with self._lock:
            self._open.discard(a)
            self._open.discard(b)


@contextmanager
def cuttable(url: str, *, listen: str = "127.0.0.1") -> Iterator[CuttableProxy]:
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    proxy = CuttableProxy((host, int(port)), host=listen)
    try:
        yield proxy
    finally:
        proxy.close()
