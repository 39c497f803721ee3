"""After a switch the health check decides: a broken pack rolls back to the last good one, or to
the bundled factory pack when there is none, raises an alert, and is not tried again."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from kiosk.config import Settings, UpdatesSettings
from kiosk.content.installer import InstalledPack
from kiosk.search.segment import Segmenter
from kiosk.updates.health import HealthError
from kiosk.updates.runner import UpdateRunner, updates_url
from kiosk.updates.status import read_status
from tests.kiosk.updates.fleet import new_fleet, serve
from tests.kiosk.updates.kiosk import active_ok, new_kiosk, updater


def test_a_pack_failing_its_health_check_rolls_back_to_the_previous_and_alerts(
    tmp_path: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet = new_fleet(tmp_path / "server")
    fleet.publish(versions[1])
    fleet.publish(versions[3])  # intact checksums, signed, but an empty home screen
    data_dir = new_kiosk(tmp_path / "kiosk", fleet, installed=versions[1], segmenter=segmenter)
    with serve(fleet.repo.path) as url:
        status = updater(data_dir, url, segmenter, factory=versions[2]).check()
        assert status.last_result == "rolled_back"
        assert active_ok(data_dir).version == 1
        assert status.alert and "v3" in status.alert and "首页没有任何主题" in (status.last_error or "")
        assert not (data_dir / "packs" / "default" / "3").exists()
        again = updater(data_dir, url, segmenter, factory=versions[2]).check()
    assert again.last_result == "rolled_back" and again.alert == status.alert  # not retried, still alerting
    assert read_status(data_dir).heartbeat_fields()["active_version"] == 1


def test_without_a_previous_pack_the_factory_pack_takes_over(
    tmp_path: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet = new_fleet(tmp_path / "server")
    fleet.publish(versions[3])
    data_dir = new_kiosk(tmp_path / "kiosk", fleet, installed=None, segmenter=segmenter)
    with serve(fleet.repo.path) as url:
        status = updater(data_dir, url, segmenter, factory=versions[1]).check()
    assert status.last_result == "rolled_back"
    assert active_ok(data_dir).version == 1  # the bundled pack: never blank


def test_the_ui_can_add_a_health_check(
    tmp_path: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet = new_fleet(tmp_path / "server")
    fleet.publish(versions[1])
    fleet.publish(versions[2])
    data_dir = new_kiosk(tmp_path / "kiosk", fleet, installed=versions[1], segmenter=segmenter)

    def home_renders(pack: InstalledPack) -> None:
        raise HealthError("首页渲染失败 (home screen did not render)")

    with serve(fleet.repo.path) as url:
        up = updater(data_dir, url, segmenter, factory=versions[1])
        up.checks.append(home_renders)
        status = up.check()
    assert status.last_result == "rolled_back" and "渲染" in (status.last_error or "")
    assert active_ok(data_dir).version == 1


def test_the_heartbeat_hook_runs_a_check_only_when_enabled(
    tmp_path: Path, versions: dict[int, Path], segmenter: Segmenter
) -> None:
    fleet = new_fleet(tmp_path / "server")
    fleet.publish(versions[1])
    fleet.publish(versions[2])
    data_dir = new_kiosk(tmp_path / "kiosk", fleet, installed=versions[1], segmenter=segmenter)
    settings = Settings().with_data_dir(data_dir)
    with serve(fleet.repo.path) as url:
        server_url = url.rstrip("/").removesuffix("/updates")
        off = UpdateRunner(settings)
        off.on_heartbeat(server_url)
        off.join()
        assert read_status(data_dir).last_check_at is None
        on_settings = replace(settings, updates=UpdatesSettings(enabled=True, mirror_url=url))
        assert updates_url(on_settings, "http://server:8000") == url
        results = []
        runner = UpdateRunner(on_settings, on_result=results.append)
        runner.on_heartbeat(server_url)
        runner.on_heartbeat(server_url)  # a second beat while the first check runs: ignored
        runner.join(timeout_s=600)
        time.sleep(0.1)
    assert [r.last_result for r in results] == ["installed"]
    assert active_ok(data_dir).version == 2
    assert updates_url(settings, "https://hall.example/") == "https://hall.example/updates/"
