"""Answers that follow from earlier ones (presets): put in and marked while their condition holds,
never over what the visitor gave, gone when the condition goes; printed only once shown; linted."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from kiosk.forms.catalog import FormCatalog
from kiosk.forms.engine import FormSession
from kiosk.forms.render import DocumentRenderer
from tests.kiosk.forms.answers import BASE, TODAY
from tests.kiosk.forms.test_lint import GOOD, _lint


def _legal_aid(catalog: FormCatalog) -> FormSession:
    definition = catalog.get("legal_aid")
    assert definition is not None
    return FormSession(definition, regions=catalog.regions, today=TODAY)


def test_unpaid_wages_preset_the_cause_the_role_and_the_help_marked(catalog: FormCatalog) -> None:
    session = _legal_aid(catalog)
    session.set("case.matter", "labour_pay")
    assert session.get("case.cause") == "拖欠工资"
    assert session.get("case.role") == "claimant"
    assert session.get("case.aid_type") == "representation"
    assert session.presets == {"case.cause", "case.role", "case.aid_type"}
    # Another matter: the cause follows, the role and help no longer follow and are taken out.
    session.set("case.matter", "traffic_injury")
    assert session.get("case.cause") == "交通事故赔偿"
    assert session.get("case.role") is None and session.get("case.aid_type") is None
    assert session.presets == {"case.cause"}
    session.set("case.matter", "other")
    assert session.get("case.cause") is None and session.presets == set()


def test_the_visitor_s_own_answer_is_never_replaced(catalog: FormCatalog) -> None:
    session = _legal_aid(catalog)
    session.set("case.matter", "labour_pay")
    session.set("case.role", "defendant")  # changed: no longer marked
    session.set("case.cause", "")  # emptied on purpose: not filled in again
    session.set("case.matter", "work_injury")
    assert session.get("case.role") == "defendant" and session.get("case.cause") == ""
    assert "case.role" not in session.presets and "case.cause" not in session.presets
    assert session.presets == {"case.aid_type"}


def test_the_facts_begin_from_the_wage_numbers_and_follow_them(catalog: FormCatalog) -> None:
    session = _legal_aid(catalog)
    session.set("case.matter", "labour_pay")
    assert session.get("case.facts") is None  # no months yet: nothing to say
    session.set("case.unpaid_months", "3")
    assert session.get("case.facts") == "对方拖欠我3个月工资，至今没有支付。我请求对方支付拖欠的工资。"
    session.set("case.unpaid_amount", "15000")
    assert session.get("case.facts") == (
        "对方拖欠我3个月工资，共15,000.00元，至今没有支付。我请求对方支付拖欠的工资。"
    )
    session.set("case.facts", "2026年3月到8月在工地干活，老板欠工资15000元未付。")
    session.set("case.unpaid_months", "5")
    assert session.get("case.facts") == "2026年3月到8月在工地干活，老板欠工资15000元未付。"


def test_a_card_or_guide_prefill_replaces_a_preset_but_not_an_answer(catalog: FormCatalog) -> None:
    session = _legal_aid(catalog)
    session.set("case.matter", "labour_pay")
    session.prefill({"case.cause": "讨薪", "case.role": "defendant"})
    assert session.get("case.cause") == "讨薪" and session.get("case.role") == "defendant"
    assert session.presets == {"case.aid_type"}
    session.prefill({"case.cause": "别的"})
    assert session.get("case.cause") == "讨薪"


def test_clear_forgets_the_presets(catalog: FormCatalog) -> None:
    session = _legal_aid(catalog)
    session.set("case.matter", "labour_pay")
    session.clear()
    assert session.answers == {} and session.presets == set()


def test_the_review_marks_what_was_preset(catalog: FormCatalog) -> None:
    session = _legal_aid(catalog)
    session.set("case.matter", "labour_pay")
    marked = {i.field_id for s in session.review() for i in s.items if i.preset}
    assert marked == {"case.cause", "case.role", "case.aid_type"}


def _with_presets(field: int, presets: list[dict[str, Any]]) -> dict[str, Any]:
    raw = copy.deepcopy(GOOD)
    raw["steps"][0]["fields"][field]["preset"] = presets
    return raw


def test_lint_checks_presets() -> None:
    assert _lint(_with_presets(0, [{"when": "note == 'x'", "value": "a"}])) == []
    assert any("not an option" in p for p in _lint(_with_presets(0, [{"when": "True", "value": "c"}])))
    assert any(
        "undefined name" in p and "{nobody}" in p
        for p in _lint(_with_presets(1, [{"when": "kind == 'a'", "value": "{nobody}"}]))
    )
    assert any(
        "undefined name" in p and "missing" in p
        for p in _lint(_with_presets(1, [{"when": "missing == 'a'", "value": "x"}]))
    )
    assert any(
        "can never be true" in p for p in _lint(_with_presets(1, [{"when": "kind == 'z'", "value": "x"}]))
    )


def test_the_wage_numbers_and_the_preset_facts_are_printed(
    catalog: FormCatalog, renderer: DocumentRenderer, read_pdf: Callable[[bytes], str]
) -> None:
    session = _legal_aid(catalog)
    for key, value in BASE["legal_aid"].items():
        if key not in ("case.cause", "case.role", "case.aid_type", "case.facts"):
            session.set(key, value)
    session.set("case.unpaid_months", "3")
    session.set("case.unpaid_amount", "15000")
    assert session.complete, session.result.messages()
    text = read_pdf(renderer.render(session.definition, session.result, today=TODAY))
    assert "拖欠工资月数3" in text and "拖欠金额15,000.00元" in text
    # (pdftotext interleaves the box's last line with the cell beside it: the first sentence)
    assert "对方拖欠我3个月工资，共15,000.00元，至今没有支付。" in text
    assert "诉讼地位要求对方给钱或办事的一方" in text and "请律师代理" in text


def test_the_id_number_s_county_starts_the_address_marked(catalog: FormCatalog) -> None:
    session = _legal_aid(catalog)
    session.set("applicant.id_number", "411625194912310024")  # 411625 郸城县
    assert session.get("applicant.address") == {"region": "411625", "detail": ""}
    assert "applicant.address" in session.presets
    # Another number while the address is untouched: the picker follows it.
    session.set("applicant.id_number", "11010519491231002X")  # 110105 朝阳区
    assert session.get("applicant.address") == {"region": "110105", "detail": ""}
    # The village typed: the address is the visitor's, the mark goes, a new number changes nothing.
    session.set("applicant.address", {"region": "110105", "detail": "幸福村"})
    assert "applicant.address" not in session.presets
    session.set("applicant.id_number", "411625194912310024")
    assert session.get("applicant.address") == {"region": "110105", "detail": "幸福村"}


def test_a_region_the_visitor_picked_or_an_unknown_county_is_left_alone(catalog: FormCatalog) -> None:
    session = _legal_aid(catalog)
    session.set("applicant.address", {"region": "440000", "detail": ""})  # 广东省, picking on
    session.set("applicant.id_number", "411625194912310024")
    assert session.get("applicant.address") == {"region": "440000", "detail": ""}
    fresh = _legal_aid(catalog)
    fresh.set("applicant.id_number", "411625194912310025")  # fails its check: nothing follows
    assert fresh.get("applicant.address") is None
    # 412701 (the old 周口地区 周口市) checks as an ID number but is no county of today's table:
    # the picker starts from the provinces as before.
    assert not catalog.regions.is_selectable("412701")
    renumbered = _legal_aid(catalog)
    renumbered.set("applicant.id_number", "412701198001010016")
    assert renumbered.get("applicant.birth_date") == "1980-01-01"
    assert renumbered.get("applicant.address") is None
