"""Wiring of 视频咨询: the consultation, the call window, the lawyer's notes, pushed pages, sharing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.devices.a4_printer import CupsPrinter
from kiosk.sync.enrollment import load_enrollment
from kiosk.video.client import VideoClient
from ui.background import BackgroundWorker
from ui.viewmodels.video import VideoConsult
from ui.viewmodels.video_call_runner import CallRunner
from ui.viewmodels.video_notes import VideoNotes
from ui.viewmodels.video_push import PushedPages, pack_lookup, pack_text
from ui.viewmodels.video_share import FormShare

if TYPE_CHECKING:  # ui.features lists this module's wiring, so import it only for the type
    from ui.features import FeatureContext


def wire_video(context: FeatureContext) -> dict[str, QObject]:
    """视频咨询 needs the enrollment (server and token), its own network lane and the session."""
    settings = context.settings
    worker = BackgroundWorker("lawpost-video")
    control = BackgroundWorker("lawpost-video-control")
    runner = CallRunner()
    take_home = context.shared.get("take_home")
    printer = context.shared.get("a4_printer") or (
        take_home.printer if take_home is not None else CupsPrinter(settings.forms.a4_queue)
    )
    notes = VideoNotes(
        network=worker,
        printing=context.worker,
        printer=printer,
        text=context.i18n.text,
        language=context.i18n.get_language,
        today=lambda: date.today().isoformat(),
        speak=context.speech.speak,
    )

    def client_factory() -> VideoClient | None:
        enrollment = load_enrollment(context.db)
        if enrollment is None:
            return None
        return VideoClient(enrollment, ca_bundle=settings.sync.ca_bundle)

    video = VideoConsult(
        db=context.db,
        client_factory=client_factory,
        runner=runner,
        worker=worker,
        control=control,
        language=context.i18n.get_language,
        keep_awake=context.session.touched,
        stop_speech=context.speech.stop,
        on_visitor_input=context.session.markVisitorData,
        answer_timeout_s=settings.video.answer_timeout_minutes * 60,
        long_poll_s=settings.video.long_poll_s,
        duty_hours=settings.video.duty_hours,
        after_call=notes.watch,
    )
    pushed = PushedPages(lookup=pack_lookup(context.shared), language=context.i18n.get_language,
                         send_ack=runner.ack, text_of=pack_text(context.shared))  # fmt: skip
    # The share notice is read aloud once, although 朗读 is off during the call (docs/video.md).
    runner.share_asking.connect(context.speech.speak)
    runner.report.connect(pushed.on_report)
    form_share = FormShare(shared=context.shared, runner=runner)
    runner.share_offer = form_share.offer
    runner.share_consented.connect(form_share.send)
    runner.ended.connect(lambda _reason: pushed.newCall())
    context.shared["video"] = video
    context.shared["video_notes"] = notes  # 发到手机 of the lawyer's notes (ui/viewmodels/handoff.py)
    context.closers.append(runner.close)
    context.closers.append(worker.close)
    context.closers.append(control.close)
    context.closers.append(video.close)
    return {"Video": video, "VideoNotes": notes, "VideoPushed": pushed}
