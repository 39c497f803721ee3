"""The registry of kiosk screens: QML file, title, and the home tile if the feature is there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QML_DIR = Path(__file__).resolve().parent / "qml"


@dataclass(frozen=True)
class Tile:
    icon: str
    subtitle_key: str
    order: int


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


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("home", "HomeScreen.qml", "home.title"),
    ScreenSpec(
        "rating",
        "RatingScreen.qml",
        "rating.title",
        tile=Tile(icon="mood-smile", subtitle_key="rating.subtitle", order=90),
    ),
    ScreenSpec(
        "privacy",
        "PrivacyScreen.qml",
        "privacy.title",
        tile=Tile(icon="shield-lock", subtitle_key="privacy.subtitle", order=95),
    ),
    ScreenSpec("technician", "TechnicianScreen.qml", "tech.title", technician_only=True),
)


def screen_ids() -> list[str]:
    return [spec.screen_id for spec in SCREENS]


def find_screen(screen_id: str) -> ScreenSpec:
    for spec in SCREENS:
        if spec.screen_id == screen_id:
            return spec
    raise KeyError(screen_id)
