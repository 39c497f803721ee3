"""Usage events: anonymous, and query text loses anything that looks like a name, ID or phone."""

from __future__ import annotations

import pytest
import sqlite_utils

from kiosk.sync import outbox
from kiosk.sync.usage import record_event, strip_personal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我叫张三，身份证11010519491231002X", "我叫〔姓名〕，身份证〔证件号〕"),
        ("身份证 110105 19491231 002x 怎么补办", "身份证 〔证件号〕 怎么补办"),
        ("老身份证110105491231002", "老身份证〔证件号〕"),
        ("电话13812345678", "电话〔电话〕"),
        ("手机 138 1234 5678 打不通", "手机 〔电话〕 打不通"),
        ("+86 13812345678", "〔电话〕"),
        ("１３８１２３４５６７８", "〔电话〕"),
        ("座机010-12345678", "座机〔电话〕"),
        ("（0471）1234567", "〔电话〕"),
        ("打6543210找他", "打〔号码〕找他"),
        ("银行卡6222021234567890123", "银行卡〔号码〕"),
        ("姓名：李四 工资被拖欠", "姓名：〔姓名〕 工资被拖欠"),
        ("我的名字是欧阳娜娜", "我的名字是〔姓名〕"),
        ("我姓王", "我姓〔姓名〕"),
        ("工伤赔偿标准", "工伤赔偿标准"),
        ("借款100000元怎么要回", "借款100000元怎么要回"),
        ("2023年12月工资", "2023年12月工资"),
        ("劳动合同法第82条", "劳动合同法第82条"),
    ],
)
def test_strip_personal(text: str, expected: str) -> None:
    assert strip_personal(text) == expected


def test_record_event_queues_a_stripped_plain_payload(kiosk_db: sqlite_utils.Database) -> None:
    item_id = record_event(
        kiosk_db,
        event="search",
        screen="search",
        query="我叫张三 电话13812345678 欠薪",
        lang="zh_CN",
    )
    (item,) = outbox.pending_batch(kiosk_db, limit=5)
    assert item["id"] == item_id
    assert item["kind"] == "usage_event"
    assert item["sealed"] is None
    assert item["payload"] == {
        "event": "search",
        "screen": "search",
        "topic": None,
        "guide_id": None,
        "query": "我叫〔姓名〕 电话〔电话〕 欠薪",
        "rating": None,
        "duration_s": None,
        "lang": "zh_CN",
    }


def test_record_event_joins_the_callers_transaction(kiosk_db: sqlite_utils.Database) -> None:
    def rate_then_fail() -> None:
        with kiosk_db.atomic():
            record_event(kiosk_db, event="rating", rating=5)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        rate_then_fail()
    assert outbox.stats(kiosk_db).depth == 0


@pytest.mark.parametrize(("event", "rating"), [("clicked", None), ("rating", 6), ("rating", 0)])
def test_record_event_refuses_bad_values(
    kiosk_db: sqlite_utils.Database, event: str, rating: int | None
) -> None:
    with pytest.raises(ValueError, match=r"usage event|rating"):
        record_event(kiosk_db, event=event, rating=rating)
