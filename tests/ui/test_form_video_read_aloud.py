"""朗读 on 写申请 and 视频咨询 says what those screens show: a form step (header, questions, help,
choices, the red message after 下一步) and the video consent notice with its two buttons; and the
call-back keypad step with the number typed so far. Through the real QML with the fake speaker."""

from __future__ import annotations

from PySide6.QtQuick import QQuickItem

from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, tap, wait_until
from ui.app import Kiosk
from ui.read_aloud_audit import unread_texts
from ui.shot import settle


def _said_after_read(kiosk: Kiosk, speaker: FakeSpeaker) -> str:
    start = len(speaker.spoken)
    tap(kiosk, "readButton")
    said = "\n".join(text for text, _language in speaker.spoken[start:])
    kiosk.speech.stop()
    settle(1)
    return said


def _screen(kiosk: Kiosk) -> QQuickItem:
    item = kiosk.current_screen()
    assert isinstance(item, QQuickItem)
    return item


def test_a_form_step_reads_its_header_questions_and_messages(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    forms = kiosk.view_models["Forms"]
    kiosk.nav.go("form", {"form": "legal_aid"})
    settle(3)
    assert forms.active and not forms.atReview
    tap(kiosk, "formNext")  # nothing answered: every required question gets its message
    settle(2)
    said = _said_after_read(kiosk, speaker)
    assert said.startswith(forms.formTitle)
    assert forms.header in said
    errors = [f["error"] for f in forms.fields if f["error"]]
    assert errors and all(e in said for e in errors)
    for field in forms.fields:
        assert field["label"] in said and field["help"] in said
        assert all(o["label"] in said for o in field["options"])
    assert kiosk.i18n.text("forms.fix_errors") in said
    assert said.index(forms.header) < said.index(forms.fields[0]["label"])  # in screen order
    assert unread_texts(_screen(kiosk), said) == []


def test_video_consent_reads_the_notice_and_both_choices(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    kiosk.nav.go("video", {"stage": "consent", "topic": "family"})
    settle(3)
    assert kiosk.view_models["Video"].stage == "consent"
    said = _said_after_read(kiosk, speaker)
    notice = [kiosk.i18n.text(k) for k in ("video.consent_shared", "video.consent_not_recorded",
                                            "video.consent_only_after", "video.consent_stop")]
    positions = [said.index(line) for line in notice]
    assert positions == sorted(positions)  # the order they are shown in
    assert kiosk.i18n.text("video.consent_decline") in said
    assert kiosk.i18n.text("video.consent_agree") in said
    assert unread_texts(_screen(kiosk), said) == []


def test_the_call_back_step_reads_the_number_typed_in_groups(
    enrolled_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    kiosk = enrolled_kiosk
    video = kiosk.view_models["Video"]
    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    wait_until(lambda: video.lawyersOnDuty >= 0, timeout_s=15)
    settle(2)
    tap(kiosk, "topic_labour")  # no server: unavailable, with the call-back offer
    assert video.stage == "unavailable"
    said = _said_after_read(kiosk, speaker)
    assert kiosk.i18n.text("video.callback_offer") in said
    assert unread_texts(_screen(kiosk), said) == []
    tap(kiosk, "askCallback")
    video.setPhone("13812345678")
    settle(2)
    said = _said_after_read(kiosk, speaker)
    assert "138 1234 5678" in said
    assert unread_texts(_screen(kiosk), said) == []
