"""The ticket's phone page in a real headless Chromium at 390×844: every visible text meets the
kiosk's contrast rule (4.5:1, 3:1 for large text) and a readable size, measured on the rendered page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp_pipe import Browser, find_chromium
from phone_page import AUDIT_JS, open_ticket, phone_browser, phone_site, problems_in, screenshot

pytestmark = pytest.mark.skipif(
    find_chromium() is None, reason="Chromium is not installed (packaging/setup-dev.sh installs it)"
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    with phone_site(tmp_path) as served:
        yield served


@pytest.fixture
def browser() -> Iterator[Browser]:
    with phone_browser() as chromium:
        yield chromium


@pytest.mark.parametrize("state", ["waiting", "called", "served", "unknown"])
def test_every_text_on_the_phone_page_is_readable(
    site: tuple[str, dict[str, str]], browser: Browser, state: str, tmp_path: Path
) -> None:
    url, tokens = site
    audit = open_ticket(browser, f"{url}/q/{tokens[state]}")
    assert audit["width"] == 390
    texts = " ".join(item["text"] for item in audit["items"])
    assert {"waiting": "您前面还有", "called": "轮到您了", "served": "已办理完毕",
            "unknown": "找不到这个号码"}[state] in texts
    assert problems_in(audit) == []
    screenshot(browser, tmp_path / "phone.png")
    assert (tmp_path / "phone.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_check_finds_pale_small_and_overflowing_text(
    site: tuple[str, dict[str, str]], browser: Browser
) -> None:
    url, tokens = site
    open_ticket(browser, f"{url}/q/{tokens['waiting']}")
    # The page as it would be with a light grey note, a tiny footnote and a too-wide number.
    browser.evaluate(
        "document.querySelector('.muted').style.color = '#999999';"
        "document.querySelector('h1').style.fontSize = '12px';"
        "document.getElementById('number').style.whiteSpace = 'nowrap';"
        "document.getElementById('number').textContent = 'A0123456789012'; true"
    )
    found = problems_in(browser.evaluate(AUDIT_JS))
    kinds = {p.problem.split(" ")[0] for p in found}
    assert {"contrast", "text", "runs", "page"} <= kinds
    pale = next(p for p in found if p.problem.startswith("contrast"))
    assert pale.problem.startswith("contrast 2.85:1")  # #999 on white
