"""好差评 ratings: the level is kept anonymously; a comment leaves the kiosk only sealed."""

from pathlib import Path

import pytest
from nacl.public import PrivateKey

from kiosk.ratings import Rating, RatingError, clean_comment, comments_accepted, rating_counts, save_rating
from kiosk.storage.database import open_database
from kiosk.sync.enrollment import save_enrollment
from kiosk.sync.outbox import NotEnrolledError


def _enroll(db: object) -> None:
    import base64

    key = base64.b64encode(bytes(PrivateKey.generate().public_key)).decode()
    save_enrollment(db, server_url="https://example.invalid", kiosk_name="k",  # type: ignore[arg-type]
                    answer={"device_id": "d1", "device_token": "d1.secret",
                            "server_public_key": key, "heartbeat_interval_s": 30})


def test_levels_are_counted(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    save_rating(db, Rating(5, "", "zh_CN"))
    save_rating(db, Rating(5, "", "en"))
    save_rating(db, Rating(2, "", "zh_CN"))
    assert rating_counts(db) == {5: 2, 2: 1}


def test_a_comment_is_refused_before_enrollment_and_nothing_is_kept(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    assert not comments_accepted(db)
    with pytest.raises(NotEnrolledError):
        save_rating(db, Rating(4, "张三说排队太久", "zh_CN"))
    assert rating_counts(db) == {}


def test_a_comment_is_sealed_and_never_in_clear(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    _enroll(db)
    assert comments_accepted(db)
    save_rating(db, Rating(2, "窗口的张三态度不好", "zh_CN"))
    assert rating_counts(db) == {2: 1}
    rows = db.execute("select kind, payload, sealed from sync_outbox").fetchall()
    assert [(r[0], r[1] is None, r[2] is not None) for r in rows] == [("rating", True, True)]
    db.conn.close()
    for path in tmp_path.iterdir():
        if path.is_file():
            assert "张三".encode() not in path.read_bytes()


def test_level_out_of_range(tmp_path: Path) -> None:
    with pytest.raises(RatingError):
        save_rating(open_database(tmp_path), Rating(6, "", "zh_CN"))


def test_comment_is_capped_and_masked() -> None:
    cleaned = clean_comment("  很好   13812345678 " + "长" * 1000)
    assert "13812345678" not in cleaned and len(cleaned) <= 300 and not cleaned.startswith(" ")
