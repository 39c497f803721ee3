"""The step engine a kiosk screen sits on: header, back/forward keep answers, review by step."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.forms.catalog import FormCatalog
from kiosk.forms.engine import FormSession
from kiosk.forms.render import DocumentRenderer
from tests.kiosk.forms.answers import ID_WANG, TODAY, answers


def _session(catalog: FormCatalog, form: str = "legal_aid") -> FormSession:
    definition = catalog.get(form)
    assert definition is not None
    return FormSession(definition, regions=catalog.regions, today=TODAY)


def test_header_counts_only_the_steps_shown(catalog: FormCatalog) -> None:
    session = _session(catalog)
    assert session.header() == "第1步，共5步：要办什么事"
    session.set("case.special", ["abuse_victim"])  # art. 32: the income step is skipped
    assert [s.id for s in session.steps()] == ["matter", "applicant", "case", "sign"]
    assert session.header() == "第1步，共4步：要办什么事"
    session.language = "en"
    assert session.header() == "Step 1 of 4: Your matter"


def test_next_stops_on_errors_and_says_how_to_fix_them(catalog: FormCatalog) -> None:
    session = _session(catalog)
    errors = session.next()
    assert set(errors) == {"case.matter", "case.cause"} and "请填上" in errors["case.matter"]
    assert session.current_step().id == "matter"
    session.set("case.matter", "labour_pay")
    session.set("case.cause", "欠工资")
    assert session.next() == {}
    assert session.header().startswith("第2步")


def test_back_and_forward_never_lose_answers_and_hidden_ones_are_not_printed(
    catalog: FormCatalog, renderer: DocumentRenderer, read_pdf: Callable[[bytes], str]
) -> None:
    session = _session(catalog)
    for key, value in answers("legal_aid").items():
        session.set(key, value)
    session.set("household.property", "一辆三轮车")
    while not session.at_review:
        assert session.next() == {}
    session.edit("matter")
    session.set("case.special", ["abuse_victim"])  # the income step disappears ...
    assert session.next() == {} and session.at_review
    assert "money" not in [s.id for s in session.steps()]
    assert session.get("household.property") == "一辆三轮车"  # ... but its answers are kept
    text = read_pdf(renderer.render(session.definition, session.result, today=TODAY))
    assert "一辆三轮车" not in text and "受到虐待" in text
    session.edit("matter")
    session.set("case.special", [])  # changed back: the answer is there again
    assert "money" in [s.id for s in session.steps()]
    assert "一辆三轮车" in read_pdf(renderer.render(session.definition, session.result, today=TODAY))


def test_edit_from_review_returns_to_the_review(catalog: FormCatalog) -> None:
    session = _session(catalog)
    for key, value in answers("legal_aid").items():
        session.set(key, value)
    while not session.at_review:
        session.next()
    session.edit("applicant")
    assert session.current_step().id == "applicant"
    session.set("applicant.phone", "13900001111")
    assert session.next() == {} and session.at_review
    session.back()
    assert session.current_step().id == "sign"


def test_review_is_grouped_by_step_and_masks_id_and_phone(catalog: FormCatalog) -> None:
    session = _session(catalog)
    for key, value in answers("legal_aid").items():
        session.set(key, value)
    review = session.review()
    assert [s.title for s in review] == [
        "要办什么事",
        "申请人的情况",
        "案件情况",
        "家庭经济情况",
        "承诺和签名",
    ]
    applicant = {i.field_id: i.text for i in review[1].items}
    assert applicant["applicant.id_number"] == "110105********002X" and ID_WANG not in applicant.values()
    assert applicant["applicant.phone"] == "138****5678"
    assert applicant["applicant.address"] == "河南省周口市郸城县汲冢镇王庄村12号"


def test_groups_are_added_edited_and_removed(catalog: FormCatalog) -> None:
    session = _session(catalog, "mediation")
    first = session.add_item("requests")
    session.set_item("requests", first, "text", "赔偿损失")
    second = session.add_item("requests")
    session.set_item("requests", second, "text", "赔礼道歉")
    session.remove_item("requests", first)
    assert session.result.values["requests"] == [{"text": "赔礼道歉"}]


def test_prefill_from_a_guide_never_overwrites_and_clear_forgets(catalog: FormCatalog) -> None:
    session = _session(catalog)
    session.set("case.matter", "work_injury")
    session.prefill({"case.matter": "labour_pay", "applicant.name": "王小明", "not.a.field": 1})
    assert session.get("case.matter") == "work_injury" and session.get("applicant.name") == "王小明"
    assert session.get("not.a.field") is None
    session.clear()
    assert session.answers == {} and session.current_step().id == "matter"


def test_a_keyed_id_number_fills_in_birth_date_and_sex_but_never_over_a_choice(catalog: FormCatalog) -> None:
    session = _session(catalog)
    session.set("applicant.id_number", "11010519491231002X")  # born 1949-12-31, 17th digit 2: a woman
    assert session.get("applicant.birth_date") == "1949-12-31"
    assert session.get("applicant.sex") == "female"
    other = _session(catalog)
    other.set("applicant.sex", "male")
    other.set("applicant.id_number", "11010519491231002X")
    assert other.get("applicant.sex") == "male"  # what the visitor tapped stays; the check will say
    wrong = _session(catalog)
    wrong.set("applicant.id_number", "110105194912310021")  # the check digit is wrong
    assert wrong.get("applicant.birth_date") is None and wrong.get("applicant.sex") is None
