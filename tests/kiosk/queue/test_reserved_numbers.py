"""A booked video visitor's number (V5823, from the booking slip's code) is issued and called in
one step, once per booking, and leaves the day's own V numbering and the display's figures alone."""

from __future__ import annotations

import pytest
import sqlite_utils

from kiosk.queue import tickets
from kiosk.queue.services import QueueRules
from kiosk.queue.status import queue_status
from tests.kiosk.queue.conftest import OPEN_MONDAY


def test_a_reserved_number_is_called_once_and_the_days_numbering_goes_on(
    db: sqlite_utils.Database, rules: QueueRules
) -> None:
    called = tickets.call_reserved(db, rules, "V5823", "3", request_key="video-booking-7", now=OPEN_MONDAY)
    assert (called.number, called.state, called.counter) == ("V5823", "called", "3")
    again = tickets.call_reserved(db, rules, "V5823", "3", request_key="video-booking-7", now=OPEN_MONDAY)
    assert again.id == called.id and again.calls == 1  # a second round of the kiosk's timer: no recall

    walk_in = tickets.issue(db, rules, "V", now=OPEN_MONDAY).ticket
    assert walk_in.number == "V001"  # not V5824
    status = queue_status(db, rules, now=OPEN_MONDAY)
    assert [(c.number, c.counter) for c in status.current] == [("V5823", "3")]
    assert next(s for s in status.services if s.letter == "V").last_issued == "V001"


@pytest.mark.parametrize("number", ["V001", "V999", "V10000", "Vabc"])
def test_only_four_digit_codes_from_5000_are_reserved(
    db: sqlite_utils.Database, rules: QueueRules, number: str
) -> None:
    with pytest.raises(ValueError, match="reserved number"):
        tickets.call_reserved(db, rules, number, "3", request_key=f"k-{number}", now=OPEN_MONDAY)
