"""A finished form leaves the kiosk only sealed, laid out by step, with its PDF; never in clear."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from nacl.public import PrivateKey, SealedBox

from kiosk.forms.catalog import FormCatalog
from kiosk.forms.check import check_answers
from kiosk.forms.legal_aid import pre_check
from kiosk.forms.render import DocumentRenderer
from kiosk.forms.submission import SubmissionError, submit_form
from kiosk.storage.database import open_database
from kiosk.sync.enrollment import save_enrollment
from kiosk.sync.outbox import NotEnrolledError
from tests.kiosk.forms.answers import ID_WANG, TODAY, answers


def _enroll(db: object) -> PrivateKey:
    private = PrivateKey.generate()
    key = base64.b64encode(bytes(private.public_key)).decode()
    save_enrollment(db, server_url="https://example.invalid", kiosk_name="k",  # type: ignore[arg-type]
                    answer={"device_id": "d1", "device_token": "d1.secret",
                            "server_public_key": key, "heartbeat_interval_s": 30})  # fmt: skip
    return private


def test_submission_is_sealed_by_step_with_the_pdf_and_nothing_in_clear(
    tmp_path: Path, catalog: FormCatalog, renderer: DocumentRenderer
) -> None:
    db = open_database(tmp_path)
    private = _enroll(db)
    definition = catalog.get("legal_aid")
    assert definition is not None
    result = check_answers(definition, answers("legal_aid"), today=TODAY, regions=catalog.regions)
    pdf = renderer.render(definition, result, today=TODAY)
    submit_form(db, definition=definition, result=result, pdf=pdf, regions=catalog.regions,
                eligibility=pre_check(result.values, standard=1000), today=TODAY)  # fmt: skip
    rows = db.execute("select kind, payload, sealed from sync_outbox").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("form", None)]
    payload = json.loads(SealedBox(private).decrypt(base64.b64decode(rows[0][2])))
    assert payload["form"] == "legal_aid" and payload["eligibility"]["outcome"] == "likely"
    assert [s["title"] for s in payload["steps"]][:2] == ["要办什么事", "申请人的情况"]
    applicant = {i["id"]: i["text"] for i in payload["steps"][1]["items"]}
    assert applicant["applicant.id_number"] == ID_WANG  # staff see the full number
    assert base64.b64decode(payload["pdf"]) == pdf
    db.conn.close()
    for path in tmp_path.iterdir():
        if path.is_file():
            data = path.read_bytes()
            assert (
                "王小明".encode() not in data and ID_WANG.encode() not in data and b"13812345678" not in data
            )


def test_incomplete_or_unenrolled_cannot_submit(tmp_path: Path, catalog: FormCatalog) -> None:
    db = open_database(tmp_path)
    definition = catalog.get("iou")
    assert definition is not None
    complete = check_answers(definition, answers("iou"), today=TODAY, regions=catalog.regions)
    with pytest.raises(NotEnrolledError):
        submit_form(
            db, definition=definition, result=complete, pdf=b"%PDF", regions=catalog.regions, today=TODAY
        )
    assert db.execute("select count(*) from sync_outbox").fetchone()[0] == 0
    _enroll(db)
    incomplete = check_answers(
        definition, answers("iou", loan__amount=None), today=TODAY, regions=catalog.regions
    )
    with pytest.raises(SubmissionError):
        submit_form(
            db, definition=definition, result=incomplete, pdf=b"%PDF", regions=catalog.regions, today=TODAY
        )
