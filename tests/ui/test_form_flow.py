"""写申请 through the real QML: a migrant worker owed wages applies for legal aid — start, steps,
messages, review, edit from review, print to cups-pdf; and an abandoned form is wiped."""

from __future__ import annotations

import base64
import dataclasses
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from kiosk.forms.render import DocumentRenderer
from tests.kiosk.devices.test_a4_printer import QUEUE, cups_pdf_queue  # noqa: F401  (fixture)
from tests.kiosk.forms.answers import answers
from tests.ui.conftest import enroll_offline, find
from tests.ui.conftest import tap as ui_tap
from ui.app import Kiosk, build_kiosk
from ui.shot import ManualClock, settle

STEP_ANSWERS: dict[str, str] = {
    "applicant.name": "王小明", "applicant.ethnicity": "汉",
    "applicant.id_number": "11010519491231002x",
    "applicant.phone": "13812345678",
}  # fmt: skip


@pytest.fixture
def form_kiosk(qapp: object, tmp_path: Path, clock: ManualClock, speaker: FakeSpeaker) -> Iterator[Kiosk]:
    settings = Settings().with_data_dir(tmp_path)
    settings = dataclasses.replace(settings, forms=dataclasses.replace(settings.forms, a4_queue=QUEUE))
    built = build_kiosk(settings, speaker=speaker, size=(1080, 1920), clock=clock, open_content=False)
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def _flickable(item: QQuickItem) -> QQuickItem | None:
    parent = item.parentItem()
    while parent is not None and not parent.inherits("QQuickFlickable"):
        parent = parent.parentItem()
    return parent


def tap(kiosk: Kiosk, name: str) -> None:
    """Scroll the screen until the item is in view (as a visitor would), then tap it."""
    item = find(kiosk, name)
    flick = _flickable(item)
    if flick is not None:
        top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
        room = max(0.0, flick.property("contentHeight") - flick.height())
        flick.setProperty("contentY", max(0.0, min(room, top - flick.height() / 3)))
        settle(1)
    ui_tap(kiosk, name)


def _type(kiosk: Kiosk, field_id: str, text: str) -> None:
    find(kiosk, f"input_{field_id}").setProperty("text", text)


def _header(kiosk: Kiosk) -> str:
    return str(find(kiosk, "formHeader").property("text"))


def test_legal_aid_from_home_to_paper(form_kiosk: Kiosk, cups_pdf_queue: Path) -> None:  # noqa: F811
    kiosk = form_kiosk
    tap(kiosk, "tile_forms")
    tap(kiosk, "form_legal_aid")
    assert _header(kiosk) == "第1步，共5步：要办什么事"
    tap(kiosk, "formNext")  # nothing answered: a sentence under each field, the step stays
    assert "请填上" in str(find(kiosk, "formStatus").property("text")) or _header(kiosk).startswith("第1步")
    assert _header(kiosk).startswith("第1步")
    tap(kiosk, "option_case.matter_labour_pay")
    _type(kiosk, "case.cause", "老板拖欠三个月工资")
    tap(kiosk, "formNext")
    assert _header(kiosk) == "第2步，共5步：申请人的情况"
    for field_id, text in STEP_ANSWERS.items():
        _type(kiosk, field_id, text)
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
    _type(kiosk, "applicant.phone", "1381234567")  # one digit short
    tap(kiosk, "formNext")
    assert _header(kiosk).startswith("第2步")
    _type(kiosk, "applicant.phone", "13812345678")
    assert find(kiosk, "readBack_applicant.phone").property("text") == "请核对号码：138 1234 5678"
    tap(kiosk, "formNext")
    assert _header(kiosk).startswith("第3步"), [
        (f["id"], f["error"]) for f in kiosk.view_models["Forms"].property("fields") if f["error"]
    ]
    tap(kiosk, "option_case.role_claimant")
    tap(kiosk, "option_case.stage_not_started")
    tap(kiosk, "option_case.aid_type_representation")
    _type(kiosk, "respondent.name", "郸城县某建筑劳务公司")
    find(kiosk, "area_case.facts").setProperty("text", "2026年3月到8月在工地干活，老板欠工资15000元未付。")
    tap(kiosk, "formNext")
    # A migrant worker claiming wages is exempt from the means check (art. 42): no income step.
    assert _header(kiosk) == "第4步，共4步：承诺和签名"
    tap(kiosk, "option_sign.pledge_yes")
    tap(kiosk, "signLater_applicant.signature")
    tap(kiosk, "formNext")
    assert _header(kiosk) == "请检查您填写的内容"
    assert "免予核查" in str(find(kiosk, "eligibilityText").property("text"))
    tap(kiosk, "edit_applicant")  # 修改 returns to the review
    assert _header(kiosk) == "第2步，共4步：申请人的情况"
    _type(kiosk, "applicant.ethnicity", "回")
    tap(kiosk, "formNext")
    assert _header(kiosk) == "请检查您填写的内容"
    tap(kiosk, "formPrint")
    kiosk.worker.wait_idle(120)
    settle(2)
    assert "打印好了" in str(find(kiosk, "formNotice").property("text"))
    outputs: list[Path] = []
    for _ in range(100):
        outputs = sorted(cups_pdf_queue.glob("lawpost-legal_aid*.pdf"))
        if outputs:
            break
        time.sleep(0.1)
    assert outputs
    try:
        text = subprocess.run(
            ["pdftotext", str(outputs[-1]), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "王小明" in text and "回" in text and "进城务工人员" in text
        assert "免予核查" in text and "家庭人口" not in text
    finally:
        for path in outputs:
            path.unlink()


def test_an_abandoned_form_is_wiped_with_the_session(form_kiosk: Kiosk) -> None:
    kiosk = form_kiosk
    tap(kiosk, "tile_forms")
    tap(kiosk, "form_iou")
    _type(kiosk, "borrower.name", "赵秀英")
    kiosk.session.endSession()
    settle(2)
    forms = kiosk.view_models["Forms"]
    assert kiosk.nav.currentScreen == "home" and not forms.property("active")
    tap(kiosk, "tile_forms")
    tap(kiosk, "form_iou")
    assert find(kiosk, "input_borrower.name").property("text") == ""


def _fill_iou_to_review(kiosk: Kiosk) -> None:
    """The IOU answered through the view-model's slots (what the controls call), then 下一步
    tapped through every step to the review."""
    forms = kiosk.view_models["Forms"]
    tap(kiosk, "tile_forms")
    tap(kiosk, "form_iou")
    for key, value in answers("iou").items():
        if isinstance(value, bool):
            forms.choose(key, "yes" if value else "no")
        elif key in ("loan.delivery_method",) or key.endswith("signature"):
            forms.choose(key, value)
        elif isinstance(value, dict):
            forms.pickRegion(key, value["region"])
            forms.setAddressDetail(key, value["detail"])
        else:
            forms.setText(key, str(value))
    for _ in range(6):
        if _header(kiosk) == "请检查您填写的内容":
            break
        tap(kiosk, "formNext")
    assert _header(kiosk) == "请检查您填写的内容"


@pytest.fixture
def no_printer_kiosk(
    qapp: object, tmp_path: Path, clock: ManualClock, speaker: FakeSpeaker
) -> Iterator[Kiosk]:
    settings = Settings().with_data_dir(tmp_path)
    forms = dataclasses.replace(settings.forms, a4_queue="NoSuchLawPostPrinter")
    built = build_kiosk(dataclasses.replace(settings, forms=forms), speaker=speaker, size=(1080, 1920),
                        clock=clock, open_content=False)  # fmt: skip
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def test_a_missing_printer_says_what_to_do_and_keeps_the_form(
    no_printer_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    kiosk = no_printer_kiosk
    _fill_iou_to_review(kiosk)
    tap(kiosk, "formPrint")
    kiosk.worker.wait_idle(60)
    settle(2)
    status = str(find(kiosk, "formStatus").property("text"))
    assert status.startswith("打印失败") and "工作人员" in status and "您填的内容还在" in status
    assert speaker.spoken[-1][0].startswith("打印失败") and "您填的内容还在" in speaker.spoken[-1][0]
    assert kiosk.view_models["Forms"].property("complete")


def test_an_enrolled_kiosk_sends_the_form_sealed_and_nothing_stays_readable(
    qapp: object, tmp_path: Path, clock: ManualClock, speaker: FakeSpeaker
) -> None:
    enroll_offline(tmp_path)
    kiosk = build_kiosk(Settings().with_data_dir(tmp_path), speaker=speaker, size=(1080, 1920), clock=clock,
                        open_content=False)  # fmt: skip
    kiosk.window.show()
    settle(2)
    try:
        _fill_iou_to_review(kiosk)
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
    finally:
        kiosk.close()


@pytest.fixture
def reader_kiosk(qapp: object, tmp_path: Path, clock: ManualClock, speaker: FakeSpeaker) -> Iterator[Kiosk]:
    settings = Settings().with_data_dir(tmp_path)
    settings = dataclasses.replace(settings, forms=dataclasses.replace(settings.forms, id_reader="simulated"))
    built = build_kiosk(settings, speaker=speaker, size=(1080, 1920), clock=clock, open_content=False)
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def test_the_id_card_fills_the_applicant_and_a_guide_prefills_the_matter(reader_kiosk: Kiosk) -> None:
    kiosk = reader_kiosk
    forms = kiosk.view_models["Forms"]
    forms.openWith("legal_aid", {"case.matter": "labour_pay"})  # what the wage guide's button calls
    kiosk.nav.go("form", {"form": "legal_aid"})
    settle(2)
    assert find(kiosk, "option_case.matter_labour_pay").property("kind") == "primary"
    _type(kiosk, "case.cause", "欠工资")
    tap(kiosk, "formNext")
    _type(kiosk, "applicant.phone", "13812345678")
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
    assert kiosk.nav.currentScreen == "form" and _header(kiosk) == "第1步，共5步：要办什么事"
    assert find(kiosk, "option_case.matter_labour_pay").property("kind") == "primary"


def test_a_finger_signature_is_printed_in_the_box(form_kiosk: Kiosk, tmp_path: Path) -> None:
    kiosk = form_kiosk
    _fill_iou_to_review(kiosk)
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
