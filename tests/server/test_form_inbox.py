"""Staff see a guided form from a kiosk laid out by step and download its PDF (audited)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from server_helpers import app_context, create_user, enroll_device, login, wire_item
from sqlalchemy import select

from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.forms.catalog import catalog_from_pack
from kiosk.forms.check import check_answers
from kiosk.forms.legal_aid import pre_check
from kiosk.forms.render import DocumentRenderer
from kiosk.forms.submission import submit_form
from kiosk.storage.database import open_database
from kiosk.sync.enrollment import save_enrollment
from kiosk.sync.outbox import pending_batch
from server.models import AuditEntry, Device
from server.schemas import WireItem
from server.services.ingest import ingest_batch
from tests.kiosk.forms.answers import ID_WANG, answers

TODAY = date(2026, 11, 30)


def _kiosk_item(tmp_path: Path, server_key: str) -> dict[str, object]:
    """What a real kiosk queues for a finished legal-aid application, as it goes on the wire."""
    db = open_database(tmp_path)
    save_enrollment(db, server_url="https://example.invalid", kiosk_name="k",
                    answer={"device_id": "d1", "device_token": "d1.secret",
                            "server_public_key": server_key, "heartbeat_interval_s": 30})  # fmt: skip
    catalog = catalog_from_pack(DEFAULT_PACK_DIR)
    definition = catalog.get("legal_aid")
    assert definition is not None
    result = check_answers(definition, answers("legal_aid"), today=TODAY, regions=catalog.regions)
    pdf = DocumentRenderer(regions=catalog.regions).render(definition, result, today=TODAY)
    submit_form(db, definition=definition, result=result, pdf=pdf, regions=catalog.regions,
                eligibility=pre_check(result.values, standard=None), today=TODAY)  # fmt: skip
    [item] = pending_batch(db, limit=10)
    return dict(item)


def test_a_form_is_shown_by_step_with_its_pdf(client: TestClient, tmp_path: Path) -> None:
    context = app_context(client)
    create_user(context, username="clerk", role="staff")
    login(client, username="clerk")
    device, _ = enroll_device(context, name="南村")
    item = _kiosk_item(tmp_path, context.opener.public_key_b64)
    with context.session_factory() as session:
        stored = session.get(Device, device.id)
        assert stored is not None
        ingest_batch(session, device=stored, items=[WireItem.model_validate(item)], opener=context.opener,
                     zone=context.zone, now=context.clock())  # fmt: skip
        session.commit()
    inbox = client.get("/console/inbox").text
    assert "表单申请" in inbox and "王小明" not in inbox
    link = re.search(r'href="/console/inbox/(\d+)"', inbox)
    assert link
    page = client.get(f"/console/inbox/{link.group(1)}").text
    expected = ("法律援助申请表", "第1步 要办什么事", "第2步 申请人的情况", "王小明", ID_WANG)
    for part in (*expected, "讨要工资、确认劳动关系", "法律援助预审", "下载 PDF 文书"):
        assert part in page, part
    assert "JVBER" not in page  # the PDF is a download, not base64 on the page
    response = client.get(f"/console/inbox/{link.group(1)}/document.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and "attachment" in response.headers["content-disposition"]
    with context.session_factory() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "submission.download" in actions
    assert client.get("/console/inbox/999/document.pdf").status_code == 404


def test_an_unsealed_form_is_refused(client: TestClient) -> None:
    context = app_context(client)
    device, _ = enroll_device(context)
    with context.session_factory() as session:
        stored = session.get(Device, device.id)
        assert stored is not None
        result = ingest_batch(session, device=stored, items=[WireItem.model_validate(
            wire_item(kind="form", payload={"form": "iou", "steps": []}))], opener=context.opener,
            zone=context.zone, now=context.clock())  # fmt: skip
        session.commit()
    assert "sealed" in str(result)
