"""`lawpost calc`: JSON for reviewers, a sentence and exit 2 for bad input, calculators in --help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lawpost.cli import main


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["calc", *argv]) == 0
    loaded: dict[str, object] = json.loads(capsys.readouterr().out)
    return loaded


def test_litigation_fee_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "litigation-fee", "--json", "kind=property", "amount=88000")
    assert (data["fee"], data["fee_halved"]) == ("2000.00", "1000.00")
    assert "2.5%" in str(data["formula"])
    assert {"law": "诉讼费用交纳办法", "article": 15, "note": "调解结案或撤诉的减半交纳"} in data["articles"]  # type: ignore[operator]


def test_severance_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "severance", "--json", "start=2018-07-01", "end=2023-11-20",
                 "monthly_wage=5200", "local_average_wage=7600")
    assert (data["months"], data["amount"], data["unlawful_termination_amount"]) == (
        5.5, "28600.00", "57200.00")
    assert [a["article"] for a in data["articles"]] == [47, 87]  # type: ignore[attr-defined]


def test_json_may_follow_the_inputs_and_english_is_available(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "preservation-fee", "amount=896000.01", "--json", "--lang", "en")
    assert (data["fee"], data["capped"]) == ("5000.00", True)
    assert "at most 5,000 yuan" in str(data["formula"])


def test_the_province_setting_fixes_a_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[calc]\ndivorce_fee = 200\n", encoding="utf-8")
    assert main(["--config", str(config), "calc", "litigation-fee", "--json", "kind=divorce"]) == 0
    assert json.loads(capsys.readouterr().out)["fee"] == "200.00"


def test_a_setting_outside_the_legal_range_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[calc]\ndivorce_fee = 400\n", encoding="utf-8")
    assert main(["--config", str(config), "calc", "litigation-fee", "kind=divorce"]) == 2
    assert "50–300" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["severance", "start=2018-07-01", "end=2017-11-20", "monthly_wage=5200"], "早于入职日期"),
        (["severance", "start=2018-07-01", "end=2023-11-20", "monthly_wage=5,2x0"], "monthly wage"),
        (["litigation-fee", "kind=property", "amount"], "key=value"),
        (["litigation-fee", "kind=property"], "金额"),
        (["taxes"], "litigation-fee"),
    ],
)
def test_bad_input_exits_2_with_a_sentence(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    assert main(["calc", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and fragment in captured.err and "Traceback" not in captured.err


def test_help_lists_every_calculator_and_its_keys() -> None:
    done = subprocess.run([sys.executable, "-m", "lawpost", "calc", "--help"],
                          capture_output=True, text=True, check=True)
    for word in ("litigation-fee", "preservation-fee", "enforcement-fee", "severance",
                 "monthly_wage", "local_average_wage", "trademark_patent_maritime"):
        assert word in done.stdout
