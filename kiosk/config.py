"""Kiosk settings read from a TOML file, with documented defaults for every key."""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.queue.services import QueueConfigError, build_rules

CONFIG_ENV = "LAWPOST_CONFIG"
DATA_ENV = "LAWPOST_DATA"

# A source checkout keeps its development data next to the code; an installed kiosk sets data_dir.
_SOURCE_DATA_DIR = Path(__file__).resolve().parent.parent / "offline_cache"


class ConfigError(Exception):
    """The configuration file cannot be used; the message tells a technician what to fix."""


@dataclass(frozen=True)
class KioskSettings:
    service_point_name: str = "示例镇公共法律服务点"
    service_point_name_en: str = "Sample Town Public Legal Service Point"
    # The township (乡镇/街道) the service point serves; set by the first-boot wizard or here.
    township: str = ""
    language: str = "zh_CN"
    hotline: str = "12348"
    # Shown on the safe screen when the kiosk cannot start (and wherever opening hours are shown).
    opening_hours: str = "周一至周五 8:30–12:00，14:00–17:30"
    # Seconds without a touch before the "continue?" countdown, and the countdown's length.
    idle_timeout_s: int = 90
    idle_countdown_s: int = 15
    data_dir: str = ""
    # How long the fatal-error screen stays before the process exits for its supervisor to restart.
    fatal_screen_s: int = 20
    # Base URL printed into QR codes so a visitor can open a page on their phone.
    public_base_url: str = "https://legal.example.gov.cn/lawpost"


@dataclass(frozen=True)
class ScreenSettings:
    # Millimetres per pixel of the panel: 32" 1080x1920 portrait ≈ 0.37, 43" ≈ 0.50, 21.5" 1080p ≈ 0.25.
    mm_per_px: float = 0.37
    width: int = 1080
    height: int = 1920
    fullscreen: bool = True
    # "portrait" | "landscape" | "" (= as width and height say). The first-boot wizard sets it.
    orientation: str = ""
    # Outside the opening hours (the [[queue.services]] hours and weekdays), the screen goes dark
    # after this many idle minutes and a touch wakes it; during opening hours it never sleeps.
    sleep_outside_hours: bool = False
    sleep_after_minutes: int = 10
    # How the screen is switched off (docs/deploy.md): "auto" (wlr-randr if the compositor offers
    # wlr-output-management, else the panel's backlight in /sys/class/backlight), "wlr-randr",
    # "backlight", or "none" (the kiosk only shows black).
    power_control: str = "auto"


@dataclass(frozen=True)
class SpeechSettings:
    enabled: bool = True
    # espeak-ng 1.52 voices (espeakng-loader): Mandarin is given pinyin with tone numbers by our front
    # end, so it must be a voice that reads pinyin; English reads runs of English words.
    voice_zh: str = "cmn-latn-pinyin"
    voice_en: str = "en"
    rate_wpm: int = 150
    # Program that plays a WAV file; killed to stop speech at once.
    player: str = "aplay -q"


@dataclass(frozen=True)
class TechnicianSettings:
    max_pin_failures: int = 5
    lockout_minutes: int = 15
    # Seconds a corner must be held before the second corner is accepted.
    gesture_hold_s: float = 2.0
    # Mass roll-out: the PIN as the hash `lawpost set-pin --print-hash` prints (never the PIN
    # itself); installed into a kiosk that has no PIN yet.
    pin_hash: str = ""


@dataclass(frozen=True)
class SyncSettings:
    # Default for `lawpost enroll --server`; once enrolled, the URL stored at enrollment is used.
    server_url: str = ""
    # Mass roll-out: a one-time enrollment code the kiosk trades by itself at its first start.
    enrollment_code: str = ""
    # Seconds between heartbeats (the server's answer may change it).
    heartbeat_interval_s: int = 30
    # Outbox items per ingest request (the server accepts at most 500).
    batch_size: int = 100
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    # Full-jitter exponential backoff after a transient failure: base, then doubling up to cap.
    backoff_base_s: float = 1.0
    backoff_cap_s: float = 900.0
    # PEM file of the CA that signed the server's TLS certificate (a private intranet CA);
    # empty = the system's trusted CAs.
    ca_bundle: str = ""
    # Tombstones (id, hash, time) of items the server acknowledged are deleted after this many
    # days; the server keeps its own copy, so they only serve the technician's counts.
    tombstone_days: int = 90
    # While offline, anonymous usage events beyond this many are dropped oldest first (~300 bytes
    # each: 50,000 ≈ 15 MB), so a kiosk cut off for months cannot fill its disk with statistics.
    # Sealed submissions, tickets and ratings are never dropped.
    max_pending_usage_events: int = 50_000


@dataclass(frozen=True)
class UpdatesSettings:
    # Content-pack updates on the heartbeat (docs/updates.md). Off until a root is pinned.
    enabled: bool = False
    channel: str = "stable"
    # Kiosk groups (its name, its township, ...) looked up in the channel, first match wins;
    # without a match the channel's default applies.
    groups: list[str] = field(default_factory=list)
    # A static mirror of the server's /updates/ folder; empty = <enrolled server URL>/updates/.
    mirror_url: str = ""
    # Heartbeats come every 30 s; the (cheap, one small file) metadata check at most this often.
    check_interval_s: int = 300


@dataclass(frozen=True)
class CentralServerSettings:
    # `lawpost server` only (the central server, not the kiosk). Empty data_dir = <data_dir>/server.
    data_dir: str = ""
    # SQLAlchemy URL; empty = one SQLite file in the server data folder. PostgreSQL:
    # "postgresql+psycopg2://user:password@host/dbname".
    database_url: str = ""
    # Private key that opens sealed submissions; empty = <server data>/server_private.key (0600).
    private_key_path: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    heartbeat_interval_s: int = 30
    # A kiosk missing this many beats shows as offline.
    offline_after_missed_beats: int = 3
    session_idle_minutes: int = 30
    # Set true behind an HTTPS proxy so the console cookie is never sent in clear (an https://
    # public_origin turns it on anyway).
    cookie_secure: bool = False
    stats_time_zone: str = "Asia/Shanghai"
    # `lawpost server purge` deletes personal data of submissions handled this many days ago.
    retention_days: int = 180
    # The address browsers and kiosks use, e.g. "https://lawpost.sfj.example.gov.cn".
    public_origin: str = ""
    # Host names accepted besides public_origin's; any other Host header gets 400.
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost", "::1"])
    # Reverse proxies (addresses or CIDR) whose X-Forwarded-For is believed; empty = none.
    trusted_proxies: list[str] = field(default_factory=list)
    # Video consultation: TURN/STUN URLs, comma-separated (e.g. "turn:turn.example.cn:3478"), and
    # coturn's static-auth-secret; credentials handed to the kiosk and the lawyer expire after
    # turn_ttl_s. Empty = host candidates only (a LAN). See packaging/turnserver.conf.example.
    turn_urls: str = ""
    turn_secret: str = ""
    turn_ttl_s: int = 3600
    # Content publishing (docs/publishing.md): the static update repository (empty = <server
    # data>/updates; outside the private data folder when nginx serves it), the online key that
    # signs channels/snapshot/timestamp (empty = <server data>/updates_online.key, 0600), and the
    # largest bundle `lawpost pack publish` may upload.
    updates_repo_dir: str = ""
    updates_online_key_path: str = ""
    max_bundle_mb: int = 1024
    # `[server.limits]`: any further number or switch of the server's own settings by its field
    # name (server/settings.py: alert thresholds, lockout, argon2 cost, password-check priority,
    # inbox and batch limits, the fleet page's age); checked by `lawpost server`.
    limits: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CalcSettings:
    # 算一算. Amounts in yuan; 0 = not set. Per-case fees the province fixes within the ranges of
    # 诉讼费用交纳办法 art. 13 (divorce 50–300, personality rights 100–500, other non-property
    # 50–100); while unset, the calculator shows the whole range instead of guessing.
    divorce_fee: float = 0.0
    personality_fee: float = 0.0
    non_property_fee: float = 0.0
    # The city's published average monthly wage of the previous year (劳动合同法 art. 47, the
    # 3× cap of severance); 0 = not set: the visitor may type it, else the cap is not checked.
    local_average_monthly_wage: float = 0.0
    # What that figure is, shown beside it, e.g. "某市2025年城镇非私营单位在岗职工月平均工资".
    local_average_wage_source: str = ""


@dataclass(frozen=True)
class QueueServiceSettings:
    # One service of the hall's queue: its ticket letter, name, counters (comma-separated), the
    # opening hours (comma-separated HH:MM-HH:MM spans, local time) and ISO weekdays (1 = Monday).
    letter: str = "A"
    name: str = "法律援助"
    name_en: str = "Legal aid"
    counters: str = "1"
    hours: str = "08:30-12:00,14:00-17:30"
    weekdays: str = "1-5"


def _default_queue_services() -> tuple[QueueServiceSettings, ...]:
    return (
        QueueServiceSettings("A", "法律援助", "Legal aid", "1"),
        QueueServiceSettings("B", "人民调解", "Mediation", "2"),
        QueueServiceSettings("C", "法律咨询", "Legal advice", "1,2"),
        QueueServiceSettings("V", "视频咨询", "Video consultation", "3"),
    )


@dataclass(frozen=True)
class QueueSettings:
    # The hall's take-a-number queue (取号). Numbers restart every day at reset_at (local time).
    enabled: bool = True
    time_zone: str = "Asia/Shanghai"
    reset_at: str = "00:00"
    # Say each call aloud in the hall (chime + "请A012号到2号窗口" twice) through speech.player.
    announce_calls: bool = True
    # The counter page and hall display (/display) served by the kiosk on the hall LAN: the
    # address of the interface to listen on ("" = off; "127.0.0.1" = this machine only).
    counter_web_host: str = ""
    counter_web_port: int = 8470
    # The hall display full screen on a second screen of the kiosk (a TV on its HDMI port): the
    # screen's index as the kiosk's log lists them at start (0 is the kiosk's own); -1 = off.
    hall_display_screen: int = -1
    services: tuple[QueueServiceSettings, ...] = field(
        default_factory=_default_queue_services, metadata={"item": QueueServiceSettings}
    )


@dataclass(frozen=True)
class TicketPrinterSettings:
    # Thermal ESC/POS ticket printer: "usb:VID:PID" (hex, e.g. "usb:0416:5011"),
    # "network:HOST:PORT" (usually port 9100), "file:PATH" (appends raw bytes, e.g. /dev/usb/lp0);
    # empty = no printer, the ticket is shown on screen with its QR code.
    connection: str = ""
    # "raster": the whole ticket as one image (any printer, any font); "gb18030": text in the
    # printer's own Chinese font, QR code still as an image.
    text_mode: str = "raster"
    # Printable width in dots: 576 for 80 mm paper, 384 for 58 mm.
    paper_width_px: int = 576
    # Seconds to wait for the printer's answer to the paper-status question.
    timeout_s: float = 3.0


@dataclass(frozen=True)
class LegalAidSettings:
    # The region's economic-hardship standard (法律援助法 art. 34), yuan of household income per
    # person per month. 0 = not configured: the eligibility pre-check then says staff will review
    # instead of guessing a figure for the region.
    hardship_monthly_income_per_person: float = 0.0


@dataclass(frozen=True)
class FormsSettings:
    # CUPS queue of the hall's A4 printer (forms); empty = the CUPS default destination.
    a4_queue: str = ""
    # ID-card reader for prefilling forms: "" = none, "simulated" = the demo card (tests, demo).
    id_reader: str = ""
    # The county the service point is in (GB/T 2260, e.g. "411625") and the villages and
    # communities of its township ([kiosk] township) as addresses write them ("王庄村"): an address
    # in that county offers them as tiles, since most visitors live in the township of the hall.
    county_code: str = ""
    villages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TakeHomeSettings:
    # 发到手机 (docs/take-home.md): a phone link opens this many times within this many hours,
    # then the server deletes the (encrypted) document.
    phone_link_hours: int = 24
    phone_link_views: int = 5
    # 下次再填: an unfinished form waits this many days for its code at any kiosk of the county.
    draft_days: int = 7


@dataclass(frozen=True)
class VideoSettings:
    # 视频咨询 (docs/video.md). Nobody answered within this many minutes: offer a call-back.
    answer_timeout_minutes: int = 10
    # Shown when no lawyer is on duty, e.g. "工作日 8:30–12:00，14:00–17:30".
    duty_hours: str = ""
    # Longest wait of one queue long poll (the server answers at once when a lawyer answers).
    long_poll_s: float = 10.0


@dataclass(frozen=True)
class Settings:
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    screen: ScreenSettings = field(default_factory=ScreenSettings)
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    technician: TechnicianSettings = field(default_factory=TechnicianSettings)
    sync: SyncSettings = field(default_factory=SyncSettings)
    server: CentralServerSettings = field(default_factory=CentralServerSettings)
    calc: CalcSettings = field(default_factory=CalcSettings)
    queue: QueueSettings = field(default_factory=QueueSettings)
    ticket_printer: TicketPrinterSettings = field(default_factory=TicketPrinterSettings)
    legal_aid: LegalAidSettings = field(default_factory=LegalAidSettings)
    forms: FormsSettings = field(default_factory=FormsSettings)
    video: VideoSettings = field(default_factory=VideoSettings)
    updates: UpdatesSettings = field(default_factory=UpdatesSettings)
    take_home: TakeHomeSettings = field(default_factory=TakeHomeSettings)
    source: str = "(defaults)"
    # "section.key" of every value the configuration file (/etc/lawpost/kiosk.toml) gave; the
    # first-boot wizard skips what the file already decides.
    supplied: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def data_dir(self) -> Path:
        configured = os.environ.get(DATA_ENV) or self.kiosk.data_dir
        return Path(configured).expanduser() if configured else _SOURCE_DATA_DIR

    def with_data_dir(self, path: Path) -> Settings:
        return replace(self, kiosk=replace(self.kiosk, data_dir=str(path)))


_SECTIONS: dict[str, type[Any]] = {
    "kiosk": KioskSettings,
    "screen": ScreenSettings,
    "speech": SpeechSettings,
    "technician": TechnicianSettings,
    "sync": SyncSettings,
    "server": CentralServerSettings,
    "calc": CalcSettings,
    "queue": QueueSettings,
    "ticket_printer": TicketPrinterSettings,
    "legal_aid": LegalAidSettings,
    "forms": FormsSettings,
    "video": VideoSettings,
    "updates": UpdatesSettings,
    "take_home": TakeHomeSettings,
}


def _build_section(name: str, cls: type[Any], raw: Any) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"配置文件中的 [{name}] 必须是一个表 (section [{name}] must be a table)")
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"未知的设置项 {name}.{key} (unknown setting {name}.{key})")
        item_cls = known[key].metadata.get("item")
        if item_cls is not None:  # an array of tables, e.g. [[queue.services]]
            if not isinstance(value, list):
                raise ConfigError(f"设置项 {name}.{key} 应为表的数组 (must be an array of tables)")
            values[key] = tuple(_build_section(f"{name}.{key}", item_cls, item) for item in value)
            continue
        default = getattr(cls(), key)
        expected = type(default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if expected is list and isinstance(value, list) and not all(isinstance(v, str) for v in value):
            value = None  # only lists of strings exist; refused below with the usual sentence
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(
                f"设置项 {name}.{key} 应为 {expected.__name__} 类型 "
                f"(setting {name}.{key} must be {expected.__name__}, got {value!r})"
            )
        values[key] = value
    return cls(**values)


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from `path`, else from $LAWPOST_CONFIG, else use the defaults."""
    if path is None and os.environ.get(CONFIG_ENV):
        path = Path(os.environ[CONFIG_ENV])
    if path is None:
        local = _with_local_settings({}, _data_dir_of({}))
        if not local:
            return Settings()
        sections = {name: _build_section(name, cls, local.get(name, {})) for name, cls in _SECTIONS.items()}
        settings = Settings(**sections)
        _check_ranges(settings)
        return settings
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"找不到配置文件 {path} (config file not found)") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"配置文件 {path} 格式错误: {exc} (config file is not valid TOML)") from exc
    unknown = set(raw) - set(_SECTIONS)
    if unknown:
        raise ConfigError(f"未知的配置段 {sorted(unknown)} (unknown sections)")
    supplied = frozenset(f"{name}.{key}" for name, table in raw.items() if isinstance(table, dict)
                         for key in table)  # fmt: skip
    merged = _with_local_settings(raw, _data_dir_of(raw))
    sections = {name: _build_section(name, cls, merged.get(name, {})) for name, cls in _SECTIONS.items()}
    settings = Settings(**sections, source=str(path), supplied=supplied)
    _check_ranges(settings)
    return settings


# What the first-boot wizard writes into the kiosk's data folder (never into /etc). The
# configuration file wins over it key by key, so a county can still decide anything centrally.
LOCAL_SETTINGS_FILE = "kiosk-local.toml"
LOCAL_KEYS = frozenset({
    "kiosk.service_point_name", "kiosk.service_point_name_en", "kiosk.township",
    "screen.orientation", "screen.width", "screen.height", "sync.server_url",
    "ticket_printer.connection", "forms.a4_queue",
})  # fmt: skip


def _data_dir_of(raw: dict[str, Any]) -> Path:
    kiosk = raw.get("kiosk")
    configured = os.environ.get(DATA_ENV) or (kiosk.get("data_dir", "") if isinstance(kiosk, dict) else "")
    return Path(str(configured)).expanduser() if configured else _SOURCE_DATA_DIR


def read_local_settings(data_dir: Path) -> dict[str, Any]:
    """The wizard's file as TOML tables ({} when absent); its [setup] table is the wizard's own."""
    try:
        return tomllib.loads((data_dir / LOCAL_SETTINGS_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return {}  # no wizard file, or no data folder at all (the safe screen needs none)
    except OSError as exc:
        raise ConfigError(f"{data_dir / LOCAL_SETTINGS_FILE} 无法读取: {exc.strerror} (cannot read)") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{data_dir / LOCAL_SETTINGS_FILE} 格式错误: {exc} (not valid TOML)") from exc


def _with_local_settings(raw: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    """`raw` with the wizard's values added where the configuration file has none."""
    merged = {name: dict(table) if isinstance(table, dict) else table for name, table in raw.items()}
    for name, table in read_local_settings(data_dir).items():
        if name == "setup" or not isinstance(table, dict):
            continue
        for key, value in table.items():
            if f"{name}.{key}" not in LOCAL_KEYS:
                raise ConfigError(f"{LOCAL_SETTINGS_FILE} 不能设置 {name}.{key} (not a wizard setting)")
            section = merged.setdefault(name, {})
            if isinstance(section, dict):
                section.setdefault(key, value)
    return merged


def _check_ranges(settings: Settings) -> None:
    """Values that parse but would make the kiosk unusable are refused with the reason."""
    problems = []
    if settings.kiosk.language not in ("zh_CN", "en"):
        problems.append("kiosk.language 只能是 zh_CN 或 en (must be zh_CN or en)")
    if not 10 <= settings.kiosk.idle_timeout_s <= 3600:
        problems.append("kiosk.idle_timeout_s 应在 10–3600 秒之间 (must be 10–3600 s)")
    if not 5 <= settings.kiosk.idle_countdown_s <= 120:
        problems.append("kiosk.idle_countdown_s 应在 5–120 秒之间 (must be 5–120 s)")
    take_home = settings.take_home
    if not (1 <= take_home.phone_link_hours <= 168 and 1 <= take_home.phone_link_views <= 20
            and 1 <= take_home.draft_days <= 30):
        problems.append("take_home: 链接 1–168 小时、1–20 次，草稿 1–30 天 "
                        "(phone_link_hours 1–168, phone_link_views 1–20, draft_days 1–30)")
    if settings.screen.orientation not in ("", "portrait", "landscape"):
        problems.append("screen.orientation 只能是 portrait 或 landscape (must be portrait or landscape)")
    if settings.screen.power_control not in ("auto", "wlr-randr", "backlight", "none"):
        problems.append("screen.power_control 只能是 auto、wlr-randr、backlight 或 none "
                        "(must be auto, wlr-randr, backlight or none)")
    if not 1 <= settings.screen.sleep_after_minutes <= 240:
        problems.append("screen.sleep_after_minutes 应在 1–240 之间 (must be 1–240)")
    if not 0.05 <= settings.screen.mm_per_px <= 2.0:
        problems.append("screen.mm_per_px 应在 0.05–2.0 之间 (must be 0.05–2.0)")
    if settings.technician.max_pin_failures < 1 or settings.technician.lockout_minutes < 1:
        problems.append("technician 的次数和锁定时间必须大于 0 (must be positive)")
    sync = settings.sync
    if not 1 <= sync.batch_size <= 500:
        problems.append("sync.batch_size 应在 1–500 之间 (must be 1–500)")
    if not 5 <= sync.heartbeat_interval_s <= 3600:
        problems.append("sync.heartbeat_interval_s 应在 5–3600 秒之间 (must be 5–3600 s)")
    if min(sync.connect_timeout_s, sync.read_timeout_s, sync.backoff_base_s) <= 0:
        problems.append("sync 的超时和退避时间必须大于 0 (timeouts and backoff must be positive)")
    if not 1 <= sync.tombstone_days <= 3650:
        problems.append("sync.tombstone_days 应在 1–3650 之间 (must be 1–3650)")
    if not 100 <= sync.max_pending_usage_events <= 10_000_000:
        problems.append("sync.max_pending_usage_events 应在 100–10000000 之间 (must be 100–10,000,000)")
    if sync.backoff_cap_s < sync.backoff_base_s:
        problems.append("sync.backoff_cap_s 不能小于 backoff_base_s (cap must be ≥ base)")
    problems += _calc_problems(settings.calc)
    if settings.ticket_printer.text_mode not in ("raster", "gb18030"):
        problems.append("ticket_printer.text_mode 只能是 raster 或 gb18030 (must be raster or gb18030)")
    if not 200 <= settings.ticket_printer.paper_width_px <= 1000:
        problems.append("ticket_printer.paper_width_px 应在 200–1000 之间 (must be 200–1000)")
    if not 0 <= settings.legal_aid.hardship_monthly_income_per_person <= 100_000:
        problems.append(
            "legal_aid.hardship_monthly_income_per_person 应在 0–100000 元之间，0 表示未设置"
            " (must be 0–100000; 0 = not set)"
        )
    if settings.forms.id_reader not in ("", "simulated"):
        problems.append("forms.id_reader 只能是空或 simulated (must be empty or simulated)")
    if settings.updates.channel not in ("staging", "stable"):
        problems.append("updates.channel 只能是 staging 或 stable (must be staging or stable)")
    if not 30 <= settings.updates.check_interval_s <= 86400:
        problems.append("updates.check_interval_s 应在 30–86400 秒之间 (must be 30–86400 s)")
    if problems:
        raise ConfigError("; ".join(problems))
    _check_queue(settings.queue)


def _check_queue(queue: QueueSettings) -> None:
    try:
        build_rules(services=tuple(asdict(s) for s in queue.services), time_zone=queue.time_zone,
                    reset_at=queue.reset_at)
    except QueueConfigError as exc:
        raise ConfigError(str(exc)) from exc


# The per-case ranges of 诉讼费用交纳办法 art. 13 (二); kiosk/calc/fees.py holds the same table.
_CALC_RANGES = {"divorce_fee": (50, 300), "personality_fee": (100, 500), "non_property_fee": (50, 100)}


def _calc_problems(calc: CalcSettings) -> list[str]:
    problems = []
    for key, (low, high) in _CALC_RANGES.items():
        value = getattr(calc, key)
        if value and not low <= value <= high:
            problems.append(f"calc.{key} 应为 0（未设置）或 {low}–{high} 元 (must be 0 or {low}–{high})")
    if not 0 <= calc.local_average_monthly_wage <= 1_000_000:
        problems.append("calc.local_average_monthly_wage 应为 0（未设置）或正数 (must be 0 or positive)")
    return problems
