"""The legal-aid eligibility pre-check (法律援助法 arts. 31, 32, 34, 41, 42, 43).

A pre-check, never a refusal: whatever the outcome, the visitor can apply and the legal-aid
centre decides. Outcomes, the earlier winning where several apply:
no_means_test (art. 32 case) → means_test_exempt (art. 42 group; a migrant worker only for
labour_pay or work_injury) → likely (art. 31 matter, income at or below the region's standard)
→ above_standard → needs_review (matter `other`, or the standard not configured) → incomplete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiosk.forms.model import Text
from kiosk.forms.money import to_cents

LAW = "中华人民共和国法律援助法"
ART31_MATTERS = frozenset({
    "state_compensation", "social_insurance", "pension_relief", "support_payment", "labour_pay",
    "capacity", "work_injury", "traffic_injury", "food_drug_injury", "medical_injury", "environment",
})  # fmt: skip
SPECIAL_CASES = frozenset({"hero_relative", "good_samaritan", "wrongful_conviction", "abuse_victim"})
EXEMPT_GROUPS = frozenset({
    "minor_no_income", "elderly_no_income", "disabled_no_income", "social_assistance",
    "judicial_assistance", "preferential_care",
})  # fmt: skip
MIGRANT_MATTERS = frozenset({"labour_pay", "work_injury"})
OUTCOMES = ("no_means_test", "means_test_exempt", "likely", "above_standard", "needs_review", "incomplete")


@dataclass(frozen=True)
class Eligibility:
    outcome: str
    articles: tuple[int, ...]
    explanation: Text
    documents: tuple[Text, ...]

    def as_json(self, language: str = "zh_CN") -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "articles": [f"《{LAW}》第{n}条" for n in self.articles],
            "explanation": self.explanation.get(language),
            "documents": [d.get(language) for d in self.documents],
        }


_ID_DOCS = Text("身份证（或户口簿）原件和复印件", "ID card (or household register), original and a copy")
_CASE_DOCS: dict[str, Text] = {
    "labour_pay": Text("劳动合同、工资条、考勤记录、工友证言或聊天记录等能证明干活和欠薪的材料",
                       "Labour contract, pay slips, attendance records, co-workers' statements or chat messag"
                       "es"),
    "work_injury": Text("工伤认定书、病历和医疗费票据、劳动能力鉴定结论（如有）",
                        "Work-injury decision, medical records and bills, disability assessment if any"),
    "traffic_injur"
    "y": Text("交通事故认定书、病历和医疗费票据", "Traffic accident report, medical records and bills"),
    "medical_injur"
    "y": Text("病历、医疗费票据、医疗损害鉴定（如有）", "Medical records and bills, any expert report"),
    "support_paymen"
    "t": Text("能证明亲属关系的户口簿、结婚证或出生证"
              "明", "Household register, marriage or birth certificate"),
}  # fmt: skip
_GROUP_DOCS: dict[str, Text] = {
    "disabled_no_income": Text("残疾人证", "Disability certificate"),
    "social_assistance": Text("低保证、特困供养证等社会救助证明", "Proof of social assistance (低保证 etc.)"),
    "judicial_assistance": Text("司法救助决定书", "Judicial assistance decision"),
    "preferential_care": Text("优抚对象证明", "Proof of preferential-care status"),
    "minor_no_income": Text("监护人的身份证和户口簿", "The guardian's ID card and household register"),
    "elderly_no_incom"
    "e": Text("能说明没有固定生活来源的材料（如村、社区证明"
              "）", "Proof of no fixed income (village or community note)"),
    "migrant_worke"
    "r": Text("能证明在外务工的材料（如工作证、工友证言"
              "）", "Proof of migrant work (work card, co-workers' statements)"),
}  # fmt: skip
_PLEDGE = Text("经济困难状况说明表或个人诚信承诺（在本申请表里签名即可）",
               "Statement of financial hardship, or the personal honesty pledge in this form")  # fmt: skip


def _documents(matter: Any, groups: list[str], *, means_test: bool) -> tuple[Text, ...]:
    docs = [_ID_DOCS]
    docs += [_GROUP_DOCS[g] for g in groups if g in _GROUP_DOCS]
    if means_test:
        docs.append(_PLEDGE)
    docs.append(_CASE_DOCS.get(str(matter), Text("与案件有关的材料（合同、票据、照片、聊天记录等）",
                                                  "Papers about the case (contracts, receipts, photos, messag"
                                                  "es)")))  # fmt: skip
    return tuple(docs)


def _list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def pre_check(values: Mapping[str, Any], *, standard: float | None) -> Eligibility:
    """The outcome for these answers; `standard` is the region's monthly income per person
    (yuan, art. 34), None or 0 when the region has not configured it."""
    matter = values.get("case.matter")
    special = [s for s in _list(values.get("case.special")) if s in SPECIAL_CASES]
    groups = _list(values.get("applicant.groups"))
    always = ("申请从来不会因为这个预先判断被拒绝：是否给予法律援助，由法律援助机构审查决定，7日内作出决定。",
              "This pre-check never refuses you: the legal-aid centre decides, within 7 days.")  # fmt: skip
    if special:
        return Eligibility(
            "no_means_test", (32, 43),
            Text("您的情况属于法律援助法第三十二条规定的情形，申请法律援助不需要审查经济状况。" + always[0],
                 "Your case is one of those in art. 32: there is no financial test. " + always[1]),
            _documents(matter, groups, means_test=False),
        )  # fmt: skip
    exempt = [g for g in groups if g in EXEMPT_GROUPS]
    if "migrant_worker" in groups and matter in MIGRANT_MATTERS:
        exempt.append("migrant_worker")
    if exempt:
        articles = (31, 42, 43) if matter in ART31_MATTERS else (42, 43)
        return Eligibility(
            "means_test_exempt", articles,
            Text("按照法律援助法第四十二条，您属于免予核查经济困难状况的人员，不用证明家里收入。" + always[0],
                 "Under art. 42 you are exempt from the financial hardship check. " + always[1]),
            _documents(matter, groups, means_test=False),
        )  # fmt: skip
    income = to_cents(values.get("household.monthly_income_per_person"))
    configured = standard is not None and standard > 0
    if matter in ART31_MATTERS and configured and income is not None:
        assert standard is not None
        limit = Decimal(str(standard))
        if income <= limit:
            return Eligibility(
                "likely", (31, 34, 41, 43),
                Text(f"您要办的事属于法律援助的范围，家庭人均月收入 {income:,.2f} 元，不高于本地的经济困难标"
                     "准 "
                     f"{limit:,.2f} 元，很可能符合条件。" + always[0],
                     f"Your matter is covered and your income per person ({income:,.2f} yuan) is at or below "
                     "the "
                     f"local standard ({limit:,.2f} yuan): you are likely eligible. " + always[1]),
                _documents(matter, groups, means_test=True),
            )  # fmt: skip
        return Eligibility(
            "above_standard", (31, 34, 41, 43),
            Text(f"您要办的事属于法律援助的范围，但家庭人均月收入 {income:,.2f} 元高于本地标准 {limit:,.2f} "
                 "元，"
                 "由法律援助中心审查决定。您仍然可以申请；也可以找人民调解委员会免费调解，劳动争议可以申请免"
                 "费的劳动仲裁，"
                 "或拨打 12348 咨询。",
                 f"Your matter is covered, but your income per person ({income:,.2f} yuan) is above the local"
                 " "
                 f"standard ({limit:,.2f} yuan): the centre decides. You can still apply; free people's media"
                 "tion, "
                 "free labour arbitration and the 12348 hotline can also help."),
            _documents(matter, groups, means_test=True),
        )  # fmt: skip
    if matter == "other" or (matter in ART31_MATTERS and not configured):
        why = (("本地的经济困难标准还没有设置，", "the local hardship standard is not configured, ")
               if matter in ART31_MATTERS else ("您选的是“其他事项”"
                                                "，", "you chose “other matter”, "))  # fmt: skip
        return Eligibility(
            "needs_review", (31, 34, 43) if matter in ART31_MATTERS else (31, 43),
            Text(f"{why[0]}这台机器不能预先判断，请把申请交给法律援助中心，由工作人员审查。" + always[0],
                 f"As {why[1]}this kiosk cannot pre-check; the legal-aid centre's staff will review it."
                 " " + always[1]),
            _documents(matter, groups, means_test=True),
        )  # fmt: skip
    return Eligibility(
        "incomplete", (),
        Text("还需要回答：要办的是什么事、家庭人均月收入，才能预先判断。",
             "Please answer what the matter is and the monthly income per person first."),
        (_ID_DOCS,),
    )  # fmt: skip
