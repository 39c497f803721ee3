"""`lawpost form list|check|render` as a reviewer runs it: JSON out, exit codes, the PDF written."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lawpost.cli import main
from tests.kiosk.forms.answers import answers


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # An empty data dir: the command reads the bundled default pack (no pack installed).
    monkeypatch.setenv("LAWPOST_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("LAWPOST_CONFIG", raising=False)
    return tmp_path


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["form", "list", "--json"], capsys)
    assert code == 0
    listing = json.loads(out)
    assert {"id": "legal_aid", "title": "法律援助申请表"} in listing
    assert {f["id"] for f in listing} == {"legal_ai"
                                          "d", "mediation", "labour_arbitration", "civil_complaint_loan",
                                          "civil_complaint_labour", "iou", "receipt"}  # fmt: skip


def test_check_complete_and_incomplete_both_exit_zero(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(env / "a.json", answers("legal_aid", applicant__groups=["migrant_worker"]))
    code, out, _ = _run(["form", "check", "legal_aid", "--answers", str(good), "--json"], capsys)
    report = json.loads(out)
    assert (
        code == 0 and report["form"] == "legal_aid" and report["complete"] is True and report["errors"] == {}
    )
    assert report["eligibility"]["outcome"] == "means_test_exempt"
    assert "《中华人民共和国法律援助法》第42条" in report["eligibility"]["articles"]
    bad = _write(env / "b.json", {"applicant.name": "王小明", "applicant.phone": "12345"})
    code, out, _ = _run(["form", "check", "legal_aid", "--answers", str(bad), "--json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["complete"] is False
    assert "11位" in report["errors"]["applicant.phone"] and report["eligibility"]["outcome"] == "incomplete"


def test_the_hardship_standard_comes_from_the_settings_file(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given = _write(env / "a.json", answers("legal_aid", household__monthly_income_per_person=1100))
    _, out, _ = _run(["form", "check", "legal_aid", "--answers", str(given), "--json"], capsys)
    assert json.loads(out)["eligibility"]["outcome"] == "needs_review"  # unset by default
    config = env / "kiosk.toml"
    config.write_text("[legal_aid]\nhardship_monthly_income_per_person = 1000\n", encoding="utf-8")
    code, out, _ = _run(
        ["--config", str(config), "form", "check", "legal_aid", "--answers", str(given), "--json"], capsys
    )
    assert code == 0
    assert json.loads(out)["eligibility"]["outcome"] == "above_standard"


def test_unknown_form_or_unreadable_answers_exit_two(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(env / "a.json", answers("iou"))
    code, _, err = _run(["form", "check", "divorce", "--answers", str(good)], capsys)
    assert code == 2 and "divorce" in err
    (env / "broken.json").write_text("{not json", encoding="utf-8")
    for path in (env / "broken.json", env / "missing.json", _write(env / "list.json", [1, 2])):
        code, _, err = _run(["form", "check", "iou", "--answers", str(path), "--json"], capsys)
        assert code == 2 and "答案" in err


def test_render_refuses_incomplete_unless_draft(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert shutil.which("pdftotext")
    incomplete = _write(env / "i.json", answers("iou", loan__amount=None))
    out_pdf = env / "iou.pdf"
    code, _, err = _run(
        ["form", "render", "iou", "--answers", str(incomplete), "--out", str(out_pdf)], capsys
    )
    assert code == 1 and not out_pdf.exists() and "--draft" in err
    code, _, _ = _run(
        ["form", "render", "iou", "--answers", str(incomplete), "--out", str(out_pdf), "--draft"], capsys
    )
    assert code == 0
    draft = subprocess.run(
        ["pdftotext", str(out_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "草稿" in draft and "陈志强" in draft
    code, _, _ = _run(["form", "render", "iou", "--answers", str(_write(env / "c.json", answers("iou"))),
                       "--out", str(out_pdf)], capsys)  # fmt: skip
    final = subprocess.run(
        ["pdftotext", str(out_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert code == 0 and "草稿" not in final and "贰万元整" in final
    fonts = subprocess.run(["pdffonts", str(out_pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert cjk and all(line.split()[-5:-3] == ["yes", "yes"] for line in cjk)  # embedded, subset
