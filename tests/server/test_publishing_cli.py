"""`lawpost pack publish` and `lawpost server create-publisher-token` against the real server:
what a technician reads when something is wrong, and a pre-signed bundle uploaded by token."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path

import pytest
from live_server import serving
from publishing_helpers import make_bundle, make_keys, make_pack, set_up_repository
from server_helpers import ADMIN_PASSWORD, FakeClock, create_user

from kiosk.updates.repository import Repository
from lawpost.cli import main as lawpost
from lawpost.publish import PublishSession
from server.app import create_app
from server.services import channels, publishers
from server.settings import ServerSettings


def test_publish_by_token_and_the_sentences_of_refusal(
    sqlite_settings: ServerSettings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keys = make_keys(tmp_path / "keys")
    set_up_repository(sqlite_settings, keys)
    app = create_app(sqlite_settings)
    create_user(app.state.context, username="clerk", role="staff")
    create_user(app.state.context, username="tech", role="technician")
    pack = make_pack(tmp_path / "pack", version=40)
    bundle = make_bundle(pack, tmp_path / "bundle", keys=keys, current=None)
    assert (
        lawpost(["server", "create-publisher-token", "--data", str(sqlite_settings.data_dir), "--name", "ci"])
        == 0
    )
    token = capsys.readouterr().out.strip()
    assert token.startswith("lpp_")
    with serving(app) as url:
        publish = ["pack", "publish", "--server", url]
        assert lawpost([*publish, str(pack), "--token", token]) == 2
        assert "not a signed bundle: give --key" in capsys.readouterr().err
        assert lawpost([*publish, str(bundle)]) == 2
        assert "a token or a console login is needed" in capsys.readouterr().err
        monkeypatch.setenv("LAWPOST_CONSOLE_PASSWORD", "wrong-password-1")
        assert lawpost([*publish, str(bundle), "--user", "tech"]) == 2
        assert "console login failed" in capsys.readouterr().err
        monkeypatch.setenv("LAWPOST_CONSOLE_PASSWORD", ADMIN_PASSWORD)
        assert lawpost([*publish, str(bundle), "--user", "clerk"]) == 2
        assert "may not publish" in capsys.readouterr().err
        assert lawpost([*publish, str(bundle), "--token", "lpp_revoked-or-wrong"]) == 2
        assert "HTTP 401" in capsys.readouterr().err
        assert lawpost([*publish, str(bundle), "--token", token, "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert (result["pack_id"], result["version"], result["channel"]) == ("default", 40, "staging")
        assert result["blobs_sent"] > 0
        # The same bundle again: the server already has that version.
        assert lawpost([*publish, str(bundle), "--token", token]) == 2
        assert "HTTP 409" in capsys.readouterr().err
        assert lawpost([*publish, str(bundle), "--server", "http://127.0.0.1:9", "--token", token]) == 2
        assert "cannot reach the server" in capsys.readouterr().err


def test_the_running_server_applies_a_due_schedule_by_itself(
    sqlite_settings: ServerSettings, tmp_path: Path, clock: FakeClock
) -> None:
    keys = make_keys(tmp_path / "keys")
    settings = sqlite_settings.with_overrides(updates_job_interval_s=1)
    set_up_repository(settings, keys)
    app = create_app(settings, clock=clock)
    context = app.state.context
    bundle = make_bundle(
        make_pack(tmp_path / "pack", version=41), tmp_path / "bundle", keys=keys, current=None
    )
    repo = Repository(settings.updates_dir)
    with context.session_factory() as session:
        token, _ = publishers.create_token(session, name="ci", by="t", now=clock.now)
        session.commit()
    with serving(app) as url:
        PublishSession(url, token=token).publish(bundle, channel="staging")
        with context.session_factory() as session:
            due = clock.now + timedelta(minutes=1)
            channels.schedule(
                session,
                channel="stable",
                group="",
                pack_id="default",
                version=41,
                due_at=due,
                by="tech",
                now=clock.now,
            )
            session.commit()
        time.sleep(2)
        assert repo.channels("stable")["default"] is None  # not yet due
        clock.advance(minutes=2)
        deadline = time.monotonic() + 20
        while repo.channels("stable")["default"] is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert repo.channels("stable")["default"] == {"pack_id": "default", "version": 41}
