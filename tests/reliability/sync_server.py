"""The real central server (server.app.create_app) on a loopback port in a child process."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from server.app import build_context
from server.context import ServerContext
from server.services import devices, enrollment
from server.settings import ServerSettings

REPO = Path(__file__).resolve().parents[2]


@dataclass
class LiveServer:
    """A running server process plus a context on the same database for admin actions."""

    data_dir: Path
    port: int
    process: subprocess.Popen[bytes]
    context: ServerContext
    scheme: str = "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "server.db"

    def new_code(self, *, ttl: timedelta = timedelta(hours=1)) -> str:
        """A one-time enrollment code, as an administrator would make in the console."""
        with self.context.session_factory() as session:
            code, _row = enrollment.create_code(
                session, created_by="test-admin", ttl=ttl, now=datetime.now(UTC)
            )
            session.commit()
        return code

    def revoke(self, device_id: str) -> None:
        with self.context.session_factory() as session:
            devices.revoke(session, device_id=device_id, by="test-admin", now=datetime.now(UTC))
            session.commit()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.context.engine.dispose()


def start_server(
    data_dir: Path, *, tls: tuple[Path, Path] | None = None, **overrides: object
) -> LiveServer:
    """Migrate the database and create the keypair here, then serve it from a child process.

    `tls` = (certificate PEM, key PEM) serves HTTPS instead of HTTP.
    """
    # These runs push months of one kiosk's sealed items through in minutes: the server's hourly
    # inbox limit per kiosk (a defence against a compromised kiosk) would hold most of them back.
    overrides.setdefault("max_inbox_items_per_device_hour", 10**9)
    settings = ServerSettings(data_dir=data_dir).with_overrides(**overrides)
    context = build_context(settings)
    port_file = data_dir / "port"
    port_file.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open(data_dir / "server.stderr", "ab") as stderr:  # the child keeps its own copy
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__)), "--data-dir", str(data_dir), "--port-file",
             str(port_file), "--heartbeat-interval-s", str(settings.heartbeat_interval_s),
             "--max-inbox-per-hour", str(settings.max_inbox_items_per_device_hour),
             *(["--certfile", str(tls[0]), "--keyfile", str(tls[1])] if tls else [])],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    deadline = time.monotonic() + 60
    while not port_file.exists() or not port_file.read_text().strip():
        if process.poll() is not None or time.monotonic() > deadline:
            context.engine.dispose()
            log = (data_dir / "server.stderr").read_text(errors="replace")
            raise RuntimeError(f"server did not start: {log[-2000:]}")
        time.sleep(0.05)
    port = int(port_file.read_text())
    server = LiveServer(data_dir=data_dir, port=port, process=process, context=context,
                        scheme="https" if tls else "http")
    _wait_until_listening(server)
    return server


def _wait_until_listening(server: LiveServer) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server port never accepted a connection")


def _serve(argv: list[str]) -> None:
    import uvicorn

    from server.app import create_app

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--heartbeat-interval-s", type=int, default=30)
    parser.add_argument("--max-inbox-per-hour", type=int, default=10**9)
    parser.add_argument("--certfile")
    parser.add_argument("--keyfile")
    args = parser.parse_args(argv)
    settings = ServerSettings(
        data_dir=Path(args.data_dir), heartbeat_interval_s=args.heartbeat_interval_s,
        max_inbox_items_per_device_hour=args.max_inbox_per_hour,
    )
    app = create_app(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False,
                            ssl_certfile=args.certfile, ssl_keyfile=args.keyfile)
    tmp = Path(args.port_file).with_suffix(".tmp")
    tmp.write_text(str(port))
    tmp.rename(args.port_file)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    _serve(sys.argv[1:])
