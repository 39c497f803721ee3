"""Queue services from the settings: opening hours, the queue day, and settings that cannot work."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_settings
from kiosk.queue.desk import rules_from_settings
from kiosk.queue.services import build_rules


def test_the_queue_day_turns_at_the_reset_time_not_at_midnight() -> None:
    rules = build_rules(services=({"letter": "A", "name": "法律援助", "counters": "1",
                                   "hours": "00:00-23:59", "weekdays": "1-7"},),
                        time_zone="Asia/Shanghai", reset_at="03:00")
    # 02:30 in Shanghai on 1 December still belongs to the queue day of 30 November.
    assert rules.business_day(datetime(2026, 11, 30, 18, 30, tzinfo=UTC)).isoformat() == "2026-11-30"
    assert rules.business_day(datetime(2026, 11, 30, 19, 30, tzinfo=UTC)).isoformat() == "2026-12-01"


def test_services_are_read_from_the_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[queue]\nreset_at = "06:00"\n[[queue.services]]\nletter = "m"\nname = "调解"\n'
        'counters = "调解室"\nhours = "09:00-11:30"\nweekdays = "1-5,7"\n',
        encoding="utf-8",
    )
    [service] = rules_from_settings(load_settings(path)).services
    assert (service.letter, service.name, service.counters) == ("M", "调解", ("调解室",))
    assert service.weekdays == frozenset({1, 2, 3, 4, 5, 7})


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ('letter = "AB"\nname = "x"\ncounters = "1"\nhours = "08:00-12:00"', "字母"),
        ('letter = "A"\nname = "x"\ncounters = "1"\nhours = "8-12"', "开放时间"),
        ('letter = "A"\nname = "x"\ncounters = "1"\nhours = "12:00-08:00"', "结束早于开始"),
        ('letter = "A"\nname = "x"\ncounters = ""\nhours = "08:00-12:00"', "窗口"),
        ('letter = "A"\nname = "x"\ncounters = "1"\nhours = "08:00-12:00"\nweekdays = "mon"', "开放日"),
    ],
)
def test_a_service_that_cannot_work_is_refused_with_what_to_fix(
    tmp_path: Path, table: str, says: str
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f"[[queue.services]]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=says):
        load_settings(path)


def test_two_services_with_one_letter_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    one = '[[queue.services]]\nletter = "A"\nname = "x"\ncounters = "1"\nhours = "08:00-12:00"\n'
    path.write_text(one + one, encoding="utf-8")
    with pytest.raises(ConfigError, match="重复"):
        load_settings(path)
