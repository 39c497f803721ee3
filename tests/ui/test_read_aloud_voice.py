"""The kiosk's 朗读 button through the real voice: the composition root builds the espeak-ng speaker
from the [speech] settings, its WAVs reach the configured player, and the end of speech is seen."""

from __future__ import annotations

import dataclasses
import wave
from pathlib import Path

from kiosk.config import Settings
from kiosk.devices.speech import EspeakSpeaker
from tests.ui.conftest import tap, wait_until
from ui.app import build_kiosk


def test_read_button_plays_mandarin_through_the_configured_player(qapp: object, tmp_path: Path) -> None:
    played = tmp_path / "played"
    played.mkdir()
    base = Settings().with_data_dir(tmp_path / "data")
    player = f"sh -c 'cp \"$0\" {played}/$(date +%s%N).wav'"
    settings = dataclasses.replace(base, speech=dataclasses.replace(base.speech, player=player))
    kiosk = build_kiosk(settings, size=(1080, 1920), open_content=False)
    try:
        assert isinstance(kiosk.speaker, EspeakSpeaker)
        assert kiosk.speaker.wait_ready(30)
        tap(kiosk, "tile_privacy")
        tap(kiosk, "readButton")
        assert kiosk.speech.speaking
        # Each sentence is played as soon as it is rendered; the view-model hears the end.
        wait_until(lambda: not kiosk.speech.speaking, timeout_s=60)
        wavs = sorted(played.iterdir())
        assert len(wavs) >= 2
        with wave.open(str(wavs[0])) as first:
            assert first.getframerate() == 22050 and first.getnframes() > 22050 // 2
        assert kiosk.speaker.status() == "ok"
    finally:
        kiosk.close()
