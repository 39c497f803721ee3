"""Feature wiring: each kiosk feature builds its own view-models from what the shell provides.

The composition root (ui/app.py) builds the shell — settings, database, session, speech,
navigation — and then calls every function in FEATURE_WIRINGS with a FeatureContext. A feature
returns the view-models it exposes to QML by name; whatever it returns that has `reset()` is wiped
with the visitor's session. Adding a feature is one function in its own module and one line here,
so features built side by side never grow the composition root.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject

from kiosk.config import Settings
from kiosk.devices.speech import Speaker
from ui.background import BackgroundWorker
from ui.viewmodels.calc import wire_calc
from ui.viewmodels.forms import wire_forms
from ui.viewmodels.handoff import wire_handoff
from ui.viewmodels.i18n import I18n
from ui.viewmodels.navigator import Navigator
from ui.viewmodels.queue import wire_queue
from ui.viewmodels.readaloud import ReadAloud
from ui.viewmodels.session import VisitorSession
from ui.viewmodels.take_home import wire_take_home
from ui.viewmodels.video_booking import wire_video_booking
from ui.viewmodels.video_booking_call import wire_video_booking_call
from ui.viewmodels.video_checkin import wire_video_checkin
from ui.viewmodels.video_ticket import wire_video_ticket
from ui.wiring.listening import wire_listening
from ui.wiring.screen_sleep import wire_screen_sleep
from ui.wiring.setup import wire_setup
from ui.wiring.video import wire_video


@dataclass
class FeatureContext:
    """What the shell hands each feature. Nothing here is global; each kiosk builds its own."""

    settings: Settings
    db: Any
    i18n: I18n
    nav: Navigator
    session: VisitorSession
    speech: ReadAloud
    speaker: Speaker
    worker: BackgroundWorker
    record_usage: Callable[..., None]
    # Wakes the sync worker so a new outbox item leaves within seconds when online.
    notify_sync: Callable[[], None] = lambda: None
    # Things a feature hands to features wired after it (e.g. a printer both tickets and forms use).
    shared: dict[str, Any] = field(default_factory=dict)
    # Cuts Chinese with the kiosk's one search Segmenter (speech rules must not load a second
    # jieba dictionary); None in kiosks built without one.
    cut_words: Callable[[str], list[str]] | None = None
    # Called when the kiosk closes, in reverse order of registration.
    closers: list[Callable[[], None]] = field(default_factory=list)


FeatureWiring = Callable[[FeatureContext], dict[str, QObject]]



# One line per feature, in the order they are wired.
FEATURE_WIRINGS: tuple[FeatureWiring, ...] = (
    wire_listening, wire_calc, wire_queue, wire_forms, wire_take_home, wire_handoff, wire_video,
    wire_video_booking, wire_video_ticket, wire_video_checkin, wire_video_booking_call,
    wire_screen_sleep, wire_setup,
)


def wire_features(context: FeatureContext) -> dict[str, QObject]:
    """Run every feature's wiring; the union of the view-models they expose, by QML name."""
    exposed: dict[str, QObject] = {}
    for wiring in FEATURE_WIRINGS:
        for name, view_model in wiring(context).items():
            if name in exposed:
                raise ValueError(f"two features expose a view-model named {name!r}")
            exposed[name] = view_model
    return exposed
