"""Test set-up shared by every test: Qt offscreen before any QGuiApplication exists."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")

# Every test process gets Qt folders of its own, fresh and empty, as `lawpost run` gives the kiosk:
# nothing a test does may depend on, or write into, the user's real config, data or cache folders
# (the Pinyin engine's first run on a machine behaves differently from every later one).
from ui.qt_env import use_throwaway_dirs

use_throwaway_dirs()

# The host key that seals the device token (kiosk/security/token_vault.py) lives outside the data
# folder, by default in /etc/lawpost: tests (and their child processes) get a private one.
if not os.environ.get("LAWPOST_HOST_KEY_FILE"):
    import atexit
    import shutil
    import tempfile

    _key_dir = tempfile.mkdtemp(prefix="lawpost-hostkey-")
    atexit.register(shutil.rmtree, _key_dir, ignore_errors=True)
    os.environ["LAWPOST_HOST_KEY_FILE"] = os.path.join(_key_dir, "host.key")
