"""Queue tickets in the kiosk database: issue, call, recall, serve, skip — each one transaction
that also queues the anonymous ticket event for the central server's statistics."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from kiosk.queue.services import QueueRules, QueueService
from kiosk.storage.transactions import write_transaction
from kiosk.sync import outbox

KIND_QUEUE_EVENT = "queue_event"
QUEUE_EVENTS = frozenset({"issued", "called", "recalled", "served", "skipped", "no_show", "transferred"})
# The line a ticket waits in: its own service's, or the one it was transferred to.
LINE = "coalesce(queued_for, service)"
PRINT_STATES = frozenset({"issued", "printed", "print_failed"})

_COLUMNS = (
    "id, day, service, seq, number, token, issued_at, state, print_state, counter, "
    "first_called_at, last_called_at, calls, finished_at, queued_for"
)


class QueueClosedError(Exception):
    """The service is outside its opening hours; `reopens` says when to come back (or None)."""

    def __init__(self, service: QueueService, reopens: datetime | None) -> None:
        super().__init__(f"service {service.letter} is closed now")
        self.service = service
        self.reopens = reopens


class NoTicketError(LookupError):
    """No ticket answers the request (nobody waiting, unknown number, wrong state)."""


@dataclass(frozen=True)
class Ticket:
    id: int
    day: str
    service: str
    seq: int
    number: str  # "A012"
    token: str  # unguessable; only its hash leaves the kiosk
    issued_at: str
    state: str
    print_state: str
    counter: str | None
    first_called_at: str | None
    last_called_at: str | None
    calls: int
    finished_at: str | None
    queued_for: str | None  # the service it was transferred to, if any

    @property
    def line(self) -> str:
        return self.queued_for or self.service

    @property
    def ref(self) -> str:
        """The ticket's anonymous reference in events: a hash of the token (not reversible)."""
        return hashlib.sha256(self.token.encode("ascii")).hexdigest()[:32]


@dataclass(frozen=True)
class Issued:
    ticket: Ticket
    ahead: int  # people waiting before this ticket in its service
    repeated: bool  # True when a repeated request returned the ticket already issued


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _text(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _ticket(row: Any) -> Ticket:
    return Ticket(*row)


def _seconds_between(start: str | None, end: datetime) -> float | None:
    if start is None:
        return None
    return round((end - datetime.fromisoformat(start)).total_seconds(), 3)


def _event(
    db: sqlite_utils.Database, ticket: Ticket, event: str, *, at: datetime,
    wait_s: float | None = None, service_s: float | None = None,
) -> None:
    # Anonymous by construction: number, service, counter and durations; no person, no token.
    # `service` is the line the ticket is in, so a transferred ticket counts for its new service.
    outbox.enqueue(
        db,
        kind=KIND_QUEUE_EVENT,
        payload={
            "event": event, "ticket": ticket.ref, "day": ticket.day, "service": ticket.line,
            "number": ticket.number, "counter": ticket.counter, "at": _text(at),
            "wait_s": wait_s, "service_s": service_s,
        },
        personal=False,
        created_at=at,
    )


def _get(db: sqlite_utils.Database, ticket_id: int) -> Ticket:
    row = db.execute(f"select {_COLUMNS} from queue_tickets where id = ?", [ticket_id]).fetchone()
    if row is None:
        raise NoTicketError(ticket_id)
    return _ticket(row)


def _ahead(db: sqlite_utils.Database, ticket: Ticket) -> int:
    row = db.execute(
        f"select count(*) from queue_tickets where day = ? and {LINE} = ? and state = 'waiting' "
        "and (issued_at < ? or (issued_at = ? and id < ?))",
        [ticket.day, ticket.line, ticket.issued_at, ticket.issued_at, ticket.id],
    ).fetchone()
    return int(row[0])


def issue(
    db: sqlite_utils.Database,
    rules: QueueRules,
    letter: str,
    *,
    now: datetime | None = None,
    request_key: str | None = None,
) -> Issued:
    """Take the next number of a service: one BEGIN IMMEDIATE transaction, the 'issued' event
    with it. Raises KeyError for an unknown service and QueueClosedError outside opening hours."""
    service = rules.service(letter)
    at = _now(now)
    local = rules.local(at)
    if not service.is_open(local):
        raise QueueClosedError(service, service.next_opening(local))
    day = rules.business_day(at).isoformat()
    with write_transaction(db):
        if request_key is not None:
            row = db.execute(
                f"select {_COLUMNS} from queue_tickets where request_key = ?", [request_key]
            ).fetchone()
            if row is not None:
                ticket = _ticket(row)
                return Issued(ticket=ticket, ahead=_ahead(db, ticket), repeated=True)
        # The write lock is held from BEGIN IMMEDIATE, so max+1 is read and written by one process.
        seq = int(db.execute(
            # seq > 0: a booked visitor's reserved number (call_reserved) has a negative seq.
            "select coalesce(max(seq), 0) + 1 from queue_tickets where day = ? and service = ? and seq > 0",
            [day, service.letter],
        ).fetchone()[0])
        cursor = db.execute(
            "insert into queue_tickets (day, service, seq, number, token, request_key, issued_at) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [day, service.letter, seq, f"{service.letter}{seq:03d}", secrets.token_urlsafe(16),
             request_key, _text(at)],
        )
        ticket = _get(db, int(cursor.lastrowid or 0))
        _event(db, ticket, "issued", at=at)
        ahead = _ahead(db, ticket)
    return Issued(ticket=ticket, ahead=ahead, repeated=False)


def set_print_state(db: sqlite_utils.Database, ticket_id: int, state: str) -> Ticket:
    """issued → printed | print_failed (a reprint may turn print_failed into printed)."""
    if state not in PRINT_STATES - {"issued"}:
        raise ValueError(f"print state must be printed or print_failed, not {state!r}")
    with write_transaction(db):
        db.execute("update queue_tickets set print_state = ? where id = ?", [state, ticket_id])
        return _get(db, ticket_id)


def _finish(db: sqlite_utils.Database, ticket: Ticket, state: str, event: str, at: datetime) -> Ticket:
    db.execute(
        "update queue_tickets set state = ?, finished_at = ? where id = ?", [state, _text(at), ticket.id]
    )
    done = _get(db, ticket.id)
    service_s = _seconds_between(ticket.first_called_at, at) if state == "served" else None
    _event(db, done, event, at=at, service_s=service_s)
    return done


def _at_counter(db: sqlite_utils.Database, counter: str) -> Ticket | None:
    row = db.execute(
        f"select {_COLUMNS} from queue_tickets where state = 'called' and counter = ? "
        "order by last_called_at desc limit 1",
        [counter],
    ).fetchone()
    return None if row is None else _ticket(row)


def call_next(
    db: sqlite_utils.Database, rules: QueueRules, counter: str, *, now: datetime | None = None
) -> Ticket:
    """The counter calls the longest-waiting ticket of the services it serves today; the ticket it
    was serving counts as served. Raises NoTicketError when nobody is waiting."""
    letters = [s.letter for s in rules.services if counter in s.counters]
    if not letters:
        raise NoTicketError(f"counter {counter} serves no queue service")
    at = _now(now)
    day = rules.business_day(at).isoformat()
    marks = ",".join("?" for _ in letters)
    with write_transaction(db):
        current = _at_counter(db, counter)
        if current is not None:
            _finish(db, current, "served", "served", at)
        row = db.execute(
            f"select id from queue_tickets where day = ? and state = 'waiting' "
            f"and {LINE} in ({marks}) order by issued_at, id limit 1",
            [day, *letters],
        ).fetchone()
        if row is None:
            raise NoTicketError("nobody is waiting")
        return _call(db, _get(db, int(row[0])), counter, at)


def _call(db: sqlite_utils.Database, ticket: Ticket, counter: str, at: datetime) -> Ticket:
    first = ticket.first_called_at or _text(at)
    db.execute(
        "update queue_tickets set state = 'called', counter = ?, first_called_at = ?, "
        "last_called_at = ?, calls = calls + 1 where id = ?",
        [counter, first, _text(at), ticket.id],
    )
    called = _get(db, ticket.id)
    if ticket.calls == 0:
        _event(db, called, "called", at=at, wait_s=_seconds_between(ticket.issued_at, at))
    else:
        _event(db, called, "recalled", at=at)
    return called


def recall(
    db: sqlite_utils.Database, rules: QueueRules, counter: str, *, number: str | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Call again: the counter's current ticket, or a skipped one by its number (today)."""
    at = _now(now)
    with write_transaction(db):
        if number is None:
            ticket = _at_counter(db, counter)
        else:
            row = db.execute(
                f"select {_COLUMNS} from queue_tickets where day = ? and number = ? "
                "and state in ('called', 'skipped')",
                [rules.business_day(at).isoformat(), number.strip().upper()],
            ).fetchone()
            ticket = None if row is None else _ticket(row)
        if ticket is None:
            raise NoTicketError("no ticket to call again")
        if ticket.state == "skipped":
            db.execute("update queue_tickets set finished_at = null where id = ?", [ticket.id])
        return _call(db, ticket, counter, at)


def call_number(
    db: sqlite_utils.Database, rules: QueueRules, number: str, counter: str, *, now: datetime | None = None
) -> Ticket:
    """Call one waiting ticket of today by its number (a V ticket whose lawyer has just answered
    the video call), out of the line's order. Raises NoTicketError if it is not waiting."""
    at = _now(now)
    with write_transaction(db):
        row = db.execute(
            f"select {_COLUMNS} from queue_tickets where day = ? and number = ? and state = 'waiting'",
            [rules.business_day(at).isoformat(), number.strip().upper()],
        ).fetchone()
        if row is None:
            raise NoTicketError(f"ticket {number} is not waiting")
        return _call(db, _ticket(row), counter, at)


def call_reserved(
    db: sqlite_utils.Database, rules: QueueRules, number: str, counter: str, *, request_key: str,
    now: datetime | None = None,
) -> Ticket:
    """Call a booked visitor by the number on their booking slip (V5823 for the video booking code
    5823) at the counter: issued and called in one step, once per request_key (a repeated call of
    the same booking returns the ticket as it is). Reserved numbers have four digits from 5000, so
    they never meet the day's own V001–V999; their seq is negative, outside the day's numbering."""
    at = _now(now)
    letter, digits = number[:1].upper(), number[1:]
    service = rules.service(letter)
    if not digits.isdigit() or not 5000 <= int(digits) <= 9999:
        raise ValueError(f"a reserved number looks like V5823, not {number!r}")
    day = rules.business_day(at).isoformat()
    with write_transaction(db):
        query = f"select {_COLUMNS} from queue_tickets where request_key = ?"
        row = db.execute(query, [request_key]).fetchone()
        if row is not None:
            return _ticket(row)
        cursor = db.execute(
            "insert into queue_tickets (day, service, seq, number, token, request_key, issued_at) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [day, service.letter, -int(digits), f"{service.letter}{digits}", secrets.token_urlsafe(16),
             request_key, _text(at)],
        )
        ticket = _get(db, int(cursor.lastrowid or 0))
        _event(db, ticket, "issued", at=at)
        return _call(db, ticket, counter, at)


def finish_current(
    db: sqlite_utils.Database, counter: str, outcome: str, *, now: datetime | None = None
) -> Ticket:
    """The counter's current ticket is served, skipped (may be recalled later) or a no-show."""
    if outcome not in ("served", "skipped", "no_show"):
        raise ValueError(f"outcome must be served, skipped or no_show, not {outcome!r}")
    at = _now(now)
    with write_transaction(db):
        ticket = _at_counter(db, counter)
        if ticket is None:
            raise NoTicketError(f"counter {counter} is not serving anyone")
        return _finish(db, ticket, outcome, outcome, at)


def transfer_current(
    db: sqlite_utils.Database, rules: QueueRules, counter: str, letter: str, *,
    now: datetime | None = None,
) -> Ticket:
    """The counter's current visitor needs another service: the ticket keeps its number and
    waits in that service's line, in the place its issue time gives it (usually the front)."""
    target = rules.service(letter)  # KeyError for an unknown service
    at = _now(now)
    with write_transaction(db):
        ticket = _at_counter(db, counter)
        if ticket is None:
            raise NoTicketError(f"counter {counter} is not serving anyone")
        db.execute(
            "update queue_tickets set state = 'waiting', queued_for = ?, counter = null, "
            "first_called_at = null, calls = 0 where id = ?",
            [None if target.letter == ticket.service else target.letter, ticket.id],
        )
        moved = _get(db, ticket.id)
        _event(db, moved, "transferred", at=at)
        return moved


def find_by_token(db: sqlite_utils.Database, token: str) -> tuple[Ticket, int] | None:
    row = db.execute(f"select {_COLUMNS} from queue_tickets where token = ?", [token]).fetchone()
    if row is None:
        return None
    ticket = _ticket(row)
    return ticket, _ahead(db, ticket)
