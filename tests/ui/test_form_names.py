"""Names and the address with fewer presses, through the real QML by real presses: a name box
offers the common surnames as tiles (tap 王, spell only the given name; other surnames a page
further or typed), and the ID number's first six digits start the address picker at the county,
marked, leaving the village to type."""

from __future__ import annotations

import pytest
from PySide6.QtQuick import QQuickItem

from tests.ui.conftest import KioskMaker, find, shown
from tests.ui.finger import Finger
from tests.ui.form_steps import forms_model, go_to_step, open_form
from ui.app import Kiosk
from ui.read_aloud_audit import unread_texts
from ui.shot import settle


def _to_step(finger: Finger, step_id: str, header_start: str) -> None:
    open_form(finger, "legal_aid")
    finger.tap("option_case.matter_labour_pay")
    go_to_step(finger.kiosk, step_id, header_start)


def _all_read_aloud(kiosk: Kiosk) -> None:
    """朗读 says every text on the step (the surname tiles are keys: their hint is said)."""
    screen = kiosk.current_screen()
    assert isinstance(screen, QQuickItem)
    said = str(screen.property("readAloudText"))
    assert unread_texts(screen, said) == []


def test_a_surname_tile_then_the_given_name_in_pinyin(kiosk: Kiosk) -> None:
    finger = Finger(kiosk)
    _to_step(finger, "applicant", "第2步")
    assert not find(kiosk, "keyboard").property("active")
    finger.tap("surname_applicant.name_王")
    assert find(kiosk, "input_applicant.name").property("text") == "王"
    assert find(kiosk, "keyboard").property("active")  # open for the given name, no second tap
    assert not shown(kiosk, "surname_applicant.name_李")  # the tiles give way once there is a name
    finger.type_chinese("xiao ming", "小明")
    assert find(kiosk, "input_applicant.name").property("text") == "王小明"
    assert finger.key_presses <= 8  # x-i-a-o-m and 小明 here; w-a-n-g-x-i-a-o-m-i-n-g and two picks before
    fields = kiosk.view_models["Forms"].property("fields")
    assert next(f for f in fields if f["id"] == "applicant.name")["text"] == "王小明"


def test_every_common_surname_is_a_page_away_and_others_are_typed(kiosk: Kiosk) -> None:
    finger = Finger(kiosk)
    _to_step(finger, "case", "第3步")
    assert shown(kiosk, "surname_respondent.name_张")
    pages = 0
    while not shown(kiosk, "surname_respondent.name_常"):  # the hundredth
        finger.tap("surnamesMore_respondent.name")
        pages += 1
        assert pages < 10
    assert not shown(kiosk, "surname_respondent.name_张")
    finger.tap("surname_respondent.name_常")
    finger.type_chinese("jian jun", "建军")
    assert find(kiosk, "input_respondent.name").property("text") == "常建军"
    # A company or a rare surname: the box takes typing as before.
    find(kiosk, "input_respondent.name").setProperty("text", "")
    settle(1)
    assert shown(kiosk, "surname_respondent.name_王")
    finger.tap("input_respondent.name")
    finger.type_chinese("ou yang", "欧阳")
    assert find(kiosk, "input_respondent.name").property("text") == "欧阳"


def test_the_id_number_starts_the_address_at_its_county(kiosk: Kiosk) -> None:
    finger = Finger(kiosk)
    _to_step(finger, "applicant", "第2步")
    assert shown(kiosk, "region_applicant.address_410000")  # provinces until the number is in
    finger.keypad("applicant.id_number", "411625194912310024")
    path = find(kiosk, "regionPath_applicant.address")
    assert path.isVisible() and path.property("text") == "河南省周口市郸城县"
    assert shown(kiosk, "preset_applicant.address")
    assert not shown(kiosk, "region_applicant.address_410000")
    _all_read_aloud(kiosk)
    finger.tap("detail_applicant.address")
    finger.type_chinese("wang zhuang cun", "王庄村")
    assert not shown(kiosk, "preset_applicant.address")  # now the visitor's own answer
    forms = forms_model(kiosk)
    forms.next()
    settle(1)
    # 重新选择 still starts the picker again from the provinces.
    forms.edit("applicant")
    settle(2)
    finger.tap("regionRestart_applicant.address")
    assert shown(kiosk, "region_applicant.address_410000")


def test_a_county_the_pack_carries_gives_the_village_in_two_taps(kiosk: Kiosk) -> None:
    """After the county, its townships (NBS 2023, in the pack) as tiles, then the tapped
    township's villages: 汲冢镇 → 刘庄村 is two taps and no keyboard; a county the pack does not
    carry leaves the village to type."""
    finger = Finger(kiosk)
    _to_step(finger, "applicant", "第2步")
    finger.keypad("applicant.id_number", "411625194912310024")  # 郸城县
    hint = find(kiosk, "tilesHint_applicant.address")
    assert "乡镇" in str(hint.property("text"))
    assert shown(kiosk, "township_applicant.address_汲冢镇") and shown(
        kiosk, "township_applicant.address_洺南街道"
    )
    _all_read_aloud(kiosk)  # the townships and their hint too
    finger.tap("township_applicant.address_汲冢镇")
    assert find(kiosk, "detail_applicant.address").property("text") == "汲冢镇"
    assert shown(kiosk, "village_applicant.address_刘庄村")
    assert not shown(kiosk, "township_applicant.address_汲冢镇")
    assert "村" in str(find(kiosk, "tilesHint_applicant.address").property("text"))
    _all_read_aloud(kiosk)
    find(kiosk, "detail_applicant.address").setProperty("text", "")  # the box emptied: townships again
    settle(1)
    assert shown(kiosk, "township_applicant.address_汲冢镇")
    finger.tap("township_applicant.address_汲冢镇")
    finger.tap("village_applicant.address_刘庄村")
    assert find(kiosk, "detail_applicant.address").property("text") == "汲冢镇刘庄村"
    assert not find(kiosk, "keyboard").property("active")
    assert not shown(kiosk, "village_applicant.address_李庄村")  # the box holds the village now
    answer = forms_model(kiosk).form_session
    assert answer is not None
    assert answer.get("applicant.address") == {"region": "411625", "detail": "汲冢镇刘庄村"}
    # 组 and 门牌号 are typed after it, in the same box.
    finger.tap("detail_applicant.address")
    finger.type_chinese("san zu", "三组")
    assert answer.get("applicant.address") == {"region": "411625", "detail": "汲冢镇刘庄村三组"}
    finger.tap("regionRestart_applicant.address")  # 北京市朝阳区: not in the pack's table, typed
    finger.tap("region_applicant.address_110000")
    finger.tap("region_applicant.address_110105")
    assert find(kiosk, "regionPath_applicant.address").property("text") == "北京市朝阳区"
    assert not shown(kiosk, "tilesHint_applicant.address")


@pytest.fixture
def township_kiosk(make_kiosk: KioskMaker) -> Kiosk:
    """A kiosk set up in 郸城县 汲冢镇 with three of its villages listed."""
    villages = ["王庄村", "李楼村", "汲冢社区"]
    return make_kiosk(kiosk={"township": "汲冢镇"}, forms={"county_code": "411625", "villages": villages})


def test_in_the_hall_s_own_county_the_village_is_one_tap(township_kiosk: Kiosk) -> None:
    kiosk = township_kiosk
    finger = Finger(kiosk)
    _to_step(finger, "applicant", "第2步")
    assert not shown(kiosk, "village_applicant.address_王庄村")
    finger.keypad("applicant.id_number", "11010519491231002X")  # 朝阳区: not the hall's county
    assert not shown(kiosk, "village_applicant.address_王庄村")
    finger.tap("regionRestart_applicant.address")
    for code in ("410000", "411600", "411625"):
        finger.tap(f"region_applicant.address_{code}")
    _all_read_aloud(kiosk)  # the villages and their hint too
    finger.tap("village_applicant.address_王庄村")
    assert find(kiosk, "detail_applicant.address").property("text") == "汲冢镇王庄村"
    assert not find(kiosk, "keyboard").property("active")
    assert not shown(kiosk, "village_applicant.address_李楼村")  # the box holds the village now
    answer = forms_model(kiosk).form_session
    assert answer is not None
    assert answer.get("applicant.address") == {"region": "411625", "detail": "汲冢镇王庄村"}
