"""取号 through the real QML: choose a service, get the number, the ticket printed (bytes decoded)
or shown on screen with its QR code when the printer fails; a double tap takes one number."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtQuick import QQuickItem

from kiosk.config import QueueServiceSettings, Settings
from kiosk.devices.speech import FakeSpeaker
from tests.kiosk.queue.escpos_decode import decode
from tests.ui.conftest import find, tap, wait_until
from ui.app import Kiosk, build_kiosk, device_status
from ui.read_aloud_audit import unread_texts
from ui.shot import ManualClock, settle
from ui.viewmodels.queue import QueueTicketForm

OPEN = QueueServiceSettings("A", "法律援助", "Legal aid", "1", "00:00-23:59", "1-7")
CLOSED = QueueServiceSettings("B", "人民调解", "Mediation", "2", "00:00-00:01", "1-7")


def _settings(tmp_path: Path, connection: str) -> Settings:
    base = Settings().with_data_dir(tmp_path)
    return dataclasses.replace(
        base,
        queue=dataclasses.replace(base.queue, services=(OPEN, CLOSED)),
        ticket_printer=dataclasses.replace(base.ticket_printer, connection=connection, timeout_s=0.5),
    )


@pytest.fixture
def queue_kiosk(
    request: pytest.FixtureRequest, qapp: object, tmp_path: Path, clock: ManualClock,
    speaker: FakeSpeaker,
) -> Iterator[Kiosk]:
    connection = getattr(request, "param", f"file:{tmp_path / 'lp0'}")
    built = build_kiosk(_settings(tmp_path, connection), speaker=speaker, size=(1080, 1920),
                        clock=clock, open_content=False)
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def _text(kiosk: Kiosk, name: str) -> str:
    return str(find(kiosk, name).property("text"))


def test_taking_a_number_prints_the_ticket_and_shows_it(
    queue_kiosk: Kiosk, tmp_path: Path, speaker: FakeSpeaker
) -> None:
    kiosk = queue_kiosk
    queue = kiosk.view_models["Queue"]
    tap(kiosk, "tile_queue")
    tap(kiosk, "service_A")
    wait_until(lambda: queue.property("hasTicket"))
    settle(2)
    assert _text(kiosk, "ticketNumber") == "A001"
    assert _text(kiosk, "ticketAhead") == "您前面还有 0 人"
    assert "请取走下方打印出的号票" in _text(kiosk, "printState")
    [image] = decode((tmp_path / "lp0").read_bytes()).images
    assert [c.text for c in zxingcpp.read_barcodes(image.convert("L"))] == [queue.property("url")]
    assert speaker.spoken[-1][0].startswith("您的号码是A零零一号，前面还有 0 人")
    tap(kiosk, "takeAnother")
    tap(kiosk, "service_A")
    wait_until(lambda: queue.property("hasTicket"))
    assert queue.property("number") == "A002" and queue.property("ahead") == 1


@pytest.mark.parametrize("queue_kiosk", ["network:127.0.0.1:9"], indirect=True)
def test_with_no_printer_the_ticket_is_shown_with_its_qr_code(
    queue_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    kiosk = queue_kiosk
    queue = kiosk.view_models["Queue"]
    tap(kiosk, "tile_queue")
    tap(kiosk, "service_A")
    wait_until(lambda: queue.property("hasTicket"))
    settle(2)
    assert _text(kiosk, "ticketNumber") == "A001"
    assert "号票暂时打印不出来" in _text(kiosk, "printState")
    assert find(kiosk, "ticketQr").isVisible()
    assert find(kiosk, "qrImage").property("source").toString().startswith("image://qr/")
    assert "号票打印不出来，请记住号码或用手机扫码" in speaker.spoken[-1][0]  # read aloud too
    state = kiosk.services.db.execute("select print_state from queue_tickets").fetchall()
    assert state == [("print_failed",)]
    # The heartbeat tells the fleet console (which raises a printer alert on "error").
    assert kiosk.features is not None
    printer = kiosk.features.shared["ticket_printer"]
    assert device_status(kiosk.speaker, printer)["printer"] == "error"


def _read_aloud(kiosk: Kiosk, speaker: FakeSpeaker) -> str:
    """What 朗读 says on the screen as it stands, checked to cover every text it shows."""
    kiosk.speech.stop()
    tap(kiosk, "readButton")
    said = speaker.spoken[-1][0]
    screen = kiosk.current_screen()
    assert isinstance(screen, QQuickItem) and unread_texts(screen, said) == []
    kiosk.speech.stop()
    return said


def test_read_aloud_says_the_services_then_the_ticket(queue_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    kiosk = queue_kiosk
    queue = kiosk.view_models["Queue"]
    tap(kiosk, "tile_queue")
    said = _read_aloud(kiosk, speaker).split("\n")
    assert said[:3] == ["取号。请选择要办理的业务", "A 法律援助", "B 人民调解，" + _text(kiosk, "closed_B")]
    tap(kiosk, "service_A")
    wait_until(lambda: queue.property("hasTicket"))
    settle(2)
    said = _read_aloud(kiosk, speaker).split("\n")
    # In the screen's order: the number, what to do with it, the QR code, the two buttons.
    assert said[1:4] == ["您的号码 · 法律援助", "A001", "您前面还有 0 人"]
    assert said[-4:] == ["用手机扫码，随时查看还要等多久", said[-3],
                         "叫到我时，在这台机器上提醒我", "再取一个号"]
    assert said[-3].startswith("取号时间 ")
    tap(kiosk, "notifyHere")
    assert _read_aloud(kiosk, speaker).split("\n")[-2] == "好的，叫到您时这里会提醒"


def test_a_double_tap_takes_one_number_and_the_buttons_wait(queue_kiosk: Kiosk) -> None:
    kiosk = queue_kiosk
    queue = kiosk.view_models["Queue"]
    assert isinstance(queue, QueueTicketForm)
    tap(kiosk, "tile_queue")
    queue.take("A")
    assert find(kiosk, "service_A").property("enabledState") is False  # until the call returns
    queue.take("A")
    wait_until(lambda: queue.property("hasTicket"))
    settle(2)
    assert kiosk.services.db.execute("select number from queue_tickets").fetchall() == [("A001",)]


def test_a_closed_service_says_when_to_come_back(queue_kiosk: Kiosk) -> None:
    kiosk = queue_kiosk
    tap(kiosk, "tile_queue")
    assert find(kiosk, "service_B").property("enabledState") is False
    assert "请明天 00:00再来" in _text(kiosk, "closed_B") or "请今天" in _text(kiosk, "closed_B")
    assert not find(kiosk, "closed_A").isVisible()


def test_the_ticket_is_wiped_with_the_visitors_session(queue_kiosk: Kiosk) -> None:
    kiosk = queue_kiosk
    queue = kiosk.view_models["Queue"]
    tap(kiosk, "tile_queue")
    tap(kiosk, "service_A")
    wait_until(lambda: queue.property("hasTicket"))
    kiosk.session.endSession()
    settle(2)
    assert not queue.property("hasTicket") and queue.property("number") == ""


@pytest.fixture
def hall_kiosk(qapp: object, tmp_path: Path, clock: ManualClock, speaker: FakeSpeaker) -> Iterator[Kiosk]:
    """A kiosk whose hall calls are rendered by the real voice and 'played' by `true`."""
    settings = _settings(tmp_path, "")
    settings = dataclasses.replace(settings, speech=dataclasses.replace(settings.speech, player="true"))
    built = build_kiosk(settings, speaker=speaker, size=(1080, 1920), clock=clock, open_content=False)
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def test_a_visitor_called_while_browsing_sees_it_and_the_hall_hears_it(
    hall_kiosk: Kiosk, tmp_path: Path
) -> None:
    from kiosk.queue import tickets
    from kiosk.queue.desk import rules_from_settings
    from kiosk.storage.database import open_database

    kiosk = hall_kiosk
    queue = kiosk.view_models["Queue"]
    tap(kiosk, "tile_queue")
    tap(kiosk, "service_A")
    wait_until(lambda: queue.property("hasTicket"))
    tap(kiosk, "notifyHere")  # the visitor asks to be told here
    kiosk.nav.go("rating")  # and reads on while waiting
    settle(2)
    counter_db = open_database(tmp_path)  # the counter, through its own connection
    tickets.call_next(counter_db, rules_from_settings(kiosk.settings), "1")
    counter_db.conn.close()
    wait_until(lambda: find(kiosk, "queueCalled").isVisible())
    assert _text(kiosk, "calledText") == "请A001号到1号窗口办理。"
    announcer = kiosk.features.shared["hall_announcer"] if kiosk.features else None
    assert announcer is not None
    announcer.wait_idle()
    assert list(announcer.played) == [("A001", "1")]
    tap(kiosk, "dismissCall")
    assert not find(kiosk, "queueCalled").isVisible()
    kiosk.nav.go("hall-display")
    settle(2)
    assert "请A001号到1号窗口" in _text(kiosk, "hallCallText_0")


def test_without_asking_the_visitor_is_not_interrupted(hall_kiosk: Kiosk, tmp_path: Path) -> None:
    from kiosk.queue import tickets
    from kiosk.queue.desk import rules_from_settings
    from kiosk.storage.database import open_database

    kiosk = hall_kiosk
    queue, hall = kiosk.view_models["Queue"], kiosk.view_models["Hall"]
    tap(kiosk, "tile_queue")
    tap(kiosk, "service_A")
    wait_until(lambda: queue.property("hasTicket"))
    counter_db = open_database(tmp_path)
    tickets.call_next(counter_db, rules_from_settings(kiosk.settings), "1")
    counter_db.conn.close()
    wait_until(lambda: len(hall.property("current")) == 1)
    settle(2)
    assert not find(kiosk, "queueCalled").isVisible()
