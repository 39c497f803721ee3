"""A loopback TCP proxy in front of several server processes, as a load balancer without sticky
sessions: each new connection goes to the next backend in turn, or to the one a test pins for a
request path (so a test knows which process holds which WebSocket); a backend that refuses the
connection (its process died) is skipped for the next. A test can also drop the connections of
one path (a blip on one end's link) while the others stay up."""

from __future__ import annotations

import contextlib
import functools
import itertools
import socket
import threading
from dataclasses import dataclass

from socket_pump import Listening, pump


@dataclass
class Connection:
    path: str
    backend: int
    client: socket.socket
    server: socket.socket


class Balancer:
    def __init__(self, backends: list[tuple[str, int]], *, host: str = "127.0.0.1") -> None:
        self.backends = backends
        self.pins: dict[str, int] = {}  # request path prefix -> preferred backend
        self.log: list[tuple[str, int]] = []  # (path, backend) of every connection, in order
        self._turn = itertools.cycle(range(len(backends)))
        self._open: list[Connection] = []
        self._lock = threading.Lock()
        self._listening = Listening(host, self._take, name="balancer")
        self.url = self._listening.url

    def backends_of(self, path: str) -> list[int]:
        """Where each connection whose request path starts with `path` went, in order."""
        with self._lock:
            return [backend for seen, backend in self.log if seen.startswith(path)]

    def drop(self, path: str) -> None:
        """Close the open connections whose request path starts with `path`."""
        with self._lock:
            doomed = [c for c in self._open if c.path.startswith(path)]
        for connection in doomed:
            for sock in (connection.client, connection.server):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._listening.stop_listening()
        with self._lock:
            for connection in self._open:
                for sock in (connection.client, connection.server):
                    with contextlib.suppress(OSError):
                        sock.close()

    def _take(self, client: socket.socket) -> None:
        threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        # The request line decides the pin; a browser's speculative connection may send nothing.
        client.settimeout(30)
        try:
            head = client.recv(4096, socket.MSG_PEEK)
        except OSError:
            head = b""
        client.settimeout(None)
        if not head:
            client.close()
            return
        parts = head.split(b"\r\n", 1)[0].split(b" ")
        path = parts[1].decode("latin-1") if len(parts) > 1 else ""
        with self._lock:
            first = next((i for p, i in self.pins.items() if path.startswith(p)), None)
            if first is None:
                first = next(self._turn)
        order = [first, *(i for i in range(len(self.backends)) if i != first)]
        for backend in order:
            try:
                server = socket.create_connection(self.backends[backend], timeout=2)
            except OSError:
                continue
            server.settimeout(None)
            connection = Connection(path, backend, client, server)
            with self._lock:
                self.log.append((path, backend))
                self._open.append(connection)
            forget = functools.partial(self._forget, connection)
            pump(client, server, stopped=lambda: self._listening.stopped, forget=forget)
            return
        client.close()

    def _forget(self, connection: Connection) -> None:
        with self._lock:
            if connection in self._open:
                self._open.remove(connection)
