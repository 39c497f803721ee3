"""好差评: the visitor's 5-level satisfaction rating, stored anonymously."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from kiosk.logs import redact

# Level 5 is best, matching the national 好差评 scale.
LEVEL_KEYS = {
    5: "rating.level5",  # 非常满意
    4: "rating.level4",  # 满意
    3: "rating.level3",  # 基本满意
    2: "rating.level2",  # 不满意
    1: "rating.level1",  # 非常不满意
}
MAX_COMMENT_CHARS = 300


class RatingError(ValueError):
    """The rating cannot be saved as given."""


@dataclass(frozen=True)
class Rating:
    level: int
    comment: str
    language: str


def clean_comment(text: str) -> str:
    """Trim, cap the length, and mask anything shaped like an ID or phone number: the rating
    is anonymous, and a visitor who types their number into it should not be identifiable."""
    text = " ".join(text.split())[:MAX_COMMENT_CHARS]
    return redact(text)


def save_rating(db: sqlite_utils.Database, rating: Rating) -> int:
    if rating.level not in LEVEL_KEYS:
        raise RatingError("level must be 1..5")
    with db.conn:
        cursor = db.execute(
            "insert into ratings (at, level, comment, language) values (?, ?, ?, ?)",
            [
                datetime.now(UTC).isoformat(timespec="seconds"),
                rating.level,
                clean_comment(rating.comment),
                rating.language,
            ],
        )
    return int(cursor.lastrowid or 0)


def rating_counts(db: sqlite_utils.Database) -> dict[int, int]:
    rows = db.execute("select level, count(*) from ratings group by level").fetchall()
    return {int(level): int(count) for level, count in rows}
