"""Property-based fuzzing of every console page and form: no input gives a 5xx.

The console routes are left out of the public OpenAPI document, so the test builds one for them
(the same FastAPI machinery, with every POST given its `csrf_token` field) and lets schemathesis
generate positive and negative cases. Half the cases carry a signed-in administrator's session
and the session's real CSRF token, so generated values get past the CSRF check into the handlers;
the other half arrive as a stranger.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from server_helpers import CHEAP_ARGON2, app_context, create_user, csrf_from, enroll_device, login

from server import console
from server.app import create_app
from server.console import admin, auth, codes, fleet, inbox, publishing, stats
from server.console.web import LOGIN_CSRF_COOKIE, SESSION_COOKIE
from server.settings import ServerSettings

# 18 operations × 10 cases: ≈ 15 s on two idle cores, 30 s on busy ones (CI budget).
EXAMPLES_PER_OPERATION = 10
# Logging out would end the session the other cases use; it has no input besides the token.
SKIPPED = {("POST", "/console/logout")}


def console_document() -> dict[str, Any]:
    """An OpenAPI document of the console routes, with a csrf_token field on every form."""
    shell = FastAPI(title="console", version="1")
    modules = (auth, fleet, codes, inbox, stats, admin, publishing)
    own = [console.router, *(module.router for module in modules)]
    for router in own:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            path = route.path if route.path.startswith("/console") else "/console" + route.path
            shell.router.add_api_route(
                path,
                route.endpoint,
                methods=sorted(route.methods),
                dependencies=route.dependencies,
                response_model=None,
                include_in_schema=True,
            )
    document = shell.openapi()
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for path, methods in document["paths"].items():
        for method, operation in list(methods.items()):
            if (method.upper(), path) in SKIPPED:
                del methods[method]
                continue
            if method != "post":
                continue
            content = operation.setdefault("requestBody", {"required": True}).setdefault("content", {})
            form = content.setdefault(
                "application/x-www-form-urlencoded", {"schema": {"type": "object", "properties": {}}}
            )
            schema = form["schema"]
            if "$ref" in schema:
                schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
            schema.setdefault("properties", {})["csrf_token"] = {"type": "string", "maxLength": 128}
            schema.setdefault("required", [])
            if "csrf_token" not in schema["required"]:
                schema["required"].append("csrf_token")
    return document


@pytest.fixture
def console_app(tmp_path: Path) -> Iterator[tuple[FastAPI, TestClient]]:
    app = create_app(ServerSettings(data_dir=tmp_path / "server", **CHEAP_ARGON2))
    with TestClient(app) as browser:
        context = app_context(browser)
        create_user(context)
        enroll_device(context)  # a kiosk on the fleet page, ids to revoke
        yield app, browser


def test_the_console_document_covers_every_form(console_app: tuple[FastAPI, TestClient]) -> None:
    _ = console_app
    paths = console_document()["paths"]
    for expected in ("/console/login", "/console/users", "/console/codes", "/console/inbox/{pk}/handled"):
        assert "post" in paths[expected], expected
    assert "get" in paths["/console/audit"]


def test_no_generated_console_request_causes_a_server_error(console_app: tuple[FastAPI, TestClient]) -> None:
    app, browser = console_app
    assert login(browser).status_code == 303
    session_cookie = browser.cookies.get(SESSION_COOKIE) or ""
    csrf = csrf_from(browser.get("/console/codes").text)
    login_csrf = "fuzz-login-csrf-token"
    schema = schemathesis.openapi.from_dict(console_document())
    schema.app = app
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
        )

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy, signed_in=st.booleans())
        def check(case: schemathesis.Case, signed_in: bool) -> None:
            cookies: dict[str, str] = {}
            if signed_in:
                cookies = {SESSION_COOKIE: session_cookie, LOGIN_CSRF_COOKIE: login_csrf}
                if isinstance(case.body, dict) and "csrf_token" in case.body:
                    token = login_csrf if case.operation.path == "/console/login" else csrf
                    case.body["csrf_token"] = token
            response = case.call(cookies=cookies, allow_redirects=False)
            assert response.status_code < 500, (
                f"{case.operation.label}: {response.status_code} for {case.path_parameters!r} "
                f"{case.query!r} {case.body!r}"
            )

        check()
