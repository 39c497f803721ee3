"""Sample statistics for `lawpost demo` only: a month of made-up anonymous visits at three sample kiosks.

The data goes in the way a real kiosk's does (enrollment code → POST /api/v1/enroll, usage events
→ POST /api/v1/ingest with back-dated created_at), so the console shows it exactly as it would show
real statistics. Every sample kiosk's name starts with SAMPLE_MARK, and nothing but the demo calls
this: `lawpost server` never seeds (tests/test_demo_data.py).
"""

from __future__ import annotations

import random
import tomllib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.sync import wire
from kiosk.sync.client import SyncClient, enroll
from kiosk.sync.enrollment import Secret

SAMPLE_MARK = "【示例数据 sample】"
SAMPLE_KIOSKS = ("东坪镇便民服务中心", "石桥乡综治中心", "清河镇司法所")
GUIDES_DIR = Path(__file__).resolve().parent.parent / "assets" / "content" / "guides"

# Lay questions as visitors type them (anonymous; nothing personal).
SAMPLE_QUERIES = (
    "老板拖欠工资怎么办", "离婚孩子归谁", "工伤怎么认定", "借钱不还怎么起诉", "土地承包到期",
    "交通事故赔偿标准", "房东不退押金", "子女不赡养老人", "父母遗产怎么分", "被家暴了怎么办",
    "法律援助申请条件", "网购退货商家不同意", "劳动合同没签", "邻居占了宅基地", "彩礼要退吗",
)  # fmt: skip


@dataclass(frozen=True)
class SeedSummary:
    kiosks: list[str]
    sessions: int
    events: int


def _guides() -> list[tuple[str, str]]:
    """(guide id, topic) of the bundled guides, so the sample links to real content."""
    found = []
    for path in sorted(GUIDES_DIR.glob("*/*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found.append((str(data.get("id", path.stem)), str(data.get("topic", path.parent.name))))
    return found or [("divorce-lawsuit", "divorce")]


def _visit(
    rng: random.Random, start: datetime, guides: list[tuple[str, str]]
) -> list[tuple[datetime, dict[str, Any]]]:
    """One visitor's events: home, a topic or a search, maybe a guide, maybe a rating, the end."""
    lang = "en" if rng.random() < 0.04 else "zh_CN"
    at = start
    events: list[tuple[datetime, dict[str, Any]]] = [(at, {"event": "screen_view", "screen": "home"})]

    def later(payload: dict[str, Any]) -> None:
        nonlocal at
        at += timedelta(seconds=rng.uniform(8, 70))
        events.append((at, payload))

    guide, topic = rng.choice(guides)
    if rng.random() < 0.4:
        later({"event": "screen_view", "screen": "search"})
        later({"event": "search", "query": rng.choice(SAMPLE_QUERIES)})
    else:
        later({"event": "screen_view", "screen": "topic"})
    if rng.random() < 0.75:
        later({"event": "screen_view", "screen": "guide"})
        later({"event": "guide_read", "guide_id": guide, "topic": topic})
    if rng.random() < 0.55:
        later({"event": "screen_view", "screen": "rating"})
        later({"event": "rating", "rating": rng.choices((5, 4, 3, 2, 1), weights=(55, 28, 10, 4, 3))[0]})
    later({"event": "session_end", "duration_s": round((at - start).total_seconds() + 15, 1)})
    for _at, payload in events:
        payload["lang"] = lang
    return events


def sample_visits(*, now: datetime, days: int, seed: int) -> Iterator[tuple[int, datetime, dict[str, Any]]]:
    """(kiosk index, time, usage payload) for `days` days of opening hours before `now`."""
    rng = random.Random(seed)
    guides = _guides()
    first = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    for day in range(days):
        midnight = first + timedelta(days=day)
        weekend = midnight.weekday() >= 5
        for kiosk in range(len(SAMPLE_KIOSKS)):
            visits = rng.randint(2, 6) if weekend else rng.randint(8, 22)
            for _ in range(visits):
                # Opening hours 8:30-17:30 China time = 0:30-9:30 UTC.
                start = midnight + timedelta(minutes=rng.uniform(30, 570))
                if start >= now:
                    continue
                for at, payload in _visit(rng, start, guides):
                    yield kiosk, at, payload


def _item(at: datetime, payload: dict[str, Any]) -> wire.Item:
    created = at.astimezone(UTC).isoformat(timespec="milliseconds")
    return wire.Item(
        id=str(uuid.uuid4()),
        kind=wire.KIND_USAGE_EVENT,
        created_at=created,
        hash=wire.item_hash(kind=wire.KIND_USAGE_EVENT, created_at=created, payload=payload, sealed=None),
        payload=payload,
        sealed=None,
    )


def seed_sample_month(
    server_url: str,
    *,
    new_code: Callable[[], str],
    days: int = 30,
    seed: int = 13,
    now: datetime | None = None,
) -> SeedSummary:
    """Enroll the sample kiosks (one code each from `new_code`) and send their month of events."""
    now = now or datetime.now(UTC)
    clients = []
    names = []
    for place in SAMPLE_KIOSKS:
        name = SAMPLE_MARK + place
        answer = enroll(server_url=server_url, code=new_code(), kiosk_name=name, app_version=__version__)
        clients.append(SyncClient(server_url=server_url, token=Secret(answer["device_token"])))
        names.append(name)
    batches: list[list[wire.Item]] = [[] for _ in clients]
    events = sessions = 0
    try:
        for kiosk, at, payload in sample_visits(now=now, days=days, seed=seed):
            batches[kiosk].append(_item(at, payload))
            events += 1
            sessions += payload["event"] == "session_end"
            if len(batches[kiosk]) == wire.MAX_BATCH:
                clients[kiosk].ingest(batches[kiosk])
                batches[kiosk] = []
        for client, batch in zip(clients, batches, strict=True):
            if batch:
                client.ingest(batch)
    finally:
        for client in clients:
            client.close()
    return SeedSummary(kiosks=names, sessions=sessions, events=events)
