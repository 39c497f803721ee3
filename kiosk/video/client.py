"""HTTP client of the server's video queue (/api/v1/video): availability, join, poll, leave.

The device token stays in this process: the call page in QtWebEngine only ever gets the
one-time ticket the poll returns once a lawyer has answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests

from kiosk.sync.enrollment import Enrollment

# The topics the kiosk offers; the server refuses any other (its record holds no free text).
TOPICS = ("labour", "family", "land", "debt", "consumer", "traffic", "other")


class VideoUnavailable(Exception):
    """The server cannot be reached or refused; the visitor is offered a call-back instead."""


@dataclass(frozen=True)
class Availability:
    lawyers_on_duty: int
    waiting: int
    # The duty rota: the shift running now or the next one (UTC), and free booking slots.
    next_shift: tuple[datetime, datetime] | None = None
    slots: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class Booking:
    booking_id: int
    slot_at: datetime
    code: str = ""  # the slip's 4-digit code; the hall display calls it as V<code>
    topic: str = ""
    state: str = "booked"  # booked | arrived | cancelled
    window: str = ""  # early | now | late: may the visitor check in now


class NoSuchBooking(VideoUnavailable):
    """The server does not know this slip code (mistyped, or its slot is over)."""


@dataclass(frozen=True)
class CallStatus:
    call_id: int
    state: str  # waiting | answered | ended
    ahead: int
    lawyers_on_duty: int
    estimate_minutes: int
    end_reason: str | None
    ticket: str | None


@dataclass(frozen=True)
class AboutPage:
    """The content page the visitor was reading when they tapped 问律师 (its pack id and title)."""

    kind: str  # guide | form | answer
    id: str
    title: str


@dataclass(frozen=True)
class CallNotes:
    ready: bool
    text: str = field(repr=False)  # personal data: never in a repr, so never in a log line
    lawyer: str


@dataclass(frozen=True)
class CallPage:
    """What the call page needs to connect: the socket, the call, and its one-time ticket."""

    ws_url: str
    call_id: int
    ticket: str


class VideoClient:
    def __init__(self, enrollment: Enrollment, *, timeout_s: float = 5.0, ca_bundle: str = "") -> None:
        self._base = enrollment.server_url.rstrip("/") + "/api/v1/video"
        self._token = enrollment.device_token
        self._timeout = timeout_s
        self._verify: str | bool = ca_bundle or True
        self._http = requests.Session()

    def close(self) -> None:
        self._http.close()

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        extra_wait_s: float = 0,
        missing: type[VideoUnavailable] = VideoUnavailable,
    ) -> Any:
        try:
            response = self._http.request(
                method,
                self._base + path,
                json=body,
                headers={"Authorization": f"Bearer {self._token.reveal()}"},
                timeout=self._timeout + extra_wait_s,
                verify=self._verify,
            )
        except requests.RequestException as exc:
            raise VideoUnavailable(f"cannot reach the server ({type(exc).__name__})") from exc
        if response.status_code == 204:
            return None
        if response.status_code == 404:
            raise missing("server answered HTTP 404")
        if response.status_code != 200:
            raise VideoUnavailable(f"server answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise VideoUnavailable("garbled answer") from exc

    def availability(self) -> Availability:
        data = self._call("GET", "/availability")
        try:
            shift = data.get("next_shift")
            return Availability(
                lawyers_on_duty=int(data["lawyers_on_duty"]),
                waiting=int(data["waiting"]),
                next_shift=(_when(shift["starts_at"]), _when(shift["ends_at"])) if shift else None,
                slots=tuple(_when(s) for s in data.get("slots") or ()),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise VideoUnavailable("garbled answer") from exc

    def book(self, topic: str, slot_at: datetime) -> Booking:
        """Book a free slot of the rota; raises VideoUnavailable when it was taken meanwhile."""
        return _booking(self._call("POST", "/bookings", {"topic": topic, "slot_at": slot_at.isoformat()}))

    def find_booking(self, code: str) -> Booking:
        """The booking of a slip code; NoSuchBooking if the server has none (or it is over)."""
        return _booking(self._call("GET", f"/bookings/{code}", missing=NoSuchBooking))

    def cancel_booking(self, code: str) -> None:
        self._call("POST", f"/bookings/{code}/cancel", missing=NoSuchBooking)

    def due_bookings(self) -> list[Booking]:
        """This kiosk's bookings whose slot is running now (the hall queue calls them)."""
        data = self._call("GET", "/bookings/due")
        if not isinstance(data, list):
            raise VideoUnavailable("garbled answer")
        return [_booking(item) for item in data]

    def join(self, topic: str, about: AboutPage | None = None, *, booking_code: str = "") -> CallStatus:
        body: dict[str, Any] = {"topic": topic}
        if booking_code:
            body["booking_code"] = booking_code
        if about is not None:
            body["about"] = {"kind": about.kind, "id": about.id, "title": about.title[:80]}
        return _status(self._call("POST", "/calls", body))

    def notes(self, call_id: int) -> CallNotes:
        """The lawyer's notes for the visitor (personal data: kept in memory only by the caller)."""
        data = self._call("GET", f"/calls/{call_id}/notes")
        try:
            return CallNotes(
                ready=data["state"] == "ready", text=str(data["text"]), lawyer=str(data["lawyer"])
            )
        except (KeyError, TypeError) as exc:
            raise VideoUnavailable("garbled answer") from exc

    def poll(self, call_id: int, *, wait_s: float = 0) -> CallStatus:
        """Where the visitor stands; with wait_s the server answers as soon as a lawyer does."""
        return _status(self._call("GET", f"/calls/{call_id}?wait_s={wait_s:g}", extra_wait_s=wait_s))

    def leave(self, call_id: int) -> None:
        self._call("DELETE", f"/calls/{call_id}")

    def call_page(self, status: CallStatus) -> CallPage:
        if status.ticket is None:
            raise VideoUnavailable("no ticket yet")
        scheme, rest = self._base.split("://", 1)
        ws = ("wss://" if scheme == "https" else "ws://") + rest + "/ws"
        return CallPage(ws_url=ws, call_id=status.call_id, ticket=status.ticket)


def _when(text: str) -> datetime:
    moment = datetime.fromisoformat(str(text))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _booking(data: Any) -> Booking:
    try:
        return Booking(
            booking_id=int(data["booking_id"]),
            slot_at=_when(data["slot_at"]),
            code=str(data.get("code") or ""),
            topic=str(data.get("topic") or ""),
            state=str(data.get("state") or "booked"),
            window=str(data.get("window") or ""),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise VideoUnavailable("garbled answer") from exc


def _status(data: Any) -> CallStatus:
    try:
        return CallStatus(
            call_id=int(data["call_id"]),
            state=str(data["state"]),
            ahead=int(data["ahead"]),
            lawyers_on_duty=int(data["lawyers_on_duty"]),
            estimate_minutes=int(data["estimate_minutes"]),
            end_reason=data.get("end_reason"),
            ticket=data.get("ticket"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise VideoUnavailable("garbled answer") from exc
