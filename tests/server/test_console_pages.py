"""Console pages with real data: fleet, codes, inbox (synthetic submissions), statistics."""

from __future__ import annotations

import base64
import io
import re

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from server_helpers import (
    FakeClock,
    app_context,
    as_models,
    create_user,
    csrf_from,
    enroll_device,
    login,
    seal,
    usage,
    wire_item,
)
from sqlalchemy import select

from kiosk.firstboot.qr_camera import EnrollmentQr, decode_qr, parse_enrollment_qr
from server.models import AuditEntry, Device, EnrollmentCode
from server.schemas import HeartbeatRequest
from server.services import heartbeat
from server.services.ingest import ingest_batch


def _admin(client: TestClient) -> None:
    create_user(app_context(client))
    login(client)


def _beat(
    client: TestClient, device_id: str, disk: tuple[int, int | None] = (4000, None), **devices: str
) -> None:
    context = app_context(client)
    with context.session_factory() as session:
        device = session.get(Device, device_id)
        assert device is not None
        beat = HeartbeatRequest(
            sent_at=context.clock().isoformat(),
            app_version="2.0.1",
            content_version="c-7",
            devices=devices,
            disk_free_mb=disk[0],
            disk_total_mb=disk[1],
            outbox_depth=0,
        )
        heartbeat.record(
            session, device=device, beat=beat, now=context.clock(), settings=context.settings,
            server_public_key=context.opener.public_key_b64,
        )  # fmt: skip
        session.commit()


def _ingest(client: TestClient, device_id: str, items: list[dict[str, object]]) -> None:
    context = app_context(client)
    with context.session_factory() as session:
        device = session.get(Device, device_id)
        assert device is not None
        ingest_batch(
            session,
            device=device,
            items=as_models(items),
            opener=context.opener,
            zone=context.zone,
            now=context.clock(),
        )
        session.commit()


def test_fleet_shows_status_versions_and_alerts(client: TestClient, clock: FakeClock) -> None:
    _admin(client)
    context = app_context(client)
    quiet, _ = enroll_device(context, name="东村")
    busy, _ = enroll_device(context, name="西村")
    _beat(client, quiet.id)
    _beat(client, busy.id, printer="no_paper")
    clock.advance(seconds=100)
    _beat(client, busy.id, printer="no_paper")
    page = client.get("/console/fleet").text
    row_quiet = page[page.index("东村") : page.index("</tr>", page.index("东村"))]
    row_busy = page[page.index("西村") : page.index("</tr>", page.index("西村"))]
    assert "离线" in row_quiet
    assert "在线" in row_busy
    assert "2.0.1" in row_busy
    assert "打印机缺纸" in row_busy
    alert_id = re.search(r"/console/alerts/(\d+)/clear", row_busy)
    assert alert_id
    client.post(f"/console/alerts/{alert_id.group(1)}/clear", data={"csrf_token": csrf_from(page)})
    assert "打印机缺纸" not in client.get("/console/fleet").text


def test_admin_revokes_a_kiosk_from_the_fleet_page(client: TestClient) -> None:
    _admin(client)
    device, _ = enroll_device(app_context(client))
    page = client.get("/console/fleet").text
    client.post(f"/console/fleet/{device.id}/revoke", data={"csrf_token": csrf_from(page)})
    assert "已停用" in client.get("/console/fleet").text


def test_codes_are_shown_once_and_can_be_expired(client: TestClient) -> None:
    _admin(client)
    page = client.get("/console/codes").text
    created = client.post(
        "/console/codes", data={"hours": "4", "note": "东村服务大厅", "csrf_token": csrf_from(page)}
    )
    code = re.search(r'id="new-code">([A-Z0-9-]{14})<', created.text)
    assert code
    # The QR code the kiosk's first-boot camera scans: decoded, it names this server and the code.
    qr = re.search(r'id="new-code-qr" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', created.text)
    assert qr
    scanned = decode_qr(Image.open(io.BytesIO(base64.b64decode(qr.group(1)))))
    assert parse_enrollment_qr(scanned or "") == EnrollmentQr("http://testserver", code.group(1))
    listing = client.get("/console/codes").text
    assert code.group(1) not in listing
    assert "东村服务大厅" in listing
    assert "有效" in listing
    with app_context(client).session_factory() as session:
        row_id = session.scalars(select(EnrollmentCode.id)).one()
    client.post(f"/console/codes/{row_id}/expire", data={"csrf_token": csrf_from(listing)})
    assert "已过期" in client.get("/console/codes").text
    refused = client.post(
        "/api/v1/enroll", json={"code": code.group(1), "kiosk_name": "x", "app_version": "1"}
    )
    assert refused.status_code == 410


def test_staff_open_print_and_handle_a_synthetic_submission(client: TestClient) -> None:
    context = app_context(client)
    create_user(context, username="clerk", role="staff")
    login(client, username="clerk")
    device, _ = enroll_device(context, name="南村")
    form = {"表单": "法律援助申请", "姓名": "测试用户", "电话": "13800000000"}
    _ingest(
        client, device.id, [wire_item(kind="submission", sealed=seal(form, context.opener.public_key_b64))]
    )
    inbox = client.get("/console/inbox").text
    assert "南村" in inbox
    assert "测试用户" not in inbox
    link = re.search(r'href="/console/inbox/(\d+)"', inbox)
    assert link
    opened = client.get(f"/console/inbox/{link.group(1)}").text
    assert "测试用户" in opened
    assert "13800000000" in opened
    printed = client.get(f"/console/inbox/{link.group(1)}?print_view=true").text
    assert "测试用户" in printed
    assert "<nav" not in printed
    client.post(f"/console/inbox/{link.group(1)}/handled", data={"csrf_token": csrf_from(opened)})
    assert "没有待处理的提交" in client.get("/console/inbox").text
    assert "已处理（clerk）" in client.get("/console/inbox?show=all").text
    with context.session_factory() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("submission.open") == 2
    assert "submission.handled" in actions


def test_statistics_page_and_csv(client: TestClient) -> None:
    _admin(client)
    device, _ = enroll_device(app_context(client), name="北村")
    _ingest(
        client,
        device.id,
        [
            usage("search", query="欠薪 怎么办", topic="labour"),
            usage("guide_read", guide_id="wage-arrears", topic="labour"),
            usage("rating", rating=4),
        ],
    )
    page = client.get("/console/stats?start=2026-02-01&end=2026-03-02").text
    assert 'id="total-events">3<' in page
    assert "欠薪 怎么办" in page
    assert "wage-arrears" in page
    assert "/static/echarts.min.js" in page
    assert '"byTopic": [["labour", 2]]' in page
    csv_answer = client.get("/console/stats.csv?start=2026-02-01&end=2026-03-02")
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_answer.headers["content-disposition"]
    assert "北村,guide_read,labour,1" in csv_answer.text
    bad = client.get("/console/stats?start=yesterday")
    assert bad.status_code == 200
    assert "YYYY-MM-DD" in bad.text


def test_vendored_assets_are_served_with_their_licences(client: TestClient) -> None:
    assert client.get("/static/echarts.min.js").status_code == 200
    assert "Apache License" in client.get("/static/LICENSE-echarts.txt").text
    assert client.get("/static/pico.classless.min.css").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "start=0001-01-01&end=0001-01-05",
        "end=0001-01-05",
        "start=9999-12-31",
        "start=x&end=y",
        "start=2026-03-02&end=2025-01-01",
    ],
)
def test_odd_dates_in_the_statistics_filter_never_fail(client: TestClient, query: str) -> None:
    _admin(client)
    assert client.get(f"/console/stats?{query}").status_code == 200
    assert client.get(f"/console/stats.csv?{query}").status_code == 200


def test_the_fleet_can_show_only_kiosks_that_need_someone(client: TestClient) -> None:
    _admin(client)
    context = app_context(client)
    fine, _ = enroll_device(context, name="一切正常机")
    jammed, _ = enroll_device(context, name="缺纸机")
    _beat(client, fine.id)
    _beat(client, jammed.id, printer="no_paper")
    everything = client.get("/console/fleet").text
    assert "一切正常机" in everything
    assert "缺纸机" in everything
    problems = client.get("/console/fleet?show=problems").text
    assert "一切正常机" not in problems
    assert "缺纸机" in problems


def test_the_inbox_pages_through_many_submissions(client: TestClient) -> None:
    context = app_context(client)
    create_user(context, username="clerk", role="staff")
    login(client, username="clerk")
    device, _ = enroll_device(context)
    _ingest(client, device.id, [wire_item(kind="test", payload={"n": n}) for n in range(130)])
    first = client.get("/console/inbox").text
    assert 'id="waiting">130<' in first
    assert first.count('href="/console/inbox/') == 100
    assert "page=2" in first
    second = client.get("/console/inbox?show=open&page=2").text
    assert second.count('href="/console/inbox/') == 30
    assert "page=3" not in second
    assert client.get("/console/inbox?page=0").status_code == 422


def test_a_large_fleet_is_paged_and_searchable(client: TestClient) -> None:
    _admin(client)
    context = app_context(client)
    for n in range(230):
        enroll_device(context, name=f"示例镇{n:03d}号机")
    first = client.get("/console/fleet").text
    assert "230 台" in first
    assert first.count("/revoke") == 100
    assert "第 1 / 3 页" in first and "page=2" in first
    last = client.get("/console/fleet?page=3").text
    assert last.count("/revoke") == 30
    assert "示例镇229号机" in last and "page=4" not in last
    # A page past the end shows the last page, not an empty one.
    assert client.get("/console/fleet?page=99").text.count("/revoke") == 30
    found = client.get("/console/fleet?q=示例镇12").text
    assert found.count("/revoke") == 10  # 120–129
    assert "示例镇120号机" in found and "示例镇013号机" not in found
    assert "没有符合条件的设备" in client.get("/console/fleet?q=不存在").text
    assert client.get("/console/fleet?page=0").status_code == 422
    assert client.get("/console/fleet?q=" + "x" * 101).status_code == 422


def test_statistics_page_keeps_kiosk_sent_markup_inside_its_data_block(client: TestClient) -> None:
    """A topic or kiosk name that closes the JSON <script> block must stay data, not markup."""
    import json
    from html.parser import HTMLParser

    attack = "</script><meta http-equiv=refresh content='0;url=https://evil.example/'><script>"
    _admin(client)
    device, _ = enroll_device(app_context(client), name=f"村{attack}")
    _ingest(client, device.id, [usage("search", query="工资", topic=attack[:80])])
    answer = client.get("/console/stats?start=2026-02-01&end=2026-03-02")
    page = answer.text
    assert "<meta http-equiv=refresh" not in page

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.metas: list[list[tuple[str, str | None]]] = []
            self.scripts: list[str] = []
            self._in_data = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "meta":
                self.metas.append(attrs)
            self._in_data = tag == "script" and ("id", "chart-data") in attrs

        def handle_data(self, data: str) -> None:
            if self._in_data:
                self.scripts.append(data)
                self._in_data = False

    tags = Tags()
    tags.feed(page)
    assert not any(("http-equiv", "refresh") in attrs for attrs in tags.metas)
    data = json.loads(tags.scripts[0])
    assert data["byTopic"][0][0] == attack[:80]
    assert data["byKiosk"][0][0] == f"村{attack}"
    policy = answer.headers["content-security-policy"]
    assert "base-uri 'none'" in policy
    assert "form-action 'self'" in policy


def test_no_console_template_marks_text_safe() -> None:
    from pathlib import Path

    import server

    templates = Path(server.__file__).parent / "console" / "templates"
    offenders = [p.name for p in templates.glob("*.html") if "|safe" in p.read_text().replace(" ", "")]
    assert offenders == []


def test_fleet_shows_a_kiosk_whose_disk_is_80_percent_full(client: TestClient) -> None:
    _admin(client)
    context = app_context(client)
    full, _ = enroll_device(context, name="南村")
    roomy, _ = enroll_device(context, name="北村")
    _beat(client, full.id, disk=(12_000, 64_000))  # 81 % used, though 12 GB are still free
    _beat(client, roomy.id, disk=(40_000, 64_000))
    page = client.get("/console/fleet").text
    row_full = page[page.index("南村") : page.index("</tr>", page.index("南村"))]
    row_roomy = page[page.index("北村") : page.index("</tr>", page.index("北村"))]
    assert "磁盘空间不足 (disk low): 12000 MB free, 81 % used" in row_full
    assert "磁盘空间不足" not in row_roomy
