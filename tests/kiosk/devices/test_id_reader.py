"""The ID-card reader interface: the simulated reader gives form answers; no card is an error."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.devices.id_reader import DEMO_CARD, IdReaderError, SimulatedIdReader
from kiosk.forms.values import check_id_number


def test_a_card_becomes_applicant_answers_and_its_number_is_valid() -> None:
    reader = SimulatedIdReader(DEMO_CARD)
    answers = reader.read().as_answers()
    assert answers["applicant.name"] == "王小明" and answers["applicant.sex"] == "male"
    assert "photo" not in " ".join(answers)  # the photo is never read
    assert check_id_number(answers["applicant.id_number"], today=date(2026, 11, 30)).error is None


def test_no_card_on_the_reader() -> None:
    reader = SimulatedIdReader()
    with pytest.raises(IdReaderError):
        reader.read()
    reader.place(DEMO_CARD)
    assert reader.read().as_answers("respondent")["respondent.birth_date"] == "1949-12-31"
