"""One voice at a time on the kiosk's loudspeaker: 朗读 tapped while a hall call is being rendered
or played waits, and the reading starts only after the call has been said (the real QML button,
the real announcer and voice; the player is a real command that holds until the test lets go)."""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import QueueServiceSettings, Settings
from kiosk.devices.speech import FakeSpeaker
from kiosk.queue import tickets
from kiosk.queue.desk import rules_from_settings
from kiosk.queue.hall import HallAnnouncer
from kiosk.storage.database import open_database
from tests.ui.conftest import tap, wait_until
from ui.app import Kiosk, build_kiosk
from ui.shot import ManualClock, settle

OPEN = QueueServiceSettings("A", "法律援助", "Legal aid", "1", "00:00-23:59", "1-7")


@pytest.fixture
def hall_kiosk(qapp: object, tmp_path: Path, clock: ManualClock, speaker: FakeSpeaker) -> Iterator[Kiosk]:
    """A kiosk whose hall player writes 'start' to a log, waits for the file GO, writes 'end'."""
    log, go = tmp_path / "player.log", tmp_path / "GO"
    script = (f"echo start >> {shlex.quote(str(log))}; "
              f"while [ ! -e {shlex.quote(str(go))} ]; do sleep 0.05; done; "
              f"echo end >> {shlex.quote(str(log))}")
    base = Settings().with_data_dir(tmp_path)
    settings = dataclasses.replace(
        base, queue=dataclasses.replace(base.queue, services=(OPEN,)),
        speech=dataclasses.replace(base.speech, player=f"sh -c {shlex.quote(script)} player"),
    )
    built = build_kiosk(settings, speaker=speaker, size=(1080, 1920), clock=clock, open_content=False)
    built.window.show()
    settle(2)
    yield built
    go.touch()  # never leave the announcer's player waiting
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def test_read_aloud_tapped_during_a_hall_call_waits_for_it(
    hall_kiosk: Kiosk, speaker: FakeSpeaker, tmp_path: Path
) -> None:
    kiosk = hall_kiosk
    announcer = kiosk.features.shared["hall_announcer"] if kiosk.features else None
    assert isinstance(announcer, HallAnnouncer)
    tap(kiosk, "tile_queue")
    tap(kiosk, "service_A")
    wait_until(lambda: kiosk.view_models["Queue"].property("hasTicket"))
    wait_until(lambda: len(speaker.spoken) == 1)  # "您的号码是A零零一号…"
    speaker.finish()
    settle(2)
    speaker.spoken.clear()
    counter_db = open_database(tmp_path)  # a counter calls the next visitor
    tickets.call_next(counter_db, rules_from_settings(kiosk.settings), "1")
    counter_db.conn.close()
    wait_until(announcer.busy)  # the kiosk saw the call: rendering it now
    tap(kiosk, "readButton")  # the visitor wants the screen read out meanwhile
    assert speaker.spoken == []
    assert kiosk.speech.property("speaking")  # the button offers 停止 while the reading waits
    log = tmp_path / "player.log"
    wait_until(lambda: log.exists() and log.read_text() == "start\n", timeout_s=30)  # being played
    settle(5)
    assert speaker.spoken == []  # still silent under the call
    (tmp_path / "GO").touch()
    wait_until(lambda: len(speaker.spoken) == 1)
    assert log.read_text() == "start\nend\n"  # the call was over before the reading began
    assert not announcer.busy() and list(announcer.played) == [("A001", "1")]
    assert "A" in speaker.spoken[0][0]  # the ticket screen's text, read after the call


def test_a_tap_while_the_reading_waits_cancels_it(
    hall_kiosk: Kiosk, speaker: FakeSpeaker, tmp_path: Path
) -> None:
    kiosk = hall_kiosk
    announcer = kiosk.features.shared["hall_announcer"] if kiosk.features else None
    assert isinstance(announcer, HallAnnouncer)
    tap(kiosk, "tile_queue")
    tap(kiosk, "service_A")
    wait_until(lambda: kiosk.view_models["Queue"].property("hasTicket"))
    wait_until(lambda: len(speaker.spoken) == 1)
    speaker.finish()
    settle(2)
    speaker.spoken.clear()
    counter_db = open_database(tmp_path)
    tickets.call_next(counter_db, rules_from_settings(kiosk.settings), "1")
    counter_db.conn.close()
    wait_until(announcer.busy)
    tap(kiosk, "readButton")
    settle(2)
    kiosk.speech.stop_by_touch()  # the visitor touches the screen: they no longer want it
    (tmp_path / "GO").touch()
    announcer.wait_idle()
    settle(10)
    assert speaker.spoken == [] and not kiosk.speech.property("speaking")
