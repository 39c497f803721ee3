"""朗读 on 写申请 and 视频咨询 says what those screens show: a form step (header, questions, help,
choices, the red message after 下一步) and the video consent notice with its two buttons; and the
call-back keypad step with the number typed so far. Through the real QML with the fake speaker."""

from __future__ import annotations

import pytest
from PySide6.QtQuick import QQuickItem

from kiosk.devices.speech import FakeSpeaker
from kiosk.speech.normalise import Normaliser
from kiosk.speech.numbers import digits
from tests.kiosk.forms.answers import answers
from tests.ui.conftest import tap, wait_until
from tests.ui.form_steps import forms_model
from ui.app import Kiosk
from ui.read_aloud_audit import unread_texts
from ui.shot import settle
from ui.viewmodels.forms import FormsModel
from ui.viewmodels.video import VideoConsult


def _said_after_read(kiosk: Kiosk, speaker: FakeSpeaker) -> str:
    start = len(speaker.spoken)
    tap(kiosk, "readButton")
    said = "\n".join(text for text, _language in speaker.spoken[start:])
    kiosk.speech.stop()
    settle(1)
    return said


def _video(kiosk: Kiosk) -> VideoConsult:
    video = kiosk.view_models["Video"]
    assert isinstance(video, VideoConsult)
    return video


def _screen(kiosk: Kiosk) -> QQuickItem:
    item = kiosk.current_screen()
    assert isinstance(item, QQuickItem)
    return item


def test_a_form_step_reads_its_header_questions_and_messages(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    forms = forms_model(kiosk)
    kiosk.nav.go("form", {"form": "legal_aid"})
    settle(3)
    assert forms.property("active") and not forms.property("atReview")
    tap(kiosk, "formNext")  # nothing answered: every required question gets its message
    settle(2)
    speaker.finish()  # the first message, spoken at 下一步, comes to its end before 朗读 is pressed
    settle(1)
    said = _said_after_read(kiosk, speaker)
    assert said.startswith(forms.property("formTitle"))
    assert forms.property("header") in said
    errors = [f["error"] for f in forms.property("fields") if f["error"]]
    assert errors and all(e in said for e in errors)
    for field in forms.property("fields"):
        assert field["label"] in said and field["help"] in said
        assert all(o["label"] in said for o in field["options"])
    assert kiosk.i18n.text("forms.fix_errors") in said
    first_question = forms.property("fields")[0]["label"]
    assert said.index(forms.property("header")) < said.index(first_question)  # in screen order
    assert unread_texts(_screen(kiosk), said) == []


def test_video_consent_reads_the_notice_and_both_choices(kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    kiosk.nav.go("video", {"stage": "consent", "topic": "family"})
    settle(3)
    assert _video(kiosk).property("stage") == "consent"
    said = _said_after_read(kiosk, speaker)
    notice = [
        kiosk.i18n.text(k)
        for k in (
            "video.consent_shared",
            "video.consent_not_recorded",
            "video.consent_only_after",
            "video.consent_stop",
        )
    ]
    positions = [said.index(line) for line in notice]
    assert positions == sorted(positions)  # the order they are shown in
    assert kiosk.i18n.text("video.consent_decline") in said
    assert kiosk.i18n.text("video.consent_agree") in said
    assert unread_texts(_screen(kiosk), said) == []


def test_the_call_back_step_reads_the_number_typed_in_groups(
    enrolled_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    kiosk = enrolled_kiosk
    video = _video(kiosk)
    kiosk.nav.home()
    settle(2)
    tap(kiosk, "tile_video")
    wait_until(lambda: video.property("lawyersOnDuty") >= 0, timeout_s=15)
    settle(2)
    tap(kiosk, "topic_labour")  # no server: unavailable, with the call-back offer
    assert video.property("stage") == "unavailable"
    said = _said_after_read(kiosk, speaker)
    assert kiosk.i18n.text("video.callback_offer") in said
    assert unread_texts(_screen(kiosk), said) == []
    tap(kiosk, "askCallback")
    video.setPhone("13812345678")
    settle(2)
    said = _said_after_read(kiosk, speaker)
    assert "138 1234 5678" in said
    assert unread_texts(_screen(kiosk), said) == []


def _answer(forms: FormsModel, form_id: str) -> None:
    """Every answer of a complete form, through the slots the controls call."""
    for key, value in answers(form_id).items():
        if isinstance(value, bool):
            forms.choose(key, "yes" if value else "no")
        elif isinstance(value, dict) and "region" in value:
            forms.pickRegion(key, value["region"])
            forms.setAddressDetail(key, value["detail"])
        elif isinstance(value, dict):
            continue  # a drawn signature: the pad's own path
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    forms.choose(key, item)
                else:  # an entry of a repeating group
                    for sub, text in item.items():
                        forms.setItemText(key, index, sub, text)
        else:
            forms.choose(key, str(value))
            forms.setText(key, str(value))


@pytest.mark.parametrize("form_id", ["legal_aid", "mediation"])
def test_every_step_and_the_review_read_what_they_show(
    kiosk: Kiosk, speaker: FakeSpeaker, form_id: str
) -> None:
    """Date picker, region picker, signature pad, a repeating group's entries, the review with
    masked numbers: each step as first met and as answered, then the review."""
    forms = forms_model(kiosk)
    kiosk.nav.go("form", {"form": form_id})
    settle(3)
    for _ in range(8):
        if forms.property("atReview"):
            break
        said = _said_after_read(kiosk, speaker)
        assert unread_texts(_screen(kiosk), said) == [], forms.property("header")
        for field in forms.property("fields"):  # the entries a group's answers need, each with its fields
            wanted = answers(form_id).get(field["id"])
            if field["type"] == "group" and isinstance(wanted, list):
                for _entry in wanted[len(field["items"]) :]:
                    forms.addItem(field["id"])
        _answer(forms, form_id)
        settle(2)
        said = _said_after_read(kiosk, speaker)
        assert unread_texts(_screen(kiosk), said) == [], forms.property("header")
        forms.next()
        settle(2)
    assert forms.property("atReview")
    said = _said_after_read(kiosk, speaker)
    assert kiosk.i18n.text("forms.review_title") in said
    assert unread_texts(_screen(kiosk), said) == []
    # ID and phone numbers are read as the review shows them: masked, never in full.
    for key in ("applicant.id_number", "applicant.phone"):
        full = str(answers(form_id).get(key, ""))
        if full:
            assert full not in said and full[-4:] in said
            assert "尾号" + digits(full[-4:].upper()) in Normaliser()(said)  # as the voice says it
    if form_id == "mediation":
        assert "以后不再占用公共道路" in said  # a group's entry, on the review
