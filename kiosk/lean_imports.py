"""Import a library without an optional dependency it would load but the kiosk never uses.

Two libraries import something at import time that costs resident memory for as long as the kiosk
runs (months) and that they only need for features the kiosk does not use: jieba imports
setuptools' pkg_resources (~10 MB, ~0.3 s: it scans every installed distribution) only to open its
own data files, falling back to a plain `open`; qrcode imports Pillow (~4 MB) for its styled PIL
drawers, re-exported for backwards compatibility and skipped when Pillow is missing. Making the
import of the dependency fail while the library is imported takes the library's fallback; the
dependency stays importable afterwards for whoever needs it (the ticket printer imports Pillow
when it draws a ticket).
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


def import_without(module: str, *skipped: str) -> ModuleType:
    """`import module` with each of `skipped` made unimportable meanwhile (unless already loaded)."""
    if module in sys.modules:
        return sys.modules[module]
    blocked = [name for name in skipped if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "not importable"
    try:
        return importlib.import_module(module)
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
