"""Wiring of the first-boot set-up: decide at start whether the wizard shows, install what the
configuration file gives for mass roll-out (PIN hash, enrollment code), expose `Setup` to QML."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from kiosk.config import Settings, SyncSettings
from kiosk.firstboot.qr_camera import Camera, open_camera
from kiosk.firstboot.state import KioskFacts, needs_setup
from kiosk.security.audit_log import AuditLog
from kiosk.security.technician_lock import TechnicianLock
from kiosk.storage.database import DATABASE_FILE
from ui.background import BackgroundOp
from ui.viewmodels.setup_wizard import SetupWizard

if TYPE_CHECKING:  # ui.features lists this wiring
    from ui.features import FeatureContext

log = logging.getLogger(__name__)

# Tests and the demo point the wizard's camera at a printed QR code with this text.
SIMULATED_QR_ENV = "LAWPOST_SIMULATED_QR"


def _enrolled(db: Any) -> bool:
    from kiosk.security.token_vault import TokenUnreadableError
    from kiosk.sync.enrollment import load_enrollment

    try:
        return load_enrollment(db) is not None
    except TokenUnreadableError:
        return False


def enroll_for_wizard(settings: Settings, sync: SyncSettings, server: str, code: str, name: str) -> str:
    """Enrol on a connection of its own (runs off the GUI thread): "" or the problem's catalog key."""
    from kiosk.storage.database import connect
    from kiosk.sync.client import EnrollRefusedError, TransientError
    from kiosk.sync.enroll_kiosk import EnrollFailed, enroll_kiosk, normalise_server_url

    try:
        normalise_server_url(server)
    except EnrollFailed:
        return "setup.enroll_bad_url"
    if not code.strip():
        return "setup.enroll_no_code"
    db = connect(settings.data_dir / DATABASE_FILE)
    try:
        enroll_kiosk(db, server_url=server, code=code, kiosk_name=name, sync=sync, force=True)
    except EnrollFailed as exc:
        log.warning("enrollment from the set-up wizard failed: %s", type(exc.__cause__).__name__)
        if isinstance(exc.__cause__, EnrollRefusedError):
            return "setup.enroll_wrong_code"
        if isinstance(exc.__cause__, TransientError):
            return "setup.enroll_unreachable"
        return "setup.enroll_error"
    finally:
        db.conn.close()
    return ""


def _apply_roll_out(context: FeatureContext, lock: TechnicianLock, enrolled: bool) -> None:
    """What /etc/lawpost/kiosk.toml gives for mass roll-out, applied once and silently."""
    settings = context.settings
    if settings.technician.pin_hash and not lock.is_set:
        lock.install_hash(settings.technician.pin_hash)
        AuditLog(context.db).append(actor="config", action="set_pin")
    sync = settings.sync
    if sync.enrollment_code and sync.server_url and not enrolled:
        name = settings.kiosk.service_point_name
        BackgroundOp(lambda: enroll_for_wizard(settings, sync, sync.server_url, sync.enrollment_code, name)
                     ).success(lambda problem: log.info("enrollment from kiosk.toml: %s", problem or "done")
                               ).run(context.worker)  # fmt: skip


def wire_setup(context: FeatureContext) -> dict[str, QObject]:
    settings = context.settings
    lock = TechnicianLock(context.db, max_failures=settings.technician.max_pin_failures,
                          lockout_s=settings.technician.lockout_minutes * 60)  # fmt: skip
    enrolled = _enrolled(context.db)
    _apply_roll_out(context, lock, enrolled)
    info = context.shared.get("kiosk_info")

    def set_pin(pin: str) -> None:
        lock.set_pin(pin)
        AuditLog(context.db).append(actor="technician", action="set_pin")

    def camera() -> Camera | None:
        return open_camera(os.environ.get(SIMULATED_QR_ENV, ""))

    wizard = SetupWizard(
        settings=settings, worker=context.worker,
        enroll=lambda server, code, name: enroll_for_wizard(settings, settings.sync, server, code, name),
        set_pin=set_pin, open_camera=camera,
        on_name=lambda name, _township: info.rename(name) if info is not None else None,
        enrolled=lambda: _enrolled(context.db),
    )  # fmt: skip
    nav = context.nav
    wizard.finished.connect(nav.home)
    # An idle reset takes the kiosk home; an unfinished set-up comes straight back.
    context.session.session_reset.connect(lambda: nav.go("setup") if wizard.active else None)
    facts = KioskFacts(enrolled=enrolled, pin_set=lock.is_set)
    if context.shared.get("first_boot") and needs_setup(settings, facts):
        log.info("no configuration yet: showing the set-up wizard")
        wizard.start()
        nav.go("setup")
    return {"Setup": wizard}
