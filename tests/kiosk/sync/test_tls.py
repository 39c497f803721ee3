"""HTTPS to a server whose certificate a private CA signed: trusted only with [sync] ca_bundle."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sync_server import LiveServer, start_server

from kiosk.sync import outbox
from kiosk.sync.client import SyncClient, TransientError, enroll
from kiosk.sync.enrollment import save_enrollment


def _write_ca_and_server_cert(folder: Path) -> tuple[Path, Path, Path]:
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "LawPost test intranet CA")])
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem, cert_pem, key_pem = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return ca_pem, cert_pem, key_pem


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Path]]:
    folder = tmp_path_factory.mktemp("tls")
    ca_pem, cert_pem, key_pem = _write_ca_and_server_cert(folder)
    server = start_server(folder / "server", tls=(cert_pem, key_pem))
    yield server, ca_pem
    server.stop()


def test_https_with_the_private_ca_works(
    kiosk_db: sqlite_utils.Database, tls_server: tuple[LiveServer, Path]
) -> None:
    server, ca_pem = tls_server
    assert server.url.startswith("https://")
    answer = enroll(server_url=server.url, code=server.new_code(), kiosk_name="k",
                    app_version="0", ca_bundle=str(ca_pem))
    enrollment = save_enrollment(kiosk_db, server_url=server.url, kiosk_name="k", answer=answer)
    with kiosk_db.atomic():
        outbox.enqueue(kiosk_db, kind="submission", payload={"name": "赵六"}, personal=True)
    client = SyncClient(server_url=server.url, token=enrollment.device_token,
                        ca_bundle=str(ca_pem))
    try:
        (result,) = client.ingest(outbox.pending_batch(kiosk_db, limit=5))
    finally:
        client.close()
    assert result["status"] == "created"


def test_untrusted_certificate_is_a_sentence_and_transient(
    tls_server: tuple[LiveServer, Path],
) -> None:
    server, _ca_pem = tls_server
    with pytest.raises(TransientError, match="服务器证书无法验证"):
        enroll(server_url=server.url, code=server.new_code(), kiosk_name="k", app_version="0")
