"""Call-back numbers: which are accepted, and how they are read back."""

from __future__ import annotations

import pytest

from kiosk.video.callback import spoken_groups, valid_phone


@pytest.mark.parametrize("digits", ["13812345678", "19912345678", "01012345678", "075512345678"])
def test_mobile_and_landline_numbers_are_accepted(digits: str) -> None:
    assert valid_phone(digits)


@pytest.mark.parametrize("digits", ["", "1381234567", "23812345678", "12812345678", "0101234"])
def test_too_short_or_impossible_numbers_are_refused(digits: str) -> None:
    assert not valid_phone(digits)


def test_numbers_are_read_back_in_the_usual_groups() -> None:
    assert spoken_groups("13812345678") == "138 1234 5678"
    assert spoken_groups("1381234") == "138 1234"  # while typing
    assert spoken_groups("01012345678") == "010 12345678"
    assert spoken_groups("075512345678") == "0755 12345678"
