"""The townships and villages the address picker offers after the county: names as addresses write
them, the table made from the statistics' CSV files, and the default pack carrying 郸城县's."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.content.pack import DEFAULT_PACK_DIR, read_manifest
from kiosk.forms.catalog import catalog_from_pack
from kiosk.forms.townships import TOWNSHIPS_FILE, Townships, address_name, from_statistics


def test_committee_names_become_address_names() -> None:
    assert address_name("王庄村民委员会") == "王庄村"
    assert address_name("张庄社区居民委员会") == "张庄社区"
    assert address_name("银闸社区居委会") == "银闸社区"
    assert address_name("东关居民委员会") == "东关社区"
    assert address_name("汲冢村") == "汲冢村"  # already an address name


def test_the_table_is_made_from_the_statistics_csv(tmp_path: Path) -> None:
    streets, villages = tmp_path / "streets.csv", tmp_path / "villages.csv"
    streets.write_text("code,name,areaCode,provinceCode,cityCode\n"
                       '411625107,"汲冢镇",411625,41,4116\n411625108,"石槽镇",411625,41,4116\n'
                       '411626101,"别的镇",411626,41,4116\n', encoding="utf-8")  # fmt: skip
    villages.write_text("code,name,streetCode,provinceCode,cityCode,areaCode\n"
                        '411625107001,"张庄社区居民委员会",411625107,41,4116,411625\n'
                        '411625107204,"刘庄村民委员会",411625107,41,4116,411625\n'
                        '411626101201,"外县村民委员会",411626101,41,4116,411626\n',
                        encoding="utf-8")  # fmt: skip
    table = from_statistics(streets, villages, ["411625"])
    assert table["counties"] == {"411625": {"汲冢镇": ["张庄社区", "刘庄村"], "石槽镇": []}}
    path = tmp_path / TOWNSHIPS_FILE
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    loaded = Townships.load(path)
    assert loaded.townships("411625") == ["汲冢镇", "石槽镇"]
    assert loaded.villages("411625", "汲冢镇") == ["张庄社区", "刘庄村"]
    assert (
        loaded.townships("411626") == [] and Townships.load(tmp_path / "none.json").townships("411625") == []
    )


def test_the_default_pack_carries_the_county_s_townships_with_their_licence() -> None:
    townships = catalog_from_pack(DEFAULT_PACK_DIR).townships
    assert len(townships.townships("411625")) == 22  # 郸城县: 3 街道, 9 镇, 10 乡 (NBS 2023)
    assert "刘庄村" in townships.villages("411625", "汲冢镇")
    manifest = read_manifest(DEFAULT_PACK_DIR)
    listed = {source["file"]: source["licence"] for source in manifest.sources}
    assert listed[TOWNSHIPS_FILE] == "WTFPL" and "LICENSE-townships.txt" in listed
    assert "统计用区划代码" in (DEFAULT_PACK_DIR / "LICENSE-townships.txt").read_text(encoding="utf-8")
