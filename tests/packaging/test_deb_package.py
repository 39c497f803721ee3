"""`make package` end to end, as root on this machine: build, install, start the server (its unit's
commands as the lawpost user), check /healthz and `lawpost run --check`, upgrade to a rebuilt
package (data, configuration and keys kept), remove (data kept), purge (all gone)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
APT = ["apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=600", "--no-install-recommends"]
SERVER_ENV = ["env", "LAWPOST_CONFIG=/etc/lawpost/server.toml", "LAWPOST_DATA=/var/lib/lawpost"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="installs a Debian package: needs root (CI runs as root)"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="not a Debian system"),
]


def _run(*argv: str, timeout: float = 900) -> str:
    answer = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    assert answer.returncode == 0, f"{' '.join(argv)}: {answer.stdout[-1500:]}{answer.stderr[-1500:]}"
    return answer.stdout


def _build(out: Path, *, version: str, reuse: str | None = None) -> tuple[Path, str]:
    argv = ["bash", str(REPO / "packaging/deb/build.sh"), "--out", str(out), "--version", version]
    answer = subprocess.run([*argv, *(["--reuse", reuse] if reuse else [])], capture_output=True,
                            text=True, timeout=1200, check=False)  # fmt: skip
    assert answer.returncode == 0, answer.stderr[-2000:]
    stage = re.search(r"stage: (\S+)", answer.stderr)
    assert stage is not None
    return Path(answer.stdout.strip().splitlines()[-1]), stage.group(1)


def _installed_version() -> str:
    answer = subprocess.run(["dpkg-query", "-W", "-f=${Status} ${Version}", "lawpost"],
                            capture_output=True, text=True, check=False)  # fmt: skip
    return answer.stdout.split()[-1] if "install ok installed" in answer.stdout else ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def clean_machine(tmp_path: Path) -> Iterator[Path]:
    if _installed_version() or Path("/var/lib/lawpost").exists():
        pytest.skip("lawpost is already installed here (or its data is): not touching it")
    yield tmp_path
    if _installed_version() or Path("/var/lib/lawpost").exists():
        subprocess.run([*APT, "purge", "lawpost"], capture_output=True, timeout=600, check=False)


def _serve(port: int) -> subprocess.Popen[bytes]:
    """What lawpost-server.service runs (no systemd in a CI container): migrate, then workers."""
    _run("runuser", "-u", "lawpost", "--", *SERVER_ENV, "/opt/lawpost/venv/bin/python", "-m", "lawpost.asgi",
         "--migrate")  # fmt: skip
    server = subprocess.Popen(
        ["runuser", "-u", "lawpost", "--", *SERVER_ENV, "/opt/lawpost/venv/bin/uvicorn", "--factory",
         "lawpost.asgi:create_app", "--workers", "2", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json() == {"status": "ok"}:
                return server
        except requests.RequestException:
            time.sleep(0.5)
    os.killpg(server.pid, 15)
    raise AssertionError("the installed server never answered /healthz")


def _stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, 15)
    server.wait(timeout=30)


def test_build_install_check_upgrade_remove_purge(clean_machine: Path) -> None:
    deb, stage = _build(clean_machine / "v1", version="0.1.0~test1")
    try:
        _run(*APT, "install", str(deb))
        assert _installed_version() == "0.1.0~test1"
        assert not Path("/opt/lawpost/venv/bin/pip").exists(), "no pip on the target"
        assert Path("/etc/lawpost/kiosk.toml").exists() and Path("/var/lib/lawpost/server").is_dir()

        port = _free_port()
        server = _serve(port)
        try:
            key = Path("/var/lib/lawpost/server/server_private.key").read_bytes()
            check = subprocess.run(["runuser", "-u", "lawpost", "--", "lawpost", "run", "--check", "--json"],
                                   capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
            report = json.loads(check.stdout)
            assert check.returncode == 0, report
            assert report["checks"]["search"]["result"] == "ok"
        finally:
            _stop(server)

        # What a technician changed must survive the upgrade.
        config = Path("/etc/lawpost/kiosk.toml")
        config.write_text(config.read_text() + "\n# 清河镇 local change\n")
        rebuilt, _ = _build(clean_machine / "v2", version="0.1.0~test2", reuse=stage)
        _run(*APT, "install", str(rebuilt))
        assert _installed_version() == "0.1.0~test2"
        assert "清河镇 local change" in config.read_text()
        assert Path("/var/lib/lawpost/server/server_private.key").read_bytes() == key
        server = _serve(port)
        _stop(server)

        _run(*APT, "remove", "lawpost")
        assert not Path("/opt/lawpost/venv").exists()
        assert Path("/var/lib/lawpost/server/server_private.key").read_bytes() == key, "remove keeps data"
        assert config.exists(), "remove keeps configuration"
        _run(*APT, "purge", "lawpost")
        assert not Path("/var/lib/lawpost").exists() and not Path("/etc/lawpost").exists()
        assert subprocess.run(["getent", "passwd", "lawpost"], check=False).returncode != 0
    finally:
        shutil.rmtree(stage, ignore_errors=True)
