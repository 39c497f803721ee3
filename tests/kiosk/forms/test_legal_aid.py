"""The legal-aid pre-check's outcomes and their precedence, the setting, and the cited articles."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from kiosk.forms.catalog import FormCatalog
from kiosk.forms.check import check_answers
from kiosk.forms.legal_aid import OUTCOMES, pre_check
from tests.kiosk.forms.answers import TODAY, answers


def _v(matter: str | None = "labour_pay", income: Any = 800, special: list[str] | None = None,
       groups: list[str] | None = None) -> dict[str, Any]:  # fmt: skip
    return {"case.matter": matter, "household.monthly_income_per_person": income,
            "case.special": special or [], "applicant.groups": groups or []}  # fmt: skip


@pytest.mark.parametrize(
    ("values", "standard", "outcome", "articles"),
    [
        (_v(special=["hero_relative"]), 1000, "no_means_test", (32, 43)),
        (_v(special=["wrongful_conviction"], income=None, matter=None), None, "no_means_test", (32, 43)),
        (_v(special=["abuse_victim"], groups=["social_assistance"]), 1000, "no_means_test", (32, 43)),
        (_v(groups=["disabled_no_income"], income=99999), 1000, "means_test_exempt", (31, 42, 43)),
        (
            _v(groups=["migrant_worker"], matter="work_injury", income=99999),
            1000,
            "means_test_exempt",
            (31, 42, 43),
        ),
        (
            _v(groups=["migrant_worker"], matter="labour_pay", income=None),
            None,
            "means_test_exempt",
            (31, 42, 43),
        ),
        (_v(groups=["minor_no_income"], matter="other"), None, "means_test_exempt", (42, 43)),
        (
            _v(groups=["migrant_worker"], matter="medical_injury", income=800),
            1000,
            "likely",
            (31, 34, 41, 43),
        ),
        (_v(income=1000), 1000, "likely", (31, 34, 41, 43)),
        (_v(income="1000.01"), 1000, "above_standard", (31, 34, 41, 43)),
        (_v(income=0, matter="environment"), 1000, "likely", (31, 34, 41, 43)),
        (_v(income=800), None, "needs_review", (31, 34, 43)),
        (_v(income=800), 0, "needs_review", (31, 34, 43)),
        (_v(matter="other", income=100), 1000, "needs_review", (31, 43)),
        (_v(groups=["migrant_worker"], matter="other"), 1000, "needs_review", (31, 43)),
        (_v(matter=None), 1000, "incomplete", ()),
        (_v(income=None), 1000, "incomplete", ()),
        (_v(income="很多"), 1000, "incomplete", ()),
    ],
)
def test_outcome(
    values: dict[str, Any], standard: float | None, outcome: str, articles: tuple[int, ...]
) -> None:
    result = pre_check(values, standard=standard)
    assert (result.outcome, result.articles) == (outcome, articles)
    assert result.outcome in OUTCOMES


def test_every_outcome_explains_itself_and_lists_documents_never_refuses() -> None:
    for values, standard in [(_v(special=["abuse_victim"]), 1000), (_v(groups=["social_assistance"]), 1000),
                             (_v(), 1000), (_v(income=5000), 1000), (_v(), None)]:  # fmt: skip
        result = pre_check(values, standard=standard).as_json()
        assert "可以申请" in result["explanation"] or "不会因为" in result["explanation"]
        assert result["documents"][0].startswith("身份证")
        assert all(a.startswith("《中华人民共和国法律援助法》第") for a in result["articles"])
    above = pre_check(_v(income=5000), standard=1000).as_json()
    assert "人民调解" in above["explanation"] and "12348" in above["explanation"]
    assert "没有设置" in pre_check(_v(), standard=None).explanation.zh
    assert "低保证" in "".join(
        pre_check(_v(groups=["social_assistance"]), standard=None).as_json()["documents"]
    )


def test_the_form_skips_the_income_step_exactly_when_the_pre_check_needs_no_income(
    catalog: FormCatalog,
) -> None:
    """The form's `household.means_test_waived` (which hides 家庭经济情况) restates arts. 32 and 42
    for the form; for every matter, every group alone, in pairs and none, with and without an art.
    32 case, it must agree with pre_check: asked about income exactly when the outcome can depend
    on it."""
    definition = catalog.get("legal_aid")
    assert definition is not None
    matter_field = definition.field("case.matter")
    group_field = definition.field("applicant.groups")
    assert matter_field is not None and group_field is not None
    matters = [option.value for option in matter_field.options]
    groups = [option.value for option in group_field.options]
    group_sets = [[], *([g] for g in groups), *(list(pair) for pair in combinations(groups, 2))]
    checked = 0
    for matter in matters:
        for chosen in group_sets:
            for special in ([], ["good_samaritan"]):
                given = {**answers("legal_aid"), "case.matter": matter, "applicant.groups": chosen,
                         "case.special": special}  # fmt: skip
                result = check_answers(definition, given, today=TODAY, regions=catalog.regions)
                outcome = pre_check(result.values, standard=1000).outcome
                waived = outcome in ("no_means_test", "means_test_exempt")
                asked = "money" in [step.id for step in result.visible_steps]
                assert bool(result.values["household.means_test_waived"]) == waived, (matter, chosen, special)
                assert asked == (not waived), (matter, chosen, special)
                checked += 1
    assert checked == len(matters) * len(group_sets) * 2
