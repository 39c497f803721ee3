"""问律师 from a guide, an answer and a form: the visitor lands on 视频咨询 with the page named,
and what the lawyer will see is said on screen (the title only, never what was typed). That the
lawyer receives it is tested with the real server in tests/server/test_video_extras_e2e.py."""

from __future__ import annotations

from tests.ui.conftest import find, reveal, tap, wait_until
from ui.app import Kiosk
from ui.shot import settle


def _about_line(k: Kiosk) -> str:
    wait_until(lambda: k.view_models["Video"].lawyersOnDuty >= 0)
    settle(2)
    line = find(k, "aboutLine")
    assert line.isVisible()
    return str(line.property("text"))


def test_from_a_guide(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    k.nav.go("guide", {"guide": "unpaid-wages-steps"})
    settle(2)
    title = find(k, "guideAskLawyer").property("text")
    assert title == k.i18n.text("video.ask_lawyer")
    reveal(k, "guideAskLawyer")
    tap(k, "guideAskLawyer")
    assert k.nav.currentScreen == "video"
    video = k.view_models["Video"]
    assert (video.aboutKind, video.aboutTitle) == (
        "guide",
        k.library.guide("unpaid-wages-steps", "zh_CN", {})["title"],
    )
    assert _about_line(k).startswith(f"您刚才在看：指南《{video.aboutTitle}》")


def test_from_an_answer_names_the_guide_not_the_question(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    tap(k, "tile_ask")
    k.library.ask("我叫张三，老板拖欠工资不给怎么办")
    wait_until(lambda: not k.library.asking)
    settle(2)
    reveal(k, "answerAskLawyer")
    tap(k, "answerAskLawyer")
    line = _about_line(k)
    assert "问一问的回答《" in line and "张三" not in line and "我叫" not in line
    assert k.view_models["Video"].aboutKind == "answer"


def test_from_a_form_step_and_back_to_the_form(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    k.nav.go("form", {"form": "legal_aid"})
    settle(2)
    forms = k.view_models["Forms"]
    reveal(k, "formAskLawyer")
    tap(k, "formAskLawyer")
    assert f"表格《{forms.formTitle}》" in _about_line(k)
    tap(k, "backButton")  # the form is still there, where the visitor left it
    assert k.nav.currentScreen == "form" and forms.active


def test_the_wipe_forgets_the_page(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    k.nav.go("guide", {"guide": "unpaid-wages-steps"})
    settle(2)
    reveal(k, "guideAskLawyer")
    tap(k, "guideAskLawyer")
    k.session.endSession()
    settle(2)
    assert k.view_models["Video"].aboutTitle == ""
