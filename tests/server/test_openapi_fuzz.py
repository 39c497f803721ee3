"""Property-based fuzzing of the kiosk API from its own OpenAPI document: no input gives a 5xx.

Each operation is driven with a bounded number of generated examples (in process, on SQLite
and on PostgreSQL),
both with a valid device token and without one, so the run stays well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from publishing_helpers import make_keys, set_up_repository
from schemathesis import GenerationMode

from server.app import create_app
from server.services import enrollment, publishers
from server.settings import ServerSettings

EXAMPLES_PER_OPERATION = 60


@pytest.fixture
def fuzz_target(settings: ServerSettings, tmp_path: Path) -> Iterator[tuple[object, str, str]]:
    """The app on SQLite and on PostgreSQL (which refuses NUL characters SQLite stores), with a
    content repository set up so the publishing API gets past "not set up"."""
    set_up_repository(settings, make_keys(tmp_path / "keys"))
    app = create_app(settings)
    client = TestClient(app)
    context = app.state.context

    with context.session_factory() as session:
        code, _ = enrollment.create_code(
            session, created_by="fuzz", now=context.clock(), ttl=timedelta(hours=1)
        )
        session.commit()
        publisher, _ = publishers.create_token(session, name="fuzz", by="fuzz", now=context.clock())
        session.commit()
    answer = client.post("/api/v1/enroll", json={"code": code, "kiosk_name": "fuzz", "app_version": "1"})
    yield app, answer.json()["device_token"], publisher
    context.engine.dispose()


def test_the_document_describes_the_kiosk_api(fuzz_target: tuple[object, str, str]) -> None:
    app, _, _ = fuzz_target
    document = TestClient(app).get("/openapi.json").json()  # type: ignore[arg-type]
    assert {"/api/v1/enroll", "/api/v1/ingest", "/api/v1/heartbeat"} <= set(document["paths"])


def test_no_generated_request_causes_a_server_error(fuzz_target: tuple[object, str, str]) -> None:
    app, device_token, publisher_token = fuzz_target
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations
    for operation in operations:
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
        )
        # The publishing API takes a publisher's token, the rest a kiosk's.
        token = publisher_token if "/updates/" in operation.path else device_token

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy, authorised=st.booleans(), token=st.just(token))
        def check(case: schemathesis.Case, authorised: bool, token: str) -> None:
            headers = {"Authorization": f"Bearer {token}"} if authorised else {}
            response = case.call(headers=headers)
            assert response.status_code < 500, (
                f"{case.operation.label}: {response.status_code} for {case.body!r}"
            )

        check()
