"""Renders one kiosk screen offscreen to a PNG: the `lawpost shot` command and docs/screens."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QPointF
from PySide6.QtGui import QGuiApplication

from kiosk.config import Settings
from kiosk.content.installer import ensure_default_pack_installed, packs_root
from kiosk.devices.speech import FakeSpeaker
from kiosk.search.segment import Segmenter
from ui.app import Kiosk, attach_content, build_kiosk, open_content_library
from ui.qt_env import prepare_qt_environment, use_throwaway_dirs
from ui.screens import find_screen, screen_ids

# Extra states worth a picture that are overlays rather than screens ("keyboard": the search box
# focused with "gongzi" typed, so the candidate strip shows).
OVERLAY_SHOTS = ("idle", "pin", "keyboard")
# Screens after a visitor's typical input: (screen, what the visitor typed).
ANSWER_SHOTS = {
    "search-results": ("search", "房东扣着押金不退"),
    "ask-answer": ("ask", "老板拖欠工资不给怎么办"),
    # A question no guide is for: the hall staff and 12348, no guide, no articles.
    "ask-outside": ("ask", "厕所在哪"),
}


# Queue states shown from sample data (a ticket, the on-screen ticket, calls on the hall display).
QUEUE_SHOTS = ("queue-ticket", "queue-no-paper", "queue-called")


def all_shot_names() -> list[str]:
    return [*screen_ids(), *OVERLAY_SHOTS, *ANSWER_SHOTS, *QUEUE_SHOTS]


def _wait_for(condition: Any, timeout_s: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


@dataclass(frozen=True)
class ShotRequest:
    screen: str
    size: tuple[int, int] = (1080, 1920)
    elder: bool = False
    language: str = "zh_CN"
    # Replaces the screen's sample parameters (e.g. {"guide": "court-sue-enforce"}) when given.
    params: dict[str, str] | None = None


def ensure_app() -> QGuiApplication:
    prepare_qt_environment(offscreen=True)
    app = QGuiApplication.instance()
    if app is None:
        use_throwaway_dirs()
        app = QGuiApplication(["lawpost-shot"])
    assert isinstance(app, QGuiApplication)
    return app


def settle(rounds: int = 6) -> None:
    """Let bindings, loaders and the short fade-in finish before a frame is grabbed."""
    import time

    for _ in range(rounds):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.03)


class ManualClock:
    """A monotonic clock that moves only when told to (screenshots and audit of the idle overlay)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def show_state(kiosk: Kiosk, request: ShotRequest, *, clock: ManualClock | None = None) -> None:
    """Put a built kiosk into the state the request names (screen or overlay)."""
    kiosk.theme.set_elder(request.elder)
    kiosk.i18n.setLanguage(request.language)
    kiosk.nav.home()
    if request.screen == "idle":
        if clock is None:
            raise ValueError("the idle overlay needs a kiosk built with a ManualClock")
        clock.advance(kiosk.settings.kiosk.idle_timeout_s + 1)
        kiosk.session.tick()
    elif request.screen in ANSWER_SHOTS:
        screen, typed = ANSWER_SHOTS[request.screen]
        kiosk.nav.go(screen)
        if screen == "search":
            kiosk.library.search(typed)
            _wait_for(lambda: not kiosk.library.searching)
        else:
            kiosk.library.ask(typed)
            _wait_for(lambda: not kiosk.library.asking)
    elif request.screen in (*QUEUE_SHOTS, "queue", "hall-display"):
        from ui.viewmodels.queue import show_queue_sample

        kiosk.nav.go(show_queue_sample(kiosk.view_models, request.screen))
    elif request.screen == "keyboard":
        from ui.keyboard_audit import type_pinyin

        kiosk.nav.go("search")
        settle()
        _find_item(kiosk, "searchInput").forceActiveFocus()
        settle()
        type_pinyin(kiosk.engine, "gongzi")
    elif request.screen == "pin":
        kiosk.tech.cornerHeld("first")
        kiosk.tech.cornerHeld("second")
    elif request.screen != "home":
        spec = find_screen(request.screen)
        params = request.params if request.params is not None else spec.sample_params
        kiosk.nav.go(spec.screen_id, params)
        if spec.qml == "FormScreen.qml" and set(params) - {"form"}:
            settle()
            _stage_form(kiosk, params)
    settle()
    loader = kiosk.current_screen()
    if loader is not None:
        loader.setProperty("opacity", 1.0)


def _stage_form(kiosk: Kiosk, params: dict[str, str]) -> None:
    """A form part-way: `--param case.matter=labour_pay` answers (as a guide link gives them),
    `--param step=case` the step shown, `--param focus=respondent.name` the box being typed in
    (the keyboard open), `--param show=applicant.address` a field scrolled into view,
    `--param township=汲冢镇` that township tapped under the applicant's address."""
    forms = kiosk.view_models["Forms"]
    answers = {key: value for key, value in params.items() if "." in key and key != "focus"}
    if answers:
        forms.openWith(params.get("form", "legal_aid"), answers)  # type: ignore[attr-defined]
    if "step" in params:
        forms.edit(params["step"])  # type: ignore[attr-defined]
    if "township" in params:  # `--param township=汲冢镇`: tapped under the address, its villages shown
        forms.setAddressDetail("applicant.address", params["township"])  # type: ignore[attr-defined]
    settle()
    if "focus" in params:
        _find_item(kiosk, f"input_{params['focus']}").forceActiveFocus()
        settle()
    if "show" in params:  # `--param show=applicant.address`: that field scrolled to the top
        _scroll_to(kiosk, params["show"])
        settle()


def _scroll_to(kiosk: Kiosk, field_id: str) -> None:
    for prefix in ("input_", "regionPath_", "detail_"):
        try:
            item = _find_item(kiosk, prefix + field_id)
        except LookupError:
            continue
        flick = _find_item(kiosk, "pageFlick")
        top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
        most = max(0.0, flick.property("contentHeight") - flick.height())
        flick.setProperty("contentY", max(0.0, min(most, top - flick.height() / 8)))
        return
    raise LookupError(field_id)


def _find_item(kiosk: Kiosk, name: str) -> Any:
    stack = [kiosk.window.contentItem()]
    while stack:
        item = stack.pop()
        if item.objectName() == name:
            return item
        stack.extend(item.childItems())
    raise LookupError(name)


class ShotContent:
    """The kiosk's installed content, shared by many renders: each render gets a throwaway data
    folder (no visitor data, no database of the real kiosk) that links to the installed packs."""

    def __init__(self, settings: Settings) -> None:
        self._segmenter = Segmenter()
        ensure_default_pack_installed(settings, segmenter=self._segmenter)
        self._packs = packs_root(settings.data_dir)

    def build(self, settings: Settings, tmp: Path, *, size: tuple[int, int], clock: ManualClock) -> Kiosk:
        (tmp / "packs").symlink_to(self._packs, target_is_directory=True)
        local = settings.with_data_dir(tmp)
        kiosk = build_kiosk(local, speaker=FakeSpeaker(), size=size, clock=clock, open_content=False)
        attach_content(kiosk, open_content_library(local, segmenter=self._segmenter))
        return kiosk


def render(
    request: ShotRequest, out: Path, *, settings: Settings | None = None, content: ShotContent | None = None
) -> Path:
    ensure_app()
    base = settings or Settings()
    content = content or ShotContent(base)
    with tempfile.TemporaryDirectory(prefix="lawpost-shot-") as tmp:
        clock = ManualClock()
        kiosk = content.build(base, Path(tmp), size=request.size, clock=clock)
        try:
            kiosk.window.show()
            show_state(kiosk, request, clock=clock)
            image = kiosk.window.grabWindow()
            out.parent.mkdir(parents=True, exist_ok=True)
            if not image.save(str(out)):
                raise OSError(f"could not write {out}")
        finally:
            kiosk.close()
    return out
