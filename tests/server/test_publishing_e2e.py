"""End to end over loopback, on SQLite and PostgreSQL: the real server (uvicorn) and two kiosks
with their real sync worker and pack updater.

`lawpost pack publish` signs a one-guide change and uploads it to staging → the pilot kiosk (in
the township group that follows staging) adopts it on its heartbeat → a technician presses
Promote in the console → the other kiosk (stable) adopts it → the console shows both. Then a
broken pack (its home screen would be empty) goes to staging: the pilot kiosk switches, fails
its health check, rolls back, and the console shows the alert; the stable kiosk never sees it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from live_server import serving
from publishing_helpers import make_keys, set_up_repository
from server_helpers import ADMIN_PASSWORD, create_user

from kiosk.config import Settings
from kiosk.content.installer import active_pack, install_pack
from kiosk.content.pack import build_pack
from kiosk.storage.database import open_database
from kiosk.sync.enroll_kiosk import enroll_kiosk
from kiosk.sync.worker import SyncWorker
from kiosk.updates.runner import UpdateRunner
from kiosk.updates.trust import pin_root
from lawpost.cli import main as lawpost
from server.app import create_app
from server.context import ServerContext
from server.services import enrollment, publishers
from server.settings import ServerSettings
from tests.kiosk.content.pack_fixture import write_content
from tests.kiosk.updates.fleet import break_home, change_one_guide, make_version

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    root = tmp_path_factory.mktemp("versions")
    build_pack(content_dir=write_content(root / "content"), out_dir=root / "built")
    return {
        1: make_version(root / "built", root / "v1", 1),
        2: make_version(root / "built", root / "v2", 2, edit=change_one_guide),
        3: make_version(root / "built", root / "v3", 3, edit=break_home),
    }


class Kiosk:
    """One kiosk's data folder: enrolled, factory pack v1 installed, the county's root pinned."""

    def __init__(self, folder: Path, *, url: str, code: str, name: str, root: bytes, factory: Path) -> None:
        base = Settings().with_data_dir(folder)
        self.settings = replace(base, updates=replace(base.updates, enabled=True, check_interval_s=30))
        self.folder = folder
        install_pack(factory, data_dir=folder)
        pin_root(folder, root)
        db = open_database(folder)
        try:
            enroll_kiosk(db, server_url=url, code=code, kiosk_name=name, sync=self.settings.sync)
        finally:
            db.conn.close()

    def beat(self) -> None:
        """One heartbeat (which starts an update check in its thread), the check, and the next
        heartbeat that reports its result — as the kiosk does over two beat intervals."""
        for _ in range(2):
            runner = UpdateRunner(self.settings)
            worker = SyncWorker(
                database_path=self.folder / "kiosk.db",
                settings=self.settings.sync,
                on_heartbeat=runner.on_heartbeat,
            )
            db = open_database(self.folder)
            try:
                _delay, failing = worker.cycle(db)
            finally:
                db.conn.close()
            assert not failing
            runner.join()

    @property
    def version(self) -> int | None:
        active = active_pack(self.folder)
        return active.version if active else None


def _code(context: ServerContext) -> str:
    with context.session_factory() as session:
        code, _ = enrollment.create_code(
            session, created_by="test", ttl=timedelta(hours=1), now=context.clock()
        )
        session.commit()
    return code


class Console:
    """A technician's browser session on the console (form posts carry the CSRF token)."""

    def __init__(self, url: str) -> None:
        self.url, self.http = url, requests.Session()
        page = self.http.get(f"{url}/console/login", timeout=10)
        answer = self.http.post(
            f"{url}/console/login",
            data={"username": "tech", "password": ADMIN_PASSWORD, "csrf_token": _csrf(page.text)},
            timeout=10,
        )
        assert answer.ok

    def page(self) -> str:
        return self.http.get(f"{self.url}/console/updates", timeout=10).text

    def post(self, path: str, **data: str) -> None:
        answer = self.http.post(
            f"{self.url}{path}",
            data={"csrf_token": _csrf(self.page()), **data},
            timeout=30,
            allow_redirects=False,
        )
        assert answer.status_code == 303, answer.text

    def row(self, kiosk_name: str) -> str:
        for match in re.finditer(r'<tr data-device="[^"]+" data-state="(\w+)">(.*?)</tr>', self.page(), re.S):
            if kiosk_name in match.group(2):
                return f"{match.group(1)}: {' '.join(re.sub(r'<[^>]+>', ' ', match.group(2)).split())}"
        raise AssertionError(f"{kiosk_name} is not on the adoption table")


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_publish_adopt_promote_adopt_and_a_broken_pack_rolls_back(
    settings: ServerSettings, versions: dict[int, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = make_keys(tmp_path / "keys")
    set_up_repository(settings, keys)
    app = create_app(settings)
    context: ServerContext = app.state.context
    create_user(context, username="tech", role="technician")
    with context.session_factory() as session:
        token, _ = publishers.create_token(session, name="content-team", by="test", now=context.clock())
        session.commit()
    root = (settings.updates_dir / "metadata" / "1.root.json").read_bytes()
    with serving(app) as url:
        pilot = Kiosk(tmp_path / "pilot", url=url, code=_code(context), name="试点镇 1 号机", root=root,
                      factory=versions[1])  # fmt: skip
        other = Kiosk(tmp_path / "other", url=url, code=_code(context), name="东山乡 1 号机", root=root,
                      factory=versions[1])  # fmt: skip
        console = Console(url)
        console.post("/console/updates/groups", name="试点", township="试点镇", channel="staging")

        # A technician signs the one-guide change and uploads it with the console login.
        monkeypatch.setenv("LAWPOST_CONSOLE_PASSWORD", ADMIN_PASSWORD)
        argv = ["pack", "publish", str(versions[2]), "--server", url, "--channel", "staging"]
        assert lawpost([*argv, "--key", str(keys.publisher_path), "--user", "tech"]) == 0
        pilot.beat()
        other.beat()
        assert (pilot.version, other.version) == (2, 1)
        assert console.row("试点镇").startswith("current: 试点镇 1 号机") and "default v2" in console.row(
            "试点镇"
        )

        console.post("/console/updates/promote")
        other.beat()
        assert other.version == 2
        for name in ("试点镇", "东山乡"):
            row = console.row(name)
            assert row.startswith("current") and row.count("default v2") == 2, row

        # A broken pack reaches staging (token login this time): the pilot rolls back and alerts.
        monkeypatch.setenv("LAWPOST_PUBLISH_TOKEN", token)
        assert (
            lawpost(["pack", "publish", str(versions[3]), "--server", url, "--key", str(keys.publisher_path)])
            == 0
        )
        pilot.beat()
        other.beat()
        assert (pilot.version, other.version) == (2, 2)
        row = console.row("试点镇")
        assert row.startswith("rolled_back") and "v3 健康检查失败，已回退" in row, row
        fleet = console.http.get(f"{url}/console/fleet", timeout=10).text
        assert "pack failed its health check: rolled back" in fleet and "v3 → v2" in fleet
        assert console.row("东山乡").startswith("current")
        # Promote would now offer the broken v3: the page warns next to the button.
        page = console.page()
        assert "default v3 → stable" in page and "1 台试点自助机有回退或更新失败" in page
