"""The duty lawyer's other video pages in Firefox (firefox-esr over WebDriver BiDi), against the
real server on loopback: the call-back list with a request the real kiosk code sealed and synced
(masked, 显示号码 shows it, 已回拨 moves it to the done list), and the duty rota (a shift added
through the page's date and time fields appears in the list and is deleted again). Clicks are
real pointer clicks; every form carries its CSRF token and the session cookie, as in Chromium.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bidi_firefox import Firefox
from enrolled_kiosk import NEEDS_FIREFOX, Site, firefox_lawyer, site_on_loopback  # noqa: F401  (fixtures)
from video_e2e import LAWYER, create_lawyer, enrollment_code, page_text, type_sign_in

from kiosk.storage.database import open_database
from kiosk.sync import outbox
from kiosk.sync.client import SyncClient, enroll
from kiosk.sync.enrollment import Secret, save_enrollment
from kiosk.video.callback import request_callback

pytestmark = NEEDS_FIREFOX


def _sign_in(browser: Firefox, url: str) -> None:
    type_sign_in(browser, url)
    browser.wait_for("location.pathname === '/console/video'")


def test_the_call_back_list_in_firefox(
    site: Site,
    firefox: Firefox,
    tmp_path: Path,
) -> None:
    url, context = site
    create_lawyer(context)
    answer = enroll(
        server_url=url, code=enrollment_code(context), kiosk_name="石桥镇 1 号机", app_version="1.0"
    )
    db = open_database(tmp_path / "kiosk")
    save_enrollment(db, server_url=url, kiosk_name="石桥镇 1 号机", answer=answer)
    request_callback(db, phone="13812345678", topic="land", reason="no_answer", language="zh_CN")
    sync = SyncClient(server_url=url, token=Secret(answer["device_token"]))
    try:
        assert [r["status"] for r in sync.ingest(outbox.pending_batch(db, limit=10))] == ["created"]
    finally:
        sync.close()
        db.conn.close()

    _sign_in(firefox, url)
    firefox.click("a[href='/console/video/callbacks']")
    firefox.wait_for("location.pathname === '/console/video/callbacks'")
    waiting = page_text(firefox, "callbacks")
    assert "138****5678" in waiting and "13812345678" not in waiting and "石桥镇 1 号机" in waiting
    firefox.click("#callbacks a")  # 显示号码
    firefox.wait_for("!!document.getElementById('full-number')")
    assert page_text(firefox, "full-number") == "13812345678"
    firefox.click("#callbacks form button")  # 已回拨
    firefox.wait_for("document.getElementById('callbacks').textContent.includes('没有待回拨的请求')")
    done = page_text(firefox, "callbacks-done")
    assert "138****5678" in done and LAWYER in done


def test_the_duty_rota_in_firefox(site: Site, firefox: Firefox) -> None:
    url, context = site
    create_lawyer(context)
    _sign_in(firefox, url)
    firefox.click("a[href='/console/video/rota']")
    firefox.wait_for("location.pathname === '/console/video/rota' && !!document.getElementById('add-shift')")
    tomorrow = (context.clock().astimezone(ZoneInfo("Asia/Shanghai")) + timedelta(days=1)).date()
    # Firefox's own date and time pickers fill these fields; their value is ISO in every browser.
    assert firefox.evaluate("document.querySelector('input[name=start]').value") == "09:00"
    firefox.evaluate(f"document.querySelector('input[name=day]').value = '{tomorrow.isoformat()}'; true")
    firefox.click("#add-shift")
    firefox.wait_for(f"document.getElementById('shifts').textContent.includes('{tomorrow:%m-%d}')")
    shifts = page_text(firefox, "shifts")
    assert "09:00–11:30" in shifts and LAWYER in shifts
    assert page_text(firefox, "rota-error") == ""
    firefox.click("#shifts form button")  # 删除
    firefox.wait_for("document.getElementById('shifts').textContent.includes('还没有排班')")
