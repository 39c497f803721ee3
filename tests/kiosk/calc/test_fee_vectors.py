"""Court fees against vectors written by hand from 诉讼费用交纳办法 arts. 13–16: every bracket
boundary, one cent and one yuan either side, the halved amounts, the preservation cap.

The expected figures were worked out on paper from the regulation's brackets (and checked against
its quick formulas, e.g. 2.5 %·x − 200), not taken from this program's output."""

from __future__ import annotations

import pytest

from kiosk.calc.calculators import calculate
from kiosk.calc.result import CalcInputError, Text
from kiosk.config import CalcSettings

UNSET = CalcSettings()

# amount claimed → (fee, halved fee). Boundaries: 1万, 10万, 20万, 50万, 100万, 200万, 500万,
# 1000万, 2000万. A cent either side moves the exact fee by ≤ 0.00025 yuan, so it rounds back to
# the boundary's fee; a yuan either side moves it by the bracket's rate and shows half-up rounding.
PROPERTY = [
    ("0.01", "50.00", "25.00"),
    ("10001.", "50.03", "25.02"),       # the keypad's "10001." is 10001 yuan
    ("1", "50.00", "25.00"),
    ("9999.99", "50.00", "25.00"),
    ("10000", "50.00", "25.00"),
    ("10000.01", "50.00", "25.00"),
    ("10001", "50.03", "25.02"),        # 50 + 1×2.5% = 50.025 → 50.03; half 25.015 → 25.02
    ("88000", "2000.00", "1000.00"),    # 2.5%·88000 − 200
    ("99999", "2299.98", "1149.99"),    # 2300 − 0.025 = 2299.975 → 2299.98
    ("99999.99", "2300.00", "1150.00"),
    ("100000", "2300.00", "1150.00"),   # 50 + 90000×2.5%
    ("100000.01", "2300.00", "1150.00"),
    ("100001", "2300.02", "1150.01"),
    ("150000", "3300.00", "1650.00"),   # 2%·x + 300
    ("199999", "4299.98", "2149.99"),
    ("199999.99", "4300.00", "2150.00"),
    ("200000", "4300.00", "2150.00"),
    ("200000.01", "4300.00", "2150.00"),
    ("200001", "4300.02", "2150.01"),   # 4300.015 → 4300.02
    ("300000", "5800.00", "2900.00"),   # 1.5%·x + 1300
    ("499999", "8799.99", "4400.00"),   # 8799.985 → 8799.99; half 4399.995 → 4400.00
    ("499999.99", "8800.00", "4400.00"),
    ("500000", "8800.00", "4400.00"),
    ("500000.01", "8800.00", "4400.00"),
    ("500001", "8800.01", "4400.01"),   # half 4400.005 → 4400.01
    ("750000", "11300.00", "5650.00"),  # 1%·x + 3800
    ("999999", "13799.99", "6900.00"),
    ("999999.99", "13800.00", "6900.00"),
    ("1000000", "13800.00", "6900.00"),
    ("1000000.01", "13800.00", "6900.00"),
    ("1000001", "13800.01", "6900.01"),  # 13800.009 → 13800.01
    ("1999999", "22799.99", "11400.00"),  # 22799.991
    ("1999999.99", "22800.00", "11400.00"),
    ("2000000", "22800.00", "11400.00"),  # 0.9%·x + 4800
    ("2000000.01", "22800.00", "11400.00"),
    ("2000001", "22800.01", "11400.01"),
    ("3000000", "30800.00", "15400.00"),  # 0.8%·x + 6800
    ("4999999", "46799.99", "23400.00"),
    ("4999999.99", "46800.00", "23400.00"),
    ("5000000", "46800.00", "23400.00"),
    ("5000000.01", "46800.00", "23400.00"),
    ("5000001", "46800.01", "23400.01"),
    ("9999999", "81799.99", "40900.00"),
    ("9999999.99", "81800.00", "40900.00"),
    ("10000000", "81800.00", "40900.00"),  # 0.7%·x + 11800
    ("10000000.01", "81800.00", "40900.00"),
    ("10000001", "81800.01", "40900.01"),
    ("19999999", "141799.99", "70900.00"),
    ("19999999.99", "141800.00", "70900.00"),
    ("20000000", "141800.00", "70900.00"),  # 0.6%·x + 21800
    ("20000000.01", "141800.00", "70900.00"),
    ("20000001", "141800.01", "70900.01"),  # 141800.005 → 141800.01
    ("50000000", "291800.00", "145900.00"),  # 0.5%·x + 41800
]


@pytest.mark.parametrize(("amount", "fee", "halved"), PROPERTY)
def test_property_case_fee(zh: Text, amount: str, fee: str, halved: str) -> None:
    result = calculate("litigation-fee", {"kind": "property", "amount": amount}, settings=UNSET, text=zh)
    assert (result.data["fee"], result.data["fee_halved"]) == (fee, halved)
    assert result.data["fee_min"] == result.data["fee_max"] == fee


# kind, amount (property divided / damages), settings → fee min, max, halved min, max.
OTHER_KINDS = [
    ("labour", "", UNSET, "10.00", "10.00", "5.00", "5.00"),
    ("administrative", "", UNSET, "50.00", "50.00", "25.00", "25.00"),
    ("trademark_patent_maritime", "", UNSET, "100.00", "100.00", "50.00", "50.00"),
    ("non_property", "", UNSET, "50.00", "100.00", "25.00", "50.00"),
    ("non_property", "", CalcSettings(non_property_fee=80), "80.00", "80.00", "40.00", "40.00"),
    ("divorce", "", UNSET, "50.00", "300.00", "25.00", "150.00"),
    ("divorce", "199999.99", UNSET, "50.00", "300.00", "25.00", "150.00"),
    ("divorce", "200000", UNSET, "50.00", "300.00", "25.00", "150.00"),
    ("divorce", "200000.01", UNSET, "50.00", "300.00", "25.00", "150.00"),
    ("divorce", "200001", UNSET, "50.01", "300.01", "25.01", "150.01"),  # +0.005 → .01; half .005 up
    ("divorce", "1000000", UNSET, "4050.00", "4300.00", "2025.00", "2150.00"),  # +800000×0.5%
    ("divorce", "1000000", CalcSettings(divorce_fee=200), "4200.00", "4200.00", "2100.00", "2100.00"),
    ("personality", "", UNSET, "100.00", "500.00", "50.00", "250.00"),
    ("personality", "49999.99", UNSET, "100.00", "500.00", "50.00", "250.00"),
    ("personality", "50000", UNSET, "100.00", "500.00", "50.00", "250.00"),
    ("personality", "50000.01", UNSET, "100.00", "500.00", "50.00", "250.00"),
    ("personality", "50001", UNSET, "100.01", "500.01", "50.01", "250.01"),  # +1×1% = 0.01
    ("personality", "99999", UNSET, "599.99", "999.99", "300.00", "500.00"),  # +499.99
    ("personality", "100000", UNSET, "600.00", "1000.00", "300.00", "500.00"),  # +500
    ("personality", "100001", UNSET, "600.01", "1000.01", "300.01", "500.01"),  # +500.005
    ("personality", "200000", UNSET, "1100.00", "1500.00", "550.00", "750.00"),  # +500 +500
    ("personality", "200000", CalcSettings(personality_fee=300), "1300.00", "1300.00", "650.00", "650.00"),
]


@pytest.mark.parametrize(("kind", "amount", "settings", "low", "high", "half_low", "half_high"), OTHER_KINDS)
def test_non_property_and_flat_fees(
    zh: Text, kind: str, amount: str, settings: CalcSettings,
    low: str, high: str, half_low: str, half_high: str,
) -> None:  # fmt: skip
    inputs = {"kind": kind, "amount": amount} if amount else {"kind": kind}
    data = calculate("litigation-fee", inputs, settings=settings, text=zh).data
    assert (data["fee_min"], data["fee_max"]) == (low, high)
    assert (data["fee_halved_min"], data["fee_halved_max"]) == (half_low, half_high)
    # A range is not a fee: JSON says null rather than picking a number for the province.
    assert data["fee"] == (low if low == high else None)


def test_an_unset_range_is_shown_and_explained(zh: Text) -> None:
    result = calculate("litigation-fee", {"kind": "divorce"}, settings=UNSET, text=zh)
    assert result.figures[0].amount == "50.00–300.00"
    assert "没有设置" in result.formula and result.notes


PRESERVATION = [
    ("", "30.00", False),
    ("0", "30.00", False),
    ("999.99", "30.00", False),
    ("1000", "30.00", False),
    ("1000.01", "30.00", False),      # 30.0001
    ("1001", "30.01", False),
    ("99999", "1019.99", False),      # 30 + 98999×1%
    ("99999.99", "1020.00", False),
    ("100000", "1020.00", False),     # 30 + 990
    ("100000.01", "1020.00", False),
    ("100001", "1020.01", False),     # 1020.005 → 1020.01
    ("500000", "3020.00", False),     # 1020 + 400000×0.5%
    ("895998", "4999.99", False),
    ("895999", "5000.00", False),     # 4999.995 rounds up to the cap without reaching it
    ("895999.99", "5000.00", False),
    ("896000", "5000.00", False),     # exactly 5000: the cap is reached, not exceeded
    ("896000.01", "5000.00", True),
    ("896001", "5000.00", True),
    ("100000000", "5000.00", True),
]


@pytest.mark.parametrize(("amount", "fee", "capped"), PRESERVATION)
def test_preservation_fee_and_its_cap(zh: Text, amount: str, fee: str, capped: bool) -> None:
    inputs = {"amount": amount} if amount else {}
    data = calculate("preservation-fee", inputs, settings=UNSET, text=zh).data
    assert (data["fee"], data["capped"]) == (fee, capped)


ENFORCEMENT = [
    ("9999.99", "50.00"),
    ("10000", "50.00"),
    ("10000.01", "50.00"),
    ("10001", "50.02"),        # 50.015 → 50.02
    ("100000", "1400.00"),     # 50 + 90000×1.5%
    ("499999", "7399.99"),     # 7399.985 → 7399.99
    ("499999.99", "7400.00"),
    ("500000", "7400.00"),     # 50 + 490000×1.5%
    ("500000.01", "7400.00"),
    ("500001", "7400.01"),
    ("4999999", "52399.99"),
    ("4999999.99", "52400.00"),
    ("5000000", "52400.00"),   # + 4500000×1%
    ("5000000.01", "52400.00"),
    ("5000001", "52400.01"),   # 52400.005 → 52400.01
    ("9999999", "77400.00"),   # 77399.995 → 77400.00
    ("10000000", "77400.00"),  # + 5000000×0.5%
    ("10000001", "77400.00"),  # 77400.001
    ("10000010", "77400.01"),
    ("20000000", "87400.00"),  # + 10000000×0.1%
]


@pytest.mark.parametrize(("amount", "fee"), ENFORCEMENT)
def test_enforcement_fee(zh: Text, amount: str, fee: str) -> None:
    assert calculate("enforcement-fee", {"amount": amount}, settings=UNSET, text=zh).data["fee"] == fee


def test_enforcement_without_an_amount_is_the_range(zh: Text) -> None:
    data = calculate("enforcement-fee", {}, settings=UNSET, text=zh).data
    assert (data["fee"], data["fee_min"], data["fee_max"]) == (None, "50.00", "500.00")


def test_the_formula_shows_each_bracket_and_cites_the_regulation(zh: Text) -> None:
    result = calculate("litigation-fee", {"kind": "property", "amount": "88000"}, settings=UNSET, text=zh)
    assert "10,000 元至 88,000 元的部分：78,000.00 × 2.5% = 1,950.00 元" in result.formula
    assert "合计：2,000.00 元" in result.formula
    assert [(c.law, c.article) for c in result.articles] == [
        ("诉讼费用交纳办法", 13), ("诉讼费用交纳办法", 15), ("诉讼费用交纳办法", 16)]
    assert not any(c.in_pack_law for c in result.articles)  # not in laws.db: cited by name


@pytest.mark.parametrize(
    ("calculator", "inputs", "key"),
    [
        ("litigation-fee", {"kind": "property"}, "calc.error.zero"),
        ("litigation-fee", {"kind": "property", "amount": "0"}, "calc.error.zero"),
        ("litigation-fee", {"kind": "property", "amount": "-5"}, "calc.error.negative"),
        ("litigation-fee", {"kind": "property", "amount": "1.005"}, "calc.error.not_money"),
        ("litigation-fee", {"kind": "property", "amount": "一万"}, "calc.error.not_money"),
        ("litigation-fee", {"kind": "property", "amount": "1" + "0" * 13}, "calc.error.too_large"),
        ("litigation-fee", {"kind": "murder"}, "calc.error.kind"),
        ("litigation-fee", {}, "calc.error.missing"),
        ("litigation-fee", {"kind": "labour", "colour": "red"}, "calc.error.unknown_key"),
        ("tax", {}, "calc.error.unknown"),
    ],
)
def test_bad_input_is_refused_with_a_sentence(
    zh: Text, calculator: str, inputs: dict[str, str], key: str
) -> None:
    with pytest.raises(CalcInputError) as refused:
        calculate(calculator, inputs, settings=UNSET, text=zh)
    assert refused.value.key == key
    sentence = refused.value.sentence(zh)
    assert sentence.endswith("。") and "{" not in sentence
