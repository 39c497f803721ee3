"""The ticket's phone page (/q/<token>) in headless Chromium at a phone's width: its text checked
for contrast and size from the rendered page, and its screenshots.

Run as a script to refresh docs/screens/queue-phone-*.png:
    .venv/bin/python tests/server/phone_page.py --out docs/screens
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # as a script: the same imports the tests get from pytest's rootdir
    sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parents[2])]

from cdp_pipe import Browser, find_chromium
from live_server import serving
from server_helpers import FakeClock, as_models, enroll_device

from kiosk.config import Settings
from kiosk.queue import tickets
from kiosk.queue.desk import rules_from_settings
from kiosk.storage.database import open_database
from kiosk.sync import outbox
from server.app import create_app
from server.context import ServerContext
from server.services.ingest import ingest_batch
from server.settings import ServerSettings
from tests.kiosk.queue.conftest import OPEN_MONDAY

PHONE = (390, 844)  # CSS pixels of a common phone (iPhone 12–15)
MIN_TEXT_PX = 16.0  # below this phones zoom form fields and people hold the page closer
BODY_CONTRAST = 4.5  # WCAG 1.4.3, as the kiosk's STANDARD rules
LARGE_CONTRAST = 3.0  # large text: ≥ 24 px, or ≥ 18.66 px bold

# Every visible element with its own text: its colour composited over the first opaque background
# behind it (ancestors' background colours, alpha included), its font size and weight as rendered.
AUDIT_JS = r"""
(() => {
  const rgba = (s) => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, below) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]); };
  const background = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let colour = [255, 255, 255, 1];  // the canvas behind everything
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour; };
  const lum = (c) => { const ch = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]; };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own) continue;
    const style = getComputedStyle(el); const box = el.getBoundingClientRect();
    if (style.visibility !== 'visible' || style.display === 'none') continue;
    if (box.width === 0 || box.height === 0) continue;
    const bg = background(el); const fg = over(rgba(style.color), bg);
    const range = document.createRange(); range.selectNodeContents(el);  // the text, not its box
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out.push({tag: el.tagName.toLowerCase(), id: el.id, text: own.slice(0, 40),
              ratio: (hi + 0.05) / (lo + 0.05), px: parseFloat(style.fontSize),
              weight: parseInt(style.fontWeight, 10), right: range.getBoundingClientRect().right});
  }
  // The layout viewport (device-width): a mobile browser zooms out a page wider than this.
  const root = document.documentElement;
  return {items: out, scrollWidth: root.scrollWidth, width: root.clientWidth};
})()
"""


@dataclass(frozen=True)
class TextProblem:
    text: str
    problem: str


def problems_in(audit: dict[str, Any]) -> list[TextProblem]:
    """The contrast, size and overflow rules applied to what AUDIT_JS measured."""
    found: list[TextProblem] = []
    for item in audit["items"]:
        large = item["px"] >= 24 or (item["px"] >= 18.66 and item["weight"] >= 700)
        needed = LARGE_CONTRAST if large else BODY_CONTRAST
        if item["ratio"] + 1e-6 < needed:
            found.append(TextProblem(item["text"], f"contrast {item['ratio']:.2f}:1 < {needed}:1"))
        if item["px"] < MIN_TEXT_PX:
            found.append(TextProblem(item["text"], f"text {item['px']:.1f}px < {MIN_TEXT_PX}px"))
        if item["right"] > audit["width"] + 0.5:
            found.append(TextProblem(item["text"], "runs off the right edge"))
    if audit["scrollWidth"] > audit["width"]:
        found.append(TextProblem("", f"page scrolls sideways ({audit['scrollWidth']} > {audit['width']})"))
    return found


def phone_tokens(tmp_dir: Path, context: ServerContext) -> dict[str, str]:
    """A kiosk's morning sent to the server: tokens of a waiting, a called and a served ticket."""
    db = open_database(tmp_dir / "phone-kiosk")
    rules = rules_from_settings(Settings())
    issued = [tickets.issue(db, rules, "A", now=OPEN_MONDAY + timedelta(minutes=i)) for i in range(4)]
    tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=5))
    tickets.call_next(db, rules, "1", now=OPEN_MONDAY + timedelta(minutes=15))
    items = [dict(item) for item in outbox.pending_batch(db, limit=100)]
    db.conn.close()
    device, _ = enroll_device(context, name="北村")
    with context.session_factory() as session:
        ingest_batch(session, device=device, items=as_models(items), opener=context.opener,
                     zone=context.zone, now=context.clock())
        session.commit()
    tokens = [i.ticket.token for i in issued]
    return {"waiting": tokens[3], "called": tokens[1], "served": tokens[0], "unknown": "x" * 22}


@contextmanager
def phone_site(tmp_dir: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The real server on loopback at 10:16 on the kiosk's day, with its tickets."""
    clock = FakeClock()
    clock.now = OPEN_MONDAY + timedelta(minutes=16)
    app = create_app(ServerSettings(data_dir=tmp_dir / "server", argon2_time_cost=1,
                                    argon2_memory_kib=1024), clock=clock)
    with serving(app) as url:
        yield url, phone_tokens(tmp_dir, app.state.context)


@contextmanager
def phone_browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        raise RuntimeError("Chromium is not installed (packaging/setup-dev.sh installs it)")
    browser = Browser(executable, width=PHONE[0], height=PHONE[1])
    try:
        browser.open_page()
        browser.call("Emulation.setDeviceMetricsOverride", width=PHONE[0], height=PHONE[1],
                     deviceScaleFactor=2, mobile=True)
        yield browser
    finally:
        browser.close()


def open_ticket(browser: Browser, url: str) -> dict[str, Any]:
    """Loads a page, waits for its fonts, and returns AUDIT_JS's measurements."""
    browser.navigate(url)
    browser.wait_for("document.readyState === 'complete' && document.getElementById('state') !== null")
    browser.evaluate("document.fonts.ready.then(() => true)")
    audit: dict[str, Any] = browser.evaluate(AUDIT_JS)
    return audit


def screenshot(browser: Browser, path: Path) -> None:
    shot = browser.call("Page.captureScreenshot", format="png")
    path.write_bytes(base64.b64decode(shot["data"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screens"))
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    with tempfile.TemporaryDirectory() as tmp, phone_site(Path(tmp)) as (url, tokens), \
            phone_browser() as browser:
        for state in ("waiting", "called"):
            problems = problems_in(open_ticket(browser, f"{url}/q/{tokens[state]}"))
            for problem in problems:
                print(f"{state}: {problem.problem}: {problem.text}", file=sys.stderr)
            failed = failed or bool(problems)
            screenshot(browser, out / f"queue-phone-{state}.png")
            print(out / f"queue-phone-{state}.png")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
