"""写申请 through the real QML: a migrant worker owed wages applies for legal aid — start, steps,
messages, review, edit from review, print to cups-pdf; and an abandoned form is wiped."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from kiosk.devices.speech import FakeSpeaker
from kiosk.forms.render import DocumentRenderer
from tests.kiosk.devices.test_a4_printer import QUEUE, cups_pdf_queue  # noqa: F401  (fixture)
from tests.ui.conftest import KioskMaker, enroll_offline, find
from tests.ui.form_steps import (
    REVIEW,
    Touch,
    answer_box,
    field_errors,
    fill_to_review,
    forms_model,
    header,
    open_form,
    print_on_paper,
    tap,
)
from ui.app import Kiosk
from ui.shot import settle

STEP_ANSWERS: dict[str, str] = {
    "applicant.name": "王小明", "applicant.ethnicity": "汉",
    "applicant.id_number": "11010519491231002x",
    "applicant.phone": "13812345678",
}  # fmt: skip


@pytest.fixture
def form_kiosk(make_kiosk: KioskMaker) -> Kiosk:
    return make_kiosk(forms={"a4_queue": QUEUE})


def test_legal_aid_from_home_to_paper(form_kiosk: Kiosk, cups_pdf_queue: Path) -> None:  # noqa: F811
    kiosk = form_kiosk
    open_form(Touch(kiosk), "legal_aid")
    assert header(kiosk) == "第1步，共5步：要办什么事"
    tap(kiosk, "formNext")  # nothing answered: a sentence under each field, the step stays
    assert "请填上" in str(find(kiosk, "formStatus").property("text")) or header(kiosk).startswith("第1步")
    assert header(kiosk).startswith("第1步")
    tap(kiosk, "option_case.matter_labour_pay")
    answer_box(kiosk, "case.cause", "老板拖欠三个月工资")
    tap(kiosk, "formNext")
    assert header(kiosk) == "第2步，共5步：申请人的情况"
    for field_id, text in STEP_ANSWERS.items():
        answer_box(kiosk, field_id, text)
    tap(kiosk, "option_applicant.sex_male")
    find(kiosk, "year_applicant.birth_date").setProperty("text", "1949")  # the number pad
    tap(kiosk, "month_applicant.birth_date_12")
    tap(kiosk, "day_applicant.birth_date_31")
    assert find(kiosk, "dateChosen_applicant.birth_date").property("text") == "1949 年 12 月 31 日"
    # The ID number (110105…) put its county in; this visitor lives elsewhere and picks again.
    assert find(kiosk, "regionPath_applicant.address").property("text") == "北京市朝阳区"
    tap(kiosk, "regionRestart_applicant.address")
    for code in ("410000", "411600", "411625"):  # 河南省 → 周口市 → 郸城县, by touch
        tap(kiosk, f"region_applicant.address_{code}")
    assert find(kiosk, "regionPath_applicant.address").property("text") == "河南省周口市郸城县"
    find(kiosk, "detail_applicant.address").setProperty("text", "汲冢镇王庄村12号")
    tap(kiosk, "option_applicant.groups_migrant_worker")
    tap(kiosk, "option_applicant.previous_aid_no")
    answer_box(kiosk, "applicant.phone", "1381234567")  # one digit short
    tap(kiosk, "formNext")
    assert header(kiosk).startswith("第2步")
    answer_box(kiosk, "applicant.phone", "13812345678")
    assert find(kiosk, "readBack_applicant.phone").property("text") == "请核对号码：138 1234 5678"
    tap(kiosk, "formNext")
    assert header(kiosk).startswith("第3步"), field_errors(kiosk)
    tap(kiosk, "option_case.role_claimant")
    tap(kiosk, "option_case.stage_not_started")
    tap(kiosk, "option_case.aid_type_representation")
    answer_box(kiosk, "respondent.name", "郸城县某建筑劳务公司")
    find(kiosk, "area_case.facts").setProperty("text", "2026年3月到8月在工地干活，老板欠工资15000元未付。")
    tap(kiosk, "formNext")
    # A migrant worker claiming wages is exempt from the means check (art. 42): no income step.
    assert header(kiosk) == "第4步，共4步：承诺和签名"
    tap(kiosk, "option_sign.pledge_yes")
    tap(kiosk, "signLater_applicant.signature")
    tap(kiosk, "formNext")
    assert header(kiosk) == REVIEW
    assert "免予核查" in str(find(kiosk, "eligibilityText").property("text"))
    tap(kiosk, "edit_applicant")  # 修改 returns to the review
    assert header(kiosk) == "第2步，共4步：申请人的情况"
    answer_box(kiosk, "applicant.ethnicity", "回")
    tap(kiosk, "formNext")
    assert header(kiosk) == REVIEW
    text = print_on_paper(kiosk, cups_pdf_queue, "legal_aid")
    assert "王小明" in text and "回" in text and "进城务工人员" in text
    assert "免予核查" in text and "家庭人口" not in text


def test_an_abandoned_form_is_wiped_with_the_session(form_kiosk: Kiosk) -> None:
    kiosk = form_kiosk
    open_form(Touch(kiosk), "iou")
    answer_box(kiosk, "borrower.name", "赵秀英")
    kiosk.session.endSession()
    settle(2)
    forms = kiosk.view_models["Forms"]
    assert kiosk.nav.currentScreen == "home" and not forms.property("active")
    open_form(Touch(kiosk), "iou")
    assert find(kiosk, "input_borrower.name").property("text") == ""


@pytest.fixture
def no_printer_kiosk(make_kiosk: KioskMaker) -> Kiosk:
    return make_kiosk(forms={"a4_queue": "NoSuchLawPostPrinter"})


def test_a_missing_printer_says_what_to_do_and_keeps_the_form(
    no_printer_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    kiosk = no_printer_kiosk
    fill_to_review(Touch(kiosk), "iou")
    tap(kiosk, "formPrint")
    kiosk.worker.wait_idle(60)
    settle(2)
    status = str(find(kiosk, "formStatus").property("text"))
    assert status.startswith("打印失败") and "工作人员" in status and "您填的内容还在" in status
    assert speaker.spoken[-1][0].startswith("打印失败") and "您填的内容还在" in speaker.spoken[-1][0]
    assert kiosk.view_models["Forms"].property("complete")


def test_an_enrolled_kiosk_sends_the_form_sealed_and_nothing_stays_readable(
    tmp_path: Path, make_kiosk: KioskMaker
) -> None:
    enroll_offline(tmp_path)
    kiosk = make_kiosk()
    fill_to_review(Touch(kiosk), "iou")
    tap(kiosk, "formSubmit")
    kiosk.worker.wait_idle(60)
    settle(2)
    assert "交给工作人员" in str(find(kiosk, "formNotice").property("text"))
    db = kiosk.services.db
    rows = db.execute(
        "select payload is null, sealed is not null from sync_outbox where kind = 'form'"
    ).fetchall()
    assert [tuple(r) for r in rows] == [(1, 1)]
    kiosk.session.endSession()
    settle(2)
    leaks = [
        f"{path.name}: {needle!r}"
        for path in sorted(tmp_path.rglob("*")) if path.is_file()
        for needle in ("赵秀英".encode(), "陈志强".encode(), b"411625198506150027", b"15012345678")
        if needle in path.read_bytes()
    ]  # fmt: skip
    assert leaks == []
    assert kiosk.warnings == []


@pytest.fixture
def reader_kiosk(make_kiosk: KioskMaker) -> Kiosk:
    return make_kiosk(forms={"id_reader": "simulated"})


def test_the_id_card_fills_the_applicant_and_a_guide_prefills_the_matter(reader_kiosk: Kiosk) -> None:
    kiosk = reader_kiosk
    forms = kiosk.view_models["Forms"]
    forms.openWith("legal_aid", {"case.matter": "labour_pay"})  # what the wage guide's button calls
    kiosk.nav.go("form", {"form": "legal_aid"})
    settle(2)
    assert find(kiosk, "option_case.matter_labour_pay").property("kind") == "primary"
    answer_box(kiosk, "case.cause", "欠工资")
    tap(kiosk, "formNext")
    answer_box(kiosk, "applicant.phone", "13812345678")
    tap(kiosk, "readIdCard")
    assert find(kiosk, "input_applicant.name").property("text") == "王小明"
    assert find(kiosk, "input_applicant.id_number").property("text") == "11010519491231002X"
    assert find(kiosk, "option_applicant.sex_male").property("kind") == "primary"
    assert find(kiosk, "input_applicant.phone").property("text") == "13812345678"  # typed answer kept


def test_the_wage_guide_ends_with_apply_for_legal_aid(content_kiosk: Kiosk) -> None:
    kiosk = content_kiosk
    kiosk.nav.go("guide", {"guide": "unpaid-wages-steps"})
    settle(2)
    tap(kiosk, "guideForm_legal_aid")
    assert kiosk.nav.currentScreen == "form" and header(kiosk) == "第1步，共5步：要办什么事"
    assert find(kiosk, "option_case.matter_labour_pay").property("kind") == "primary"


def test_a_finger_signature_is_printed_in_the_box(form_kiosk: Kiosk, tmp_path: Path) -> None:
    kiosk = form_kiosk
    fill_to_review(Touch(kiosk), "iou")
    tap(kiosk, "edit_sign")
    canvas = find(kiosk, "signatureCanvas_borrower.signature")
    tap(kiosk, "signDone_borrower.signature")  # nothing drawn yet: nothing happens
    forms = kiosk.view_models["Forms"]
    assert forms._session.get("borrower.signature") == "later"
    origin = canvas.mapToScene(QPointF(0, 0))
    points = [(20 + 12 * i, 40 + (i % 5) * 9) for i in range(25)]
    at = [QPoint(round(origin.x() + x), round(origin.y() + y)) for x, y in points]
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(kiosk.window, left, none, at[0])
    for point in at[1:]:
        QTest.mouseMove(kiosk.window, point)
    QTest.mouseRelease(kiosk.window, left, none, at[-1])
    settle(2)
    tap(kiosk, "signDone_borrower.signature")
    signature = forms._session.get("borrower.signature")
    assert isinstance(signature, dict) and base64.b64decode(signature["png"]).startswith(b"\x89PNG")
    pdf = tmp_path / "iou.pdf"
    pdf.write_bytes(DocumentRenderer(regions=forms._catalog.regions).render(
        forms._session.definition, forms._session.result))  # fmt: skip
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.strip().splitlines()) >= 3  # header, rule, one image: the signature


def test_an_unfinished_form_is_neither_printed_nor_sent(tmp_path: Path, make_kiosk: KioskMaker) -> None:
    """打印 and 提交 (the slots the review's buttons call) on a form not yet answered: the visitor
    is told it is unfinished, nothing goes to the printer queue or the outbox."""
    enroll_offline(tmp_path)
    kiosk = make_kiosk(forms={"a4_queue": "NoSuchLawPostPrinter"})
    open_form(Touch(kiosk), "iou")
    forms = forms_model(kiosk)
    for press in (forms.print, forms.submit):
        press()
        kiosk.worker.wait_idle(60)
        settle(2)
        assert str(find(kiosk, "formStatus").property("text")) == kiosk.i18n.text("forms.incomplete")
        assert not forms.property("busy")
    rows = kiosk.services.db.execute("select count(*) from sync_outbox where kind = 'form'").fetchone()
    assert tuple(rows) == (0,)
