"""A loopback HTTP proxy that injects the network's and the server's failures, one per request."""

from __future__ import annotations

import contextlib
import random
import socket
import socketserver
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

# What can happen to one request on its way (the proxy answers each with Connection: close).
PASS = "pass"
DROP_REQUEST = "drop_request"  # connection closed before the server sees anything
DROP_RESPONSE = "drop_response"  # server committed; the answer never reaches the kiosk
ERROR_500 = "error_500"  # a 500 instead of forwarding
ERROR_500_AFTER = "error_500_after"  # server committed, the kiosk gets a 500
THROTTLE_429 = "throttle_429"  # 429 with Retry-After, not forwarded
TIMEOUT = "timeout"  # server committed; the answer is held past the kiosk's read timeout
TRUNCATE = "truncate"  # server committed; half of the body, then the connection is closed
GARBAGE = "garbage"  # server committed; a 200 whose body is not JSON

FAULTS = (
    DROP_REQUEST,
    DROP_RESPONSE,
    ERROR_500,
    ERROR_500_AFTER,
    THROTTLE_429,
    TIMEOUT,
    TRUNCATE,
    GARBAGE,
)


@dataclass
class FaultPlan:
    """Probability of each fault per request on the faulty paths; the rest pass."""

    weights: Mapping[str, float] = field(default_factory=dict)
    faulty_paths: tuple[str, ...] = ("/api/v1/ingest", "/api/v1/heartbeat")
    retry_after_s: int = 1
    hold_s: float = 2.0  # how long TIMEOUT holds the answer (longer than the read timeout)
    seed: int = 0

    @classmethod
    def uniform(cls, *, fault_rate: float, **kwargs: object) -> FaultPlan:
        share = fault_rate / len(FAULTS)
        return cls(weights=dict.fromkeys(FAULTS, share), **kwargs)  # type: ignore[arg-type]


def _read_request(conn: socket.socket) -> tuple[bytes, bytes, str] | None:
    """(head, body, path) of one HTTP/1.1 request with a Content-Length body, or None at EOF."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    path = head.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
    return head, body, path


def _with_connection_close(head: bytes) -> bytes:
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"])


def _simple_response(status: str, *, headers: Mapping[str, str] = {}, body: bytes = b"") -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class FaultProxy:
    """Forwards 127.0.0.1:port → upstream, applying one planned fault per request."""

    def __init__(self, *, upstream_port: int, plan: FaultPlan) -> None:
        self.upstream_port = upstream_port
        self.plan = plan
        self.counts: Counter[str] = Counter()
        self._rng = random.Random(plan.seed)
        self._lock = threading.Lock()
        self._closing = threading.Event()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    def _choose(self, path: str) -> str:
        with self._lock:
            fault = PASS
            if path in self.plan.faulty_paths:
                draw = self._rng.random()
                for name, weight in self.plan.weights.items():
                    if draw < weight:
                        fault = name
                        break
                    draw -= weight
            self.counts[fault] += 1
            return fault

    def _forward(self, head: bytes, body: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as up:
            up.sendall(_with_connection_close(head) + b"\r\n\r\n" + body)
            chunks = []
            while chunk := up.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def _handle(self, conn: socket.socket) -> None:
        try:
            request = _read_request(conn)
            if request is None:
                return
            head, body, path = request
            fault = self._choose(path)
            if fault == DROP_REQUEST:
                return
            if fault == ERROR_500:
                conn.sendall(_simple_response("500 Internal Server Error", body=b"oops"))
                return
            if fault == THROTTLE_429:
                conn.sendall(
                    _simple_response(
                        "429 Too Many Requests",
                        headers={"Retry-After": str(self.plan.retry_after_s)},
                        body=b'{"detail":"slow down"}',
                    )
                )
                return
            response = self._forward(head, body)  # from here on the server has committed
            if fault == DROP_RESPONSE:
                return
            if fault == ERROR_500_AFTER:
                conn.sendall(_simple_response("500 Internal Server Error", body=b"oops"))
            elif fault == TIMEOUT:
                self._closing.wait(self.plan.hold_s)
            elif fault == TRUNCATE:
                resp_head, _, resp_body = response.partition(b"\r\n\r\n")
                conn.sendall(resp_head + b"\r\n\r\n" + resp_body[: len(resp_body) // 2])
            elif fault == GARBAGE:
                conn.sendall(_simple_response("200 OK", body=b'{"results": [garbage \x00\xff'))
            else:
                conn.sendall(response)
        except OSError:
            pass  # the kiosk gave up or was killed mid-request: nothing to do
        finally:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
