"""GB/T 2260 region codes for the address picker (province → city → county) and printed addresses.

The table is content (assets/content/forms/regions.json, from the MIT-licensed cpca 0.5.5 data;
LICENSE-regions.txt says where it comes from) and travels in the pack. Codes are 6 digits:
PP0000 a province, PPCC00 a city (or a municipality's 市辖区 / 县), PPCCDD a county.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# 市辖区 / 县 / 省直辖县级行政区划 are groupings, not places: a printed address skips them.
_GROUPINGS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@dataclass(frozen=True)
class Region:
    code: str
    name: str


class Regions:
    """The province → city → county tree of one regions table."""

    def __init__(self, names: dict[str, str], *, as_of: str = "") -> None:
        self._names = names
        self.as_of = as_of

    @classmethod
    def from_json(cls, data: Any) -> Regions:
        return cls(
            {str(k): str(v) for k, v in data.get("regions", {}).items()}, as_of=str(data.get("as_of", ""))
        )

    @classmethod
    def load(cls, path: Path) -> Regions:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def __len__(self) -> int:
        return len(self._names)

    def name(self, code: str) -> str | None:
        return self._names.get(code)

    def provinces(self) -> list[Region]:
        return [Region(c, n) for c, n in self._names.items() if c.endswith("0000")]

    def cities(self, province: str) -> list[Region]:
        prefix = province[:2]
        return [Region(c, n) for c, n in self._names.items()
                if c.startswith(prefix) and c[2:4] != "00" and c.endswith("00")]  # fmt: skip

    def counties(self, city: str) -> list[Region]:
        prefix = city[:4]
        return [Region(c, n) for c, n in self._names.items() if c.startswith(prefix) and c[4:] != "00"]

    def is_selectable(self, code: str) -> bool:
        """A code a visitor may finish on: a county, or a city that has no counties (东莞市)."""
        if code not in self._names or code.endswith("0000"):
            return False
        return not code.endswith("00") or not self.counties(code)

    def full_name(self, code: str) -> str:
        """Province + city + county as printed, e.g. 广东省深圳市南山区; "" for an unknown code."""
        if code not in self._names:
            return ""
        parts = []
        for candidate in (code[:2] + "0000", code[:4] + "00", code):
            name = self._names.get(candidate)
            if name and name not in _GROUPINGS and name not in parts:
                parts.append(name)
        return "".join(parts)

    def province_names(self) -> set[str]:
        return {r.name for r in self.provinces()}
