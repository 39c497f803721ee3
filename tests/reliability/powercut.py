"""Power cuts for tests: mount lazyfs, cut (SIGKILL the filesystem, then its writers), mount again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAZYFS = HERE / "lazyfs.py"


def fuse_unavailable_reason() -> str | None:
    """Why a FUSE mount cannot be made here, or None when it can."""
    if not Path("/dev/fuse").exists():
        return "no /dev/fuse on this machine (power-cut tests need FUSE)"
    if os.geteuid() != 0:
        return "power-cut tests mount a FUSE filesystem and run as root (as CI does)"
    if shutil.which("fusermount3") is None:
        return "fuse3 is not installed (packaging/setup-dev.sh installs it)"
    try:
        import mfusepy  # noqa: F401  (loads libfuse3 at import)
    except (ImportError, OSError) as exc:
        return f"mfusepy/libfuse3 cannot be loaded: {exc}"
    return None


class LazyMount:
    """One lazyfs mount: what was fsync'ed lives in `backing`, the rest in the daemon's memory."""

    def __init__(self, *, backing: Path, mountpoint: Path, log: Path) -> None:
        self.backing = backing
        self.mountpoint = mountpoint
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        backing.mkdir(parents=True, exist_ok=True)
        mountpoint.mkdir(parents=True, exist_ok=True)

    def mount(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(LAZYFS), str(self.backing), str(self.mountpoint)],
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 30
        while not os.path.ismount(self.mountpoint):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"lazyfs did not mount: {self.log.read_text()[-2000:]}")
            time.sleep(0.02)

    def cut(self, *writers: subprocess.Popen[bytes]) -> None:
        """The power goes: the filesystem dies first (nothing more reaches the disk), then the
        processes that were writing, then the dead mount is detached."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None
        for writer in writers:
            if writer.poll() is None:
                writer.send_signal(signal.SIGKILL)
            writer.wait()
        subprocess.run(["umount", "-l", str(self.mountpoint)], check=False, capture_output=True)

    def unmount(self) -> None:
        """A clean shutdown (the daemon exits when the mount goes)."""
        if self.process is None:
            return
        subprocess.run(["umount", "-l", str(self.mountpoint)], check=False, capture_output=True)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
