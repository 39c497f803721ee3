"""Where sealed hand-offs go: the central server (`HandoffServer`, the real one) behind the small
`HandoffStore` interface, so tests of the kiosk screens can use a dict (`MemoryStore`) and the
server tests the real thing. Errors are sorted by what the visitor is told."""

from __future__ import annotations

import base64
import binascii
from typing import Protocol

from kiosk.config import SyncSettings
from kiosk.sync.client import (
    RequestRejectedError,
    SyncClient,
    SyncError,
    Timeouts,
    TransientError,
)
from kiosk.sync.enrollment import Enrollment

STORE_PATH = "/api/v1/handoff"
TAKE_PATH = "/api/v1/handoff/take"


class HandoffOffline(Exception):
    """The server cannot be reached (or the kiosk is not enrolled): offer printing instead."""


class UnknownCode(Exception):
    """No draft under this code: mistyped, already reopened, or expired."""


class TooManyTries(Exception):
    """The server refuses more unknown codes from this kiosk for a while."""


class HandoffStore(Protocol):
    def put(self, *, kind: str, ident: str, blob: bytes, ttl_s: int, views: int | None) -> None: ...

    def take(self, ident: str) -> bytes: ...


class HandoffServer:
    """The county's central server, as this kiosk is enrolled with it."""

    def __init__(self, enrollment: Enrollment | None, *, settings: SyncSettings) -> None:
        self._enrollment = enrollment
        # A visitor is waiting at the screen: a short wait, then the offline sentence.
        self._timeouts = Timeouts(connect_s=min(settings.connect_timeout_s, 5.0),
                                  read_s=min(settings.read_timeout_s, 15.0))  # fmt: skip
        self._ca_bundle = settings.ca_bundle

    def _client(self) -> SyncClient:
        if self._enrollment is None:
            raise HandoffOffline("this kiosk is not enrolled with a server")
        return SyncClient(server_url=self._enrollment.server_url, token=self._enrollment.device_token,
                          timeouts=self._timeouts, ca_bundle=self._ca_bundle)  # fmt: skip

    def put(self, *, kind: str, ident: str, blob: bytes, ttl_s: int, views: int | None) -> None:
        client = self._client()
        body = {"kind": kind, "id": ident, "ciphertext": base64.b64encode(blob).decode("ascii"),
                "ttl_s": ttl_s, "views": views}  # fmt: skip
        try:
            client.call(STORE_PATH, body)
        except SyncError as exc:
            raise HandoffOffline(type(exc).__name__) from None
        finally:
            client.close()

    def take(self, ident: str) -> bytes:
        client = self._client()
        try:
            answer = client.call(TAKE_PATH, {"id": ident})
        except RequestRejectedError as exc:
            if exc.status == 404:
                raise UnknownCode from None
            raise HandoffOffline(type(exc).__name__) from None
        except TransientError as exc:
            if exc.status == 429:
                raise TooManyTries from None
            raise HandoffOffline(type(exc).__name__) from None
        except SyncError as exc:
            raise HandoffOffline(type(exc).__name__) from None
        finally:
            client.close()
        try:
            return base64.b64decode(str(answer["ciphertext"]), validate=True)
        except (KeyError, TypeError, binascii.Error, ValueError):
            raise HandoffOffline("garbled answer") from None


class MemoryStore:
    """A stand-in server in memory (tests and the screenshot tool); `offline` makes it refuse."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], bytes] = {}
        self.offline = False

    def put(self, *, kind: str, ident: str, blob: bytes, ttl_s: int, views: int | None) -> None:
        if self.offline:
            raise HandoffOffline("offline")
        self.items[(kind, ident)] = blob

    def take(self, ident: str) -> bytes:
        if self.offline:
            raise HandoffOffline("offline")
        blob = self.items.pop(("draft", ident), None)
        if blob is None:
            raise UnknownCode
        return blob
