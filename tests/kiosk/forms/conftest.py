"""Fixtures: the forms of the committed default pack, one renderer, and pdftotext of a PDF."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.forms.catalog import FormCatalog, catalog_from_pack
from kiosk.forms.render import DocumentRenderer


@pytest.fixture(scope="session")
def catalog() -> FormCatalog:
    return catalog_from_pack(DEFAULT_PACK_DIR)


@pytest.fixture(scope="session")
def renderer(catalog: FormCatalog) -> DocumentRenderer:
    return DocumentRenderer(regions=catalog.regions)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """What a reader of the PDF gets: pdftotext (poppler-utils), whitespace removed so that text
    wrapped across table lines still reads as one string."""
    assert shutil.which("pdftotext"), "pdftotext missing: apt-get install poppler-utils"
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return "".join(out.stdout.decode("utf-8").split())


@pytest.fixture
def read_pdf(tmp_path: Path) -> Callable[[bytes], str]:
    return lambda pdf: pdf_text(pdf, tmp_path)
