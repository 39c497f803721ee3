"""The console's review page reads the review state from a built pack in the server's data dir."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from fastapi.testclient import TestClient
from server_helpers import app_context, create_user, login

from kiosk.content.pack import CONTENT_DIR, build_pack
from kiosk.content.review import record_toml, reviews_file_for, source_entries
from server.console.review import PACKS_SUBDIR


def _pack_with_one_signed_faq(client: TestClient, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content, ignore=shutil.ignore_patterns("reviews"))
    entries = {e.id: e for e in source_entries(content)}
    for name, kind in (
        ("faq:consumer-deposit-double", "lawyer"),
        ("faq:consumer-appliance-broken", "content-check"),
    ):
        entry = entries[name]
        path = content / reviews_file_for(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(record_toml(entry, kind=kind, reviewer="示例审核人", date=dt.date(2026, 12, 1)))
    root = app_context(client).settings.data_dir / PACKS_SUBDIR
    build_pack(content_dir=content, out_dir=root / "staging" / "default")


def test_review_page_shows_the_packs_status(client: TestClient, tmp_path: Path) -> None:
    create_user(app_context(client), username="tech", role="technician")
    login(client, username="tech")
    assert "还没有内容包" in client.get("/console/review").text

    _pack_with_one_signed_faq(client, tmp_path)
    page = client.get("/console/review?kind=faq")
    assert page.status_code == 200
    text = page.text
    assert "staging/default" in text and 'id="review-table"' in text
    # Every FAQ entry but the one a lawyer signed is listed.
    faqs = sum(1 for e in source_entries(CONTENT_DIR) if e.id.startswith("faq:"))
    assert f"{faqs - 1} 条需要律师审核" in text
    assert "faq:consumer-deposit-double" not in text
    assert "faq:consumer-appliance-broken" in text and "示例审核人 2026-12-01（不是律师审核）" in text
    assert "--require-review" in text


def test_review_page_refuses_folders_that_are_not_listed_packs(client: TestClient, tmp_path: Path) -> None:
    create_user(app_context(client))
    login(client)
    _pack_with_one_signed_faq(client, tmp_path)
    page = client.get("/console/review", params={"pack": "../../etc"})
    assert page.status_code == 200 and "staging/default" in page.text  # falls back to a listed pack


def test_review_page_is_not_for_staff(client: TestClient) -> None:
    create_user(app_context(client), username="clerk", role="staff")
    login(client, username="clerk")
    assert client.get("/console/review", follow_redirects=False).status_code in (303, 403)
