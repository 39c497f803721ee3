"""A guide's "去哪里办" items link to the directory's offices and to the hotline."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.where_links import link_where


@dataclass(frozen=True)
class _Office:
    id: str
    name: str
    type: str
    phone: str


OFFICES = [
    _Office("aid", "示例县法律援助中心", "legal_aid_centre", "000-0000-0101"),
    _Office("jo1", "城关镇司法所", "judicial_office", "000-0000-0102"),
    _Office("jo2", "河西乡司法所", "judicial_office", "000-0000-0103"),
    _Office("jo3", "东山乡司法所", "judicial_office", "000-0000-0104"),
    _Office("arb", "劳动人事争议仲裁委员会", "arbitration_commission", "000-0000-0105"),
    _Office("court", "示例县人民法院", "court", "000-0000-0106"),
]


def test_kinds_named_in_an_item_become_offices() -> None:
    links = link_where(["法律援助中心、司法所", "劳动人事争议仲裁委员会", "基层人民法院或人民法庭"], OFFICES)
    assert [o.id for o in links[0].offices] == ["aid", "jo1", "jo2"]  # at most two of a kind
    assert [o.id for o in links[1].offices] == ["arb"]
    assert [o.id for o in links[2].offices] == ["court"]


def test_land_arbitration_is_not_the_labour_commission() -> None:
    assert link_where(["农村土地承包仲裁委员会"], OFFICES)[0].offices == ()


def test_phone_numbers_link_to_their_office_and_the_hotline() -> None:
    links = link_where(["打 000-0000-0106 问法院", "不知道找谁，请拨打12348", "拨打 12333"], OFFICES)
    assert [o.id for o in links[0].offices] == ["court"]
    assert links[1].hotline and not links[1].offices
    assert not links[2].hotline and not links[2].offices
