"""nginx with TLS in front of the real server, on loopback, using packaging/nginx/lawpost.conf: a kiosk
that trusts the county's private CA enrolls and syncs through it; one that does not is refused."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from securesystemslib.signer import CryptoSigner

from kiosk.config import Settings
from kiosk.storage.database import open_database
from kiosk.sync.enroll_kiosk import EnrollFailed, enroll_kiosk
from kiosk.sync.usage import record_event
from kiosk.sync.worker import SyncWorker
from kiosk.updates.repository import init_repository
from lawpost.demo import DemoServer, free_port, start_server
from server.app import build_context
from server.models import UsageEvent
from server.services import enrollment
from server.settings import ServerSettings

REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="nginx not installed (apt-get install nginx-light)"
)


def _openssl(*argv: str) -> None:
    subprocess.run(["openssl", *argv], check=True, capture_output=True, timeout=60)


def make_private_ca(folder: Path, name: str = "ca") -> tuple[Path, Path]:
    """A county CA and a server certificate for localhost signed by it (the deploy.md commands)."""
    ca_key, ca = folder / f"{name}.key", folder / f"{name}.pem"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", f"/CN=LawPost {name}",
             "-keyout", str(ca_key), "-out", str(ca))  # fmt: skip
    return ca_key, ca


def make_server_cert(folder: Path, ca_key: Path, ca: Path) -> tuple[Path, Path]:
    key, csr, crt = folder / "server.key", folder / "server.csr", folder / "server.crt"
    (folder / "san.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", str(key),
             "-out", str(csr))  # fmt: skip
    _openssl("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial",
             "-days", "30", "-extfile", str(folder / "san.cnf"), "-out", str(crt))  # fmt: skip
    return crt, key


def nginx_config(
    folder: Path, *, port: int, upstream: int, crt: Path, key: Path, updates_root: Path | None = None
) -> Path:
    """The shipped site config with this test's port, certificate and upstream, in a minimal main file."""
    site = (REPO / "packaging/nginx/lawpost.conf").read_text()
    site = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", site, count=1, flags=re.S)  # no port 80 here
    site = re.sub(r"\n\s*listen \[::\]:443[^\n]*", "", site)
    site = re.sub(r"listen 443 ssl http2;[^\n]*", f"listen 127.0.0.1:{port} ssl http2;", site)
    site = site.replace("/etc/lawpost/tls/server.crt", str(crt)).replace(
        "/etc/lawpost/tls/server.key", str(key)
    )
    site = site.replace("127.0.0.1:8000", f"127.0.0.1:{upstream}").replace(
        "lawpost.example.gov.cn", "localhost"
    )
    if updates_root is not None:
        site = site.replace("root /var/lib/lawpost;", f"root {updates_root};")
    (folder / "site.conf").write_text(site)
    main = folder / "nginx.conf"
    main.write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\nevents {{}}\nhttp {{\n"
        f"  access_log off;\n  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        f"  fastcgi_temp_path {folder}/fcgi;\n  uwsgi_temp_path {folder}/uwsgi;\n"
        f"  scgi_temp_path {folder}/scgi;\n"
        f"  include {folder}/site.conf;\n}}\n"
    )
    return main


@pytest.fixture
def public_root() -> Iterator[Path]:
    """Where the update repository lives for nginx: outside the server's private (0700) data
    folder and readable by nginx's unprivileged workers, as [server] updates_repo_dir in a
    deployment (/var/lib/lawpost/updates)."""
    folder = Path(tempfile.mkdtemp(prefix="lawpost-public-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def tls_server(tmp_path: Path, public_root: Path) -> Iterator[tuple[str, Path, DemoServer]]:
    ca_key, ca = make_private_ca(tmp_path)
    crt, key = make_server_cert(tmp_path, ca_key, ca)
    server = start_server(tmp_path / "server", port=free_port())
    port = free_port()
    upstream = int(server.url.rsplit(":", 1)[1])
    config = nginx_config(
        tmp_path, port=port, upstream=upstream, crt=crt, key=key, updates_root=public_root
    )
    subprocess.run([NGINX, "-t", "-q", "-c", str(config), "-e", str(tmp_path / "error.log")],
                   check=True, capture_output=True, timeout=30)  # fmt: skip
    errors = str(tmp_path / "error.log")
    nginx = subprocess.Popen([NGINX, "-c", str(config), "-e", errors, "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"https://localhost:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(url + "/healthz", timeout=2, verify=str(ca))
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield url, ca, server
    finally:
        nginx.terminate()
        nginx.wait(timeout=15)
        server.stop()


def _code(server: DemoServer) -> str:
    context = build_context(ServerSettings(data_dir=server.data_dir))
    with context.session_factory() as session:
        code, _ = enrollment.create_code(
            session, created_by="test", ttl=timedelta(hours=1), now=context.clock()
        )
        session.commit()
    context.engine.dispose()
    return code


def test_kiosk_with_the_private_ca_enrolls_and_syncs_through_nginx(
    tls_server: tuple[str, Path, DemoServer], tmp_path: Path
) -> None:
    url, ca, server = tls_server
    assert requests.get(url + "/healthz", timeout=5, verify=str(ca)).json() == {"status": "ok"}
    base = Settings()
    settings = replace(base, sync=replace(base.sync, ca_bundle=str(ca)))
    db = open_database(tmp_path / "kiosk")
    try:
        enroll_kiosk(db, server_url=url, code=_code(server), kiosk_name="TLS 测试机", sync=settings.sync)
        record_event(db, event="search", query="工伤认定")
        worker = SyncWorker(database_path=tmp_path / "kiosk" / "kiosk.db", settings=settings.sync)
        _delay, failing = worker.cycle(db)
        assert not failing
        pending = db.execute("select count(*) from sync_outbox where state = 'pending'").fetchone()[0]
        assert pending == 0
    finally:
        db.conn.close()
    context = build_context(ServerSettings(data_dir=server.data_dir))
    with context.session_factory() as session:
        assert [e.query for e in session.query(UsageEvent)] == ["工伤认定"]
    context.engine.dispose()


def test_kiosk_without_the_ca_or_with_another_is_refused(
    tls_server: tuple[str, Path, DemoServer], tmp_path: Path
) -> None:
    url, _ca, server = tls_server
    _other_key, other_ca = make_private_ca(tmp_path, name="other")
    base = Settings()
    db = open_database(tmp_path / "kiosk")
    try:
        for bundle in ("", str(other_ca)):
            sync = replace(base.sync, ca_bundle=bundle)
            with pytest.raises(EnrollFailed):
                enroll_kiosk(db, server_url=url, code=_code(server), kiosk_name="x", sync=sync)
    finally:
        db.conn.close()


def test_nginx_serves_the_update_repository_from_disk(
    tls_server: tuple[str, Path, DemoServer], public_root: Path
) -> None:
    """The shipped /updates/ location: the files the server wrote, with the server's cache rules,
    read-only, no half-written files — and still there with the application server stopped."""
    url, ca, server = tls_server
    online = CryptoSigner.generate_ed25519()
    offline = CryptoSigner.generate_ed25519()
    repo = init_repository(
        public_root / "updates", root_signers=[offline], targets_signer=offline,
        publisher_keys=[offline.public_key], online=online,
    )  # fmt: skip
    blob = repo.path / "blobs" / "ab" / ("ab" + "0" * 62)
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob.write_bytes(b"chunk")
    (repo.metadata_dir / ".2.snapshot.json.tmp").write_bytes(b"half")
    server.stop()  # nginx alone from here on
    timestamp = requests.get(f"{url}/updates/metadata/timestamp.json", timeout=5, verify=str(ca))
    assert timestamp.status_code == 200
    assert timestamp.content == (repo.metadata_dir / "timestamp.json").read_bytes()
    assert timestamp.headers["Cache-Control"] == "public, max-age=60"
    served = requests.get(f"{url}/updates/blobs/ab/{blob.name}", timeout=5, verify=str(ca))
    assert served.content == b"chunk"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Strict-Transport-Security" in served.headers
    ranged = requests.get(f"{url}/updates/blobs/ab/{blob.name}", headers={"Range": "bytes=2-"}, timeout=5,
                          verify=str(ca))  # fmt: skip
    assert (ranged.status_code, ranged.content) == (206, b"unk")  # an interrupted download resumes
    for path in ("metadata/.2.snapshot.json.tmp", "metadata/"):
        assert requests.get(f"{url}/updates/{path}", timeout=5, verify=str(ca)).status_code in (403, 404)
    put = requests.put(f"{url}/updates/blobs/ab/{blob.name}", data=b"x", timeout=5, verify=str(ca))
    assert put.status_code in (403, 405)
