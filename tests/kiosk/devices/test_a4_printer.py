"""A4 printing: the real CUPS path, printed to the cups-pdf virtual printer and read back with
pdftotext; printer problems become sentences with what to do next."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.devices.a4_printer import (
    JAMMED,
    NO_PAPER,
    NO_PRINTER,
    STOPPED,
    CupsPrinter,
    FakePrinter,
    PrintError,
    problem_from_lpstat,
)
from kiosk.forms.catalog import catalog_from_pack
from kiosk.forms.check import check_answers
from kiosk.forms.render import DocumentRenderer
from tests.kiosk.forms.answers import TODAY, answers

QUEUE = "LawPostTestPDF"
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")


def _cups_running() -> bool:
    return subprocess.run(["lpstat", "-r"], capture_output=True, text=True, check=False).stdout.startswith(
        "scheduler is running"
    )


@pytest.fixture(scope="module")
def cups_pdf_queue() -> Iterator[Path]:
    """A cups-pdf queue on this machine's CUPS (started here if it is not running); yields the
    folder cups-pdf writes this user's jobs to."""
    if not (shutil.which("cupsd") and shutil.which("lp") and CUPS_PDF_PPD.is_file()):
        pytest.fail(
            "CUPS and cups-pdf are missing: run packaging/setup-dev.sh (apt: cups printer-driver-cups-pdf)"
        )
    started: subprocess.Popen[bytes] | None = None
    if not _cups_running():
        if os.geteuid() != 0:
            pytest.skip("cupsd is not running and only root can start it")
        # In the foreground under this process, so the fixture can stop exactly the one it started.
        started = subprocess.Popen(["cupsd", "-f"])
        for _ in range(50):
            if _cups_running():
                break
            time.sleep(0.1)
    # cups-pdf re-distils the job with Ghostscript; with the default PDF→PostScript step the CJK
    # text of the result is no longer extractable, with pdftocairo it is (except some digits).
    # The paper is the same either way; this only lets the test read back what was printed.
    subprocess.run(["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-P", str(CUPS_PDF_PPD),
                    "-o", "pdftops-renderer-default=pdftocair"
                          "o"], capture_output=True, check=True)  # fmt: skip
    yield Path.home() / "PDF"
    subprocess.run(["lpadmin", "-x", QUEUE], capture_output=True, check=False)
    if started is not None:
        started.terminate()
        started.wait(timeout=10)


def test_a_form_printed_through_cups_comes_out_as_the_document(cups_pdf_queue: Path) -> None:
    catalog = catalog_from_pack(DEFAULT_PACK_DIR)
    renderer = DocumentRenderer(regions=catalog.regions)
    definition = catalog.get("legal_aid")
    assert definition is not None
    result = check_answers(definition, answers("legal_aid"), today=TODAY, regions=catalog.regions)
    title = f"lawpost-test-{uuid.uuid4().hex[:8]}"
    printer = CupsPrinter(QUEUE, timeout_s=60)
    assert printer.status().ready
    job = printer.print_pdf(renderer.render(definition, result, today=TODAY), title=title)
    assert job.startswith(QUEUE)
    outputs: list[Path] = []
    for _ in range(100):
        outputs = sorted(cups_pdf_queue.glob(f"{title}*.pdf"))
        if outputs:
            break
        time.sleep(0.1)
    assert outputs, f"cups-pdf wrote nothing for {title} in {cups_pdf_queue}"
    try:
        text = subprocess.run(
            ["pdftotext", str(outputs[0]), "-"], capture_output=True, text=True, check=True
        ).stdout
        for part in (
            "法律援助申请表",
            "王小明",
            "河南省周口市郸城县汲冢镇王庄村",
            "讨要工资、确认劳动关系",
            # The pledge on page 2. Its heading "四、申请人承诺" comes out of cups-pdf's Ghostscript
            # pass with control characters in place of some glyphs (as digits do); the pledge's
            # own sentence keeps them.
            "个人诚信承诺",
        ):
            assert part in text, part
        info = subprocess.run(["pdfinfo", str(outputs[0])], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info
    finally:
        for path in outputs:
            path.unlink()  # a visitor's document must not stay on disk


def test_a_missing_or_stopped_queue_is_a_sentence_with_a_next_step(cups_pdf_queue: Path) -> None:
    missing = CupsPrinter("NoSuchLawPostPrinter")
    assert missing.status() == missing.status() and missing.status().problem == NO_PRINTER
    with pytest.raises(PrintError) as raised:
        missing.print_pdf(b"%PDF-1.4", title="x")
    assert raised.value.message == NO_PRINTER and "工作人员" in raised.value.message.zh
    subprocess.run(["cupsdisable", QUEUE], check=True)
    try:
        state = CupsPrinter(QUEUE).status()
        assert not state.ready and state.problem == STOPPED
    finally:
        subprocess.run(["cupsenable", QUEUE], check=True)


@pytest.mark.parametrize(
    ("lpstat", "problem"),
    [
        ("printer HP is idle.  enabled since ...\n\tAlerts: media-empty-error media-empty-warning", NO_PAPER),
        ("printer HP is idle.  enabled since ...\n\tAlerts: media-jam-error", JAMMED),
        ("printer HP disabled since Mon ...\n\tPaused", STOPPED),
        ("printer HP is idle.  enabled since ...\n\tAlerts: none", None),
    ],
)
def test_printer_reasons_become_visitor_sentences(lpstat: str, problem: object) -> None:
    assert problem_from_lpstat(lpstat) == problem


def test_the_fake_printer_keeps_what_it_printed_and_fails_on_request() -> None:
    fake = FakePrinter()
    assert fake.print_pdf(b"%PDF", title="t") == "fake-1" and fake.printed == [("t", b"%PDF")]
    fake.problem = NO_PAPER
    assert not fake.status().ready
    with pytest.raises(PrintError) as raised:
        fake.print_pdf(b"%PDF", title="t")
    assert "没纸" in raised.value.message.zh and "paper" in raised.value.message.en
