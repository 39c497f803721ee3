"""The take-home sheet: what pdftotext reads from the A4 PDF is the guide's steps, documents,
offices and the hotline; and the real default-pack guide printed through CUPS to cups-pdf."""

from __future__ import annotations

import subprocess
import time
import uuid
from pathlib import Path

from kiosk.content.take_home import guide_sheet, render_sheet
from kiosk.devices.a4_printer import CupsPrinter
from tests.kiosk.devices.test_a4_printer import QUEUE, cups_pdf_queue  # noqa: F401  (fixture)

HEADINGS = {"steps": "怎么办", "documents": "要带的材料", "where": "去哪里办", "timeLimits": "时间限制",
            "citations": "相关法律条文", "hotline": "还有问题，请打公共法律服务热线",
            "url": "手机上看："}  # fmt: skip
GUIDE = {
    "id": "unpaid-wages-steps", "title": "被拖欠工资怎么办", "summary": "先协商，再投诉或申请仲裁。",
    "steps": ["和老板协商，要求付清工资", "到劳动保障监察大队投诉"],
    "documents": ["身份证", "考勤记录或工资条"],
    "where": ["劳动人事争议仲裁委员会"],
    "offices": [{"id": "x", "name": "城关镇司法所", "address": "城关镇人民路1号", "phone": "0871-1234567"}],
    "timeLimits": ["仲裁时效一年"],
    "citations": [{"citedAs": "《劳动合同法》第三十条",
                   "text": "用人单位应当按照劳动合同约定……支付劳动报酬。"}],
    "hotline": "12348", "url": "https://legal.example.gov.cn/lawpost/guides/unpaid-wages-steps",
}  # fmt: skip


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout  # fmt: skip


def test_sheet_text_has_the_steps_what_to_bring_where_and_hotline(tmp_path: Path) -> None:
    pdf = render_sheet(guide_sheet(GUIDE, HEADINGS))
    assert pdf.startswith(b"%PDF")
    text = " ".join(pdftotext(pdf, tmp_path).split())
    for expected in ("被拖欠工资怎么办", "1. 和老板协商，要求付清工资", "2. 到劳动保障监察大队投诉",
                     "要带的材料", "考勤记录或工资条", "城关镇司法所", "0871-1234567", "仲裁时效一年",
                     "《劳动合同法》第三十条", "还有问题，请打公共法律服务热线 12348",
                     "guides/unpaid-wages-steps"):  # fmt: skip
        assert expected in text, expected


def test_empty_sections_are_left_out(tmp_path: Path) -> None:
    pdf = render_sheet(guide_sheet({"title": "只有标题", "steps": ["第一步"]}, HEADINGS))
    text = pdftotext(pdf, tmp_path)
    assert "只有标题" in text and "第一步" in text
    assert "要带的材料" not in text and "去哪里办" not in text


def test_guide_sheet_through_cups_to_cups_pdf_is_a4_with_the_steps(cups_pdf_queue: Path) -> None:  # noqa: F811
    title = f"lawpost-guide-test-{uuid.uuid4().hex[:8]}"
    printer = CupsPrinter(QUEUE, timeout_s=60)
    printer.print_pdf(render_sheet(guide_sheet(GUIDE, HEADINGS)), title=title)
    outputs: list[Path] = []
    for _ in range(100):
        outputs = sorted(cups_pdf_queue.glob(f"{title}*.pdf"))
        if outputs:
            break
        time.sleep(0.1)
    assert outputs, f"cups-pdf wrote nothing for {title}"
    try:
        text = subprocess.run(["pdftotext", str(outputs[0]), "-"], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip
        assert "被拖欠工资怎么办" in text and "和老板协商" in text and "考勤记录或工资条" in text
        info = subprocess.run(["pdfinfo", str(outputs[0])], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info
    finally:
        for path in outputs:
            path.unlink()
