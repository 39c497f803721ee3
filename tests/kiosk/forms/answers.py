"""Complete, valid answers for every form: the base of the scenario tables (names are invented)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

TODAY = date(2026, 11, 30)
# Valid per GB 11643 (checksum, past date, real area code): 北京朝阳 1949 (DOMAIN.md's example),
# 河南郸城 1990 (male) and 1985 (female), 江苏昆山 1975.
ID_WANG = "11010519491231002X"
ID_LI = "411625199001011237"
ID_ZHAO = "411625198506150027"
ID_CHEN = "320583197511033416"
CREDIT_CODE = "91411625MA9G2E7P1G"
# A small finger-drawn stroke as the signature pad sends it (base64 of a PNG file).
SIGNATURE_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAACgAAAAQCAAAAABBvGJxAAAAYUlEQVR42rWSQRLAIAgDs/3/n9NLtQh0xoP1pMOGEEasvXPp"
    "TxCxBfJNEkEkqyVBEs6cazcHcBCZnG9GWa8ioMw7Lm0IIi+pk92IBIvcTQAkl2HdBE2DPtaunCyXLR3/PTcOCCIWgbhXrAAA"
    "AABJRU5ErkJggg=="
)
ADDRESS = {"region": "411625", "detail": "汲冢镇王庄村12号"}

BASE: dict[str, dict[str, Any]] = {
    "legal_aid": {
        "case.matter": "labour_pay", "case.special": [], "case.cause": "老板拖欠三个月工资",
        "applicant.name": "王小明", "applicant.sex": "male", "applicant.ethnicity": "汉",
        "applicant.birth_dat"
        "e": "1949-12-31", "applicant.id_number": ID_WANG, "applicant.hukou": "河南省郸城县",
        "applicant.address": ADDRESS, "applicant.phone": "13812345678", "applicant.employer": "",
        "applicant.groups": [], "applicant.previous_aid": False, "case.role": "claimant",
        "case.stag"
        "e": "not_started", "case.aid_type": "representation", "respondent.name": "郸城县某建筑劳务公司",
        "case.facts": "2026年3月到8月在工地干活，老板欠工资15000元未付。", "household.members": 4,
        "household.monthly_income_per_person": 800, "household.income_sources": "打零工",
        "household.property": "自建房一处", "sign.pledge": True, "applicant.signature": "later",
    },
    "mediation": {
        "applicant.name": "李建国", "applicant.sex": "male", "applicant.ethnicity": "汉", "applicant.age": 36,
        "applicant.occupation": "农民", "applicant.phone": "13912345678", "applicant.address": ADDRESS,
        "respondent.name": "赵秀英", "respondent.sex": "female", "respondent.age": 41,
        "respondent.phon"
        "e": "15012345678", "respondent.address": {"region": "411625", "detail": "汲冢镇王庄村14号"},
        "others": [], "dispute.typ"
                      "e": "neighbour", "dispute.summary": "邻居在两家之间的路上堆放柴草，挡住出行。",
        "requests": [{"text": "请对方清走堆放在路上的柴草"}, {"text": "以后不再占用公共道路"}],
        "sign.voluntary": True, "applicant.signature": "later",
    },
    "labour_arbitration": {
        "applicant.name": "李建国", "applicant.sex": "male", "applicant.birth_date": "1990-01-01",
        "applicant.id_number": ID_LI, "applicant.address": ADDRESS, "applicant.phone": "13912345678",
        "respondent.org_name": "郸城县某建筑劳务有限公司", "respondent.credit_code": CREDIT_CODE,
        "respondent.addres"
        "s": {"region": "411625", "detail": "城关镇建设路8号"}, "respondent.legal_rep": "孙某",
        "respondent.legal_rep_title": "总经理", "respondent.phone": "13712345678",
        "work.start_date": "2025-03-01", "work.still_working": False, "work.end_date": "2026-08-31",
        "work.position": "钢筋工", "work.monthly_wage": 6000,
        "claims": [{"text": "裁决被申请人支付拖欠的工"
                            "资", "amount": 18000}, {"text": "裁决被申请人支付经济补偿金", "amount": 9000}],
        "case.facts": "2025年3月入职，做钢筋工，月工资6000元，2026年6月至8月工资未发。",
        "evidence": [{"name": "工资欠条", "source": "工头出具", "proves": "欠发工资18000元"}],
        "witnesses": [], "applicant.signature": "later",
    },
    "civil_complaint_loan": {
        "applicant.name": "陈志强", "applicant.sex": "male", "applicant.birth_date": "1975-11-03",
        "applicant.ethnicity": "汉", "applicant.id_number": ID_CHEN, "applicant.address": ADDRESS,
        "applicant.phone": "13612345678", "respondent.kind": "person", "respondent.name": "赵秀英",
        "respondent.sex": "female", "respondent.birth_date": "1985-06-15", "respondent.ethnicity": "汉",
        "respondent.id_numbe"
        "r": ID_ZHAO, "respondent.address": {"region": "411625", "detail": "汲冢镇王庄村14号"},
        "respondent.phone": "15012345678", "co_defendants": [], "loan.amount": 20000,
        "loan.delivery_date": "2025-05-01", "loan.delivery_method": "bank", "loan.has_iou": True,
        "loan.due_date": "2025-12-31", "loan.interest": "none", "loan.repaid": 5000, "loan.guarantee": False,
        "claims": [{"text": "判令被告归还借款本金15000元"}, {"text": "判令被告负担本案诉讼费用"}],
        "case.facts": "", "evidence": [{"name": "借条", "proves": "借款20000元"}], "court": "郸城县人民法院",
        "applicant.signature": "later",
    },
    "civil_complaint_labour": {
        "arbitration.done": True, "arbitration.award_no": "郸劳人仲案字〔2026〕第12号",
        "arbitration.received_date": "2026-11-20",
        "applicant.name": "李建国", "applicant.sex": "male", "applicant.birth_date": "1990-01-01",
        "applicant.ethnicity": "汉", "applicant.id_number": ID_LI, "applicant.address": ADDRESS,
        "applicant.phone": "13912345678", "respondent.org_name": "郸城县某建筑劳务有限公司",
        "respondent.credit_cod"
        "e": CREDIT_CODE, "respondent.address": {"region": "411625", "detail": "城关镇建设路8号"},
        "respondent.legal_rep": "孙某", "respondent.phone": "", "work.start_date": "2025-03-01",
        "work.contract_signed": False, "work.position": "钢筋工", "work.monthly_wage": 6000,
        "work.end_date": "2026-08-31", "work.end_reason": "dismissed",
        "claims": [{"text": "判令被告支付拖欠工"
                            "资", "amount": 18000}, {"text": "判令被告支付未签劳动合同的二倍工资差"
                                                            "额", "amount": 66000}],
        "case.facts": "入职后一直未签书面劳动合同，2026年8月被口头辞退。", "evidence": [],
        "court": "郸城县人民法院", "applicant.signature": "later",
    },
    "iou": {
        "borrower.name": "赵秀英", "borrower.id_number": ID_ZHAO, "borrower.phone": "15012345678",
        "borrower.address": {"region": "411625", "detail": "汲冢镇王庄村14号"}, "lender.name": "陈志强",
        "lender.id_number": ID_CHEN, "loan.amount": 20000, "loan.date": "2026-11-30",
        "loan.delivery_method": "bank", "loan.purpose": "家里盖房", "loan.due_date": "2027-11-30",
        "loan.has_interest": False, "borrower.signature": "later",
    },
    "receipt": {
        "payee.nam"
        "e": "陈志强", "payee.id_number": ID_CHEN, "payee.phone": "13612345678", "payer.name": "赵秀英",
        "payment.amount": 5000, "payment.date": "2026-11-30", "payment.method": "cash",
        "payment.reason": "loan_repayment", "payment.details": "（2025年5月借款的部分还款）",
        "payment.settled": False, "payee.signature": "later",
    },
}  # fmt: skip


def answers(form: str, **changes: Any) -> dict[str, Any]:
    """The base answers of `form` with changes; a value of None removes the key."""
    result = copy.deepcopy(BASE[form])
    for key, value in changes.items():
        key = key.replace("__", ".")
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result
