"""The ID-card reader (身份证读卡器) as forms use it: a small interface and a simulated reader.

A reader returns what the card's chip holds as text: name, sex, ethnicity, birth date, address,
ID number. The photo is never read into the kiosk (居民身份证法 art. 13, PIPL arts. 28–29). Real
readers (e.g. the common GB/T-compliant USB readers with a vendor SDK) plug in behind
`IdCardReader`; the simulated one serves the demo and tests and reads a card only when asked to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class IdCard:
    name: str
    sex: str  # "male" / "female", the forms' option values
    ethnicity: str  # as printed on the card, e.g. 汉
    birth_date: str  # YYYY-MM-DD
    address: str  # the card's address line, starting with the province
    id_number: str

    def as_answers(self, prefix: str = "applicant") -> dict[str, str]:
        """The card as form answers for a person block (`applicant.name`, ...)."""
        return {
            f"{prefix}.name": self.name,
            f"{prefix}.sex": self.sex,
            f"{prefix}.ethnicity": self.ethnicity,
            f"{prefix}.birth_date": self.birth_date,
            f"{prefix}.address": self.address,
            f"{prefix}.id_number": self.id_number,
        }


class IdReaderError(Exception):
    """No card could be read; the form is filled by hand instead."""


class IdCardReader(Protocol):
    def read(self) -> IdCard:
        """Read the card on the reader now; raise IdReaderError if there is none or it fails."""
        ...


class SimulatedIdReader:
    """A reader with a card placed on it by the test or the demo (`place`), or none."""

    def __init__(self, card: IdCard | None = None) -> None:
        self._card = card

    def place(self, card: IdCard | None) -> None:
        self._card = card

    def read(self) -> IdCard:
        if self._card is None:
            raise IdReaderError("no card on the reader")
        return self._card


DEMO_CARD = IdCard(
    name="王小明",
    sex="male",
    ethnicity="汉",
    birth_date="1949-12-31",
    address="北京市朝阳区示例街道1号",
    id_number="11010519491231002X",
)
