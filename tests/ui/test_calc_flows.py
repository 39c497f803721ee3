"""算一算 driven through the real QML by tapping: choose, enter amounts on the keypad and dates on
the steppers, read the result (figures, formula, articles), hear it, follow an article, and leave
nothing behind when the session is wiped."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, tap
from ui.app import Kiosk
from ui.read_aloud_audit import unread_texts
from ui.shot import settle


def _shown(kiosk: Kiosk, name: str) -> QQuickItem:
    """The visible item with this name (the hidden technician PIN pad has keys named alike)."""
    stack = [kiosk.window.contentItem()]
    while stack:
        item = stack.pop()
        if item.objectName() == name and item.isVisible():
            return item
        stack.extend(item.childItems())
    raise AssertionError(f"no visible item named {name!r}")


def _press(kiosk: Kiosk, name: str) -> None:
    item = _shown(kiosk, name)
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(centre.x()), round(centre.y())))
    settle(2)


def _calc(kiosk: Kiosk) -> object:
    return kiosk.view_models["Calc"]


def _text(kiosk: Kiosk, name: str) -> str:
    return str(find(kiosk, name).property("text"))


def _type(kiosk: Kiosk, digits: str) -> None:
    for digit in digits:
        _press(kiosk, "key_point" if digit == "." else f"key_{digit}")


def test_property_case_fee_from_the_home_tile(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    tap(kiosk, "tile_calc")
    assert kiosk.nav.currentScreen == "calc"
    tap(kiosk, "calc_litigation-fee")
    assert kiosk.nav.currentScreen == "calc_form"
    assert "什么官司" in _text(kiosk, "calcLabel")
    tap(kiosk, "kind_property")
    assert _text(kiosk, "calcStep") == "第 2 项，共 2 项"
    _type(kiosk, "88000")
    assert _text(kiosk, "calcAmount") == "88,000 元"
    tap(kiosk, "calcNext")
    assert kiosk.nav.currentScreen == "calc_result"
    assert _text(kiosk, "figure_0") == "2,000.00 元"
    assert _text(kiosk, "figure_1") == "1,000.00 元"
    assert "78,000.00 × 2.5% = 1,950.00 元" in _text(kiosk, "formula_2")
    # The fee regulation is not in laws.db: cited by name, not a button to a missing article.
    assert "《诉讼费用交纳办法》第十三条" in _text(kiosk, "citation_13")
    tap(kiosk, "readButton")
    # Read paragraph by paragraph: the title and amounts first, then each line of the formula,
    # the articles, the notes, the button.
    assert speaker.spoken[-1][0] == ("打官司要交多少钱（诉讼费）。"
                                     "案件受理费：2000元。调解、撤诉或简易程序：减半：1000元")
    paragraphs = kiosk.current_screen().property("readAloudParagraphs")
    assert "10000 元至 88000 元的部分：78000.00 乘以 2.5% 等于 1950.00 元" in paragraphs
    assert paragraphs[paragraphs.index("依据") + 1].startswith("《诉讼费用交纳办法》第十三条：")
    assert paragraphs[-1] == "改一改，再算一次"


def test_the_keypad_takes_cents_but_no_more(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_calc")
    tap(kiosk, "calc_preservation-fee")
    _type(kiosk, "1001.999")
    assert _text(kiosk, "calcAmount") == "1,001.99 元"
    tap(kiosk, "calcNext")
    assert _text(kiosk, "figure_0") == "30.02 元"  # 30 + 1.99 × 1% = 30.0199


def test_severance_with_the_date_steppers(kiosk: Kiosk) -> None:
    today = date.today()
    tap(kiosk, "tile_calc")
    tap(kiosk, "calc_severance")
    assert _text(kiosk, "start_year_value") == "— 年"
    for _ in range(5):  # the first touch starts from today
        tap(kiosk, "start_year_minus")
    assert _text(kiosk, "start_year_value") == f"{today.year - 5} 年"
    tap(kiosk, "calcNext")
    tap(kiosk, "end_year_plus")
    tap(kiosk, "end_year_minus")
    assert _text(kiosk, "end_year_value") == f"{today.year} 年"
    tap(kiosk, "calcNext")
    _type(kiosk, "5200")
    tap(kiosk, "calcNext")
    # No local average wage configured: the visitor may leave it empty.
    assert _text(kiosk, "calcStep") == "第 4 项，共 4 项"
    tap(kiosk, "calcNext")
    assert kiosk.nav.currentScreen == "calc_result"
    # Five years and a day (both ends worked): 5.5 months' wages.
    assert _text(kiosk, "figure_0") == "28,600.00 元"
    assert _text(kiosk, "figure_1") == "57,200.00 元"
    assert _calc(kiosk).property("result")["notes"][0].startswith("没有填本地职工月平均工资")
    # Back to change a figure: the answers are still there.
    tap(kiosk, "calcAgain")
    assert kiosk.nav.currentScreen == "calc_form" and _text(kiosk, "calcStep") == "第 4 项，共 4 项"
    tap(kiosk, "calcPrevious")
    assert _text(kiosk, "calcAmount") == "5,200 元"


def test_end_before_start_is_shown_and_spoken_on_the_end_date(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    tap(kiosk, "tile_calc")
    tap(kiosk, "calc_severance")
    tap(kiosk, "start_year_plus")
    tap(kiosk, "start_year_minus")
    tap(kiosk, "calcNext")
    tap(kiosk, "end_year_minus")  # a year before the start
    tap(kiosk, "calcNext")
    _type(kiosk, "3000")
    tap(kiosk, "calcNext")
    tap(kiosk, "calcNext")
    assert kiosk.nav.currentScreen == "calc_form"
    assert _text(kiosk, "calcStep") == "第 2 项，共 4 项"
    assert find(kiosk, "calcError").isVisible()
    assert "离职日期早于入职日期" in _text(kiosk, "calcLabel") + _calc(kiosk).property("errorText")
    tap(kiosk, "readButton")
    assert "离职日期早于入职日期" in speaker.spoken[-1][0]


def test_a_missing_amount_is_a_sentence_not_a_result(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_calc")
    tap(kiosk, "calc_litigation-fee")
    tap(kiosk, "kind_property")
    tap(kiosk, "calcNext")
    assert kiosk.nav.currentScreen == "calc_form"
    assert _calc(kiosk).property("errorText") == "请填写“金额”。"


def test_an_article_in_the_pack_opens_from_the_result(content_kiosk: Kiosk) -> None:
    kiosk = content_kiosk
    kiosk.nav.go("calc_result", {"calculator": "severance", "values": {
        "start": "2018-07-01", "end": "2023-11-20", "monthly_wage": "5200", "local_average_wage": "7600"}})
    settle(2)
    assert _text(kiosk, "figure_0") == "28,600.00 元"
    tap(kiosk, "article_47")
    assert kiosk.nav.currentScreen == "article"
    assert "每满一年支付一个月工资" in _text(kiosk, "articleText")


def test_language_switch_redraws_the_result(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_calc")
    tap(kiosk, "calc_litigation-fee")
    tap(kiosk, "kind_labour")
    assert kiosk.nav.currentScreen == "calc_result"
    assert _text(kiosk, "figure_0") == "10.00 元"
    tap(kiosk, "languageButton")
    assert _text(kiosk, "figure_0") == "10.00 yuan"
    assert "Labour dispute cases pay 10 yuan per case." in _text(kiosk, "formula_0")


def test_finish_and_clear_forgets_the_figures(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_calc")
    tap(kiosk, "calc_enforcement-fee")
    _type(kiosk, "500000")
    tap(kiosk, "calcNext")
    assert _text(kiosk, "figure_0") == "7,400.00 元"
    assert find(kiosk, "clearButton").isVisible()
    tap(kiosk, "clearButton")
    tap(kiosk, "confirmClear")  # 结束并清除 asks first
    calc = _calc(kiosk)
    assert kiosk.nav.history == ["home"]
    assert (calc.property("calculator"), calc.property("values"), calc.property("result")) == ("", {}, {})


def _listen(kiosk: Kiosk, speaker: FakeSpeaker) -> list[str]:
    """Tap 朗读 and let each paragraph come to its end; the paragraphs said."""
    start = len(speaker.spoken)
    tap(kiosk, "readButton")
    for _ in range(200):
        if not kiosk.speech.speaking:
            break
        speaker.finish()
        settle(1)
    assert not kiosk.speech.speaking
    return [text for text, _language in speaker.spoken[start:]]


def _all_read(kiosk: Kiosk, said: list[str]) -> bool:
    screen = kiosk.current_screen()
    assert isinstance(screen, QQuickItem)
    return unread_texts(screen, "\n".join(said)) == []


def test_the_chooser_reads_its_title_each_calculator_and_the_note(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    tap(kiosk, "tile_calc")
    tap(kiosk, "readButton")
    assert speaker.spoken[-1][0].startswith("算一算。")
    speaker.finish()
    settle(2)
    assert speaker.spoken[-1][0].startswith("打官司要交多少钱（诉讼费）。")
    assert find(kiosk, "calc_litigation-fee").property("speakingNow") is True
    kiosk.speech.stop()
    said = _listen(kiosk, speaker)
    assert said[-1].startswith("结果按法律规定计算，仅供参考")
    assert _all_read(kiosk, said)


def test_the_amount_step_reads_the_amount_not_the_keypad(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    tap(kiosk, "tile_calc")
    tap(kiosk, "calc_litigation-fee")
    said = _listen(kiosk, speaker)  # the kind of case: the question and every choice
    assert "要钱、要东西的案子" in said[0] and "离婚" in said[0] and _all_read(kiosk, said)
    tap(kiosk, "kind_property")
    said = _listen(kiosk, speaker)
    lines = said[0].split("\n")
    assert lines[:3] == ["打官司要交多少钱（诉讼费）", "第 2 项，共 2 项", _text(kiosk, "calcLabel")]
    assert lines[-2:] == ["0元", "清空、上一项、算一算"]  # the empty amount as shown, then the buttons
    assert "删除" not in said[0] and _all_read(kiosk, said)
    _type(kiosk, "88000")
    said = _listen(kiosk, speaker)
    assert "88000元" in said[0] and _all_read(kiosk, said)
    # The keypad's exemption is its own keys only: the field's label left out is caught.
    label = _text(kiosk, "calcLabel")
    screen = kiosk.current_screen()
    assert isinstance(screen, QQuickItem)
    assert unread_texts(screen, said[0].replace(label, "")) == [label]


def test_the_result_is_read_in_order_with_the_formula_in_words(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    tap(kiosk, "tile_calc")
    tap(kiosk, "calc_severance")
    calc = _calc(kiosk)
    for key, value in (("start", "2019-03-01"), ("end", "2024-08-31"), ("monthly_wage", "5200")):
        calc.setValue(key, value)  # type: ignore[attr-defined]
    calc.calculate()  # type: ignore[attr-defined]
    settle(2)
    assert kiosk.nav.currentScreen == "calc_result"
    tap(kiosk, "readButton")
    assert speaker.spoken[-1][0].startswith("被辞退能拿多少补偿。经济补偿：31200元")
    speaker.finish()
    settle(2)
    assert speaker.spoken[-1][0] == "怎么算的"
    speaker.finish()
    settle(2)
    assert find(kiosk, "formula_0").property("speakingNow") is True  # the line being read
    assert speaker.spoken[-1][0] == _text(kiosk, "formula_0")
    kiosk.speech.stop()
    said = _listen(kiosk, speaker)
    assert "依据" in said and "请注意" in said and said[-1] == "改一改，再算一次"
    assert all("×" not in line for line in said)
    assert "经济补偿：5200.00 乘以 6 等于 31200.00 元" in said
    assert said.index("怎么算的") < said.index("依据") < said.index("请注意")
    assert _all_read(kiosk, said)


def test_a_court_fee_leads_on_to_the_guide_on_suing_and_enforcing(
    content_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    kiosk = content_kiosk
    fee = {"kind": "property", "amount": "88000"}
    kiosk.nav.go("calc_result", {"calculator": "litigation-fee", "values": fee})
    settle(2)
    title = kiosk.view_models["Library"].guide("court-sue-enforce", "zh_CN", {})["title"]
    assert find(kiosk, "calcCourtGuide").property("title") == title
    said = _listen(kiosk, speaker)
    assert said[-2:] == [title, "改一改，再算一次"]  # read where it stands, before the main action
    tap(kiosk, "calcCourtGuide")
    assert kiosk.nav.currentScreen == "guide"
    kiosk.nav.go("calc_result", {"calculator": "severance", "values": {
        "start": "2018-07-01", "end": "2023-11-20", "monthly_wage": "5200", "local_average_wage": "7600"}})
    settle(2)
    assert not find(kiosk, "calcCourtGuide").property("visible")
