"""What a calculation hands back: figures to show, data for JSON, the formula and the articles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# A message catalog lookup for one language: text("calc.key", name=value) -> sentence.
Text = Callable[..., str]

CENT = Decimal("0.01")


class CalcInputError(ValueError):
    """An input a person gave cannot be used. `key` names the catalog sentence that says what to
    fix; `values` fill it in. `field` is an input's name, shown as its label in the reader's
    language (calc.key.<field>)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def sentence(self, text: Text) -> str:
        values = {k: str(v) for k, v in self.values.items()}
        if "field" in values:
            values["field"] = text(f"calc.key.{values['field']}")
        return text(self.key, **values)


def to_cent(value: Decimal) -> Decimal:
    """Round to the cent, half up (the rule for money on Chinese court and payroll documents)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money_json(value: Decimal | None) -> str | None:
    """Money in JSON is a string with exactly two decimals ("2000.00"): exact, no float rounding."""
    return None if value is None else f"{to_cent(value):.2f}"


def money_text(value: Decimal) -> str:
    """Money for the screen: thousands separators and two decimals, "88,000.00"."""
    return f"{to_cent(value):,.2f}"


def plain_number(value: Decimal) -> str:
    """A bracket boundary or a rate in a formula: no trailing zeros ("10,000", "2.5")."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return f"{int(normal):,}"
    return f"{normal:,f}"


def spoken_money(value: Decimal) -> str:
    """Money as read aloud: no separators, no ".00" ("2000", "2600.5")."""
    rounded = to_cent(value)
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return f"{rounded.normalize():f}"


@dataclass(frozen=True)
class Citation:
    """An article a result relies on. `in_pack_law` is true when the law's text is in laws.db, so
    the kiosk can open the article screen; the fee regulation is not, and is cited by name."""

    law: str
    article: int
    note: str
    in_pack_law: bool

    def to_json(self) -> dict[str, Any]:
        return {"law": self.law, "article": self.article, "note": self.note}


@dataclass(frozen=True)
class Figure:
    """One large number on the result screen: what it is and how much ("50.00–300.00" for a range)."""

    label: str
    amount: str
    spoken: str
    main: bool = False


@dataclass(frozen=True)
class CalcResult:
    calculator: str
    data: dict[str, Any]
    figures: tuple[Figure, ...]
    formula: str
    articles: tuple[Citation, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.data,
            "formula": self.formula,
            "articles": [c.to_json() for c in self.articles],
            "notes": list(self.notes),
        }
