"""问一问 answers in plain words first and every next step is a button; a guide's "去哪里办"
places open their directory entries; the answer can be taken home by QR."""

from __future__ import annotations

from kiosk.devices.speech import FakeSpeaker
from tests.ui.conftest import find, reveal, tap, wait_until
from ui.app import Kiosk
from ui.read_aloud_audit import unread_texts
from ui.shot import settle


def _ask(k: Kiosk, question: str) -> dict:  # type: ignore[type-arg]
    tap(k, "tile_ask")
    k.library.ask(question)
    wait_until(lambda: not k.library.asking)
    settle(2)
    return k.library.answer  # type: ignore[no-any-return]


def test_plain_words_come_first_then_buttons_then_articles(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    answer = _ask(k, "老板拖欠工资不给怎么办")
    assert answer["guideId"] == "unpaid-wages-steps"
    what, first = find(k, "answerWhat"), find(k, "answerPart_0")
    where, call = find(k, "answerPart_1"), find(k, "answerPart_2")
    assert what.property("text").startswith("老板应当按时")
    assert first.property("text") == "先做这一步：先算清楚：欠了哪几个月、每月多少钱，写在纸上。"
    assert "劳动人事争议仲裁委员会" in where.property("text")
    assert "12348" in call.property("text")
    tops = [find(k, n).mapToScene(find(k, n).boundingRect().topLeft()).y()
            for n in ("answerWhat", "answerGuide", "answerHotline", "answerArticle_0")]
    assert tops == sorted(tops)
    # The articles say which of the visitor's situations they answer.
    assert find(k, "answerArticle_0").property("subtitle").startswith("常见情形：")
    assert find(k, "answerQr").property("payload").endswith("/guides/unpaid-wages-steps")


def test_every_next_step_is_a_button(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    answer = _ask(k, "老板拖欠工资不给怎么办")
    office = answer["offices"][0]
    reveal(k, f"answerOffice_{office['id']}")
    tap(k, f"answerOffice_{office['id']}")
    assert k.nav.currentScreen == "institution" and k.nav.params["institution"] == office["id"]
    tap(k, "backButton")
    reveal(k, "answerHotline")
    tap(k, "answerHotline")
    assert k.nav.currentScreen == "hotline"
    tap(k, "backButton")
    reveal(k, "answerGuide")
    tap(k, "answerGuide")
    assert k.nav.currentScreen == "guide" and k.nav.params["guide"] == "unpaid-wages-steps"


def test_the_answer_is_read_as_shown(content_kiosk: Kiosk, speaker: FakeSpeaker) -> None:
    k = content_kiosk
    _ask(k, "老板拖欠工资不给怎么办")
    start = len(speaker.spoken)
    tap(k, "readButton")
    assert find(k, "answerWhat").property("speakingNow") is False
    speaker.finish()
    settle(2)
    assert find(k, "answerWhat").property("speakingNow") is True
    while k.speech.speaking:
        speaker.finish()
        settle(1)
        if speaker.spoken[-1][0].startswith("《劳动合同法》第三十条"):
            assert find(k, "answerArticle_0").property("speakingNow") is True
    said = "\n".join(text for text, _language in speaker.spoken[start:])
    screen = k.current_screen()
    assert screen is not None
    assert unread_texts(screen, said) == []


def test_guide_places_open_their_directory_entries(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    k.nav.go("guide", {"guide": "unpaid-wages-steps"})
    settle(2)
    guide = k.library.guide("unpaid-wages-steps", "zh_CN", {})
    ids = [o["id"] for o in guide["offices"]]
    assert "sample-labour-arbitration" in ids and "sample-legal-aid-centre" in ids
    reveal(k, "whereOffice_sample-legal-aid-centre")
    tap(k, "whereOffice_sample-legal-aid-centre")
    assert k.nav.currentScreen == "institution"
    tap(k, "backButton")
    reveal(k, "whereHotline")  # "不知道找谁，请拨打12348"
    tap(k, "whereHotline")
    assert k.nav.currentScreen == "hotline"


def test_a_question_no_guide_fits_still_leads_somewhere(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    answer = _ask(k, "明天会不会下雨")
    assert not answer["guideId"]
    if answer["found"]:
        assert find(k, "answerHotline").isVisible()


def test_a_question_no_guide_is_for_points_to_the_hall_staff(
    content_kiosk: Kiosk, speaker: FakeSpeaker
) -> None:
    # "Where is the toilet" used to be answered with land-law articles that share a character.
    k = content_kiosk
    answer = _ask(k, "厕所在哪")
    assert answer["outside"] is True and answer["found"] is False
    assert answer["guideId"] == "" and answer["articles"] == []
    status = find(k, "askStatus")
    assert status.property("visible") is True
    assert "工作人员" in status.property("text") and "12348" in status.property("text")
    assert status.property("error") is False  # not an error: the hall staff are the way on
    start = len(speaker.spoken)
    tap(k, "readButton")
    while k.speech.speaking:
        speaker.finish()
        settle(1)
    said = "\n".join(text for text, _language in speaker.spoken[start:])
    assert "这不像是法律问题" in said
    screen = k.current_screen()
    assert screen is not None
    assert unread_texts(screen, said) == []
