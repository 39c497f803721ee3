"""WebRTC signalling relay: passes SDP offers/answers and ICE candidates between the two ends.

One room per answered call, two seats (kiosk, lawyer). The server never sees media, only these
small JSON messages. Liveness is application-level: each end sends a ping every 2 s; an end
silent for SILENCE_S is treated as gone, the other end is told, and the call is recorded as
ended — so a kiosk that loses power ends the lawyer's call within 10 s, and vice versa. An end
whose socket closes (a network blip, a server restart) has RESUME_S to connect again (its page
retries every second, the kiosk with the next one-time ticket it got in "joined"); the call and
its media go on meanwhile, and the other end is told nothing unless the grace runs out.

Each process seats the ends that connected to it; a broker carries messages to the process
where the other end is: LocalBroker for one process, PostgresBroker (LISTEN/NOTIFY,
server/services/pg_broker.py) when several processes share a PostgreSQL database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

SIDES = ("kiosk", "lawyer")
SILENCE_S = 6.0
# A closed socket's end may come back this long (the pages give up after 8 s and end the call).
RESUME_S = 6.0
# An answered call whose other end never arrives (the kiosk lost power just then) ends after this.
JOIN_TIMEOUT_S = 30.0
# Messages an end may send; anything else is dropped. Sizes: an SDP is a few kB.
RELAYED = ("offer", "answer", "ice")
# Content the lawyer shows on the kiosk's screen (a guide or a form of the kiosk's pack, by id),
# and the kiosk's answer (shown, or not in its pack). Each only in its own direction.
PUSH_FROM = {"push": "lawyer", "push_ack": "kiosk", "share": "kiosk"}
PUSH_KINDS = ("guide", "form", "article")  # article ids: "劳动合同法#30" (law name # number)
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
    # The other end is seated (here or in another process), and which socket of it we know:
    # a repeated "present" of the same socket is ignored, a new socket (a reloaded page) is news.
    peer_present: bool = False
    peer_seat: str = ""
    seat_ids: dict[str, str] = field(default_factory=dict)
    # When each side was last seen arriving (here, or announced by another process): a side in
    # its grace after a dropped socket is back if this moved on.
    arrived: dict[str, float] = field(default_factory=dict)


def valid_push(data: object) -> dict[str, Any] | None:
    """A push (or its acknowledgement) reduced to the fields the other end needs, else None."""
    if not isinstance(data, dict) or data.get("kind") not in PUSH_KINDS:
        return None
    page_id, title = data.get("id"), data.get("title", "")
    if not isinstance(page_id, str) or not 0 < len(page_id) <= 64 or not isinstance(title, str):
        return None
    return {"kind": data["kind"], "id": page_id, "title": title[:80], "shown": data.get("shown") is True}


def valid_share(data: object) -> dict[str, Any] | None:
    """The form the visitor agreed to show: a title and rows of [label, value] (masked as on the
    kiosk's review). Relayed only, never stored or logged."""
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        return None
    rows = data.get("rows")
    if not isinstance(rows, list) or len(rows) > 80:
        return None
    clean: list[list[str]] = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 2 and all(isinstance(v, str) for v in row)):
            return None
        clean.append([row[0][:60], row[1][:400]])
    return {"title": data["title"][:80], "rows": clean}


def other(side: str) -> str:
    return "lawyer" if side == "kiosk" else "kiosk"


class Broker(Protocol):
    """Carries a message to the process where the other end of the call is seated."""

    def attach(self, deliver: Deliver) -> None: ...
    async def publish(self, call_id: int, to_side: str, message: dict[str, Any]) -> None: ...


Deliver = Callable[[int, str, dict[str, Any]], Coroutine[Any, Any, None]]


class LocalBroker:
    """One server process: delivery is a direct call."""

    def __init__(self) -> None:
        self._deliver: Deliver | None = None

    def attach(self, deliver: Deliver) -> None:
        self._deliver = deliver

    async def publish(self, call_id: int, to_side: str, message: dict[str, Any]) -> None:
        if self._deliver is not None:
            await self._deliver(call_id, to_side, message)


class SignallingHub:
    """The ends of the calls seated in this process; the broker reaches the other processes."""

    def __init__(
        self,
        *,
        broker: Broker | None = None,
        silence_s: float = SILENCE_S,
        join_timeout_s: float = JOIN_TIMEOUT_S,
        resume_s: float = RESUME_S,
    ) -> None:
        self.rooms: dict[int, Room] = {}
        self.silence_s = silence_s
        self.resume_s = resume_s
        self._graces: set[asyncio.Task[None]] = set()
        self.join_timeout_s = join_timeout_s
        self.broker: Broker = broker if broker is not None else LocalBroker()
        self.broker.attach(self.deliver)

    async def _send(self, socket: Socket, message: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):  # the other end may be gone; its own loop notices
            await socket.send_text(json.dumps(message))

    async def deliver(self, call_id: int, to_side: str, message: dict[str, Any]) -> None:
        """A message for the end `to_side` of a call, if that end is seated here."""
        room = self.rooms.get(call_id)
        if room is None:
            return
        kind = message.get("type")
        if kind == "present":
            # Also where the addressed end is not seated: this process may hold the grace of the
            # sender's dropped socket, and the sender came back to another process.
            room.arrived[other(to_side)] = time.monotonic()
        elif kind == "ended" and not room.seats:  # an emptied room (its end went elsewhere)
            room.ended = True  # and no grace here ends the call a second time
            self.rooms.pop(call_id, None)
        seat = room.seats.get(to_side)
        if seat is None:
            return
        if kind in ("present", "present_ack"):
            # present: the other end arrived; present_ack: it was there when we arrived.
            # Each end gets one "ready" per socket of the other end, however the two cross.
            # "resumed": the end came back after its socket dropped; the pages keep their
            # connection instead of starting a new one.
            sender, resumed = str(message.get("from", "")), message.get("resumed") is True
            if sender and sender != room.peer_seat:
                room.peer_seat = sender
                room.peer_present = True
                await self._send(seat, {"type": "ready", "resumed": resumed})
            if kind == "present":
                ack = {"type": "present_ack", "from": room.seat_ids.get(to_side, ""), "resumed": resumed}
                await self.broker.publish(call_id, other(to_side), ack)
        elif kind == "ended":
            room.ended = True
            self.rooms.pop(call_id, None)
            for local in list(room.seats.values()):
                await self._send(local, {"type": "ended", "reason": message.get("reason", "")})
                with contextlib.suppress(Exception):
                    await local.close(code=1000)
            room.seats.clear()
        elif kind in RELAYED or kind in PUSH_FROM:
            await self._send(seat, {"type": kind, "data": message.get("data")})

    async def serve(
        self,
        socket: Socket,
        *,
        call_id: int,
        side: str,
        joined: dict[str, Any],
        end_call: EndCall,
        resumed: bool = False,
    ) -> None:
        """Seat `socket` in the call's room and relay until hang-up, loss, or the call ends."""
        room = self.rooms.setdefault(call_id, Room(call_id))
        previous = room.seats.get(side)
        room.seats[side] = socket
        room.arrived[side] = time.monotonic()
        if previous is not None:  # the same end reconnected: the old socket is stale
            with contextlib.suppress(Exception):
                await previous.close(code=4000, reason="replaced")
        await self._send(socket, {"type": "joined", "side": side, **joined})
        # Wherever the other end is seated, it answers with present_ack: then both get "ready"
        # and the lawyer's page sends its offer.
        seat_id = secrets.token_hex(8)
        room.seat_ids[side] = seat_id
        await self.broker.publish(
            call_id, other(side), {"type": "present", "from": seat_id, "resumed": resumed}
        )
        reason = f"{side}_lost"
        dropped = False  # the socket closed (may come back), rather than went silent (gone)
        try:
            while True:
                try:
                    text = await asyncio.wait_for(socket.receive_text(), timeout=self.silence_s)
                except TimeoutError:
                    break
                if not room.peer_present and time.monotonic() - room.opened_at > self.join_timeout_s:
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
                if kind in RELAYED:
                    await self.broker.publish(
                        call_id, other(side), {"type": kind, "data": message.get("data")}
                    )
                elif kind in PUSH_FROM and PUSH_FROM[kind] == side:
                    check = valid_share if kind == "share" else valid_push
                    pushed = check(message.get("data"))
                    if pushed is not None:
                        await self.broker.publish(call_id, other(side), {"type": kind, "data": pushed})
        except Exception:  # WebSocketDisconnect or a broken connection: it may come back
            dropped = True
        finally:
            if room.seats.get(side) is socket:
                if dropped and reason == f"{side}_lost" and self.resume_s > 0:
                    del room.seats[side]
                    task = asyncio.create_task(self._grace(room, side=side, end_call=end_call))
                    self._graces.add(task)
                    task.add_done_callback(self._graces.discard)
                else:
                    await self._finish(room, side=side, reason=reason, end_call=end_call)

    async def _grace(self, room: Room, *, side: str, end_call: EndCall) -> None:
        """A dropped end has resume_s to come back (here or in another process), else it is lost."""
        lost_at = time.monotonic()
        await asyncio.sleep(self.resume_s)
        if room.ended or side in room.seats:
            return
        if room.arrived.get(side, 0) > lost_at:  # it came back, to another process
            if not room.seats and self.rooms.get(room.call_id) is room:
                self.rooms.pop(room.call_id, None)  # nothing of this call is seated here now
            return
        await self._finish(room, side=side, reason=f"{side}_lost", end_call=end_call)

    async def _finish(self, room: Room, *, side: str, reason: str, end_call: EndCall) -> None:
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
        # The other end may be seated in another server process.
        with contextlib.suppress(Exception):
            await self.broker.publish(room.call_id, other(side), {"type": "ended", "reason": reason})
