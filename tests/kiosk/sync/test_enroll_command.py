"""`lawpost enroll` against the real server: stores the credentials, never prints the token."""

from __future__ import annotations

import argparse
import json
import logging
import os
import stat
from pathlib import Path

import pytest
from sync_server import LiveServer

from kiosk.storage.database import DATABASE_FILE, open_database
from kiosk.sync.enrollment import Secret, load_enrollment
from lawpost.cli import CommandError
from lawpost.commands import enroll as enroll_command


@pytest.fixture(autouse=True)
def _no_data_dir_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAWPOST_DATA", raising=False)
    monkeypatch.delenv("LAWPOST_CONFIG", raising=False)


def _args(tmp_path: Path, **values: object) -> argparse.Namespace:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    defaults: dict[str, object] = {
        "config": str(config), "server": None, "code": "", "name": None, "force": False,
        "json": True,
    }
    return argparse.Namespace(**{**defaults, **values})


def test_enroll_stores_credentials_and_keeps_the_token_secret(
    tmp_path: Path,
    live_server: LiveServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    args = _args(tmp_path, server=live_server.url, code=live_server.new_code(), name="一号机")
    assert enroll_command.run(args) == 0
    printed = json.loads(capsys.readouterr().out)
    db = open_database(tmp_path / "data")
    enrollment = load_enrollment(db)
    db.close()
    assert enrollment is not None
    assert printed["device_id"] == enrollment.device_id
    assert printed["kiosk_name"] == "一号机"
    secret = enrollment.device_token.reveal().split(".", 1)[1]
    assert secret not in json.dumps(printed)
    assert secret not in caplog.text
    assert secret not in repr(enrollment)
    assert len(enrollment.server_public_key) == 32
    mode = stat.S_IMODE((tmp_path / "data" / DATABASE_FILE).stat().st_mode)
    assert mode == 0o600


def test_second_enroll_needs_force(tmp_path: Path, live_server: LiveServer) -> None:
    assert enroll_command.run(_args(tmp_path, server=live_server.url,
                                    code=live_server.new_code())) == 0
    with pytest.raises(CommandError, match="--force"):
        enroll_command.run(_args(tmp_path, server=live_server.url, code=live_server.new_code()))
    assert enroll_command.run(_args(tmp_path, server=live_server.url,
                                    code=live_server.new_code(), force=True)) == 0


def test_bad_code_is_one_sentence(tmp_path: Path, live_server: LiveServer) -> None:
    with pytest.raises(CommandError, match="注册失败：注册码无效"):
        enroll_command.run(_args(tmp_path, server=live_server.url, code="WRONG"))


def test_unreachable_server_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="无法连接服务器"):
        enroll_command.run(_args(tmp_path, server="http://127.0.0.1:9", code="X"))


def test_missing_server_url_is_explained(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--server"):
        enroll_command.run(_args(tmp_path, code="X"))


def test_command_has_help_text() -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    enroll_command.register(subparsers)
    help_text = subparsers.choices["enroll"].format_help()
    assert "one-time" in help_text
    assert "--server" in help_text


def test_secret_never_shows_itself() -> None:
    secret = Secret("dev.very-secret")
    assert "very-secret" not in repr(secret)
    assert "very-secret" not in str(secret)
    assert "very-secret" not in f"{secret}"
    assert secret.reveal() == "dev.very-secret"


def test_lawpost_enroll_end_to_end(tmp_path: Path, live_server: LiveServer) -> None:
    import subprocess
    import sys

    args = _args(tmp_path)
    base = [sys.executable, "-m", "lawpost", "--config", str(args.config), "enroll",
            "--server", live_server.url]
    env = {k: v for k, v in os.environ.items() if k not in ("LAWPOST_DATA", "LAWPOST_CONFIG")}
    bad = subprocess.run([*base, "--code", "WRONG"], capture_output=True, text=True, env=env,
                         check=False)
    assert bad.returncode == 2
    assert "注册码无效" in bad.stderr
    assert "Traceback" not in bad.stderr
    good = subprocess.run([*base, "--code", live_server.new_code(), "--json"],
                          capture_output=True, text=True, env=env, check=False)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["outbox_depth"] == 0
