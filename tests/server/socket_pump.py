"""What the test proxies (tcp_cut.py, balancer.py) share: a listening socket on loopback whose
connections are handed over on a thread of its own, and the pump that copies bytes both ways
between a client's socket and the server's."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Callable


def pump(
    a: socket.socket,
    b: socket.socket,
    *,
    stopped: Callable[[], bool] = lambda: False,
    forget: Callable[[], None] = lambda: None,
) -> None:
    """Relay between `a` and `b` until either side closes, the proxy cuts them (an error on a
    socket shut down under us) or `stopped()` says the proxy is closing; then `forget` the
    connection in the proxy's books and close both sockets."""
    pair = {a: b, b: a}
    try:
        while not stopped():
            ready, _, _ = select.select(list(pair), [], [], 0.5)
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    raise OSError("closed")
                pair[sock].sendall(data)
    except (OSError, ValueError):
        pass
    finally:
        forget()
        for sock in (a, b):
            with contextlib.suppress(OSError):
                sock.close()


class Listening:
    """A listening socket on `host` (a free port); every accepted connection goes to `take`, on
    the listener's thread, until `stop_listening`. A proxy sets up its own state first and starts
    listening last."""

    def __init__(self, host: str, take: Callable[[socket.socket], None], *, name: str) -> None:
        self.host = host
        self._take = take
        self._listener = socket.create_server((host, 0))
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self.stopped = False
        self._thread = threading.Thread(target=self._accept, name=name, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop_listening(self) -> None:
        self.stopped = True
        self._thread.join(timeout=2)
        self._listener.close()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._take(client)
