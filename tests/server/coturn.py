"""A throwaway coturn on loopback with the TURN REST shared secret (tests and the benchmark)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_turnserver() -> str | None:
    return shutil.which("turnserver")


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Coturn(str):
    """The TURN URL, and the process (to freeze it: a network outage on the relayed path)."""

    process: subprocess.Popen[bytes]


@contextmanager
def running_coturn(secret: str) -> Iterator[Coturn]:
    """Yields the TURN URL; coturn checks credentials made from `secret` (use-auth-secret)."""
    executable = find_turnserver()
    if executable is None:
        raise RuntimeError("coturn is not installed (packaging/setup-dev.sh installs it)")
    port = _free_udp_port()
    folder = Path(tempfile.mkdtemp(prefix="lawpost-coturn-"))
    config = folder / "turnserver.conf"
    config.write_text(
        "\n".join(
            [
                f"listening-port={port}",
                "listening-ip=127.0.0.1",
                "relay-ip=127.0.0.1",
                "min-port=49160",
                "max-port=49400",
                "use-auth-secret",
                f"static-auth-secret={secret}",
                "realm=lawpost.test",
                "fingerprint",
                "no-tls",
                "no-dtls",
                "no-cli",
                # Both ends are on this machine: let the relay reach loopback peers (never in production).
                "allow-loopback-peers",
                "no-software-attribute",
                f"pidfile={folder / 'turnserver.pid'}",
                f"log-file={folder / 'turn.log'}",
                "simple-log",
            ]
        )
        + "\n"
    )
    process = subprocess.Popen(
        [executable, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(0.5)
        if process.poll() is not None:
            raise RuntimeError("coturn did not start")
        url = Coturn(f"turn:127.0.0.1:{port}?transport=udp")
        url.process = process
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        shutil.rmtree(folder, ignore_errors=True)
