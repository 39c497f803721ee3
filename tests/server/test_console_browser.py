"""The consoles in a real headless Chromium against the real server: sign-in, fleet, charts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cdp_pipe import Browser, find_chromium
from live_server import serving
from server_helpers import ADMIN_PASSWORD, as_models, create_user, enroll_device, usage

from server.app import create_app
from server.context import ServerContext
from server.models import Device
from server.services.ingest import ingest_batch
from server.settings import ServerSettings

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (packaging/setup-dev.sh installs it)"
)


@pytest.fixture
def site(sqlite_settings: ServerSettings) -> Iterator[tuple[str, ServerContext]]:
    app = create_app(sqlite_settings)
    with serving(app) as url:
        yield url, app.state.context


@pytest.fixture
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    chromium = Browser(CHROMIUM)
    try:
        chromium.open_page()
        yield chromium
    finally:
        chromium.close()


def _login(browser: Browser, url: str) -> None:
    browser.navigate(f"{url}/console/login")
    browser.wait_for("document.querySelector('input[name=username]') !== null")
    browser.evaluate(
        "document.querySelector('input[name=username]').value = 'admin';"
        f"document.querySelector('input[name=password]').value = '{ADMIN_PASSWORD}';"
        "document.querySelector('form').submit(); true"
    )
    browser.wait_for("location.pathname === '/console/fleet'")


def test_sign_in_and_see_the_statistics_charts(site: tuple[str, ServerContext], browser: Browser) -> None:
    url, context = site
    create_user(context)
    device, _ = enroll_device(context, name="浏览器测试机")
    with context.session_factory() as session:
        row = session.get(Device, device.id)
        assert row is not None
        ingest_batch(
            session,
            device=row,
            opener=context.opener,
            zone=context.zone,
            now=context.clock(),
            items=as_models([usage("search", query="欠薪", topic="labour"), usage("rating", rating=5)]),
        )
        session.commit()
    _login(browser, url)
    assert "浏览器测试机" in browser.evaluate("document.body.innerText")
    browser.navigate(f"{url}/console/stats?start=2026-02-01&end=2026-03-31")
    # ECharts drew the charts (SVG renderer) under the page's Content-Security-Policy.
    drawn = browser.wait_for(
        "document.querySelectorAll('#chart-days svg path').length > 0 &&"
        "document.querySelectorAll('#chart-ratings svg path').length"
    )
    assert drawn > 0
    assert browser.evaluate("document.getElementById('total-events').innerText") == "2"
    problems = [t for t in browser.console_messages() if "Content Security Policy" in t or "Error" in t]
    assert problems == []
