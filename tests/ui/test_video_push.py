"""What the lawyer pushes during a call, as the kiosk receives it: looked up in the kiosk's own pack
(a guide, a form, an article by "law#number"), answered to the lawyer (title, or not here), and
offered as buttons on the thank-you page that open the page. The push over the call's socket is
tested end to end in tests/server/test_video_extras_e2e.py."""

from __future__ import annotations

import json

from tests.ui.conftest import find, reveal, tap
from ui.app import Kiosk
from ui.shot import settle


def test_pushed_pages_are_answered_and_open_after_the_call(content_kiosk: Kiosk) -> None:
    k = content_kiosk
    pushed = k.view_models["VideoPushed"]
    acks: list[dict[str, object]] = []
    pushed._send_ack = lambda line: acks.append(json.loads(line))
    pushed.on_report({"pushed": [
        {"kind": "article", "id": "劳动合同法#30"},
        {"kind": "guide", "id": "unpaid-wages-steps"},
        {"kind": "form", "id": "no_such_form"},
    ]})  # fmt: skip
    pushed.on_report({"pushed": [{"kind": "article", "id": "劳动合同法#30"}]})  # repeated: nothing new
    assert [(a["title"], a["shown"]) for a in acks] == [
        ("《劳动合同法》第三十条", True), ("工资被拖欠怎么办", True), ("", False),
    ]  # fmt: skip
    k.nav.go("video")
    settle(2)
    k.view_models["Video"].preview({"stage": "ended", "reason": "hangup_lawyer"})
    settle(2)
    assert find(k, "pushed_unpaid-wages-steps").property("title") == "指南《工资被拖欠怎么办》"
    article_button = "pushed_中华人民共和国劳动合同法#30"
    assert find(k, article_button).property("title") == "《劳动合同法》第三十条"
    reveal(k, article_button)
    tap(k, article_button)
    assert k.nav.currentScreen == "article"
    assert (k.nav.params["law"], k.nav.params["number"]) == ("中华人民共和国劳动合同法", 30)
    k.session.endSession()
    settle(2)
    assert pushed.pages == []
