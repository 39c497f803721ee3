"""Ask over any index that holds guides: the guide records come from a pack's content.json."""

from __future__ import annotations

from typing import Any

from kiosk.content.library import guide_from_json
from kiosk.content.sources import Guide


class ContentAskSource:
    """The AskSource for an index built beside content.json (e.g. the full-corpus index)."""

    def __init__(self, content: dict[str, Any]) -> None:
        self._guides = {g["id"]: guide_from_json(g) for g in content.get("guides", ())}

    def guide_record(self, guide_id: str) -> Guide | None:
        return self._guides.get(guide_id)
