"""`lawpost shot --param`: a screen is rendered with the given parameters instead of its sample."""

from __future__ import annotations

import pytest

from lawpost.cli import main
from ui.app import Kiosk
from ui.shot import ShotRequest, show_state


def _texts(kiosk: Kiosk) -> list[str]:
    stack, found = [kiosk.window.contentItem()], []
    while stack:
        item = stack.pop()
        text = item.property("text")
        if isinstance(text, str) and text and item.isVisible():
            found.append(text)
        stack.extend(item.childItems())
    return found


@pytest.mark.parametrize(
    ("params", "title"),
    [(None, "工资被拖欠怎么办"), ({"guide": "family-detained"}, "家人被公安抓了怎么办")],
)
def test_guide_screen_shows_the_guide_named(
    content_kiosk: Kiosk, params: dict[str, str] | None, title: str
) -> None:
    show_state(content_kiosk, ShotRequest("guide", params=params))
    assert any(title in text for text in _texts(content_kiosk))


def test_a_parameter_without_a_value_is_refused_in_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shot", "guide", "--out", "x.png", "--param", "guide"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err
