"""Addresses of content for the visitor's phone (QR codes); no heavy imports, the UI uses it."""

from __future__ import annotations

from urllib.parse import quote


def guide_url(base_url: str, guide_id: str) -> str:
    """The address printed as a QR code so a visitor can reopen a guide on their phone."""
    return f"{base_url.rstrip('/')}/guides/{quote(guide_id, safe='')}"
