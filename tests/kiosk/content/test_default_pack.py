"""The committed default pack (assets/packs/default) is intact and matches its sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.content.installer import install_pack
from kiosk.content.laws_import import import_laws, load_plan, locate_laws_db
from kiosk.content.lay_phrases import load_lay_phrases
from kiosk.content.library import ContentLibrary
from kiosk.content.pack import (
    CONTENT_DIR,
    DEFAULT_PACK_DIR,
    LAY_FILE,
    article_exists_for,
    content_json,
    law_lookup_for,
    verify_pack,
)
from kiosk.search.segment import Segmenter

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


@pytest.fixture(scope="module")
def default_library(tmp_path_factory: pytest.TempPathFactory) -> ContentLibrary:
    segmenter = Segmenter()
    pack = install_pack(DEFAULT_PACK_DIR, data_dir=tmp_path_factory.mktemp("data"), segmenter=segmenter)
    return ContentLibrary(pack.path, segmenter=segmenter)


def test_every_term_is_searched_among_the_few_guides(default_library: ContentLibrary) -> None:
    # 押金 is in several guides and 返还 in one: both must be searched (a filter meant for the
    # 5,000 articles once dropped 押金 here and only the loan guide, saying 返还, was found).
    guides = [r.id for r in default_library.search("押金", kind="guide").results]
    assert "rent-deposit" in guides[:3]


def test_the_visitors_own_word_beats_a_synonym(default_library: ContentLibrary) -> None:
    found = default_library.search("押金")
    assert found.lead is not None
    assert found.lead.guide_id.startswith("rent")


def test_ask_on_the_real_content(default_library: ContentLibrary) -> None:
    answer = default_library.ask("快递丢了谁来赔")
    assert answer.found
    assert answer.guide_id is not None
    assert answer.articles
    assert all(a.law.startswith("中华人民共和国") and a.text for a in answer.articles)


def test_default_pack_lay_phrases_match_the_sources() -> None:
    imported = import_laws(locate_laws_db(), load_plan())
    fresh = load_lay_phrases(CONTENT_DIR, article_exists_for(imported))
    committed = json.loads((DEFAULT_PACK_DIR / LAY_FILE).read_text("utf-8"))
    assert committed == json.loads(json.dumps(fresh, ensure_ascii=False)), STALE
    # The phrases are what lets plain questions find articles: most laws of the pack have them.
    assert len(fresh) >= 30
