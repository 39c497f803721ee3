"""After a reset nothing of the previous visitor remains in any view-model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from tests.ui.conftest import tap
from ui.app import Kiosk
from ui.shot import ManualClock, settle
from ui.viewmodels.session import MAX_LISTEN_S

# Properties that describe the kiosk, not the visitor, and change by themselves.
_NOT_VISITOR_STATE = {("Home", "clockText"), ("Home", "dateText"), ("Tech", "logLines"),
                      ("Tech", "auditLines"), ("Tech", "info"), ("Tech", "lockedSeconds")}


def snapshot(view_models: dict[str, QObject]) -> dict[tuple[str, str], Any]:
    """Every readable Qt property of every view-model the QML can see."""
    values: dict[tuple[str, str], Any] = {}
    for name, obj in view_models.items():
        meta = obj.metaObject()
        for index in range(meta.propertyOffset(), meta.propertyCount()):
            prop = meta.property(index).name()
            if (name, prop) not in _NOT_VISITOR_STATE:
                values[(name, prop)] = obj.property(prop)
    return values


def test_idle_reset_leaves_every_view_model_as_new(kiosk: Kiosk, clock: ManualClock) -> None:
    fresh = snapshot(kiosk.view_models)
    # A visitor: switches language and elder mode, reads aloud, fills the rating, wanders.
    tap(kiosk, "languageButton")
    tap(kiosk, "elderButton")
    tap(kiosk, "tile_rating")
    tap(kiosk, "level_1")
    kiosk.rating.setComment("my neighbour Zhang San 13812345678")
    tap(kiosk, "readButton")
    kiosk.tech.cornerHeld("first")
    changed = snapshot(kiosk.view_models)
    assert changed != fresh
    # The reading never ends (the fake speaker is never told it did): listening holds the idle
    # clock only so long, then the session is wiped like any other.
    idle = kiosk.settings.kiosk
    clock.advance(MAX_LISTEN_S + idle.idle_timeout_s + idle.idle_countdown_s + 1)
    kiosk.session.tick()
    settle(2)
    after = snapshot(kiosk.view_models)
    differences = {k: (fresh[k], after[k]) for k in fresh if fresh[k] != after[k]}
    assert differences == {}
    assert kiosk.nav.history == ["home"]
    comment_field_texts = [str(v) for v in after.values()]
    assert not any("13812345678" in v or "Zhang San" in v for v in comment_field_texts)
