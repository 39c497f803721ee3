"""`lawpost server` actions: create-admin / create-user and create-enrollment-code."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from lawpost.cli import main
from server.app import build_context
from server.models import AuditEntry, EnrollmentCode, User
from server.services import enrollment
from server.settings import ServerSettings


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_create_admin_then_a_code_that_enrolls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "srv"
    assert (
        _run(
            ["server", "--data", str(data), "create-admin", "--username", "root_admin", "--password-stdin"],
            monkeypatch,
            "Strong-Pass-2026\n",
        )
        == 0
    )
    assert (
        _run(
            [
                "server",
                "create-enrollment-code",
                "--data",
                str(data),
                "--hours",
                "2",
                "--json",
                "--note",
                "东村",
            ],
            monkeypatch,
        )
        == 0
    )
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    context = build_context(ServerSettings(data_dir=data))
    try:
        with context.session_factory() as session:
            admin = session.scalars(select(User)).one()
            assert (admin.username, admin.role) == ("root_admin", "admin")
            assert session.scalars(select(EnrollmentCode)).one().note == "东村"
            enrolled = enrollment.enroll(
                session, code=printed["code"], kiosk_name="k", app_version="1", now=context.clock()
            )
            assert enrolled.device.name == "k"
    finally:
        context.engine.dispose()
    key = data / "server_private.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_a_weak_password_is_a_sentence_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(
        [
            "server",
            "--data",
            str(tmp_path),
            "create-user",
            "--username",
            "clerk",
            "--role",
            "staff",
            "--password-stdin",
        ],
        monkeypatch,
        "short\n",
    )
    assert code == 2
    assert "至少 10 个字符" in capsys.readouterr().err


def test_an_unreachable_database_is_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(
        [
            "server",
            "--data",
            str(tmp_path),
            "--db",
            "postgresql+psycopg2://nobody:pw@127.0.0.1:1/none",
            "create-enrollment-code",
        ],
        monkeypatch,
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "无法打开服务器数据库" in err
    assert "pw@" not in err


def test_a_loose_private_key_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["server", "--data", str(tmp_path), "create-enrollment-code"], monkeypatch) == 0
    (tmp_path / "server_private.key").chmod(0o644)
    assert _run(["server", "--data", str(tmp_path), "create-enrollment-code"], monkeypatch) == 2
    assert "chmod 600" in capsys.readouterr().err


def test_an_unknown_time_zone_is_a_sentence_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "lawpost.toml"
    config.write_text('[server]\nstats_time_zone = "Mars/Olympus"\n', encoding="utf-8")
    data = tmp_path / "srv"
    code = _run(
        ["--config", str(config), "server", "--data", str(data), "create-enrollment-code"], monkeypatch
    )
    assert code == 2
    assert "Mars/Olympus" in capsys.readouterr().err
    assert not data.exists()


def test_purge_reports_how_many_and_audits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["server", "--data", str(tmp_path), "purge", "--json"], monkeypatch) == 0
    assert json.loads(capsys.readouterr().out) == {
        "purged": 0, "days": 180, "expired_handoffs": 0, "video_notes": 0
    }
    assert _run(["server", "--data", str(tmp_path), "purge", "--days", "0"], monkeypatch) == 2
    context = build_context(ServerSettings(data_dir=tmp_path))
    try:
        with context.session_factory() as session:
            actions = list(session.scalars(select(AuditEntry.action)))
        assert actions == ["submission.purge"]
    finally:
        context.engine.dispose()


def test_each_worker_builds_the_app_from_the_same_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from server.app import SETTINGS_ENV, app_from_environment, settings_to_json

    settings = ServerSettings(
        data_dir=tmp_path / "server", trusted_proxies=("10.0.0.0/8",), public_origin="https://x.example"
    )
    monkeypatch.setenv(SETTINGS_ENV, settings_to_json(settings))
    app = app_from_environment()
    try:
        assert app.state.context.settings == settings
    finally:
        app.state.context.engine.dispose()


def test_server_limits_come_from_the_settings_file(tmp_path: Path) -> None:
    import argparse

    from lawpost.commands.server import server_settings

    config = tmp_path / "lawpost.toml"
    config.write_text(
        "[server]\nretention_days = 90\n[server.limits]\n"
        "password_check_niceness = 10\nfleet_page_max_age_s = 2\ndisk_alert_percent = 90\n",
        encoding="utf-8",
    )
    settings = server_settings(argparse.Namespace(config=str(config), data=str(tmp_path / "srv"), db=None))
    assert settings.password_check_niceness == 10
    assert settings.fleet_page_max_age_s == 2.0 and isinstance(settings.fleet_page_max_age_s, float)
    assert settings.disk_alert_percent == 90
    assert settings.retention_days == 90
    # Everything not named keeps its default.
    default = ServerSettings(data_dir=tmp_path)
    assert settings.max_parallel_password_checks == default.max_parallel_password_checks


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("passwrod_check_niceness = 10", "passwrod_check_niceness"),
        ('password_check_niceness = "low"', "must be int"),
        ("max_login_failures = -1", "negative"),
        ('ice_transport_policy = "relay"', "not a server limit"),
        ('database_url = "sqlite:////tmp/other.db"', "set it in [server] itself"),
        ('allowed_hosts = ["a"]', "set it in [server] itself"),
        ("retention_days = 30", "set it in [server] itself"),
    ],
)
def test_a_wrong_server_limit_is_a_sentence_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], line: str, words: str
) -> None:
    config = tmp_path / "lawpost.toml"
    config.write_text(f"[server.limits]\n{line}\n", encoding="utf-8")
    data = tmp_path / "srv"
    argv = ["--config", str(config), "server", "--data", str(data), "create-enrollment-code"]
    assert _run(argv, monkeypatch) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not data.exists()
