"""The hall's queue services (letter, name, counters, opening hours) and the clock rules on them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_LETTER = re.compile(r"^[A-Z]$")
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_DAYS = re.compile(r"^[1-7](?:-[1-7])?(?:,[1-7](?:-[1-7])?)*$")


class QueueConfigError(ValueError):
    """A queue service is configured in a way the kiosk cannot use; the message says what to fix."""


@dataclass(frozen=True)
class OpeningSpan:
    start: time
    end: time


@dataclass(frozen=True)
class QueueService:
    """One line in the hall: 'A' 法律援助 at counters 1 and 2, open 08:30-12:00 and 14:00-17:30."""

    letter: str
    name: str
    name_en: str
    counters: tuple[str, ...]
    spans: tuple[OpeningSpan, ...]
    weekdays: frozenset[int]  # ISO weekdays 1 = Monday … 7 = Sunday

    def is_open(self, local: datetime) -> bool:
        if local.isoweekday() not in self.weekdays:
            return False
        now = local.time()
        return any(span.start <= now < span.end for span in self.spans)

    def next_opening(self, local: datetime) -> datetime | None:
        """The next moment this service opens after `local` (within two weeks), or None."""
        for offset in range(15):
            day = local.date() + timedelta(days=offset)
            if day.isoweekday() not in self.weekdays:
                continue
            for span in self.spans:
                start = datetime.combine(day, span.start, tzinfo=local.tzinfo)
                if start > local:
                    return start
        return None


def parse_time(text: str, *, what: str) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise QueueConfigError(f"{what} 应写成 HH:MM，例如 08:30 (must look like 08:30, not {text!r})")
    return time(int(match[1]), int(match[2]))


def parse_spans(text: str, *, letter: str) -> tuple[OpeningSpan, ...]:
    spans = []
    for part in text.split(","):
        match = _SPAN.match(part.strip())
        if not match:
            raise QueueConfigError(
                f"服务 {letter} 的开放时间应写成 08:30-12:00,14:00-17:30 (hours of {letter}: {text!r})"
            )
        start = parse_time(f"{match[1]}:{match[2]}", what=f"服务 {letter} 的开放时间")
        end = parse_time(f"{match[3]}:{match[4]}", what=f"服务 {letter} 的开放时间")
        if end <= start:
            raise QueueConfigError(f"服务 {letter} 的开放时间 {part} 结束早于开始 (ends before it starts)")
        spans.append(OpeningSpan(start, end))
    return tuple(sorted(spans, key=lambda s: s.start))


def parse_weekdays(text: str, *, letter: str) -> frozenset[int]:
    compact = text.replace(" ", "")
    if not _DAYS.match(compact):
        raise QueueConfigError(f"服务 {letter} 的开放日应写成 1-5 或 1-5,7 (weekdays of {letter}: {text!r})")
    days: set[int] = set()
    for part in compact.split(","):
        first, _, last = part.partition("-")
        days.update(range(int(first), int(last or first) + 1))
    return frozenset(days)


def build_service(raw: dict[str, object]) -> QueueService:
    """One service from its settings table (see QueueServiceSettings in kiosk.config)."""
    letter = str(raw.get("letter", "")).strip().upper()
    if not _LETTER.match(letter):
        raise QueueConfigError(f"排队服务的字母应为 A–Z 之一 (queue service letter {letter!r})")
    name = str(raw.get("name", "")).strip()
    if not name:
        raise QueueConfigError(f"服务 {letter} 没有名称 (service {letter} has no name)")
    counters = tuple(c.strip() for c in str(raw.get("counters", "")).split(",") if c.strip())
    if not counters:
        raise QueueConfigError(f"服务 {letter} 至少需要一个窗口 (service {letter} needs a counter)")
    return QueueService(
        letter=letter,
        name=name,
        name_en=str(raw.get("name_en", "")).strip() or name,
        counters=counters,
        spans=parse_spans(str(raw.get("hours", "")), letter=letter),
        weekdays=parse_weekdays(str(raw.get("weekdays", "1-5")), letter=letter),
    )


@dataclass(frozen=True)
class QueueRules:
    """Every service of the hall plus the clock the queue runs on."""

    services: tuple[QueueService, ...]
    zone: ZoneInfo
    reset_at: time  # local time at which every service starts again from 001

    def service(self, letter: str) -> QueueService:
        wanted = letter.strip().upper()
        for service in self.services:
            if service.letter == wanted:
                return service
        raise KeyError(wanted)

    def local(self, now: datetime) -> datetime:
        return now.astimezone(self.zone)

    def business_day(self, now: datetime) -> date:
        """The queue day `now` belongs to: numbers restart at `reset_at` local time."""
        local = self.local(now)
        shifted = local - timedelta(hours=self.reset_at.hour, minutes=self.reset_at.minute)
        return shifted.date()


def build_rules(*, services: tuple[dict[str, object], ...], time_zone: str, reset_at: str) -> QueueRules:
    built = tuple(build_service(dict(raw)) for raw in services)
    letters = [s.letter for s in built]
    if len(set(letters)) != len(letters):
        raise QueueConfigError(f"排队服务的字母重复 (queue service letters repeat: {letters})")
    try:
        zone = ZoneInfo(time_zone)
    except (KeyError, ValueError) as exc:
        raise QueueConfigError(f"未知时区 {time_zone!r} (unknown time zone)") from exc
    return QueueRules(services=built, zone=zone, reset_at=parse_time(reset_at, what="queue.reset_at"))
