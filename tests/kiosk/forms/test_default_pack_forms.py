"""The committed default pack carries the current form definitions and the region table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.content.pack import CONTENT_DIR, DEFAULT_PACK_DIR, FORMS_FILE, REGIONS_FILE
from kiosk.forms.catalog import catalog_from_pack
from kiosk.forms.definition import DefinitionError, load_sources
from kiosk.forms.regions import Regions

STALE = "默认内容包已过期：请运行 `lawpost pack build` 并提交 assets/packs/default (default pack is stale)"


def test_forms_in_the_default_pack_match_the_sources() -> None:
    committed = json.loads((DEFAULT_PACK_DIR / FORMS_FILE).read_text("utf-8"))
    fresh = {"forms": load_sources(CONTENT_DIR / "forms")}
    assert committed == json.loads(json.dumps(fresh, ensure_ascii=False)), STALE
    source = CONTENT_DIR / "forms" / REGIONS_FILE
    assert (DEFAULT_PACK_DIR / REGIONS_FILE).read_bytes() == source.read_bytes()


def test_region_table_covers_every_province_down_to_counties() -> None:
    regions = Regions.load(DEFAULT_PACK_DIR / REGIONS_FILE)
    assert len(regions.provinces()) == 34  # 31 mainland + Taiwan, Hong Kong, Macao
    assert len(regions) > 3000
    henan = next(p for p in regions.provinces() if p.name == "河南省")
    zhoukou = next(c for c in regions.cities(henan.code) if c.name == "周口市")
    assert "郸城县" in {c.name for c in regions.counties(zhoukou.code)}
    assert regions.full_name("411625") == "河南省周口市郸城县"
    assert regions.full_name("110105") == "北京市朝阳区"  # the municipality's 市辖区 is not printed
    assert regions.is_selectable("441900")  # 东莞市 has no counties: the city is the last level
    assert not regions.is_selectable("410000") and not regions.is_selectable("411600")


def test_a_malformed_forms_file_in_a_pack_is_refused_with_the_form_id(tmp_path: Path) -> None:
    shutil.copytree(DEFAULT_PACK_DIR, tmp_path / "pack")
    data = json.loads((tmp_path / "pack" / FORMS_FILE).read_text("utf-8"))
    del data["forms"]["iou"]["steps"]
    (tmp_path / "pack" / FORMS_FILE).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"forms\.json:iou"):
        catalog_from_pack(tmp_path / "pack")
    assert catalog_from_pack(tmp_path / "nothing").forms == {}  # a pack from before forms: none offered
