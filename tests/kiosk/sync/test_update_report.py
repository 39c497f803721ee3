"""What the heartbeat says about content updates, read from the updater's status record, and
the channel/group the server assigns (which the updater follows over the local settings)."""

from __future__ import annotations

from pathlib import Path

from kiosk.sync.update_report import assigned, read_update_report, write_following
from kiosk.updates.status import UpdateStatus, write_status


def test_nothing_is_reported_before_the_updater_ever_ran(tmp_path: Path) -> None:
    assert read_update_report(tmp_path) is None
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "status.json").write_text("{half a reco", encoding="utf-8")
    assert read_update_report(tmp_path) is None


def test_an_installed_version_and_a_rollback_are_reported(tmp_path: Path) -> None:
    write_status(
        tmp_path,
        UpdateStatus(active_pack_id="default", active_version=7, last_check_at="2026-03-02T02:00:00+00:00",
                     last_result="installed", failures=0),
    )  # fmt: skip
    report = read_update_report(tmp_path)
    assert report is not None
    assert (report["pack_id"], report["active_version"], report["rolled_back_from"]) == ("default", 7, None)
    write_status(
        tmp_path,
        UpdateStatus(
            active_pack_id="default", active_version=7, last_check_at="2026-03-02T03:00:00+00:00",
            last_result="rolled_back", last_error="首页没有任何主题", failures=1,
            failed_versions=("default/8",), alert="内容包 default v8 健康检查失败，已回退到 default v7",
            history=({"at": "2026-03-02T03:00:05+00:00", "event": "rolled back"},),
        ),
    )  # fmt: skip
    report = read_update_report(tmp_path)
    assert report is not None
    assert (report["rolled_back_from"], report["rolled_back_at"]) == (8, "2026-03-02T03:00:05+00:00")
    assert report["last_result"] == "rolled_back" and report["alert"] and "v8" in report["alert"]


def test_the_server_assignment_wins_over_the_local_settings_once_it_exists(tmp_path: Path) -> None:
    assert assigned(tmp_path, channel="stable", groups=("示例镇",)) == ("stable", ("示例镇",))
    write_following(tmp_path, channel="staging", group="试点")
    assert assigned(tmp_path, channel="stable", groups=("示例镇", "试点")) == ("staging", ("试点", "示例镇"))
    write_following(tmp_path, channel="stable", group="")
    assert assigned(tmp_path, channel="staging", groups=()) == ("stable", ())
