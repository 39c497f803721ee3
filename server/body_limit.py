"""ASGI middleware that refuses request bodies above a size limit with 413, before parsing.

Without it an unauthenticated client could make the server hold any amount of JSON in memory:
FastAPI reads the whole body before the device token is checked.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class _TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Exact paths allowed a bigger body (a signed content-pack bundle is not a kiosk batch).
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope.get("path", ""), self.max_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(send, limit)
            return
        seen = 0
        exceeded = False
        refused = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise _TooLarge  # stops reading; FastAPI turns it into an error response
            return message

        async def rewriting_send(message: Message) -> None:
            nonlocal refused
            if not exceeded:
                await send(message)
            elif message["type"] == "http.response.start" and not refused:
                # Whatever the app answered to the cut-off body, the truth is 413.
                refused = True
                await self._refuse(send, limit)

        try:
            await self.app(scope, counting_receive, rewriting_send)
        except _TooLarge:
            if not refused:
                await self._refuse(send, limit)

    async def _refuse(self, send: Send, limit: int) -> None:
        megabytes = limit // (1024 * 1024)
        body = json.dumps(
            {"detail": f"请求过大 (request body larger than {megabytes} MB)"}, ensure_ascii=False
        ).encode("utf-8")
        headers: list[Any] = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
