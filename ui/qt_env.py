"""Process-wide Qt settings that must be in place before the QGuiApplication exists."""

from __future__ import annotations

import os


def prepare_qt_environment(*, offscreen: bool = False) -> None:
    # The Qt Virtual Keyboard is an input method plugin; it is chosen by environment only.
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    # The Basic style is the one Qt Quick Controls style with no platform look to fight.
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
