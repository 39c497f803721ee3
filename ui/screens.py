"""The registry of kiosk screens: QML file, title, and the home tile if the feature is there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QML_DIR = Path(__file__).resolve().parent / "qml"


@dataclass(frozen=True)
class Tile:
    """A home tile. `more` tiles are less used: they sit on the 更多服务 screen, one tap further,
    so that home offers at most HOME_CHOICES choices (DESIGN.md: never more than ~7 on a screen)."""

    icon: str
    subtitle_key: str
    order: int
    more: bool = False


# DESIGN.md's "never more than ~7 choices on one screen", for home and 更多服务 alike.
HOME_CHOICES = 7


@dataclass(frozen=True)
class ScreenSpec:
    """One screen. `available` decides at start-up whether its feature works on this kiosk;
    a screen whose feature is missing gets no tile (no dead buttons)."""

    screen_id: str
    qml: str
    title_key: str
    tile: Tile | None = None
    available: Callable[[Any], bool] = lambda services: True
    # Parameters used when the screen is rendered alone (screenshots, audit).
    sample_params: dict[str, Any] = field(default_factory=dict)
    # Screens reachable only through technician mode are not audited as visitor screens' tiles.
    technician_only: bool = False

    @property
    def path(self) -> Path:
        return QML_DIR / "screens" / self.qml


def _content(services: Any) -> bool:
    """Legal information works once a content pack is installed on this kiosk."""
    return bool(services.extras.get("content_installed"))


# The worked example of severance: 5 years 4 months at 5,200 a month.
_SEVERANCE_SAMPLE = {"start": "2018-07-01", "end": "2023-11-20", "monthly_wage": "5200",
                     "local_average_wage": "7600"}
def _forms(services: Any) -> bool:
    """Guided forms work when the pack has some (kiosk/forms, wired by ui/viewmodels/forms.py)."""
    return bool(services.extras.get("forms_available", True))


# Each stage of 视频咨询 pictured and audited with sample figures (Video.preview).
_VIDEO_SAMPLES: dict[str, dict[str, Any]] = {
    "consent": {"stage": "consent", "topic": "labour", "lawyers": 2},
    "waiting": {"stage": "waiting", "topic": "labour", "lawyers": 2, "ahead": 3, "estimate": 12},
    "in_call": {"stage": "in_call", "topic": "labour", "call_state": "connected"},
    "ended": {"stage": "ended", "reason": "hangup_lawyer", "waiting": True},
    "notes": {"stage": "ended", "reason": "hangup_lawyer", "lawyer": "王律师",
              "pushed": [{"kind": "guide", "id": "unpaid-wages-steps", "title": "被拖欠工资怎么办"}],
              "notes": "您说的情况可以申请劳动仲裁，时效是一年。\n请带上劳动合同、工资条和考勤记录，"
                       "到县劳动人事争议仲裁委员会递交申请。\n如经济困难，可以同时申请法律援助。"},
    "about": {"stage": "topics", "lawyers": 2, "about_kind": "guide", "about_title": "被拖欠工资怎么办"},
    "unavailable": {"stage": "unavailable", "reason": "no_lawyer",
                    "shift": ["2026-12-01T01:00:00+00:00", "2026-12-01T03:30:00+00:00"],
                    "slots": ["2026-12-01T01:00:00+00:00", "2026-12-01T01:20:00+00:00",
                              "2026-12-01T01:40:00+00:00"]},
    "booked": {"stage": "unavailable", "reason": "no_lawyer", "booked_at": "2026-12-01T01:20:00+00:00"},
    "callback": {"stage": "callback", "phone": "1381234"},
    "callback_confirm": {"stage": "callback_confirm", "phone": "13812345678"},
    "callback_done": {"stage": "callback_done"},
    "checkin": {"stage": "booking", "checkin_at": "2026-12-01T01:20:00+00:00", "window": "now"},
}

SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("home", "HomeScreen.qml", "home.title"),
    # 更多服务: the tiles marked `more`, reached from home's last tile.
    ScreenSpec("more", "MoreScreen.qml", "more.title"),
    ScreenSpec("guides", "GuidesScreen.qml", "guides.title",
               tile=Tile(icon="book", subtitle_key="guides.subtitle", order=10), available=_content),
    ScreenSpec("ask", "AskScreen.qml", "ask.title",
               tile=Tile(icon="message-question", subtitle_key="ask.subtitle", order=20),
               available=_content),
    ScreenSpec("search", "SearchScreen.qml", "search.title",
               tile=Tile(icon="search", subtitle_key="search.subtitle", order=30, more=True),
               available=_content),
    ScreenSpec("laws", "LawsScreen.qml", "laws.title",
               tile=Tile(icon="scale", subtitle_key="laws.subtitle", order=40, more=True),
               available=_content),
    ScreenSpec("directory", "DirectoryScreen.qml", "directory.title",
               tile=Tile(icon="map-pin", subtitle_key="directory.subtitle", order=50),
               available=_content),
    # 算一算 works without a content pack: its rules are code, its articles link when the pack has them.
    ScreenSpec("calc", "CalcScreen.qml", "calc.title",
               tile=Tile(icon="calculator", subtitle_key="calc.subtitle", order=60, more=True)),
    ScreenSpec("calc_form", "CalcFormScreen.qml", "calc.title",
               sample_params={"calculator": "severance", "values": _SEVERANCE_SAMPLE, "step": 0}),
    # The same screen at a choice step and at a money step, so each input is pictured and audited.
    ScreenSpec("calc_kind", "CalcFormScreen.qml", "calc.title",
               sample_params={"calculator": "litigation-fee", "step": 0, "values": {}}),
    ScreenSpec("calc_amount", "CalcFormScreen.qml", "calc.title",
               sample_params={"calculator": "litigation-fee", "step": 1,
                              "values": {"kind": "property", "amount": "88000"}}),
    ScreenSpec("calc_result", "CalcResultScreen.qml", "calc.title",
               sample_params={"calculator": "severance", "values": _SEVERANCE_SAMPLE}),
    ScreenSpec("queue", "QueueScreen.qml", "queue.title",
               tile=Tile(icon="ticket", subtitle_key="queue.subtitle", order=70),
               available=lambda services: services.settings.queue.enabled),
    # Shown on a screen facing the hall (or in a browser: the counter web's /display page).
    ScreenSpec("hall-display", "HallDisplayScreen.qml", "queue.hall_title", technician_only=True),
    ScreenSpec("topic", "TopicScreen.qml", "guides.title", sample_params={"topic": "unpaid-wages"}),
    ScreenSpec("guide", "GuideScreen.qml", "guides.title",
               sample_params={"guide": "unpaid-wages-steps"}),
    ScreenSpec("faq", "FaqScreen.qml", "topic.faq", sample_params={"faq": "wages-boss-owes"}),
    ScreenSpec("law", "LawScreen.qml", "laws.title", sample_params={"law": "中华人民共和国劳动合同法"}),
    ScreenSpec("chapter", "ChapterScreen.qml", "laws.title",
               sample_params={"law": "中华人民共和国劳动合同法", "chapter": 1,
                              "title": "第二章 劳动合同的订立"}),
    ScreenSpec("article", "ArticleScreen.qml", "laws.title",
               sample_params={"law": "中华人民共和国劳动合同法", "number": 30}),
    ScreenSpec("institution", "InstitutionScreen.qml", "directory.title",
               sample_params={"institution": "sample-legal-aid-centre"}),
    ScreenSpec("forms", "FormsScreen.qml", "forms.title",
               tile=Tile(icon="file-text", subtitle_key="forms.subtitle", order=55), available=_forms),
    ScreenSpec("form", "FormScreen.qml", "forms.title", sample_params={"form": "legal_aid"}),
    # The same screen part-way (ui/shot.py stages it): step 3 after 讨要工资, its answers pre-chosen.
    ScreenSpec("form_case", "FormScreen.qml", "forms.title",
               sample_params={"form": "legal_aid", "case.matter": "labour_pay", "case.unpaid_months": "3",
                              "step": "case"}),
    # Step 2 with the ID number keyed: the name box's surname tiles, the address started at the
    # number's county (marked).
    ScreenSpec("form_applicant", "FormScreen.qml", "forms.title",
               sample_params={"form": "legal_aid", "case.matter": "labour_pay",
                              "applicant.id_number": "411625194912310024", "step": "applicant"}),
    # The same step after 汲冢镇 was tapped under the address: its villages as tiles (the pack's
    # townships of 郸城县).
    ScreenSpec("form_address", "FormScreen.qml", "forms.title",
               sample_params={"form": "legal_aid", "case.matter": "labour_pay",
                              "applicant.id_number": "411625194912310024", "step": "applicant",
                              "township": "汲冢镇", "show": "applicant.address"}),
    # 视频咨询 needs the server: without enrollment it still opens and offers 12348 and duty hours.
    ScreenSpec("video", "VideoScreen.qml", "video.title",
               tile=Tile(icon="video", subtitle_key="video.subtitle", order=75)),
    *(ScreenSpec(f"video_{stage}", "VideoScreen.qml", "video.title", sample_params=params)
      for stage, params in _VIDEO_SAMPLES.items()),
    ScreenSpec(
        "rating",
        "RatingScreen.qml",
        "rating.title",
        tile=Tile(icon="mood-smile", subtitle_key="rating.subtitle", order=90, more=True),
    ),
    ScreenSpec(
        "privacy",
        "PrivacyScreen.qml",
        "privacy.title",
        tile=Tile(icon="shield-lock", subtitle_key="privacy.subtitle", order=95, more=True),
    ),
    ScreenSpec("hotline", "HotlineScreen.qml", "hotline.title"),
    # 发到手机 and 下次再填 (ui/viewmodels/handoff.py): pictured with a sample link and code.
    ScreenSpec("handoff", "HandoffScreen.qml", "handoff.title",
               sample_params={"preview": "ready", "what": "guide"}),
    ScreenSpec("handoff_offline", "HandoffScreen.qml", "handoff.title",
               sample_params={"preview": "offline", "what": "guide"}),
    ScreenSpec("resume_save", "ResumeScreen.qml", "resume.title",
               sample_params={"mode": "save", "preview": "saved"}),
    ScreenSpec("resume", "ResumeScreen.qml", "resume.open", sample_params={"mode": "open"}),
    ScreenSpec("technician", "TechnicianScreen.qml", "tech.title", technician_only=True),
    ScreenSpec("enroll", "EnrollScreen.qml", "sync.enroll_title", technician_only=True),
    # First-boot set-up (ui/viewmodels/setup_wizard.py), each step pictured and audited alone.
    # Read aloud and audited like a visitor's screen: whoever sets up a kiosk may need it too.
    ScreenSpec("setup", "SetupScreen.qml", "setup.title"),
    *(ScreenSpec(f"setup_{step}", "SetupScreen.qml", "setup.title", sample_params={"preview": step})
      for step in ("place", "orientation", "server", "printer", "pin", "done")),
)


def screen_ids() -> list[str]:
    return [spec.screen_id for spec in SCREENS]


def find_screen(screen_id: str) -> ScreenSpec:
    for spec in SCREENS:
        if spec.screen_id == screen_id:
            return spec
    raise KeyError(screen_id)
