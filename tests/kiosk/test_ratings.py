"""好差评 ratings are anonymous and bounded."""

from pathlib import Path

import pytest

from kiosk.ratings import Rating, RatingError, clean_comment, rating_counts, save_rating
from kiosk.storage.database import open_database


def test_save_and_count(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    save_rating(db, Rating(5, "好", "zh_CN"))
    save_rating(db, Rating(5, "", "en"))
    save_rating(db, Rating(2, "排队太久", "zh_CN"))
    assert rating_counts(db) == {5: 2, 2: 1}


def test_level_out_of_range(tmp_path: Path) -> None:
    with pytest.raises(RatingError):
        save_rating(open_database(tmp_path), Rating(6, "", "zh_CN"))


def test_comment_is_capped_and_masked() -> None:
    cleaned = clean_comment("  很好   13812345678 " + "长" * 1000)
    assert "13812345678" not in cleaned and len(cleaned) <= 300 and not cleaned.startswith(" ")
