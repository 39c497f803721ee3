"""Process-wide Qt settings that must be in place before the QGuiApplication exists."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from ui.process_memory import limit_malloc_arenas, skip_pyside_source_reads

# Set once a process has its own folders, so a second call (shot after shot, a test session) does
# not move Qt's folders under a running application.
_PRIVATE_MARK = "LAWPOST_PRIVATE_QT_DIRS"


def use_private_dirs(root: Path) -> Path:
    """Point Qt's config, data, state and cache folders (XDG) into `root`; empty the config.

    Nothing the kiosk runs may write into the user's home: the Pinyin engine keeps what it learned
    from typing (usr_dict.dat) under the config folder, and kept there it would carry visitors'
    words across sessions; the QML disk cache and Qt's data folders belong with the kiosk's data.
    """
    config = root / "config"
    shutil.rmtree(config, ignore_errors=True)
    config.mkdir(parents=True, mode=0o700)
    for name in ("data", "state", "cache"):
        (root / name).mkdir(parents=True, mode=0o700, exist_ok=True)
    os.environ["XDG_CONFIG_HOME"] = str(config)
    os.environ["XDG_DATA_HOME"] = str(root / "data")
    os.environ["XDG_STATE_HOME"] = str(root / "state")
    os.environ["XDG_CACHE_HOME"] = str(root / "cache")
    os.environ[_PRIVATE_MARK] = str(root)
    return config


def use_private_config_dir(data_dir: Path) -> Path:
    """The kiosk's own Qt folders under its data folder (`runtime/`), config emptied at each start.

    Temporary files go there too (jieba's dictionary cache, rendered speech), emptied at each
    start: a kiosk process writes nowhere but its data folder.
    """
    scratch = data_dir / "runtime" / "tmp"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True, mode=0o700)
    os.environ["TMPDIR"] = str(scratch)
    tempfile.tempdir = None  # gettempdir() caches its first answer; ask again
    return use_private_dirs(data_dir / "runtime")


def use_throwaway_dirs() -> Path:
    """Private Qt folders for a short-lived process (screenshots, audit, tests), removed at exit."""
    existing = os.environ.get(_PRIVATE_MARK)
    if existing and Path(existing).is_dir():
        return Path(existing)
    root = Path(tempfile.mkdtemp(prefix="lawpost-qt-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    use_private_dirs(root)
    return root


def prepare_qt_environment(*, offscreen: bool = False) -> None:
    # Before any thread starts and before the kiosk's imports (docs/benchmarks.md, memory).
    limit_malloc_arenas()
    skip_pyside_source_reads()
    # The Qt Virtual Keyboard is an input method plugin; it is chosen by environment only.
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    # The Basic style is the one Qt Quick Controls style with no platform look to fight.
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
