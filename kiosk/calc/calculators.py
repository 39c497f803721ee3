"""The calculators by name, with the keys each takes: one entry point for the CLI and the kiosk."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from kiosk.calc.fees import KINDS, enforcement_fee, litigation_fee, preservation_fee
from kiosk.calc.inputs import parse_date, parse_money
from kiosk.calc.result import CalcInputError, CalcResult, Text
from kiosk.calc.severance import severance
from kiosk.config import CalcSettings


@dataclass(frozen=True)
class Key:
    """One input: its name, how it is entered (money, date, choice) and whether it may be left out."""

    name: str
    kind: str
    required: bool
    help: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Calculator:
    name: str
    help: str
    keys: tuple[Key, ...]
    run: Callable[[Mapping[str, str], CalcSettings, Text], CalcResult]


def _setting(value: float) -> Decimal | None:
    """A money setting: 0 means not set. str() keeps what the technician wrote (5200.5, not a
    binary fraction)."""
    return Decimal(str(value)) if value else None


def _money(inputs: Mapping[str, str], name: str, text: Text) -> Decimal | None:
    raw = inputs.get(name, "")
    return parse_money(raw, field=name) if raw.strip() else None


def _litigation(inputs: Mapping[str, str], settings: CalcSettings, text: Text) -> CalcResult:
    kind = inputs["kind"].strip()
    standards = {
        "divorce": _setting(settings.divorce_fee),
        "personality": _setting(settings.personality_fee),
        "non_property": _setting(settings.non_property_fee),
    }
    return litigation_fee(kind, text=text, amount=_money(inputs, "amount", text),
                          standard=standards.get(kind))


def _preservation(inputs: Mapping[str, str], settings: CalcSettings, text: Text) -> CalcResult:
    return preservation_fee(text=text, amount=_money(inputs, "amount", text))


def _enforcement(inputs: Mapping[str, str], settings: CalcSettings, text: Text) -> CalcResult:
    return enforcement_fee(text=text, amount=_money(inputs, "amount", text))


def _severance(inputs: Mapping[str, str], settings: CalcSettings, text: Text) -> CalcResult:
    wage = parse_money(inputs["monthly_wage"], field="monthly_wage", allow_zero=False)
    average = _money(inputs, "local_average_wage", text)
    if average == 0:
        raise CalcInputError("calc.error.zero", field="local_average_wage")
    return severance(
        start=parse_date(inputs["start"], field="start"),
        end=parse_date(inputs["end"], field="end"),
        monthly_wage=wage,
        local_average_wage=average if average is not None else _setting(settings.local_average_monthly_wage),
        text=text,
    )


CALCULATORS: tuple[Calculator, ...] = (
    Calculator(
        "litigation-fee",
        "case acceptance fee, with the halved amount (诉讼费用交纳办法 arts. 13, 15, 16)",
        (
            Key("kind", "choice", True, "kind of case", KINDS),
            Key("amount", "money", False,
                "yuan: the claim (property, required), the property to divide (divorce) "
                "or the damages claimed (personality)"),
        ),
        _litigation,
    ),
    Calculator(
        "preservation-fee",
        "preservation application fee, at most 5,000 (art. 14 (二))",
        (Key("amount", "money", False, "yuan: the value preserved (none: 30 yuan)"),),
        _preservation,
    ),
    Calculator(
        "enforcement-fee",
        "enforcement application fee (art. 14 (一))",
        (Key("amount", "money", False, "yuan: the amount to enforce (none: the 50–500 range)"),),
        _enforcement,
    ),
    Calculator(
        "severance",
        "经济补偿 and 违法解除赔偿金 (劳动合同法 arts. 47, 87)",
        (
            Key("start", "date", True, "first day of work, YYYY-MM-DD"),
            Key("end", "date", True, "last day of the contract (a day worked), YYYY-MM-DD"),
            Key("monthly_wage", "money", True, "yuan: average monthly wage of the last 12 months"),
            Key("local_average_wage", "money", False,
                "yuan: the city's average monthly wage of last year (default: the [calc] setting)"),
        ),
        _severance,
    ),
)  # fmt: skip


def find_calculator(name: str) -> Calculator:
    for calculator in CALCULATORS:
        if calculator.name == name:
            return calculator
    raise CalcInputError("calc.error.unknown", value=name, choices=", ".join(c.name for c in CALCULATORS))


def calculate(name: str, inputs: Mapping[str, str], *, settings: CalcSettings, text: Text) -> CalcResult:
    """Run one calculator on text inputs; CalcInputError says in a sentence what to fix."""
    calculator = find_calculator(name)
    known = {key.name: key for key in calculator.keys}
    unknown = sorted(set(inputs) - set(known))
    if unknown:
        raise CalcInputError("calc.error.unknown_key", value=", ".join(unknown), choices=", ".join(known))
    for key in calculator.keys:
        if key.required and not inputs.get(key.name, "").strip():
            raise CalcInputError("calc.error.missing", field=key.name)
        if key.choices and inputs.get(key.name, "").strip() not in (*key.choices, ""):
            raise CalcInputError("calc.error.kind", value=inputs[key.name], choices=", ".join(key.choices))
    return calculator.run(inputs, settings, text)
