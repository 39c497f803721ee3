"""ASGI middleware that adds the consoles' security headers (and no-store) to /console answers.

It was an `@app.middleware("http")` function; Starlette runs those through BaseHTTPMiddleware,
which wraps every request — the kiosk API's too — in a task group and a memory stream: about a
tenth of the server's CPU per heartbeat (py-spy, `bench.request_cpu`). This touches only the
response start of /console paths and passes everything else through untouched.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, headers: dict[str, str], prefix: str = "/console") -> None:
        self.app = app
        self.prefix = prefix
        # Replace whatever the route set under the same names, as headers.update() did.
        self._names = {name.lower().encode("latin-1") for name in headers} | {b"cache-control"}
        self._headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
        ]
        self._headers.append((b"cache-control", b"no-store"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self._names]
                message = {**message, "headers": kept + self._headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
