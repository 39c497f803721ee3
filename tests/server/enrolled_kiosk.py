"""A real kiosk enrolled with the live test server, for tests that follow a visitor from the kiosk's
screens to the server and back."""

from __future__ import annotations

import time
from collections.abc import Iterator

from video_e2e import enrollment_code

from kiosk.config import Settings
from kiosk.devices.speech import FakeSpeaker
from kiosk.storage.database import open_database
from kiosk.sync.enroll_kiosk import enroll_kiosk
from server.context import ServerContext
from ui.app import Kiosk, build_kiosk
from ui.shot import ManualClock, settle


def enrolled_kiosk(settings: Settings, site: tuple[str, ServerContext]) -> Iterator[Kiosk]:
    """Enroll the kiosk of `settings` with the site's server, show it portrait, yield it, and
    check on closing that QML said nothing."""
    url, context = site
    db = open_database(settings.data_dir)
    enroll_kiosk(db, server_url=url, code=enrollment_code(context), kiosk_name="石桥镇便民服务中心",
                 sync=settings.sync)  # fmt: skip
    db.conn.close()
    built = build_kiosk(settings, speaker=FakeSpeaker(), size=(1080, 1920), clock=ManualClock(),
                        open_content=False)  # fmt: skip
    built.window.show()
    settle(2)
    yield built
    warnings = list(built.warnings)
    built.close()
    assert warnings == [], f"QML warnings: {warnings}"


def pump() -> None:
    """Let Qt and the background threads move while a test waits for the server."""
    settle(1)
    time.sleep(0.05)
