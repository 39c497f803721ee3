"""发到手机 end to end: the kiosk's code seals a guide or a filled form, the real server on loopback
stores it, and a real headless Chromium opens the QR code's link and decrypts it on the "phone".
The server's files never hold the visitor's name, ID number or phone; used-up, expired, cut and
forged links each get a clear sentence."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cdp_pipe import Browser, find_chromium
from handoff_site import GUIDE_SHEET, ID_NUMBER, NAME, PHONE, HandoffSite, form_sample, handoff_site
from phone_page import AUDIT_JS, phone_browser, problems_in

from kiosk.handoff.crypto import b64url
from kiosk.handoff.service import send_to_phone, sheet_document
from tests.kiosk.handoff.pdf_sample import sample_pdf

pytestmark = pytest.mark.skipif(
    find_chromium() is None, reason="Chromium is not installed (packaging/setup-dev.sh installs it)"
)


def open_phone_page(browser: Browser, url: str) -> dict[str, Any]:
    """Loads a link, waits until the page has shown the document or said why not, and measures it."""
    # Via a blank page: the same link again (or with another fragment) would only scroll.
    browser.navigate("about:blank")
    browser.wait_for("location.href === 'about:blank'")
    browser.navigate(url)
    browser.wait_for("document.readyState === 'complete' && document.getElementById('page') !== null"
                     " && document.getElementById('page').dataset.state !== 'loading'")  # fmt: skip
    browser.evaluate("document.fonts.ready.then(() => true)")
    audit: dict[str, Any] = browser.evaluate(AUDIT_JS)
    return audit


def shown(browser: Browser) -> str:
    return str(browser.evaluate("document.body.innerText"))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[HandoffSite]:
    with handoff_site(tmp_path) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with phone_browser() as chromium:
        yield chromium


def stored_bytes(site: HandoffSite) -> bytes:
    """Everything the server has on disk: its SQLite file and write-ahead log."""
    return b"".join(p.read_bytes() for p in site.database.parent.glob("server.db*"))


def test_a_guide_opens_on_the_phone_readable_and_the_server_holds_only_ciphertext(
    site: HandoffSite, browser: Browser
) -> None:
    sent = send_to_phone(site.store, sheet_document(GUIDE_SHEET), base_url=site.url, hours=24, views=5)
    assert "/h/" in sent.url and "#" in sent.url
    audit = open_phone_page(browser, sent.url)
    text = shown(browser)
    for expected in ("讨要拖欠工资怎么办", "办理步骤", "到县劳动保障监察大队投诉。", "要带的材料", "身份证",
                     "0394-1234567", "12348", "还能再打开 4 次"):
        assert expected in text
    assert browser.evaluate("document.querySelectorAll('ol li').length") == 3
    assert problems_in(audit) == []
    assert "到县劳动保障监察大队投诉".encode() not in stored_bytes(site)


def test_a_filled_form_reaches_the_phone_as_its_pdf_and_no_personal_data_reaches_the_server(
    site: HandoffSite, browser: Browser, tmp_path: Path
) -> None:
    pdf = sample_pdf()
    sent = send_to_phone(site.store, form_sample(pdf), base_url=site.url, hours=24, views=5)
    # The page's policy allows no fetch of blob: URLs; the test reads the saved file as the
    # browser's download would, through the same URL.
    browser.call("Page.setBypassCSP", enabled=True)
    open_phone_page(browser, sent.url)
    text = shown(browser)
    assert NAME in text and ID_NUMBER in text and PHONE in text and "保存文书（PDF）" in text
    # The link the visitor taps saves exactly the document the kiosk printed.
    saved = browser.evaluate(
        "fetch(document.getElementById('savePdf').href).then(r => r.arrayBuffer()).then(b => {"
        " let s = ''; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); return btoa(s); })"
    )
    assert base64.b64decode(saved) == pdf
    assert browser.evaluate("document.getElementById('savePdf').download") == "法律援助申请表.pdf"
    (tmp_path / "phone.pdf").write_bytes(base64.b64decode(saved))
    words = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "phone.pdf"), "-"],
                           capture_output=True, check=True).stdout.decode()  # fmt: skip
    assert "法律援助申请表" in words and NAME in "".join(words.split())
    on_disk = stored_bytes(site)
    for secret in (NAME, ID_NUMBER, PHONE):
        assert secret.encode("utf-8") not in on_disk
        assert secret.encode("utf-16-le") not in on_disk
    assert b"%PDF" not in on_disk
    browser.call("Page.setBypassCSP", enabled=False)


def test_the_last_view_deletes_it_and_the_next_opening_says_the_link_is_used_up(
    site: HandoffSite, browser: Browser
) -> None:
    sent = send_to_phone(site.store, sheet_document(GUIDE_SHEET), base_url=site.url, hours=24, views=2)
    open_phone_page(browser, sent.url)
    open_phone_page(browser, sent.url)
    assert "这是最后一次打开" in shown(browser)
    audit = open_phone_page(browser, sent.url)
    assert "这个链接已失效" in shown(browser) and "12348" in shown(browser)
    assert problems_in(audit) == []
    with site.context.session_factory() as session:
        from server.models import Handoff

        assert session.query(Handoff).count() == 0


def test_an_expired_link_says_so_and_is_deleted(site: HandoffSite, browser: Browser) -> None:
    sent = send_to_phone(site.store, sheet_document(GUIDE_SHEET), base_url=site.url, hours=24, views=5)
    site.clock.advance(hours=24, seconds=1)
    open_phone_page(browser, sent.url)
    assert "这个链接已失效" in shown(browser)
    # The next upload of any kiosk sweeps it away.
    send_to_phone(site.store, sheet_document(GUIDE_SHEET), base_url=site.url, hours=24, views=5)
    with site.context.session_factory() as session:
        from server.models import Handoff

        assert session.query(Handoff).count() == 1


def test_a_cut_or_forged_link_gets_a_sentence_not_a_blank_page(site: HandoffSite, browser: Browser) -> None:
    sent = send_to_phone(site.store, sheet_document(GUIDE_SHEET), base_url=site.url, hours=24, views=5)
    open_phone_page(browser, sent.url.split("#")[0])
    assert "链接不完整" in shown(browser)
    open_phone_page(browser, sent.url.split("#")[0] + "#" + b64url(b"\1" * 32))
    assert "已损坏" in shown(browser) and "讨要拖欠工资" not in shown(browser)
    open_phone_page(browser, site.url + "/h/" + "A" * 22 + "#" + b64url(b"\1" * 32))
    assert "这个链接已失效" in shown(browser)


def test_the_page_runs_only_its_own_script(site: HandoffSite) -> None:
    import requests

    sent = send_to_phone(site.store, sheet_document(GUIDE_SHEET), base_url=site.url, hours=24, views=5)
    page = requests.get(sent.url.split("#")[0], timeout=10)
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe" not in policy
    assert page.headers["Referrer-Policy"] == "no-referrer" and page.headers["Cache-Control"] == "no-store"
    assert "<script src=\"/static/handoff.js\"" in page.text and "<script>" not in page.text
    assert "讨要" not in page.text  # the shell carries nothing of the document
