"""Arbitrary inputs never crash a calculator (a sentence or a result, nothing else), fees never
fall as the amount rises, and severance never falls as the service gets longer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.calc.calculators import CALCULATORS, calculate
from kiosk.calc.fees import KINDS
from kiosk.calc.result import CalcInputError, Text
from kiosk.calc.severance import service_between
from kiosk.config import CalcSettings

UNSET = CalcSettings()
cents = st.integers(min_value=1, max_value=10**14).map(lambda c: Decimal(c) / 100)
texts = st.one_of(st.text(max_size=30), st.from_regex(r"-?\d{0,15}(\.\d{0,4})?", fullmatch=True),
                  st.dates().map(date.isoformat))
KEYS = sorted({key.name for calc in CALCULATORS for key in calc.keys} | {"colour"})


@settings(max_examples=400, deadline=None)
@given(
    name=st.sampled_from([c.name for c in CALCULATORS] + ["nothing"]),
    inputs=st.dictionaries(st.sampled_from(KEYS), st.one_of(texts, st.sampled_from(KINDS)), max_size=5),
)
def test_arbitrary_inputs_give_a_result_or_a_sentence(zh: Text, name: str, inputs: dict[str, str]) -> None:
    try:
        result = calculate(name, inputs, settings=UNSET, text=zh)
    except CalcInputError as refused:
        sentence = refused.sentence(zh)
        assert sentence.endswith("。"), sentence
        return
    assert result.formula and result.figures and result.articles


def _fee(calculator: str, amount: Decimal, zh: Text, kind: str = "property") -> Decimal:
    inputs = {"amount": str(amount)}
    if calculator == "litigation-fee":
        inputs["kind"] = kind
    data = calculate(calculator, inputs, settings=UNSET, text=zh).data
    return Decimal(data.get("fee_min") or data["fee"])


@settings(max_examples=300, deadline=None)
@given(
    calculator=st.sampled_from(["litigation-fee", "preservation-fee", "enforcement-fee"]),
    kind=st.sampled_from(["property", "divorce", "personality"]),
    a=cents, b=cents,
)
def test_fees_are_monotonic_in_the_amount(
    zh: Text, calculator: str, kind: str, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    assert _fee(calculator, low, zh, kind) <= _fee(calculator, high, zh, kind)


@settings(max_examples=300, deadline=None)
@given(start=st.dates(date(1950, 1, 1), date(2090, 1, 1)), length=st.integers(0, 20000),
       more=st.integers(1, 400))
def test_longer_service_never_counts_less(start: date, length: int, more: int) -> None:
    shorter = service_between(start, start + timedelta(days=length))
    longer = service_between(start, start + timedelta(days=length + more))
    assert (shorter.full_months, shorter.days) < (longer.full_months, longer.days) or (
        shorter.full_months < longer.full_months)
    assert shorter.wage_months <= longer.wage_months
    assert 0 <= shorter.days <= 31
