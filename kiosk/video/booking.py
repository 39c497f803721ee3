"""Bookings of a video consultation at a rota slot: how the time reads, and the slip to take home.

The slip names no one: the booking number, the time, the topic and what to do then. It is the
visitor's proof of the appointment, printed on the hall's A4 printer.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.content.take_home import Section, TakeHomeSheet

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_and_time(moment: datetime, *, zone: ZoneInfo, language: str) -> str:
    """3月3日（周二）09:00 — as a visitor says it; English: Tue 3 Mar, 09:00."""
    local = moment.astimezone(zone)
    if language == "en":
        weekday, month = _WEEKDAYS_EN[local.weekday()], _MONTHS_EN[local.month - 1]
        return f"{weekday} {local.day} {month}, {local:%H:%M}"
    return f"{local.month}月{local.day}日（周{_WEEKDAYS_ZH[local.weekday()]}）{local:%H:%M}"


def clock_time(moment: datetime, *, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%H:%M}"


def booking_slip(
    *, title: str, facts: Section, advice: Section, footer: tuple[str, ...] = ()
) -> TakeHomeSheet:
    """The appointment slip: the facts (number, time, topic), then what to do at that time."""
    return TakeHomeSheet(title=title, sections=(facts, advice), footer=footer)
