"""Take-home benchmark: what a visitor waits for between tapping 发到手机 / 下次再填 and the QR code
or code appearing — sealing, the code's scrypt, the upload to the real server on loopback — and
the ciphertext sizes. Server and client share this machine's cores. Prints a Markdown table."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parents[1] / "tests" / "server")]

from handoff_site import GUIDE_SHEET, form_sample, handoff_site  # noqa: E402

from kiosk.handoff.crypto import PhoneLink, ResumeCode, seal  # noqa: E402
from kiosk.handoff.service import Draft, save_draft, send_to_phone, sheet_document, take_draft  # noqa: E402
from tests.kiosk.forms.answers import answers  # noqa: E402
from tests.kiosk.handoff.pdf_sample import sample_pdf  # noqa: E402

RUNS = 30


def _timed(fn: Callable[[], object], runs: int = RUNS) -> str:
    took = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        took.append(time.perf_counter() - began)
    ordered = sorted(took)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"{statistics.median(ordered) * 1000:.1f} / {p95 * 1000:.1f} ms"


def main() -> int:
    pdf = sample_pdf()
    form = form_sample(pdf)
    guide = sheet_document(GUIDE_SHEET)
    link = PhoneLink.new()
    rows = [
        ("scrypt of one resume code (N=2^15, r=8)", _timed(lambda: ResumeCode.new().derive(), 10)),
        ("AES-GCM seal of a form document (PDF inside)",
         _timed(lambda: seal(repr(form).encode(), key=link.key, context=link.context))),
    ]
    with tempfile.TemporaryDirectory() as tmp, handoff_site(Path(tmp)) as site:
        rows.append(("发到手机, a guide: seal + upload (loopback)",
                     _timed(lambda: send_to_phone(site.store, guide, base_url=site.url, hours=24, views=5))))
        rows.append(("发到手机, a form: seal + upload (loopback)",
                     _timed(lambda: send_to_phone(site.store, form, base_url=site.url, hours=24, views=5))))
        draft = Draft(form_id="legal_aid", answers=answers("legal_aid"), step_id="applicant", saved_at="")
        rows.append(("下次再填: derive + seal + upload",
                     _timed(lambda: save_draft(site.store, draft, days=7), 10)))
        codes = [save_draft(site.store, draft, days=7) for _ in range(10)]
        it = iter(codes)
        rows.append(("继续填写: derive + take + open",
                     _timed(lambda: take_draft(site.store, next(it).digits), 10)))
    print(f"| step | median / p95 ({RUNS} runs; scrypt rows 10) |\n|---|---|")
    for name, figure in rows:
        print(f"| {name} | {figure} |")
    print(f"\nPDF of the sample legal-aid application: {len(pdf):,} bytes; phone link length: "
          f"{len(link.url('https://legal.example.gov.cn/lawpost'))} characters.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
