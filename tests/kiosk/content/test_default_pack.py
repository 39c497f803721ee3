"""The committed default pack (assets/packs/default) is intact and matches its sources."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.content.laws_import import import_laws, load_plan, locate_laws_db
from kiosk.content.pack import CONTENT_DIR, DEFAULT_PACK_DIR, content_json, law_lookup_for, verify_pack

STALE = "默认内容包已过期：请运行 `lawpost pack build` 并提交 assets/packs/default (default pack is stale)"


def test_default_pack_verifies() -> None:
    manifest = verify_pack(DEFAULT_PACK_DIR)
    assert manifest.pack_id == "default"
    assert manifest.as_of == load_plan().as_of


def test_default_pack_laws_match_a_fresh_import() -> None:
    imported = import_laws(locate_laws_db(), load_plan())
    committed = json.loads((DEFAULT_PACK_DIR / "laws.json").read_text("utf-8"))
    assert committed == json.loads(json.dumps(imported.as_json(), ensure_ascii=False)), STALE


def test_default_pack_content_matches_the_sources() -> None:
    imported = import_laws(locate_laws_db(), load_plan())
    fresh = content_json(CONTENT_DIR, law_lookup_for(imported))
    committed = json.loads((DEFAULT_PACK_DIR / "content.json").read_text("utf-8"))
    assert committed == json.loads(json.dumps(fresh, ensure_ascii=False)), STALE


def test_default_pack_is_small_enough_to_commit() -> None:
    size = sum(p.stat().st_size for p in Path(DEFAULT_PACK_DIR).iterdir())
    assert size < 5_000_000
