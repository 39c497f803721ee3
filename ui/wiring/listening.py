"""Read-aloud and the idle clock: a visitor who is listening is not idle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:  # ui.features lists this wiring
    from ui.features import FeatureContext


def wire_listening(context: FeatureContext) -> dict[str, QObject]:
    """The idle clock stands still while read-aloud plays and restarts from zero when it ends
    (a visitor listening to a long guide was wiped at step 5 of 6)."""
    speech, session = context.speech, context.session
    speech.changed.connect(lambda: session.set_listening(bool(speech.property("speaking"))))
    return {}
