"""Shared set-up of the search tests: guides written inline for tiny packs (the word segmenter is
the session fixture of tests/kiosk/conftest.py)."""

from __future__ import annotations

from kiosk.search.documents import Document


def guide_document(doc_id: str, title: str, keywords: str, body: str, asked: str = "") -> Document:
    """A guide as the pack builder indexes it: its title, keywords, body and how visitors ask."""
    return Document(kind="guide", doc_id=doc_id, title=title, index_title=title, keywords=keywords,
                    body=body, text=body, asked=asked)  # fmt: skip
