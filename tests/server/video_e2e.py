"""Shared by the video end-to-end tests and bench/video_call.py: a lawyer in headless Chromium
(or Firefox, bidi_firefox.Firefox: the same methods).

Chromium gets a fake camera and microphone (a moving test pattern and a beep) and grants the
page's media request without a prompt, as a lawyer's browser would after the first "allow".
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from server.context import ServerContext
from server.services import enrollment, users

if TYPE_CHECKING:
    from bidi_firefox import Firefox

LAWYER = "lawyer1"
LAWYER_PASSWORD = "Lawyer-pass-2026!"


class LawyerBrowser(Protocol):
    """What the tests drive in the lawyer's browser: cdp_pipe.Browser or bidi_firefox.Firefox."""

    def navigate(self, url: str) -> None: ...
    def evaluate(self, expression: str) -> Any: ...
    def wait_for(self, expression: str, *, timeout: float = 20) -> Any: ...
    def console_messages(self) -> list[str]: ...


FAKE_MEDIA_FLAGS = (
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--autoplay-policy=no-user-gesture-required",
)


def create_lawyer(context: ServerContext) -> None:
    with context.session_factory() as session:
        users.create_user(
            session, username=LAWYER, password=LAWYER_PASSWORD, role="lawyer", now=context.clock(),
            passwords=context.passwords,
        )  # fmt: skip
        session.commit()


def enrollment_code(context: ServerContext) -> str:
    with context.session_factory() as session:
        code, _row = enrollment.create_code(
            session, created_by="test", ttl=timedelta(hours=1), now=context.clock()
        )
        session.commit()
    return code


def lawyer_on_duty(browser: LawyerBrowser, url: str) -> None:
    """Sign in as the lawyer, open the video page and go on duty."""
    browser.navigate(f"{url}/console/login")
    browser.wait_for("document.querySelector('input[name=username]') !== null")
    browser.evaluate(
        f"document.querySelector('input[name=username]').value = {json.dumps(LAWYER)};"
        f"document.querySelector('input[name=password]').value = {json.dumps(LAWYER_PASSWORD)};"
        "document.querySelector('form').submit(); true"
    )
    browser.wait_for("location.pathname === '/console/video' && !!document.getElementById('duty-toggle')")
    browser.evaluate("document.getElementById('duty-toggle').click(); true")
    browser.wait_for("(document.getElementById('duty') || {}).textContent === '在岗'")


def type_sign_in(browser: Firefox, url: str) -> None:
    """As a lawyer does it in Firefox: type the name and password on the login page, click 登录."""
    browser.navigate(f"{url}/console/login")
    browser.type_text("input[name=username]", LAWYER)
    browser.type_text("input[name=password]", LAWYER_PASSWORD)
    browser.click("form button[type=submit]")


def lawyer_report(browser: LawyerBrowser) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(browser.evaluate("JSON.stringify(window.lawpostCall.report())"))
    return report


def page_text(browser: LawyerBrowser, element_id: str) -> str:
    """The text of the element `element_id` on the lawyer's page ("" while it is not there)."""
    return str(browser.evaluate(f"(document.getElementById('{element_id}') || {{}}).textContent || ''"))


def poll_until(condition: Callable[[], bool], *, timeout_s: float, pump: Callable[[], None]) -> float:
    """Run `pump` (Qt events, a pause) until `condition` holds; the seconds it took."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout_s:
            raise TimeoutError("condition not met in time")
        pump()
    return time.monotonic() - start
