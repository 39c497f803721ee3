"""WebRTC signalling relay: passes SDP offers/answers and ICE candidates between the two ends.

One room per answered call, two seats (kiosk, lawyer). The server never sees media, only these
small JSON messages. Liveness is application-level: each end sends a ping every 2 s; an end
silent for SILENCE_S is treated as gone, the other end is told, and the call is recorded as
ended — so a kiosk that loses power ends the lawyer's call within 10 s, and vice versa.

The rooms live in this process's memory: both ends of one call must reach the same server
process (one process, or a proxy with sticky routing by call id). The queue and the call
records are in the database and work across processes; see docs/video.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

SIDES = ("kiosk", "lawyer")
SILENCE_S = 6.0
# An answered call whose other end never arrives (the kiosk lost power just then) ends after this.
JOIN_TIMEOUT_S = 30.0
# Messages an end may send; anything else is dropped. Sizes: an SDP is a few kB.
RELAYED = ("offer", "answer", "ice")
MAX_MESSAGE_CHARS = 64_000


class Socket(Protocol):
    async def send_text(self, data: str) -> None: ...
    async def receive_text(self) -> str: ...
    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


EndCall = Callable[[int, str], Awaitable[None]]


@dataclass
class Room:
    call_id: int
    opened_at: float = field(default_factory=time.monotonic)
    seats: dict[str, Socket] = field(default_factory=dict)
    ended: bool = False


def other(side: str) -> str:
    return "lawyer" if side == "kiosk" else "kiosk"


class SignallingHub:
    """The rooms of the calls in progress in this process."""

    def __init__(self, *, silence_s: float = SILENCE_S, join_timeout_s: float = JOIN_TIMEOUT_S) -> None:
        self.rooms: dict[int, Room] = {}
        self.silence_s = silence_s
        self.join_timeout_s = join_timeout_s

    async def _send(self, socket: Socket, message: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):  # the other end may be gone; its own loop notices
            await socket.send_text(json.dumps(message))

    async def serve(
        self, socket: Socket, *, call_id: int, side: str, joined: dict[str, Any], end_call: EndCall
    ) -> None:
        """Seat `socket` in the call's room and relay until hang-up, loss, or the call ends."""
        room = self.rooms.setdefault(call_id, Room(call_id))
        previous = room.seats.get(side)
        room.seats[side] = socket
        if previous is not None:  # the same end reconnected: the old socket is stale
            with contextlib.suppress(Exception):
                await previous.close(code=4000, reason="replaced")
        await self._send(socket, {"type": "joined", "side": side, **joined})
        if other(side) in room.seats:
            # Both ends present: the lawyer's page makes the offer.
            for seat in list(room.seats.values()):
                await self._send(seat, {"type": "ready"})
        reason = f"{side}_lost"
        try:
            while True:
                try:
                    text = await asyncio.wait_for(socket.receive_text(), timeout=self.silence_s)
                except TimeoutError:
                    break
                if other(side) not in room.seats and time.monotonic() - room.opened_at > self.join_timeout_s:
                    reason = f"{other(side)}_never_joined"
                    break
                if len(text) > MAX_MESSAGE_CHARS:
                    continue
                try:
                    message = json.loads(text)
                except ValueError:
                    continue
                kind = message.get("type") if isinstance(message, dict) else None
                if kind == "ping":
                    continue
                if kind == "bye":
                    reason = f"hangup_{side}"
                    break
                peer = room.seats.get(other(side))
                if kind in RELAYED and peer is not None:
                    await self._send(peer, {"type": kind, "data": message.get("data")})
        except Exception:  # WebSocketDisconnect or a broken connection: the end is gone
            pass
        finally:
            if room.seats.get(side) is socket:
                await self._finish(room, reason=reason, end_call=end_call)

    async def _finish(self, room: Room, *, reason: str, end_call: EndCall) -> None:
        if room.ended:
            return
        room.ended = True
        self.rooms.pop(room.call_id, None)
        try:
            await end_call(room.call_id, reason)
        except Exception:
            log.exception("call %s: end not recorded", room.call_id)
        for seat in list(room.seats.values()):
            await self._send(seat, {"type": "ended", "reason": reason})
            with contextlib.suppress(Exception):
                await seat.close(code=1000)
        room.seats.clear()

    async def end_from_outside(self, call_id: int, *, reason: str, end_call: EndCall) -> None:
        room = self.rooms.get(call_id)
        if room is not None:
            await self._finish(room, reason=reason, end_call=end_call)
