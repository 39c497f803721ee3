"""好差评: the visitor's 5-level satisfaction rating, stored anonymously.

The level stays on the kiosk (and is counted by the server through a usage event). A comment is
free text that may name someone, so it is never stored in clear: it goes into the outbox sealed
to the server's key, for hall staff to read in the console's inbox. An unenrolled kiosk has no
key, so it does not offer the comment box at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from kiosk.logs import redact
from kiosk.storage.transactions import write_transaction

# Level 5 is best, matching the national 好差评 scale.
LEVEL_KEYS = {
    5: "rating.level5",  # 非常满意
    4: "rating.level4",  # 满意
    3: "rating.level3",  # 基本满意
    2: "rating.level2",  # 不满意
    1: "rating.level1",  # 非常不满意
}
MAX_COMMENT_CHARS = 300
RATING_KIND = "rating"


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


def comments_accepted(db: sqlite_utils.Database) -> bool:
    """Comments can be delivered (sealed) only once the kiosk is enrolled with a server."""
    from kiosk.sync.enrollment import server_public_key

    return server_public_key(db) is not None


def save_rating(db: sqlite_utils.Database, rating: Rating) -> int:
    """Store the level; queue a comment sealed for the server, in the same transaction."""
    if rating.level not in LEVEL_KEYS:
        raise RatingError("level must be 1..5")
    comment = clean_comment(rating.comment)
    at = datetime.now(UTC).isoformat(timespec="seconds")
    with write_transaction(db):
        cursor = db.execute(
            "insert into ratings (at, level, has_comment, language) values (?, ?, ?, ?)",
            [at, rating.level, int(bool(comment)), rating.language],
        )
        if comment:
            from kiosk.sync import outbox

            outbox.enqueue(
                db,
                kind=RATING_KIND,
                payload={"level": rating.level, "comment": comment, "language": rating.language},
                personal=True,
            )
    return int(cursor.lastrowid or 0)


def rating_counts(db: sqlite_utils.Database) -> dict[int, int]:
    rows = db.execute("select level, count(*) from ratings group by level").fetchall()
    return {int(level): int(count) for level, count in rows}
