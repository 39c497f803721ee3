"""A minimal HTTP/1.1 keep-alive client on asyncio streams, so a load generator costs little CPU.

httpx spends roughly a millisecond of CPU per request (and grows worse with thousands queued):
on a 2-core machine that shares the cores with the server, the generator then measured itself.
This client writes prepared request bytes on pooled keep-alive connections and reads the answer
by its Content-Length (every answer of the LawPost server has one); nothing else of HTTP is
implemented (no chunked bodies, no redirects, no TLS). Benchmarks only.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


class ClosedByServer(Exception):
    """The server closed a reused keep-alive connection before answering (idle time-out)."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    used: int = 0


@dataclass
class Pool:
    """Up to `size` keep-alive connections to one host; requests beyond that wait for one."""

    host: str
    port: int
    size: int = 64
    _idle: list[_Connection] = field(default_factory=list)
    _slots: asyncio.Semaphore | None = None
    opened: int = 0

    async def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> Answer:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        lines = [f"{method} {path} HTTP/1.1", f"host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if body or method in ("POST", "PUT"):
            lines.append(f"content-length: {len(body)}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        async with self._slots:
            for attempt in range(2):
                # The retry takes a new connection: the next idle one may have timed out too.
                reuse = attempt == 0 and self._idle
                connection = self._idle.pop() if reuse else await self._open()
                try:
                    answer = await _exchange(connection, raw)
                except (ClosedByServer, ConnectionError):
                    connection.writer.close()
                    # Only a reused connection may have been closed while idle: retry once.
                    if attempt == 0 and connection.used > 0:
                        continue
                    raise
                connection.used += 1
                if answer.headers.get("connection", "").lower() == "close":
                    connection.writer.close()
                else:
                    self._idle.append(connection)
                return answer
        raise AssertionError("unreachable")

    async def _open(self) -> _Connection:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        self.opened += 1
        return _Connection(reader, writer)

    async def close(self) -> None:
        for connection in self._idle:
            connection.writer.close()
        self._idle.clear()


async def _exchange(connection: _Connection, raw: bytes) -> Answer:
    connection.writer.write(raw)
    await connection.writer.drain()
    try:
        head = await connection.reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if not error.partial:
            raise ClosedByServer from None
        raise
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for line in header_lines:
        if line:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "set-cookie":
                cookies.append(value.strip())
            headers[name] = value.strip()
    if cookies:
        headers["set-cookie"] = "\n".join(cookies)
    length = int(headers.get("content-length", "0"))
    body = await connection.reader.readexactly(length) if length else b""
    return Answer(int(status_line.split(" ", 2)[1]), headers, body)
