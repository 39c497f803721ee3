"""Every article a calculator cites exists where the kiosk will look for it: articles marked as in
the pack are in the bundled pack's laws (so the result can open them), and the fee regulation,
cited by name only, is recorded as not imported."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.calc.calculators import calculate
from kiosk.calc.result import Citation, Text
from kiosk.config import CalcSettings

PACK_LAWS = Path(__file__).resolve().parents[3] / "assets" / "packs" / "default" / "laws.json"
SAMPLES = [
    ("litigation-fee", {"kind": kind}) for kind in
    ("labour", "administrative", "trademark_patent_maritime", "non_property", "divorce", "personality")
] + [
    ("litigation-fee", {"kind": "property", "amount": "1"}),
    ("preservation-fee", {}),
    ("enforcement-fee", {}),
    ("severance", {"start": "2005-01-01", "end": "2020-01-01", "monthly_wage": "1000"}),
]  # fmt: skip


def _cited(zh: Text) -> set[Citation]:
    return {c for name, inputs in SAMPLES
            for c in calculate(name, inputs, settings=CalcSettings(), text=zh).articles}


def test_cited_articles_are_where_the_kiosk_looks(zh: Text) -> None:
    pack = json.loads(PACK_LAWS.read_text(encoding="utf-8"))
    numbers = {(law["name"], a["number"]) for law in pack["laws"] for a in law["articles"]}
    not_imported = {entry["name"] for entry in pack["not_imported"]}
    cited = _cited(zh)
    assert {(c.law, c.article) for c in cited if c.in_pack_law} == {
        ("中华人民共和国劳动合同法", 47), ("中华人民共和国劳动合同法", 87), ("中华人民共和国劳动合同法", 97)}
    assert all((c.law, c.article) in numbers for c in cited if c.in_pack_law)
    assert {c.law for c in cited if not c.in_pack_law} == {"诉讼费用交纳办法"} <= not_imported
    assert {c.article for c in cited if not c.in_pack_law} == {13, 14, 15, 16}
