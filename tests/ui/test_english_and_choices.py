"""English mode keeps Chinese and English on separate lines and says when content is Chinese; home
and the legal-aid form offer at most seven choices at once, and every service stays ≤ 2 taps away.
Driven through the real QML; the audit checks are shown to catch a badly made screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, reveal, tap, wait_until
from ui.app import Kiosk
from ui.audit import run_audit
from ui.choice_audit import crowded_groups
from ui.language_audit import english_mode_problems, mixes_languages
from ui.shot import settle


def test_what_counts_as_a_mixed_line() -> None:
    for mixed in ("Often asked as: 租的房子住旧了房东要扣押金", "Harmed while helping others (见义勇为)",
                  "中华人民共和国劳动法 · 107 articles", "扫码 Scan"):
        assert mixes_languages(mixed), mixed
    for allowed in ("Help: call 12348", "拨打12348", "《劳动合同法》第三十条", "示例县法律援助中心",
                    "用 QR 码带回家", "000-0000-0101", "Legal aid centre • 000-0000-0101", "A4 打印"):
        assert not mixes_languages(allowed), allowed


BAD_ENGLISH_SCREEN = """
import QtQuick
Rectangle {
    width: 1080; height: 1920; color: "#FFFFFF"
    Column {
        Text { text: "Often asked as: 房东扣押金"; font.pixelSize: 40 }
        Text { text: "Unpaid wages\\n工资被拖欠怎么办"; font.pixelSize: 40 }
        TextInput { text: "我自己打的字 typed"; font.pixelSize: 40; width: 600; height: 60 }
    }
}
"""


def _create(source: str) -> QQuickItem:
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(source.encode(), QUrl("english.qml"))
    root = component.create()
    assert isinstance(root, QQuickItem), component.errorString()
    _KEEP.extend([engine, component])  # they must outlive the items
    return root


_KEEP: list[object] = []


def test_audit_catches_a_mixed_line_and_chinese_without_the_note(qapp: object) -> None:
    root = _create(BAD_ENGLISH_SCREEN)
    found = english_mode_problems(root, root)
    # The label and the Chinese on separate lines is allowed; what the visitor typed is theirs.
    assert [(kind, item) for kind, item, _ in found] == [
        ("mixed_language", "“Often asked as: 房东扣押金”"),
        ("chinese_note", "“工资被拖欠怎么办”"),
    ]


def test_the_note_must_read_all_the_chinese_in_mandarin(qapp: object) -> None:
    mixed = 'Text { text: "Often asked as: 房东扣押金"; font.pixelSize: 40 }'
    root = _create(BAD_ENGLISH_SCREEN.replace(mixed, """
        Rectangle {
            objectName: "chineseContentNote"; width: 900; height: 200
            property var paragraphs: ["别的内容"]
            Rectangle { objectName: "readInMandarin"; width: 300; height: 100 }
        }"""))
    found = english_mode_problems(root, root)
    assert [(kind, detail) for kind, _, detail in found] == [
        ("chinese_note", "not in what is read in Mandarin")]


def _english_problems(k: Kiosk) -> list[tuple[str, str, str]]:
    settle(2)
    return english_mode_problems(k.window.contentItem(), k.current_screen())


def test_english_screens_have_no_mixed_lines_and_say_when_content_is_chinese(
    content_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    k = content_kiosk
    tap(k, "languageButton")
    assert k.i18n.language == "en"
    # The laws list: the Chinese name and the English count were one line.
    k.nav.go("laws")
    assert _english_problems(k) == []
    # Search results: "Often asked as: <Chinese>" was one line.
    k.nav.go("search")
    k.library.search("房东扣着押金不退")
    wait_until(lambda: not k.library.searching)
    assert _english_problems(k) == []
    # A calculator's result cites Chinese articles: it now carries the note.
    k.nav.go("calc_result", {"calculator": "severance", "values": {
        "start": "2018-07-01", "end": "2023-11-20", "monthly_wage": "5200", "local_average_wage": "7600"}})
    assert _english_problems(k) == []
    assert find(k, "chineseContentNote").isVisible()
    # The legal-aid form: Chinese answer chips, so the note says the form is filed in Chinese.
    k.nav.go("form", {"form": "legal_aid"})
    assert _english_problems(k) == []
    note = find(k, "chineseContentNote")
    assert note.isVisible() and "filed in Chinese" in note.property("text")
    # The thank-you page after a rating; 更多服务 and home.
    k.nav.home()
    tap(k, "tile_rating")
    tap(k, "level_5")
    tap(k, "submitRating")
    assert find(k, "thanksBody").isVisible()
    assert _english_problems(k) == []
    k.nav.home()
    assert _english_problems(k) == []
    tap(k, "tile_more")
    assert _english_problems(k) == []


def test_read_in_mandarin_hands_the_chinese_to_the_mandarin_voice(
    content_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    k = content_kiosk
    tap(k, "languageButton")
    k.nav.go("laws")
    settle(2)
    tap(k, "readInMandarin")
    said = [(text, language) for text, language in speaker.spoken]
    assert said and all(language == "zh_CN" for _, language in said)
    while k.speech.speaking and len(speaker.spoken) < 5:
        speaker.finish()
        settle(1)
    assert any("中华人民共和国民法典" in text for text, _ in speaker.spoken)
    assert all(language == "zh_CN" for _, language in speaker.spoken)


def test_home_offers_seven_choices_and_every_service_is_two_taps_away(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    home = [t["screen"] for t in k.home.tiles]
    assert home == ["guides", "ask", "directory", "forms", "queue", "video", "more"]
    assert crowded_groups(k.current_screen()) == []
    more = [t["screen"] for t in k.home.moreTiles]
    assert more == ["search", "laws", "calc", "rating", "privacy"]
    for screen in more:
        tap(k, "tile_more")
        assert k.nav.currentScreen == "more"
        assert crowded_groups(k.current_screen()) == []
        tap(k, "tile_" + screen)  # the tile keeps its objectName on 更多服务
        assert k.nav.currentScreen == screen
        tap(k, "homeButton")
    # The old objectNames still work from home: tap() goes through 更多服务 as a visitor would.
    tap(k, "tile_laws")
    assert k.nav.currentScreen == "laws" and k.nav.history == ["home", "more", "laws"]
    tap(k, "backButton")
    assert k.nav.currentScreen == "more"


def _shown_options(k: Kiosk, field: str) -> list[str]:
    prefix = f"option_{field}_"
    found: list[str] = []
    stack = [k.window.contentItem()]
    while stack:
        item = stack.pop()
        if item.objectName().startswith(prefix) and item.isVisible():
            found.append(item.objectName()[len(prefix):])
        stack.extend(item.childItems())
    return sorted(found)


def test_legal_aid_matter_shows_six_common_kinds_and_the_others_on_request(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_forms")
    k.nav.go("form", {"form": "legal_aid"})
    settle(2)
    common = ["labour_pay", "medical_injury", "social_insurance", "support_payment", "traffic_injury",
              "work_injury"]
    assert _shown_options(k, "case.matter") == common
    assert crowded_groups(k.current_screen()) == []
    reveal(k, "options_case.matter_more")
    tap(k, "options_case.matter_more")
    others = ["capacity", "environment", "food_drug_injury", "other", "pension_relief", "state_compensation"]
    assert _shown_options(k, "case.matter") == others
    reveal(k, "option_case.matter_environment")
    tap(k, "option_case.matter_environment")
    assert find(k, "option_case.matter_environment").property("kind") == "primary"
    # The answer stays in view; the way back to the common kinds is there.
    assert _shown_options(k, "case.matter") == others
    reveal(k, "options_case.matter_common")
    tap(k, "options_case.matter_common")
    assert _shown_options(k, "case.matter") == common


def test_audit_runs_english_mode_and_choice_counts(
    qapp: object, installed_packs: tuple[Path, object]
) -> None:
    packs, _segmenter = installed_packs
    violations = run_audit(["home", "more", "laws", "form"], settings=Settings().with_data_dir(packs.parent))
    report = "\n".join(f"{v.screen} {v.mode} {v.kind} {v.item} {v.detail}" for v in violations)
    assert violations == [], report


CROWDED = """
import QtQuick
Column {
    width: 1080; height: 1920
    Column {
        objectName: "eightChoices"
        readonly property bool choiceGroup: true
        Repeater { model: 8; Rectangle { width: 400; height: 100; MouseArea { anchors.fill: parent } } }
    }
    Column {
        objectName: "sevenChoices"
        readonly property bool choiceGroup: true
        Repeater { model: 7; Rectangle { width: 400; height: 100; MouseArea { anchors.fill: parent } } }
        Rectangle { width: 400; height: 100; visible: false; MouseArea { anchors.fill: parent } }
    }
    Repeater { model: 12; Rectangle { width: 400; height: 20; MouseArea { anchors.fill: parent } } }
}
"""


def test_audit_counts_the_choices_of_each_group(qapp: object) -> None:
    """Eight visible choices in a group fail; seven (and a hidden eighth) pass; a list outside any
    group is not counted."""
    assert crowded_groups(_create(CROWDED)) == [("eightChoices", 8)]


def test_a_kiosk_with_seven_services_or_fewer_shows_them_all_on_home(kiosk: Kiosk) -> None:
    screens = [t["screen"] for t in kiosk.home.tiles]
    assert "more" not in screens and kiosk.home.moreTiles == [] and len(screens) <= 7
    assert {"calc", "rating", "privacy"} <= set(screens)  # "more" services, but there is room
