"""The take-home sheet: what pdftotext reads from the A4 PDF is the guide's steps, documents,
offices and the hotline; and the real default-pack guide printed through CUPS to cups-pdf."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kiosk.content.take_home import guide_sheet, render_sheet

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
