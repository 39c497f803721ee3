"""Process-wide Qt settings that must be in place before the QGuiApplication exists."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def use_private_config_dir(data_dir: Path) -> Path:
    """Give Qt a configuration folder of the kiosk's own, emptied at every start.

    The Pinyin engine writes what it learned from typing (usr_dict.dat) under the user's config
    folder when the process ends; kept there it would carry visitors' words across sessions.
    """
    folder = data_dir / "runtime" / "config"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    os.environ["XDG_CONFIG_HOME"] = str(folder)
    return folder


def prepare_qt_environment(*, offscreen: bool = False) -> None:
    # The Qt Virtual Keyboard is an input method plugin; it is chosen by environment only.
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    # The Basic style is the one Qt Quick Controls style with no platform look to fight.
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
