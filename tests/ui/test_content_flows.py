"""Legal information through the real QML: topic → guide → read-aloud → QR; search → article;
ask → answer; directory; and the content disappears with the visitor's session."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, reveal, tap, wait_until
from ui.app import Kiosk
from ui.qr import qr_image
from ui.shot import ManualClock, settle


def test_home_shows_content_tiles_once_a_pack_is_installed(content_kiosk: Kiosk) -> None:
    home = content_kiosk.home
    shown = {t["screen"] for t in [*home.tiles, *home.moreTiles]}
    assert shown >= {"guides", "ask", "search", "laws", "directory"}


def test_no_content_tiles_without_a_pack(kiosk: Kiosk) -> None:
    assert not {t["screen"] for t in kiosk.home.tiles} & {"guides", "ask", "search", "laws", "directory"}


def test_topic_guide_read_aloud_by_paragraph_and_qr(content_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    k = content_kiosk
    tap(k, "tile_guides")
    tap(k, "topic_unpaid-wages")
    assert k.nav.currentScreen == "topic"
    tap(k, "guide_unpaid-wages-steps")
    assert k.nav.currentScreen == "guide"
    guide = k.library.guide("unpaid-wages-steps", "zh_CN", {})
    tap(k, "readButton")
    assert speaker.spoken[-1][0] == guide["paragraphs"][0]
    speaker.finish()  # the title was spoken: the summary comes next and is highlighted
    settle(2)
    assert k.speech.paragraphIndex == 1
    assert find(k, "summary").property("speakingNow") is True
    assert speaker.spoken[-1][0] == guide["summary"]
    speaker.finish()
    speaker.finish()
    settle(2)
    assert find(k, "step_0").property("speakingNow") is True
    tap(k, "homeButton")
    assert not k.speech.speaking
    assert guide["url"].endswith("/guides/unpaid-wages-steps")


def test_qr_code_encodes_the_guide_address() -> None:
    image: QImage = qr_image("https://legal.example.gov.cn/lawpost/guides/unpaid-wages-steps", 300)
    assert image.width() >= 200
    assert image.pixelColor(0, 0).lightness() == 255  # quiet zone
    dark = sum(image.pixelColor(x, y).lightness() < 128 for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7))
    assert dark > 50


def test_citation_opens_the_article_text(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    k.nav.go("guide", {"guide": "unpaid-wages-steps"})
    settle(2)
    reveal(k, "cite_30")
    tap(k, "cite_30")
    assert k.nav.currentScreen == "article"
    assert "劳动报酬" in find(k, "articleText").property("text")


def test_search_then_article(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_search")
    k.library.search("劳动合同法第三十条")
    wait_until(lambda: not k.library.searching)
    settle(2)
    laws = k.library.results["law"]
    assert laws[0]["article"] == 30 and "劳动合同法" in laws[0]["law"]
    tap(k, f"result_law_{laws[0]['id']}")
    assert k.nav.currentScreen == "article"
    assert "劳动报酬" in find(k, "articleText").property("text")
    # The visitors' words for what the article answers are shown under it and read aloud.
    situations = k.library.article(laws[0]["law"], 30)["situations"]
    assert situations
    shown = find(k, "articleSituations")
    assert shown.property("visible") and situations[0] in shown.property("text")
    assert situations[0] in k.current_screen().property("readAloudText")
    assert k.session.hasVisitorData


def test_law_results_show_the_visitors_situation(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_search")
    k.library.search("老板拖欠工资不给")
    wait_until(lambda: not k.library.searching)
    settle(2)
    laws = k.library.results["law"]
    wages = next(r for r in laws if r["article"] == 30 and "劳动合同法" in r["law"])
    assert wages["situation"] == "老板拖欠工资不给"
    row = find(k, f"result_law_{wages['id']}")
    assert row.property("subtitle").startswith("常见情形：老板拖欠工资不给")


def test_absurd_search_input_never_breaks(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    for text in ["x" * 5000, "😀😀", "，。！？", '" * NEAR( AND -', "   "]:
        k.library.search(text)
        wait_until(lambda: not k.library.searching)
    assert k.library.searching is False


def test_ask_answers_with_guide_articles_and_next_step(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_ask")
    tap(k, "common_0")
    wait_until(lambda: not k.library.asking)
    settle(2)
    answer = k.library.answer
    assert answer["found"] and answer["guideId"]
    assert 1 <= len(answer["articles"]) <= 3
    assert all(a["source"].startswith("《") for a in answer["articles"])
    assert find(k, "answerPart_0").property("text").startswith("先做这一步：")
    reveal(k, "answerGuide")
    tap(k, "answerGuide")
    assert k.nav.currentScreen == "guide"


def test_directory_filter_and_detail(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_directory")
    tap(k, "type_legal_aid_centre")
    tap(k, "institution_sample-legal-aid-centre")
    assert k.nav.currentScreen == "institution"
    assert find(k, "institutionQr").property("payload") == "tel:00000000101"


def test_reset_wipes_search_and_ask(content_kiosk: Kiosk, clock: ManualClock) -> None:
    k = content_kiosk
    k.library.search("我叫张三 电话13812345678 押金")
    k.library.ask("房东不退押金")
    wait_until(lambda: not k.library.searching and not k.library.asking)
    clock.advance(k.settings.kiosk.idle_timeout_s + k.settings.kiosk.idle_countdown_s + 1)
    k.session.tick()
    assert (k.library.query, k.library.question, k.library.results, k.library.answer) == ("", "", {}, {})


def test_searches_become_anonymous_usage_events(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    k.library.search("我叫张三，手机13812345678，房东不退押金")
    wait_until(lambda: not k.library.searching)
    k.usage.flush()
    rows = k.services.db.execute("select * from sync_outbox").fetchall()
    text = " ".join(str(r) for r in rows)
    assert "search" in text and "押金" in text
    assert "13812345678" not in text and "张三" not in text


def test_unusable_content_shows_no_tiles_and_tells_the_technician(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.config import Settings
    from kiosk.content.pack import PackError
    from ui import app as app_module

    def broken(settings: Settings, **_kw: object) -> None:
        raise PackError("内容包校验失败 (checksum mismatch in laws.json)")

    monkeypatch.setattr(app_module, "open_content_library", broken)
    kiosk = app_module.build_kiosk(Settings().with_data_dir(tmp_path), speaker=FakeSpeaker())
    try:
        kiosk.window.show()
        wait_until(lambda: kiosk.library.errorKey != "")
        assert not {t["screen"] for t in kiosk.home.tiles} & {"guides", "search", "ask"}
        assert "checksum mismatch" in kiosk.tech.info["content"]
    finally:
        kiosk.close()


def test_the_library_opens_only_after_the_first_frame(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opened earlier, its Python work on the background thread held the GIL the QML load needed
    # and the first frame came ~0.6 s later (bench/kiosk_ui.py).
    from kiosk.config import Settings
    from ui import app as app_module

    calls: list[str] = []

    def recording(settings: Settings, **_kw: object) -> object:
        calls.append("open")
        raise RuntimeError("not needed for this test")

    monkeypatch.setattr(app_module, "open_content_library", recording)
    kiosk = app_module.build_kiosk(Settings().with_data_dir(tmp_path), speaker=FakeSpeaker())
    try:
        QCoreApplication.processEvents()
        time.sleep(0.2)  # a job started at build time would have run on the background thread by now
        assert calls == []  # loaded, not yet shown: nothing started
        kiosk.window.show()
        wait_until(lambda: kiosk.library.errorKey != "")
        assert calls == ["open"]
    finally:
        kiosk.close()


def _print_guide(k: Kiosk) -> None:
    k.nav.go("guide", {"guide": "unpaid-wages-steps"})
    settle(2)
    reveal(k, "guidePrint")
    tap(k, "guidePrint")
    wait_until(lambda: not k.features.shared["take_home"].busy)  # type: ignore[union-attr]
    settle(2)


def test_print_the_guide_on_a4(content_kiosk: Kiosk, tmp_path: Path, speaker: FakeSpeaker) -> None:
    from kiosk.devices.a4_printer import FakePrinter

    k = content_kiosk
    printer = FakePrinter()
    k.features.shared["take_home"].printer = printer  # type: ignore[union-attr]
    _print_guide(k)
    assert len(printer.printed) == 1
    pdf = printer.printed[0][1]
    assert pdf.startswith(b"%PDF")
    (tmp_path / "guide.pdf").write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "guide.pdf"), "-"], capture_output=True,
                                   check=True, text=True).stdout.split())  # fmt: skip
    guide = k.library.guide("unpaid-wages-steps", "zh_CN", {})
    assert guide["title"] in text
    assert guide["steps"][0][:10] in text and "12348" in text
    assert "打好了" in find(k, "guidePrintStatus").property("text")
    assert "打好了" in speaker.spoken[-1][0]  # said as well as shown


def test_no_paper_says_so_and_points_to_the_qr(content_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    from kiosk.devices.a4_printer import NO_PAPER, FakePrinter

    k = content_kiosk
    k.features.shared["take_home"].printer = FakePrinter(problem=NO_PAPER)  # type: ignore[union-attr]
    _print_guide(k)
    shown = find(k, "guidePrintStatus").property("text")
    assert "打印机没纸了" in shown and "二维码" in shown
    assert find(k, "guidePrintStatus").property("visible") is True
    assert "打印机没纸了" in speaker.spoken[-1][0]


def test_print_an_institution(content_kiosk: Kiosk, tmp_path: Path) -> None:
    from kiosk.devices.a4_printer import FakePrinter

    k = content_kiosk
    printer = FakePrinter()
    k.features.shared["take_home"].printer = printer  # type: ignore[union-attr]
    place = k.library.institutions("", "")[0]
    k.nav.go("institution", {"institution": place["id"]})
    settle(2)
    reveal(k, "institutionPrint")
    tap(k, "institutionPrint")
    wait_until(lambda: not k.features.shared["take_home"].busy)  # type: ignore[union-attr]
    settle(2)
    (tmp_path / "place.pdf").write_bytes(printer.printed[0][1])
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "place.pdf"), "-"], capture_output=True,
                                   check=True, text=True).stdout.split())  # fmt: skip
    assert place["name"] in text and place["phone"] in text and "12348" in text
    assert "打好了" in find(k, "institutionPrintStatus").property("text")


def test_print_the_guide_an_answer_leads_to(content_kiosk: Kiosk, tmp_path: Path) -> None:
    from kiosk.devices.a4_printer import FakePrinter

    k = content_kiosk
    printer = FakePrinter()
    k.features.shared["take_home"].printer = printer  # type: ignore[union-attr]
    tap(k, "tile_ask")
    tap(k, "common_0")
    wait_until(lambda: not k.library.asking)
    settle(2)
    reveal(k, "answerPrint")
    tap(k, "answerPrint")
    wait_until(lambda: not k.features.shared["take_home"].busy)  # type: ignore[union-attr]
    settle(2)
    (tmp_path / "answer.pdf").write_bytes(printer.printed[0][1])
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "answer.pdf"), "-"], capture_output=True,
                                   check=True, text=True).stdout.split())  # fmt: skip
    assert k.library.answer["guideTitle"] in text
    assert "打好了" in find(k, "answerPrintStatus").property("text")
