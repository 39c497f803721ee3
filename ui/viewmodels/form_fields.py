"""How a form field looks to QML: plain data built from the engine's field and answer."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from kiosk.forms.model import Field
from kiosk.forms.regions import Regions
from kiosk.forms.surnames import COMMON_SURNAMES, holds_a_name
from kiosk.forms.townships import Townships
from kiosk.forms.values import PHONE

# Fields answered only by taps; and those that have no plain text box (their own picker instead).
TAPPED = frozenset({"choice", "multi_choice", "yes_no", "group", "signature"})
NOT_TYPED = TAPPED | {"address", "date"}


@dataclass(frozen=True)
class HomeVillages:
    """Places offered as tiles after the county, so a village is tapped instead of spelled: the
    villages of the hall's own township when the technician listed them ([forms] county_code,
    villages; [kiosk] township), else the pack's townships of the county and then, once one is
    tapped, its villages (kiosk/forms/townships.py). Each tile writes its `detail`."""

    county_code: str = ""
    township: str = ""
    villages: tuple[str, ...] = ()
    townships: Townships = dataclasses.field(default_factory=lambda: Townships({}))

    def for_region(self, code: str, detail: str = "") -> tuple[str, list[dict[str, str]]]:
        """(what the tiles are: "village" or "township", the tiles) for this county and what is
        in the box so far; no tiles once the visitor has written more than a township."""
        if not code:
            return "", []
        if code == self.county_code and self.villages:
            if detail:
                return "", []
            return "village", [{"name": v, "detail": f"{self.township}{v}"} for v in self.villages]
        towns = self.townships.townships(code)
        if not detail:
            return ("township", [{"name": t, "detail": t} for t in towns]) if towns else ("", [])
        if detail in towns:
            return "village", [
                {"name": v, "detail": f"{detail}{v}"} for v in self.townships.villages(code, detail)
            ]
        return "", []


def field_view(
    field: Field,
    value: Any,
    *,
    errors: dict[str, str],
    language: str,
    regions: Regions,
    preset: bool = False,
    home: HomeVillages | None = None,
) -> dict[str, Any]:
    """What QML draws for one field: label, help, the control's state, the message."""
    typed = field.type not in NOT_TYPED
    options = [
        {"value": o.value, "label": o.label.get(language),
         "selected": o.value == value or (isinstance(value, list) and o.value in value)}
        for o in field.options
    ]  # fmt: skip
    view: dict[str, Any] = {
        "id": field.id,
        "type": field.type,
        "label": field.label.get(language),
        "help": field.help.get(language) if field.help else "",
        "text": ("" if value is None else str(value)) if typed else "",
        "error": errors.get(field.id, ""),
        "value": value if isinstance(value, bool | str) else "",
        "options": options,
        "numeric": field.type in ("number", "money", "id_number", "phone", "date"),
        "suggestions": list(field.suggestions),
        # A name box starts with surname tiles: one tap for 王 instead of w-a-n-g and a candidate
        # (not in English mode: a foreign visitor's name is not among them).
        "surnames": list(COMMON_SURNAMES)
        if field.type == "text" and holds_a_name(field.id) and language != "en"
        else [],
        # Put in from earlier answers and not changed since: the screen says so.
        "preset": preset,
    }
    if field.type == "group":
        view["items"] = group_view(
            field, value if isinstance(value, list) else [], errors=errors, language=language
        )
    if field.type == "phone":
        digits = "".join(ch for ch in str(value or "") if ch.isdigit())
        # Read back in groups of 3-4-4 for the visitor to confirm (screen and voice).
        view["readBack"] = f"{digits[:3]} {digits[3:7]} {digits[7:]}" if PHONE.match(digits) else ""
    if field.type == "signature":
        view["signed"] = isinstance(value, dict)
    if field.type == "date":
        view.update(date_view(value))
    if field.type == "address":
        view.update(address_view(value, regions, home or HomeVillages()))
    return view


def address_view(value: Any, regions: Regions, home: HomeVillages) -> dict[str, Any]:
    """The region picker's state: the path chosen so far, the next level's choices, the detail,
    and the hall's own villages when the county is the hall's."""
    picked = value if isinstance(value, dict) else {}
    code = str(picked.get("region", ""))
    if not code:
        choices = regions.provinces()
    elif code.endswith("0000"):
        choices = regions.cities(code)
    elif code.endswith("00") and not regions.is_selectable(code):
        choices = regions.counties(code)
    else:
        choices = []
    # A municipality's only "city" is a grouping (市辖区): show its districts directly.
    if len(choices) == 1 and code.endswith("0000"):
        choices = regions.counties(choices[0].code)
    detail = str(picked.get("detail", ""))
    kind, tiles = home.for_region(code, detail) if regions.is_selectable(code) else ("", [])
    return {
        "regionPath": regions.full_name(code) if code else "",
        "regionDone": bool(code) and regions.is_selectable(code),
        "regionChoices": [{"code": r.code, "name": r.name} for r in choices],
        "detail": detail,
        "villages": tiles,
        # What the tiles are, for the hint above them (and 朗读).
        "tilesHint": {
            "township": "forms.township_hint",
            "village": "forms.village_hint" if not detail else "forms.village_pick_hint",
        }.get(kind, ""),
        # A full address typed before (CLI answers, the ID card) is shown as it is.
        "text": value if isinstance(value, str) else "",
    }


def group_view(
    group: Field, rows: list[Any], *, errors: dict[str, str], language: str
) -> list[dict[str, Any]]:
    """Each entry of a repeating group with its fields and their messages."""
    name = group.item_label.get(language) if group.item_label else ""
    return [
        {
            "index": index,
            "title": f"{name} {index + 1}",
            "fields": [
                {
                    "key": sub.id,
                    "label": sub.label.get(language),
                    "text": str(row.get(sub.id) or "") if isinstance(row, dict) else "",
                    "error": errors.get(f"{group.id}[{index + 1}].{sub.id}", ""),
                }
                for sub in group.item_fields
            ],
        }
        for index, row in enumerate(rows)
    ]


def date_parts(value: Any) -> tuple[str, int, int]:
    """(year as typed, month, day) of a date answer being built; 0 = not chosen yet."""
    parts = str(value or "").split("-")
    year = parts[0] if parts and parts[0].isdigit() else ""
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
    return year, month, day


def join_date(year: str, month: int, day: int) -> str:
    return (
        f"{year}-{month:02d}-{day:02d}" if month and day else f"{year}-{month:02d}-" if month else f"{year}--"
    )


def date_view(value: Any) -> dict[str, Any]:
    """The date picker: the year typed on the keypad, then a month and a day tapped."""
    year, month, day = date_parts(value)
    return {"year": year, "month": month, "day": day}
