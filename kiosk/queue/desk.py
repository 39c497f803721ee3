"""Taking a number, the one code path of the kiosk tile and `lawpost queue issue`: issue the
ticket (one transaction), print it, record whether it reached paper."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from kiosk.config import Settings
from kiosk.queue import tickets
from kiosk.queue.services import QueueRules, build_rules
from kiosk.queue.status import queue_status
from kiosk.queue.ticket_image import TicketContent
from kiosk.queue.ticket_printing import TicketPrinter, build_ticket_printer

log = logging.getLogger(__name__)

PHONE_PATH = "/q/"


@dataclass(frozen=True)
class TakenTicket:
    number: str
    service: str
    service_name: str
    service_name_en: str
    ahead: int
    # Estimated wait in minutes (low, high): people ahead × today's mean service time ÷ the
    # service's counters, −30 %/+30 %; None before anyone of this service was served today.
    wait_min: tuple[int, int] | None
    printed: bool
    print_problem: str  # "" | no_paper | no_answer | no_printer | error
    paper_near_end: bool
    url: str  # the ticket's phone page, also in its QR code
    issued_local: str
    day: str
    repeated: bool

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def rules_from_settings(settings: Settings) -> QueueRules:
    queue = settings.queue
    return build_rules(
        services=tuple(asdict(s) for s in queue.services), time_zone=queue.time_zone,
        reset_at=queue.reset_at,
    )


class TicketDesk:
    """The kiosk's ticket machine: numbers from the database, paper from the printer."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        rules: QueueRules,
        printer: TicketPrinter,
        *,
        service_point: str,
        base_url: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.rules = rules
        self.printer = printer
        self._service_point = service_point
        self._base_url = base_url.rstrip("/")
        self.clock = clock

    def _estimate(self, letter: str, ahead: int) -> tuple[int, int] | None:
        status = queue_status(self.db, self.rules, now=self.clock())
        row = next(s for s in status.services if s.letter == letter)
        return estimate_wait(ahead=ahead, mean_service_s=row.mean_service_s, counters=len(row.counters))

    def take(self, letter: str, *, request_key: str | None = None) -> TakenTicket:
        """Issue, then print. Raises KeyError (unknown service) and tickets.QueueClosedError."""
        issued = tickets.issue(self.db, self.rules, letter, now=self.clock(), request_key=request_key)
        ticket = issued.ticket
        service = self.rules.service(ticket.service)
        local = self.rules.local(datetime.fromisoformat(ticket.issued_at))
        url = f"{self._base_url}{PHONE_PATH}{ticket.token}"
        if issued.repeated and ticket.print_state != "issued":
            printed, problem, near_end = ticket.print_state == "printed", "", False
        else:
            outcome = self.printer.print_ticket(TicketContent(
                service_point=self._service_point, number=ticket.number, service_name=service.name,
                ahead=issued.ahead, issued_local=local.strftime("%Y-%m-%d %H:%M"), url=url,
            ))
            state = "printed" if outcome.printed else "print_failed"
            tickets.set_print_state(self.db, ticket.id, state)
            printed, problem, near_end = outcome.printed, outcome.problem, outcome.near_end
            if problem:
                log.warning("ticket %s not printed: %s", ticket.number, problem)
        return TakenTicket(
            number=ticket.number, service=ticket.service, service_name=service.name,
            service_name_en=service.name_en, ahead=issued.ahead,
            wait_min=self._estimate(ticket.service, issued.ahead), printed=printed,
            print_problem=problem, paper_near_end=near_end, url=url,
            issued_local=local.strftime("%H:%M"), day=ticket.day, repeated=issued.repeated,
        )


def estimate_wait(*, ahead: int, mean_service_s: float | None, counters: int) -> tuple[int, int] | None:
    if mean_service_s is None or ahead == 0:
        return None
    minutes = ahead * mean_service_s / max(1, counters) / 60
    return int(minutes * 0.7), max(1, math.ceil(minutes * 1.3))


def desk_from_settings(settings: Settings, db: sqlite_utils.Database,
                       *, printer: TicketPrinter | None = None) -> TicketDesk:
    tp = settings.ticket_printer
    return TicketDesk(
        db,
        rules_from_settings(settings),
        printer or build_ticket_printer(connection=tp.connection, text_mode=tp.text_mode,
                                        width_px=tp.paper_width_px, timeout_s=tp.timeout_s),
        service_point=settings.kiosk.service_point_name,
        base_url=settings.kiosk.public_base_url,
    )
