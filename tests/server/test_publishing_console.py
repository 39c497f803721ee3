"""The publishing console: groups decide who follows staging, Promote moves stable, schedules
apply when due, and each kiosk's adoption (and a rollback alert) comes from its heartbeat."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from publishing_helpers import Keys, make_bundle, make_keys, make_pack, set_up_repository
from server_helpers import FakeClock, app_context, create_user, csrf_from, enroll_device, login

from kiosk.updates.repository import Repository
from lawpost.publish import tar_bytes
from server.services import publishers, updates_job


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return make_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pack(tmp_path_factory.mktemp("packs") / "v30", version=30)


@pytest.fixture
def console(client: TestClient, keys: Keys, pack: Path, tmp_path: Path) -> TestClient:
    """A server with default v30 published to staging and a technician logged in."""
    context = app_context(client)
    set_up_repository(context.settings, keys)
    with context.session_factory() as session:
        token, _ = publishers.create_token(session, name="ci", by="test", now=context.clock())
        session.commit()
    bundle = make_bundle(pack, tmp_path / "bundle", keys=keys, current=None)
    answer = client.post(
        "/api/v1/updates/publish",
        content=tar_bytes(bundle),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/x-tar"},
    )
    assert answer.status_code == 200, answer.text
    create_user(context, username="tech", role="technician")
    assert login(client, username="tech").status_code == 303
    return client


def _beat(client: TestClient, token: str, **updates: Any) -> dict[str, Any]:
    now = app_context(client).clock()
    body: dict[str, Any] = {
        "sent_at": now.isoformat(),
        "app_version": "1.0",
        "devices": {},
        "disk_free_mb": 50_000,
        "outbox_depth": 0,
    }
    if updates:
        body["updates"] = {"pack_id": "default", "last_check_at": now.isoformat(), "failures": 0, **updates}
    answer = client.post("/api/v1/heartbeat", json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _post(client: TestClient, path: str, **data: str) -> Any:
    page = client.get("/console/updates")
    return client.post(path, data={"csrf_token": csrf_from(page.text), **data}, follow_redirects=False)


def _row(html: str, device_id: str) -> str:
    match = re.search(rf'<tr data-device="{device_id}" data-state="(\w+)">(.*?)</tr>', html, re.S)
    assert match, f"{device_id} not listed"
    return f"{match.group(1)} {re.sub(r'<[^>]+>', ' ', match.group(2))}"


def test_groups_promotion_and_adoption_as_the_console_shows_them(
    console: TestClient, clock: FakeClock
) -> None:
    context = app_context(console)
    pilot, pilot_token = enroll_device(context, name="示例镇 1 号机")
    other, other_token = enroll_device(context, name="东山乡 2 号机")
    assert (
        _post(
            console, "/console/updates/groups", name="试点", township="示例镇", channel="staging"
        ).status_code
        == 303
    )
    assert (_beat(console, pilot_token)["update_channel"], _beat(console, pilot_token)["update_group"]) == (
        "staging",
        "试点",
    )
    assert (_beat(console, other_token)["update_channel"], _beat(console, other_token)["update_group"]) == (
        "stable",
        "",
    )

    _beat(console, pilot_token, active_version=30)
    page = console.get("/console/updates").text
    assert "已是最新" in _row(page, pilot.id) and "default v30" in _row(page, pilot.id)
    assert _row(page, other.id).startswith("unknown")
    assert 'id="promote"' in page

    assert _post(console, "/console/updates/promote").status_code == 303
    repo = Repository(context.settings.updates_dir)
    assert repo.channels("stable")["default"] == {"pack_id": "default", "version": 30}
    _beat(console, other_token, active_version=30)
    page = console.get("/console/updates").text
    assert _row(page, other.id).startswith("current") and 'id="promote"' not in page
    packs_table = re.sub(r"<[^>]+>", " ", page.split('id="packs"')[1].split("</table>")[0])
    assert "试点 staging" in packs_table and "正式 stable" in packs_table

    # The pilot kiosk switched to a version whose health check failed and went back.
    _beat(console, pilot_token, active_version=30, rolled_back_from=31, rolled_back_at="2026-03-02T02:00:00Z")
    page = console.get("/console/updates").text
    assert "v31 健康检查失败，已回退" in _row(page, pilot.id)
    fleet = console.get("/console/fleet").text
    assert "pack failed its health check: rolled back" in fleet and "v31 → v30" in fleet

    # Checks that keep failing (a kiosk behind a broken proxy) are an alert too.
    _beat(console, other_token, active_version=30, failures=4, last_error="无法连接更新服务器")
    assert "更新失败" in _row(console.get("/console/updates").text, other.id)
    clock.advance(seconds=6)  # the fleet page's figures are kept for up to 5 s
    assert "(content updates keep failing) ×4: 无法连接更新服务器" in console.get("/console/fleet").text


def test_a_scheduled_publish_takes_effect_when_due(console: TestClient, clock: FakeClock) -> None:
    context = app_context(console)
    _post(console, "/console/updates/groups", name="东山乡", township="东山乡", channel="stable")
    due = (clock.now + timedelta(hours=2)).astimezone(context.zone).strftime("%Y-%m-%dT%H:%M")
    answer = _post(
        console, "/console/updates/schedule", pack="default:30", channel="stable", group="东山乡", due=due
    )
    assert answer.status_code == 303
    assert "default v30" in console.get("/console/updates").text.split('id="scheduled"')[1]
    repo = Repository(context.settings.updates_dir)
    assert updates_job.tick(context) is not None
    assert repo.channels("stable")["groups"] == {}
    clock.advance(hours=2, minutes=1)
    result = updates_job.tick(context)
    assert result is not None and result.applied == 1
    assert repo.channels("stable")["groups"] == {"东山乡": {"pack_id": "default", "version": 30}}
    login(console, username="tech")  # two idle hours ended the console session
    assert "没有待生效的定时发布" in console.get("/console/updates").text
    # Deleting the group takes its own pointer out of the signed channel file.
    page = console.get("/console/updates").text
    group_id = re.search(r'action="/console/updates/groups/(\d+)/delete"', page)
    assert group_id is not None
    assert _post(console, f"/console/updates/groups/{group_id.group(1)}/delete").status_code == 303
    assert repo.channels("stable")["groups"] == {}


def test_the_job_re_signs_the_timestamp_before_it_expires(console: TestClient, clock: FakeClock) -> None:
    context = app_context(console)
    timestamp = Path(context.settings.updates_dir) / "metadata" / "timestamp.json"
    before = timestamp.read_bytes()
    clock.advance(hours=1)
    updates_job.tick(context)
    assert timestamp.read_bytes() == before  # fresh enough: nothing re-signed
    clock.advance(hours=13)
    result = updates_job.tick(context)
    assert result is not None and result.resigned and timestamp.read_bytes() != before


def test_refusals_are_sentences_on_the_page(console: TestClient, clock: FakeClock) -> None:
    past = (clock.now - timedelta(hours=1)).astimezone(app_context(console).zone).strftime("%Y-%m-%dT%H:%M")
    answer = _post(console, "/console/updates/schedule", pack="default:30", channel="stable", due=past)
    assert answer.status_code == 400 and "the time must be in the future" in answer.text
    answer = _post(
        console, "/console/updates/schedule", pack="default:99", channel="stable", due="2030-01-01T00:00"
    )
    assert answer.status_code == 400 and "was never published" in answer.text
    answer = _post(console, "/console/updates/groups", name="", channel="staging")
    assert answer.status_code in (400, 422)
    no_csrf = console.post("/console/updates/promote", data={}, follow_redirects=False)
    assert no_csrf.status_code == 403
