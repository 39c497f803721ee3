"""Scenario tables per form: answers → the errors a visitor is shown → the text of the printed PDF.

Each row starts from the complete answers in answers.py, changes a few, and states what the check
must say (field id → a part of the sentence) and what pdftotext must find in the document (a
draft, marked 草稿, when the answers are incomplete). The legal-aid rows also state the outcome
of the eligibility pre-check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from kiosk.forms.catalog import FormCatalog
from kiosk.forms.check import check_answers
from kiosk.forms.legal_aid import pre_check
from kiosk.forms.render import DocumentRenderer
from tests.kiosk.forms.answers import ID_LI, TODAY, answers


@dataclass(frozen=True)
class Row:
    name: str
    changes: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)  # field id -> part of the message
    printed: tuple[str, ...] = ()
    not_printed: tuple[str, ...] = ()
    outcome: str | None = None
    standard: float | None = 1200.0


def _changes(**kwargs: Any) -> dict[str, Any]:
    return {k.replace("__", "."): v for k, v in kwargs.items()}


LEGAL_AID = [
    Row(
        "migrant worker owed wages: exempt, printed in full",
        {"applicant.groups": ["migrant_worker"]},
        printed=(
            "法律援助申请表",
            "王小明",
            "11010519491231002X",
            "河南省周口市郸城县汲冢镇王庄村12号",
            "讨要工资、确认劳动关系",
            "进城务工人员（农民工）",
            "13812345678",
            "（打印后手写签名或按手印）",
            "免予核查（《中华人民共和国法律援助法》第四十二条",
        ),
        # Answered before the visitor chose 进城务工人员: kept while open, never printed.
        not_printed=("家庭人口", "800.00", "打零工", "经济困难状况属实"),
        outcome="means_test_exempt",
    ),
    Row(
        "migrant worker owed wages: the income questions are not asked (art. 42)",
        _changes(
            applicant__groups=["migrant_worker"],
            household__members=None,
            household__monthly_income_per_person=None,
            household__income_sources=None,
            household__property=None,
        ),
        printed=("免予核查", "进城务工人员（农民工）"),
        not_printed=("草稿", "家庭人口"),
        outcome="means_test_exempt",
    ),
    Row(
        "migrant worker in a traffic case: still asked about income",
        _changes(
            case__matter="traffic_injury",
            applicant__groups=["migrant_worker"],
            household__monthly_income_per_person=None,
        ),
        errors={"household.monthly_income_per_person": "必须填写"},
        printed=("草稿", "家庭人口"),
        not_printed=("免予核查",),
        outcome="incomplete",
    ),
    Row("income below the standard: likely", {}, printed=("800.00元", "38,400"), outcome="likely"),
    Row(
        "income exactly at the standard: likely",
        _changes(household__monthly_income_per_person=1200),
        outcome="likely",
    ),
    Row(
        "a cent above the standard: above_standard",
        _changes(household__monthly_income_per_person="1200.01"),
        outcome="above_standard",
    ),
    Row("standard not configured: needs_review", {}, outcome="needs_review", standard=None),
    Row(
        "other matter: needs_review",
        _changes(case__matter="other"),
        printed=("其他事情",),
        outcome="needs_review",
    ),
    Row(
        "domestic violence: no means test, money step skipped",
        _changes(
            case__special=["abuse_victim"], household__members=None, household__monthly_income_per_person=None
        ),
        printed=("受到虐待、遗弃或家庭暴力", "不需审查（《中华人民共和国法律援助法》第三十二条"),
        not_printed=("家庭人口", "人均月收入", "免予核查", "经济困难状况属实"),
        outcome="no_means_test",
    ),
    Row(
        "art. 32 wins over an art. 42 group",
        _changes(case__special=["good_samaritan"], applicant__groups=["social_assistance"]),
        outcome="no_means_test",
    ),
    Row(
        "migrant worker in a traffic case is not exempt",
        _changes(
            case__matter="traffic_injury",
            applicant__groups=["migrant_worker"],
            household__monthly_income_per_person=5000,
        ),
        outcome="above_standard",
    ),
    Row(
        "elderly without income: exempt whatever the matter",
        _changes(case__matter="support_payment", applicant__groups=["elderly_no_income"]),
        outcome="means_test_exempt",
    ),
    Row(
        "nothing answered about the case: incomplete",
        _changes(case__matter=None, household__monthly_income_per_person=None),
        errors={"case.matter": "必须填写", "household.monthly_income_per_person": "必须填写"},
        outcome="incomplete",
        printed=("草稿",),
    ),
    Row(
        "pledge refused",
        _changes(sign__pledge=False),
        errors={"sign.pledge": "同意这项承诺"},
        printed=("草稿",),
    ),
    Row(
        "lower-case x accepted, printed upper-case",
        _changes(applicant__id_number="11010519491231002x"),
        printed=("11010519491231002X",),
    ),
    Row(
        "ID checksum wrong",
        _changes(applicant__id_number="110105194912310021"),
        errors={"applicant.id_number": "校验不对"},
    ),
    Row(
        "ID birth date in the future",
        _changes(applicant__id_number="110105203001010015"),
        errors={"applicant.id_number": "出生日期"},
    ),
    Row(
        "ID with no such province",
        _changes(applicant__id_number="991105194912310022"),
        errors={"applicant.id_number": "省份代码"},
    ),
    Row("phone too short", _changes(applicant__phone="1381234567"), errors={"applicant.phone": "11位"}),
    Row(
        "address not down to the county",
        _changes(applicant__address={"region": "410000", "detail": "某村"}),
        errors={"applicant.address": "县（区）"},
    ),
]

MEDIATION = [
    Row(
        "complete: numbered requests printed",
        {},
        printed=(
            "人民调解申请书",
            "李建国",
            "赵秀英",
            "1.请对方清走堆放在路上的柴草",
            "2.以后不再占用公共道路",
            "邻里纠纷",
            "自愿申请人民调解",
        ),
    ),
    Row(
        "not voluntary: refused with the reason",
        _changes(sign__voluntary=False),
        errors={"sign.voluntary": "必须自愿"},
    ),
    Row("no request", _changes(requests=[]), errors={"requests": "至少填写 1 项"}),
    Row(
        "an empty added row is dropped",
        _changes(requests=[{"text": "赔偿损失500元"}, {"text": ""}]),
        printed=("1.赔偿损失500元",),
        not_printed=("2.",),
    ),
    Row(
        "other parties printed in a table",
        _changes(others=[{"name": "王大山", "side": "respondent", "phone": "13512345678"}]),
        printed=("其他当事人", "王大山", "对方一方", "13512345678"),
    ),
    Row(
        "other party's phone wrong",
        _changes(others=[{"name": "王大山", "side": "respondent", "phone": "12345"}]),
        errors={"others[1].phone": "第1项"},
    ),
    Row("respondent's phone optional", _changes(respondent__phone=None), printed=("赵秀英",)),
    Row("age must be a number", _changes(applicant__age="三十"), errors={"applicant.age": "数字"}),
    Row("age out of range", _changes(applicant__age=140), errors={"applicant.age": "不能大于 130"}),
    Row(
        "summary missing: draft",
        _changes(dispute__summary=""),
        errors={"dispute.summary": "必须填写"},
        printed=("草稿",),
    ),
    Row(
        "signature image placed",
        _changes(applicant__signature={"png": "not base64!"}),
        printed=("签名图片无法读取",),
    ),
]

LABOUR_ARBITRATION = [
    Row(
        "complete: claims numbered with amounts, total, evidence table",
        {},
        printed=(
            "劳动人事争议仲裁申请书",
            "91411625MA9G2E7P1G",
            "1.裁决被申请人支付拖欠的工资18,000.00元",
            "2.裁决被申请人支付经济补偿金9,000.00元",
            "27,000",
            "工资欠条",
            "劳动争议仲裁不收费",
        ),
    ),
    Row(
        "credit code checksum wrong",
        _changes(respondent__credit_code="91411625MA9G2E7P1A"),
        errors={"respondent.credit_code": "统一社会信用代码不对"},
    ),
    Row(
        "credit code optional", _changes(respondent__credit_code=None), printed=("郸城县某建筑劳务有限公司",)
    ),
    Row(
        "still working: leaving date not asked nor printed",
        _changes(work__still_working=True),
        not_printed=("2026年8月31日",),
    ),
    Row(
        "left before starting",
        _changes(work__end_date="2025-01-01"),
        errors={"work.end_date": "不能早于开始"},
    ),
    Row(
        "start date in the future",
        _changes(work__start_date="2027-01-01"),
        errors={"work.start_date": "不能晚于今天"},
    ),
    Row("no claims", _changes(claims=[]), errors={"claims": "至少"}),
    Row(
        "claim amount with three decimals",
        _changes(claims=[{"text": "支付工资", "amount": "100.005"}]),
        errors={"claims[1].amount": "两位"},
    ),
    Row(
        "witness printed",
        _changes(witnesses=[{"name": "张工友", "address": "同村"}]),
        printed=("证人姓名和住所", "张工友"),
    ),
    Row("worker ID of another person valid", _changes(applicant__id_number=ID_LI), printed=(ID_LI,)),
    Row("wage not a number", _changes(work__monthly_wage="六千"), errors={"work.monthly_wage": "数字"}),
]

LOAN = [
    Row(
        "complete: elements printed, outstanding computed",
        {},
        printed=(
            "民事起诉状",
            "（民间借贷纠纷）",
            "陈志强",
            "赵秀英",
            "20,000.00元",
            "银行转账",
            "5,000.00元",
            "15,000",
            "1.判令被告归还借款本金15000元",
            "郸城县人民法院",
        ),
    ),
    Row(
        "company defendant",
        _changes(
            respondent__kind="company",
            respondent__name=None,
            respondent__org_name="某商贸有限公司",
            respondent__legal_rep="钱某",
        ),
        printed=("某商贸有限公司", "钱某"),
        not_printed=("赵秀英",),
    ),
    Row(
        "company without its name",
        _changes(respondent__kind="company", respondent__legal_rep="钱某"),
        errors={"respondent.org_name": "必须填写"},
    ),
    Row("repaid more than lent", _changes(loan__repaid=30000), errors={"loan.repaid": "不能比借出的钱多"}),
    Row("due before lent", _changes(loan__due_date="2025-01-01"), errors={"loan.due_date": "不能早于借钱"}),
    Row(
        "interest agreed: rate asked and printed",
        _changes(loan__interest="agreed", loan__annual_rate=6),
        printed=("约定年利率", "6"),
    ),
    Row(
        "interest agreed but rate missing",
        _changes(loan__interest="agreed"),
        errors={"loan.annual_rate": "必须填写"},
    ),
    Row(
        "guarantor sued as well",
        _changes(co_defendants=[{"name": "孙担保", "role": "guarantor", "address": "汲冢镇"}]),
        printed=("其他被告", "孙担保", "担保人"),
    ),
    Row("nothing lent", _changes(loan__amount=0), errors={"loan.amount": "不能小于"}),
    Row("court missing: draft", _changes(court=None), errors={"court": "必须填写"}, printed=("草稿",)),
    Row("defendant's ID optional", _changes(respondent__id_number=None), printed=("赵秀英",)),
]

LABOUR_COMPLAINT = [
    Row(
        "complete: award, elements, claims, years of service",
        {},
        printed=(
            "（劳动争议纠纷）",
            "郸劳人仲案字〔2026〕第12号",
            "2026年11月20日",
            "被单位辞退",
            "1.判令被告支付拖欠工资18,000.00元",
            "84,000",
            "十五日内",
        ),
    ),
    Row(
        "no arbitration yet: sent to arbitration first",
        _changes(arbitration__done=False),
        errors={"arbitration.done": "先申请劳动仲裁"},
    ),
    Row(
        "still employed: no leaving reason asked",
        _changes(work__end_date=None, work__end_reason=None),
        not_printed=("被单位辞退",),
    ),
    Row("left but no reason", _changes(work__end_reason=None), errors={"work.end_reason": "必须填写"}),
    Row(
        "award number missing",
        _changes(arbitration__award_no=""),
        errors={"arbitration.award_no": "必须填写"},
    ),
    Row(
        "award received in the future",
        _changes(arbitration__received_date="2027-01-02"),
        errors={"arbitration.received_date": "不能晚于今天"},
    ),
    Row("choice not among options", _changes(work__end_reason="fired"), errors={"work.end_reason": "选项"}),
    Row(
        "evidence listed",
        _changes(evidence=[{"name": "考勤记录", "proves": "在职期间"}]),
        printed=("考勤记录", "在职期间"),
    ),
    Row(
        "plaintiff phone wrong",
        _changes(applicant__phone="23912345678"),
        errors={"applicant.phone": "以1开头"},
    ),
    Row("yes/no answered with words", _changes(work__contract_signed="否"), printed=("书面劳动合同否",)),
    Row("facts missing", _changes(case__facts=None), errors={"case.facts": "必须填写"}),
]

IOU = [
    Row(
        "complete: amount in figures and upper case, no interest",
        {},
        printed=(
            "借条",
            "今借到陈志强",
            "人民币（大写）贰万元整",
            "¥20,000.00",
            "2027年11月30日前一次性归还",
            "本借款不计利息",
            "家里盖房",
            "411625198506150027",
        ),
    ),
    Row(
        "interest stated",
        _changes(loan__has_interest=True, loan__annual_rate=3.65),
        printed=("年利率为3.65%",),
        not_printed=("不计利息",),
    ),
    Row(
        "interest without a rate", _changes(loan__has_interest=True), errors={"loan.annual_rate": "必须填写"}
    ),
    Row(
        "odd amount in upper case", _changes(loan__amount="1005.50"), printed=("壹仟零伍元伍角", "¥1,005.50")
    ),
    Row(
        "due before the loan",
        _changes(loan__due_date="2026-11-01"),
        errors={"loan.due_date": "不能早于借款日期"},
    ),
    Row(
        "money received in the future",
        _changes(loan__date="2026-12-01", loan__due_date="2027-12-01"),
        errors={"loan.date": "不能晚于今天"},
    ),
    Row("no purpose: line left out", _changes(loan__purpose=None), not_printed=("借款用途",)),
    Row(
        "lender's ID wrong",
        _changes(lender__id_number="32058319751103341X"),
        errors={"lender.id_number": "校验不对"},
    ),
    Row("negative amount", _changes(loan__amount=-5), errors={"loan.amount": "不能小于"}),
    Row(
        "borrower's name missing: draft",
        _changes(borrower__name=""),
        errors={"borrower.name": "必须填写"},
        printed=("草稿",),
    ),
    Row(
        "wechat transfer",
        _changes(loan__delivery_method="wechat_alipay"),
        printed=("以微信或支付宝转账方式收到",),
    ),
]

RECEIPT = [
    Row(
        "complete: partial repayment",
        {},
        printed=("收条", "今收到赵秀英", "伍仟元整", "¥5,000.00", "归还的借款", "尚未全部结清"),
    ),
    Row("settled in full", _changes(payment__settled=True), printed=("已全部结清",), not_printed=("尚未",)),
    Row("wages", _changes(payment__reason="wages", payment__details=None), printed=("系工钱",)),
    Row("amount missing", _changes(payment__amount=None), errors={"payment.amount": "必须填写"}),
    Row("amount in cents", _changes(payment__amount="0.05"), printed=("伍分",)),
    Row("date in the future", _changes(payment__date="2027-01-01"), errors={"payment.date": "不能晚于今天"}),
    Row("date not real", _changes(payment__date="2026-02-30"), errors={"payment.date": "真实的日期"}),
    Row(
        "payee ID with spaces",
        _changes(payee__id_number="320583 19751103 3416"),
        printed=("320583197511033416",),
    ),
    Row("payer missing", _changes(payer__name=None), errors={"payer.name": "必须填写"}, printed=("草稿",)),
    Row("method not an option", _changes(payment__method="cheque"), errors={"payment.method": "选项"}),
    Row("large amount upper case", _changes(payment__amount=100010), printed=("壹拾万零壹拾元整",)),
]

TABLES = {
    "legal_aid": LEGAL_AID, "mediation": MEDIATION, "labour_arbitration": LABOUR_ARBITRATION,
    "civil_complaint_loan": LOAN, "civil_complaint_labour": LABOUR_COMPLAINT, "iou": IOU, "receipt": RECEIPT,
}  # fmt: skip
CASES = [pytest.param(form, row, id=f"{form}: {row.name}") for form, rows in TABLES.items() for row in rows]


def test_every_form_has_at_least_ten_scenarios(catalog: FormCatalog) -> None:
    assert set(TABLES) == set(catalog.forms)
    assert all(len(rows) >= 10 for rows in TABLES.values())


@pytest.mark.parametrize(("form", "row"), CASES)
def test_scenario(
    form: str, row: Row, catalog: FormCatalog, renderer: DocumentRenderer, read_pdf: Callable[[bytes], str]
) -> None:
    definition = catalog.get(form)
    assert definition is not None
    given = answers(form)
    for key, value in row.changes.items():
        if value is None:
            given.pop(key, None)
        else:
            given[key] = value
    result = check_answers(definition, given, today=TODAY, regions=catalog.regions)
    messages = result.messages()
    assert set(messages) == set(row.errors), messages
    for key, part in row.errors.items():
        assert part in messages[key], (key, messages[key])
    if row.outcome is not None:
        assert pre_check(result.values, standard=row.standard).outcome == row.outcome
    text = read_pdf(renderer.render(definition, result, draft=not result.complete, today=TODAY))
    assert ("草稿" in text) == (not result.complete)
    for part in row.printed:
        assert "".join(part.split()) in text, part
    for part in row.not_printed:
        assert part not in text, part
