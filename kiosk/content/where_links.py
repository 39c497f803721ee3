"""Where a guide sends a visitor ("去哪里办", phone numbers), linked to this kiosk's directory and
to the 12348 hotline, so every place named is a button that opens its address, phone and hours."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

# Words in a "where" item that name a kind of office in the directory. Land-contract arbitration
# (农村土地承包仲裁委员会) is not the labour arbitration commission, so only the labour one maps.
TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("法律援助", "legal_aid_centre"),
    ("司法所", "judicial_office"),
    ("人民调解", "mediation_committee"),
    ("调解委员会", "mediation_committee"),
    ("公证", "notary_office"),
    ("劳动人事争议仲裁", "arbitration_commission"),
    ("法院", "court"),
    ("法庭", "court"),
    ("律师", "law_firm"),
    # Only 派出所: "公安机关交通管理部门" (traffic police) is not a police station's counter.
    ("派出所", "police_station"),
    ("司法鉴定", "forensic_institution"),
    ("农业农村", "agriculture_bureau"),
    ("自然资源", "natural_resources_bureau"),
    ("不动产登记", "natural_resources_bureau"),
    ("市场监管", "market_regulation"),
)
# At most this many offices of one kind are offered for one item (the nearest first when the
# directory is ordered so).
PER_ITEM = 2
_NUMBER = re.compile(r"\d[\d-]{2,}\d")


class Office(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def phone(self) -> str: ...


@dataclass(frozen=True)
class WhereLink:
    text: str
    offices: tuple[Office, ...]
    # The text names the hotline: the item leads to the 12348 page too.
    hotline: bool


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def link_where(items: Iterable[str], offices: Sequence[Office], *, hotline: str = "12348") -> list[WhereLink]:
    """Each item with the directory's offices it names (by kind, or by a phone number in it)."""
    links = []
    for text in items:
        kinds = [kind for word, kind in TYPE_WORDS if word in text]
        found: list[Office] = []
        for kind in dict.fromkeys(kinds):
            found.extend([o for o in offices if o.type == kind][:PER_ITEM])
        numbers = {_digits(n) for n in _NUMBER.findall(text)}
        found.extend(o for o in offices if _digits(o.phone) in numbers and o not in found)
        links.append(WhereLink(text=text, offices=tuple(found), hotline=_digits(hotline) in numbers))
    return links
