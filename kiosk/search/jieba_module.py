"""jieba, imported without setuptools' pkg_resources (~10 MB resident, ~0.3 s) that it never needs
here (kiosk/lean_imports.py). Modules of the kiosk import jieba from here."""

from __future__ import annotations

from kiosk.lean_imports import import_without

jieba = import_without("jieba", "pkg_resources")

__all__ = ["jieba"]
