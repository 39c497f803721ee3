"""The composition root: Settings → database → services → view-models → QML engine, built once."""

from __future__ import annotations

import contextlib
import ctypes
import linecache
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from kiosk.config import Settings
from kiosk.devices.speech import EspeakSpeaker, NullSpeaker, Speaker
from kiosk.i18n import load_catalogs
from kiosk.logs import LOG_FILE
from kiosk.search.segment import SharedSegmenter
from kiosk.security.audit_log import AuditLog
from kiosk.security.technician_lock import TechnicianLock
from kiosk.speech.frontend import speech_law_names
from kiosk.storage.database import DATABASE_FILE, open_database
from kiosk.usage_recorder import UsageRecorder
from ui.background import BackgroundOp, BackgroundWorker
from ui.features import FeatureContext, wire_features
from ui.icons import IconProvider
from ui.kiosk_sync import KioskSync
from ui.qr import QrProvider
from ui.screens import QML_DIR, SCREENS
from ui.viewmodels.home import Home
from ui.viewmodels.i18n import I18n
from ui.viewmodels.kiosk_info import KioskInfo
from ui.viewmodels.library import Library
from ui.viewmodels.navigator import Navigator
from ui.viewmodels.rating import RatingForm
from ui.viewmodels.readaloud import ReadAloud
from ui.viewmodels.session import Resettable, VisitorSession
from ui.viewmodels.sync_panel import SyncPanel
from ui.viewmodels.technician import Technician

if TYPE_CHECKING:  # imported where used, off the GUI thread (jieba loads with them)
    from kiosk.content.library import ContentLibrary
    from kiosk.search.segment import Segmenter

log = logging.getLogger(__name__)

PREFERRED_FONT = "Noto Sans CJK SC"


class KioskStartError(Exception):
    """The kiosk cannot start; `code` is shown on the fatal screen."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Services:
    """What screens may need to decide availability (see ScreenSpec.available)."""

    settings: Settings
    db: Any
    extras: dict[str, Any] = field(default_factory=dict)


class _AfterFirstFrame(QObject):
    """Runs a start-up job once the first frame is on screen (or after `fallback_ms` at most).

    Opening the content library is Python work on the background thread (jieba's dictionary,
    the pack's JSON). Started before the QML is loaded, it held the GIL while the GUI thread
    needed it for every view-model property the screens read, and the first frame came ~0.6 s
    later. The frame is queued to this object, so the job starts on the GUI thread even when
    Qt renders on a thread of its own.
    """

    def __init__(self, job: Any, *, parent: QObject, fallback_ms: int = 2000) -> None:
        super().__init__(parent)
        self._job: Any = job
        QTimer.singleShot(fallback_ms, self, self.start)

    @Slot()
    def start(self) -> None:
        job, self._job = self._job, None
        if job is not None:
            job()


class _TouchWatcher(QObject):
    """Every press anywhere counts as activity for the idle clock, and silences read-aloud."""

    _ACTIVITY: ClassVar[set[QEvent.Type]] = {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
    }

    def __init__(self, session: VisitorSession, speech: ReadAloud) -> None:
        super().__init__()
        self._session = session
        self._speech = speech

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._ACTIVITY:
            self._session.touched()
            self._speech.stop_by_touch()
        return False


@dataclass
class Kiosk:
    settings: Settings
    engine: QQmlApplicationEngine
    window: QQuickWindow
    services: Services
    theme: Any
    i18n: I18n
    nav: Navigator
    session: VisitorSession
    speech: ReadAloud
    speaker: Speaker
    home: Home
    tech: Technician
    rating: RatingForm
    info: KioskInfo
    library: Library
    usage: UsageRecorder
    sync_panel: SyncPanel
    sync: KioskSync
    worker: BackgroundWorker
    warnings: list[str]
    view_models: dict[str, QObject]
    features: FeatureContext | None = None
    _keep: list[Any] = field(default_factory=list)

    def current_screen(self) -> QObject | None:
        loader = self.window.findChild(QObject, "screenLoader")
        return loader.property("item") if loader is not None else None

    def close(self) -> None:
        """Tear down in reverse order: QML first (it binds to the view-models), then the rest."""
        self.session.stop()
        self.worker.close()
        if self.features is not None:
            for close in reversed(self.features.closers):
                close()
        self.sync.stop()
        self.speaker.close()
        self.usage.close()
        self.window.close()
        self.window.deleteLater()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        if self.library.content is not None:
            self.library.content.close()
        self.services.db.conn.close()


def device_status(speaker: Speaker, printer: Any = None) -> dict[str, str]:
    """What the technician screen and the heartbeat show; camera and ID reader arrive with their
    features. A ticket printer that does not answer is an "error" to the fleet console."""
    printer_status = "not_configured" if printer is None else str(printer.status())
    return {
        "speaker": speaker.status(),
        "printer": "error" if printer_status == "no_answer" else printer_status,
        "camera": "not_configured",
        "id_reader": "not_configured",
    }


def release_freed_memory() -> None:
    """Hand freed heap pages back to the system (glibc keeps them otherwise)."""
    # PySide6's import hook reads every module imported after it with inspect.getsource (to see
    # whether it uses `__feature__`), which leaves the source lines of ~700 modules in linecache:
    # ~28 MB that nothing reads again (a traceback reads the lines it needs afresh).
    linecache.clearcache()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def open_content_library(settings: Settings, *, segmenter: Segmenter | None = None) -> ContentLibrary:
    """Install the bundled pack on first start (builds the search index), then open it."""
    from kiosk.content.installer import ensure_default_pack_installed
    from kiosk.content.library import ContentLibrary
    from kiosk.search.segment import Segmenter

    segmenter = segmenter or Segmenter()
    pack = ensure_default_pack_installed(settings, segmenter=segmenter)
    return ContentLibrary(pack.path, segmenter=segmenter, hotline=settings.kiosk.hotline)


def _content_ready(content: ContentLibrary, *, library: Library, services: Services, home: Home) -> None:
    log.info("content pack %s opened", content.pack_dir.relative_to(content.pack_dir.parents[1]))
    library.attach(content)
    release_freed_memory()  # the start's imports and the pack's JSON are done with
    if not services.extras.get("content_installed"):
        services.extras["content_installed"] = True
        home.refresh()


def attach_content(kiosk: Kiosk, content: ContentLibrary) -> None:
    """Give a kiosk built with open_content=False its library now (screenshots, audit, tests)."""
    _content_ready(content, library=kiosk.library, services=kiosk.services, home=kiosk.home)


def register_fonts() -> str:
    """Use Noto Sans CJK SC when the system has it (Debian fonts-noto-cjk)."""
    families = QFontDatabase.families()
    if PREFERRED_FONT in families:
        return PREFERRED_FONT
    log.warning("CJK font %s not installed; Chinese may render as boxes", PREFERRED_FONT)
    return next((f for f in families if "CJK" in f), "sans-serif")


def build_kiosk(
    settings: Settings,
    *,
    speaker: Speaker | None = None,
    size: tuple[int, int] | None = None,
    clock: Any = time.monotonic,
    open_content: bool = True,
    start_sync: bool = False,
    segmenter: SharedSegmenter | None = None,
    first_boot: bool = False,
) -> Kiosk:
    """Build the whole kiosk inside the running QGuiApplication and load Main.qml."""
    from ui.viewmodels.theme import Theme

    if QGuiApplication.instance() is None:
        raise RuntimeError("create the QGuiApplication first")
    data_dir = settings.data_dir
    try:
        db = open_database(data_dir)
    except Exception as exc:
        raise KioskStartError("LP-300", f"database unavailable in {data_dir}: {exc}") from exc
    # The legal-information tiles appear once the library is open: it opens in the background
    # (jieba's dictionary takes ~0.7 s; a first start also installs the pack and builds its index).
    services = Services(settings=settings, db=db, extras={"content_installed": False})
    catalogs = load_catalogs()
    theme = Theme(mm_per_px=settings.screen.mm_per_px, font_family=register_fonts())
    i18n = I18n(catalogs, default_language=settings.kiosk.language)
    nav = Navigator(list(SCREENS))
    session = VisitorSession(
        idle_timeout_s=settings.kiosk.idle_timeout_s,
        countdown_s=settings.kiosk.idle_countdown_s,
        clock=clock,
    )
    # One jieba dictionary (~80 MB) for search and for the speech front end's word rules.
    segmenter = segmenter or SharedSegmenter()
    if speaker is None and not settings.speech.enabled:
        speaker = NullSpeaker()
    if speaker is None:
        speaker = EspeakSpeaker(
            rate_wpm=settings.speech.rate_wpm,
            player=settings.speech.player,
            laws=lambda: speech_law_names(data_dir),
            cut=segmenter.cut,
            mandarin_voice=settings.speech.voice_zh,
            english_voice=settings.speech.voice_en,
            warm_up_delay_s=3.0,
        )
    speech = ReadAloud(speaker, language=i18n.get_language)
    speaker.set_on_finished(speech.notify_finished_from_worker)
    panels: list[SyncPanel] = []
    kiosk_sync = KioskSync(
        settings=settings,
        database_path=data_dir / DATABASE_FILE,
        heartbeat_facts=lambda: (library.content_version,
                                 device_status(speaker, features.shared.get("ticket_printer"))),
        on_status=lambda status: panels[0].report(status),
    )
    # A new event wakes the sync worker, so statistics reach the server within seconds online.
    usage = UsageRecorder(data_dir / DATABASE_FILE, on_recorded=kiosk_sync.notify)

    home = Home(screens=list(SCREENS), services=services)
    lock = TechnicianLock(
        db,
        max_failures=settings.technician.max_pin_failures,
        lockout_s=settings.technician.lockout_minutes * 60,
    )
    audit = AuditLog(db)
    tech = Technician(
        settings=settings,
        lock=lock,
        audit=audit,
        speaker=speaker,
        text=i18n.text,
        log_path=data_dir / "logs" / LOG_FILE,
        device_status=lambda: device_status(speaker, features.shared.get("ticket_printer")),
        content_status=lambda: library.status_for_technician,
        clock=clock,
    )
    rating = RatingForm(db, language=i18n.get_language, on_visitor_input=session.markVisitorData)
    info = KioskInfo(settings, i18n)

    def record_usage(**fields: Any) -> None:
        usage.record(lang=i18n.get_language(), **fields)

    # One background lane for content (opening the pack, search, Ask) and enrollment.
    worker = BackgroundWorker("lawpost-background")
    library = Library(
        base_url=settings.kiosk.public_base_url,
        on_visitor_input=session.markVisitorData,
        record_usage=record_usage,
        worker=worker,
    )

    def open_library() -> None:
        BackgroundOp(lambda: open_content_library(settings, segmenter=segmenter.get())).success(
            lambda content: _content_ready(content, library=library, services=services, home=home)
        ).failure(lambda exc: library.failed(str(exc))).run(worker)
    sync_panel = SyncPanel(
        sync_now=kiosk_sync.sync_now,
        enroll=kiosk_sync.enroll,
        audit=lambda action, detail: audit.append(actor="technician", action=action, detail=detail),
        worker=worker,
    )
    panels.append(sync_panel)
    nav.screen_changed.connect(lambda screen: record_usage(event="screen_view", screen=screen))
    rating.rating_saved.connect(lambda: record_usage(event="rating", rating=rating.level))

    # Leaving a screen or the visitor's session ends any speech; the countdown is spoken.
    nav.screen_changed.connect(lambda _screen: speech.stop())
    tech.unlocked.connect(lambda: nav.go("technician"))
    session.countdown_started.connect(lambda: speech.speak(i18n.text("idle.spoken")))
    features = FeatureContext(
        settings=settings, db=db, i18n=i18n, nav=nav, session=session, speech=speech,
        speaker=speaker, worker=worker, record_usage=record_usage, notify_sync=kiosk_sync.notify,
        cut_words=segmenter.cut,
        # first_boot: this start may show the set-up wizard (`lawpost run`; never tests or demo).
        shared={"library": library, "kiosk_info": info, "first_boot": first_boot, "clock": clock},
    )
    feature_models = wire_features(features)
    # Order matters: speech stops first, then state is cleared, then the screen goes home.
    session.register(
        speech, rating, library, tech,
        *(cast(Resettable, vm) for vm in feature_models.values()
          if callable(getattr(vm, "reset", None))),
        i18n, nav, _ElderReset(theme),
    )

    engine = QQmlApplicationEngine()
    engine.addImageProvider("icons", IconProvider())
    engine.addImageProvider("qr", QrProvider())
    warnings: list[str] = []
    engine.warnings.connect(lambda errs: warnings.extend(e.toString() for e in errs))
    view_models: dict[str, QObject] = {
        "Theme": theme,
        "I18n": i18n,
        "Nav": nav,
        "Session": session,
        "Speech": speech,
        "Home": home,
        "Tech": tech,
        "Rating": rating,
        "Kiosk": info,
        "Library": library,
        "Sync": sync_panel,
    }
    clash = set(view_models) & set(feature_models)
    if clash:
        raise ValueError(f"features reuse shell view-model names: {sorted(clash)}")
    view_models |= feature_models
    for name, obj in view_models.items():
        engine.rootContext().setContextProperty(name, obj)
    engine.load(QUrl.fromLocalFile(str(QML_DIR / "Main.qml")))
    roots = engine.rootObjects()
    if not roots or not isinstance(roots[0], QQuickWindow):
        raise KioskStartError("LP-100", "the kiosk screen failed to load: " + "; ".join(warnings))
    window = roots[0]
    if open_content:
        # Parented to the window, so it lives as long as the kiosk does.
        opener = _AfterFirstFrame(open_library, parent=window)
        window.frameSwapped.connect(opener.start, Qt.ConnectionType.QueuedConnection)
    if start_sync:  # the sync thread's start-up (SQLite, requests) waits for the first frame too
        sync_starter = _AfterFirstFrame(kiosk_sync.start, parent=window)
        window.frameSwapped.connect(sync_starter.start, Qt.ConnectionType.QueuedConnection)
    # After a wipe, collect the QML engine's garbage at once: strings the visitor typed live in
    # the JavaScript heap until collected, and a kiosk runs for months on one process.
    session.session_reset.connect(engine.collectGarbage)
    session.session_reset.connect(release_freed_memory)
    width, height = size or (settings.screen.width, settings.screen.height)
    window.resize(QSize(width, height))
    watcher = _TouchWatcher(session, speech)
    window.installEventFilter(watcher)
    for ready in features.shared.get("window_ready", []):  # features that watch the window
        ready(window)
    return Kiosk(
        settings=settings,
        engine=engine,
        window=window,
        services=services,
        theme=theme,
        i18n=i18n,
        nav=nav,
        session=session,
        speech=speech,
        speaker=speaker,
        home=home,
        tech=tech,
        rating=rating,
        info=info,
        library=library,
        usage=usage,
        sync_panel=sync_panel,
        sync=kiosk_sync,
        worker=worker,
        warnings=warnings,
        view_models=view_models,
        features=features,
        _keep=[watcher],
    )


class _ElderReset:
    """The next visitor starts in the standard view; 长辈版 is one tap away on every screen."""

    def __init__(self, theme: Any) -> None:
        self._theme = theme

    def reset(self) -> None:
        self._theme.set_elder(False)


def qml_dir() -> Path:
    return QML_DIR
