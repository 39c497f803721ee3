"""The kiosk's Segmenter as search leaves it (legal words added), for the speech front end."""

from __future__ import annotations

import json

import pytest

from kiosk.content.pack import DEFAULT_PACK_DIR, LAWS_FILE, SYNONYMS_FILE
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import SynonymTable


@pytest.fixture(scope="session")
def kiosk_segmenter() -> Segmenter:
    """The words SearchEngine adds when the library opens: synonyms and every law's names."""
    segmenter = Segmenter()
    synonyms = json.loads((DEFAULT_PACK_DIR / SYNONYMS_FILE).read_text(encoding="utf-8"))
    segmenter.add_words(SynonymTable.from_json(synonyms).all_words)
    laws = json.loads((DEFAULT_PACK_DIR / LAWS_FILE).read_text(encoding="utf-8"))["laws"]
    segmenter.add_words(
        name for law in laws for name in (law["name"], law.get("short_name") or "", *law.get("aliases", []))
    )
    return segmenter
