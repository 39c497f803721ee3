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
    assert speaker.spoken[-1][0] == "打官司要交多少钱（诉讼费）。案件受理费：2000元。调解、撤诉或简易程序：减半：1000元"
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
    calc = _calc(kiosk)
    assert kiosk.nav.history == ["home"]
    assert (calc.property("calculator"), calc.property("values"), calc.property("result")) == ("", {}, {})
