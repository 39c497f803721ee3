"""Cumulative brackets (分段累计): each part of an amount is charged at its own bracket's rate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kiosk.calc.result import Text, money_text, plain_number


@dataclass(frozen=True)
class Bracket:
    """The part of an amount above `lower` and up to `upper` (None: no upper end) pays `rate`."""

    lower: Decimal
    upper: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class Step:
    """One bracket applied to one amount: the part that falls in it and what that part costs."""

    lower: Decimal
    upper: Decimal
    rate: Decimal
    part: Decimal  # exact, not rounded: the total is rounded once

    @property
    def portion(self) -> Decimal:
        return self.upper - self.lower


def brackets(rows: Sequence[tuple[int, int | None, str]]) -> tuple[Bracket, ...]:
    """Write a table as the regulation does: (from yuan, to yuan, rate in percent)."""
    return tuple(
        Bracket(Decimal(lower), None if upper is None else Decimal(upper), Decimal(rate) / 100)
        for lower, upper, rate in rows
    )


def apply(amount: Decimal, table: Sequence[Bracket]) -> list[Step]:
    """The brackets the amount reaches, each with the part of the amount inside it."""
    steps = []
    for bracket in table:
        if amount <= bracket.lower:
            break
        top = amount if bracket.upper is None else min(amount, bracket.upper)
        steps.append(Step(bracket.lower, top, bracket.rate, (top - bracket.lower) * bracket.rate))
    return steps


def total(steps: Sequence[Step]) -> Decimal:
    return sum((step.part for step in steps), Decimal(0))


def percent(rate: Decimal) -> str:
    return plain_number(rate * 100)


def step_lines(steps: Sequence[Step], text: Text) -> list[str]:
    """One line per bracket reached: "10,000 至 88,000 元的部分：78,000.00 × 2.5% = 1,950.00 元"."""
    return [
        text(
            "calc.f.step", lower=plain_number(s.lower), upper=plain_number(s.upper),
            portion=money_text(s.portion), rate=percent(s.rate), part=money_text(s.part),
        )
        for s in steps
    ]  # fmt: skip
