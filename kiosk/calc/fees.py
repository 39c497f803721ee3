"""Court fees under 《诉讼费用交纳办法》 (State Council, 2007): case acceptance fees (art. 13),
halving (arts. 15, 16), preservation and enforcement application fees (art. 14)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiosk.calc.brackets import apply, brackets, step_lines, total
from kiosk.calc.result import (
    CalcInputError,
    CalcResult,
    Citation,
    Figure,
    Text,
    money_json,
    money_text,
    plain_number,
    spoken_money,
    to_cent,
)

REGULATION = "诉讼费用交纳办法"

# Art. 13 (一): property cases; 50 yuan per case covers the first 10,000.
PROPERTY_BASE = Decimal(50)
PROPERTY = brackets([
    (10_000, 100_000, "2.5"), (100_000, 200_000, "2"), (200_000, 500_000, "1.5"),
    (500_000, 1_000_000, "1"), (1_000_000, 2_000_000, "0.9"), (2_000_000, 5_000_000, "0.8"),
    (5_000_000, 10_000_000, "0.7"), (10_000_000, 20_000_000, "0.6"), (20_000_000, None, "0.5"),
])  # fmt: skip
# Art. 13 (二) 1: divorce, property divided above 200,000.
DIVORCE_PROPERTY = brackets([(200_000, None, "0.5")])
# Art. 13 (二) 2: personality rights, damages above 50,000.
PERSONALITY_DAMAGES = brackets([(50_000, 100_000, "1"), (100_000, None, "0.5")])
# Art. 14 (二): preservation; 30 yuan covers the first 1,000 (or no amount); at most 5,000.
PRESERVATION_BASE = Decimal(30)
PRESERVATION = brackets([(1_000, 100_000, "1"), (100_000, None, "0.5")])
PRESERVATION_CAP = Decimal(5000)
# Art. 14 (一) 2: enforcement; 50 yuan covers the first 10,000. Without an amount: 50–500 (1).
ENFORCEMENT_BASE = Decimal(50)
ENFORCEMENT = brackets([
    (10_000, 500_000, "1.5"), (500_000, 5_000_000, "1"), (5_000_000, 10_000_000, "0.5"),
    (10_000_000, None, "0.1"),
])  # fmt: skip
ENFORCEMENT_NO_AMOUNT = (Decimal(50), Decimal(500))

# Per-case ranges of art. 13 (二) that each province fixes within (art. 13, last paragraph).
RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "divorce": (Decimal(50), Decimal(300)),
    "personality": (Decimal(100), Decimal(500)),
    "non_property": (Decimal(50), Decimal(100)),
}
FLAT: dict[str, Decimal] = {
    "labour": Decimal(10),                      # art. 13 (四)
    "administrative": Decimal(50),              # art. 13 (五) 2
    "trademark_patent_maritime": Decimal(100),  # art. 13 (五) 1
}
KINDS: tuple[str, ...] = (
    "property", "divorce", "personality", "non_property", "labour", "administrative",
    "trademark_patent_maritime",
)  # fmt: skip


@dataclass(frozen=True)
class Fee:
    """A fee known exactly (low == high) or only as the range a province has not yet fixed."""

    low: Decimal
    high: Decimal

    @property
    def exact(self) -> Decimal | None:
        return self.low if self.low == self.high else None

    def halved(self) -> Fee:
        # Halve the assessed fee (already in cents), then round that half to the cent.
        return Fee(to_cent(to_cent(self.low) / 2), to_cent(to_cent(self.high) / 2))

    def text(self) -> str:
        if self.exact is not None:
            return money_text(self.low)
        return f"{money_text(self.low)}–{money_text(self.high)}"

    def spoken(self, text: Text) -> str:
        if self.exact is not None:
            return spoken_money(self.low)
        return text("calc.spoken_range", low=spoken_money(self.low), high=spoken_money(self.high))

    def json(self, prefix: str) -> dict[str, str | None]:
        return {
            prefix: money_json(self.exact),
            f"{prefix}_min": money_json(self.low),
            f"{prefix}_max": money_json(self.high),
        }


def _cite(article: int, note_key: str, text: Text) -> Citation:
    return Citation(law=REGULATION, article=article, note=text(note_key), in_pack_law=False)


def _per_case(kind: str, standard: Decimal | None, text: Text) -> tuple[Fee, str]:
    """The per-case part: a fixed sum, the province's figure, or the range when none is set."""
    if kind in FLAT:
        return Fee(FLAT[kind], FLAT[kind]), text("calc.f.flat", fee=plain_number(FLAT[kind]))
    low, high = RANGES[kind]
    if standard is None:
        return Fee(low, high), text("calc.f.range_unset", low=plain_number(low), high=plain_number(high))
    return Fee(standard, standard), text(
        "calc.f.range_set", fee=plain_number(standard), low=plain_number(low), high=plain_number(high)
    )


def litigation_fee(
    kind: str,
    *,
    text: Text,
    amount: Decimal | None = None,
    standard: Decimal | None = None,
) -> CalcResult:
    """案件受理费 for one case of `kind`. `amount` is the claim (property), the property to divide
    (divorce) or the damages claimed (personality); `standard` is the province's per-case figure."""
    if kind not in KINDS:
        raise CalcInputError("calc.error.kind", value=kind, choices=", ".join(KINDS))
    lines = [text(f"calc.kind_rule.{kind}")]
    if kind == "property":
        if amount is None or amount <= 0:
            raise CalcInputError("calc.error.zero", field="amount")
        steps = apply(amount, PROPERTY)
        lines.append(text("calc.f.base", upto=plain_number(Decimal(10_000)), fee=plain_number(PROPERTY_BASE)))
        lines += step_lines(steps, text)
        exact = PROPERTY_BASE + total(steps)
        fee = Fee(to_cent(exact), to_cent(exact))
    else:
        fee, line = _per_case(kind, standard, text)
        lines.append(line)
        table = {"divorce": DIVORCE_PROPERTY, "personality": PERSONALITY_DAMAGES}.get(kind)
        if table is not None and amount:
            steps = apply(amount, table)
            lines.append(text(f"calc.f.extra.{kind}", amount=money_text(amount),
                              free=plain_number(table[0].lower)))
            lines += step_lines(steps, text)
            extra = total(steps)
            fee = Fee(to_cent(fee.low + extra), to_cent(fee.high + extra))
    halved = fee.halved()
    lines.append(text("calc.f.total", total=fee.text()))
    lines.append(text("calc.f.halved", halved=halved.text()))
    articles = (
        _cite(13, f"calc.cite.13.{kind}", text),
        _cite(15, "calc.cite.15", text),
        _cite(16, "calc.cite.16", text),
    )
    notes = () if fee.exact is not None else (text("calc.note.range_unset"),)
    return CalcResult(
        calculator="litigation-fee",
        data={"kind": kind, **fee.json("fee"), **halved.json("fee_halved")},
        figures=(
            Figure(text("calc.fig.fee"), fee.text(), fee.spoken(text), main=True),
            Figure(text("calc.fig.fee_halved"), halved.text(), halved.spoken(text)),
        ),
        formula="\n".join(lines),
        articles=articles,
        notes=notes,
    )


def preservation_fee(*, text: Text, amount: Decimal | None) -> CalcResult:
    """保全申请费 on the value actually preserved (no amount: 30 yuan), capped at 5,000."""
    value = amount or Decimal(0)
    steps = apply(value, PRESERVATION)
    exact = PRESERVATION_BASE + total(steps)
    lines = [
        text("calc.rule.preservation"),
        text("calc.f.base", upto=plain_number(Decimal(1000)), fee=plain_number(PRESERVATION_BASE)),
        *step_lines(steps, text),
    ]
    capped = exact > PRESERVATION_CAP
    if capped:
        lines.append(text("calc.f.cap", computed=money_text(exact), cap=plain_number(PRESERVATION_CAP)))
        exact = PRESERVATION_CAP
    fee = to_cent(exact)
    lines.append(text("calc.f.total", total=money_text(fee)))
    return CalcResult(
        calculator="preservation-fee",
        data={"fee": money_json(fee), "capped": capped},
        figures=(Figure(text("calc.fig.preservation"), money_text(fee), spoken_money(fee), main=True),),
        formula="\n".join(lines),
        articles=(_cite(14, "calc.cite.14.preservation", text),),
    )


def enforcement_fee(*, text: Text, amount: Decimal | None) -> CalcResult:
    """执行申请费 on the amount to enforce; with no amount, the 50–500 range of art. 14 (一) 1."""
    lines = [text("calc.rule.enforcement")]
    if amount is None or amount == 0:
        low, high = ENFORCEMENT_NO_AMOUNT
        fee = Fee(low, high)
        lines.append(text("calc.f.enforcement_no_amount", low=plain_number(low), high=plain_number(high)))
    else:
        steps = apply(amount, ENFORCEMENT)
        lines.append(
            text("calc.f.base", upto=plain_number(Decimal(10_000)), fee=plain_number(ENFORCEMENT_BASE))
        )
        lines += step_lines(steps, text)
        exact = to_cent(ENFORCEMENT_BASE + total(steps))
        fee = Fee(exact, exact)
    lines.append(text("calc.f.total", total=fee.text()))
    return CalcResult(
        calculator="enforcement-fee",
        data=fee.json("fee"),
        figures=(Figure(text("calc.fig.enforcement"), fee.text(), fee.spoken(text), main=True),),
        formula="\n".join(lines),
        articles=(_cite(14, "calc.cite.14.enforcement", text),),
    )
