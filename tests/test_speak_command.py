"""`lawpost speak`: the pinyin a visitor will hear, and a WAV identical to what the kiosk plays."""

from __future__ import annotations

import threading
import wave
from pathlib import Path

import pytest

from kiosk.devices.speech import EspeakSpeaker
from lawpost.cli import main

TEXT = "借款利率超过多少无效？请拨打12348。"


def _frames(path: Path) -> bytes:
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (22050, 1, 2)
        return wav.readframes(wav.getnframes())


def test_pinyin_is_one_line_of_numbered_syllables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["speak", "--pinyin", TEXT]) == 0
    out = capsys.readouterr().out
    assert out == "jie4 kuan3 li4 lv4 chao1 guo4 duo1 shao3 wu2 xiao4 qing3 bo1 da3 yao1 er4 san1 si4 ba1\n"


def test_out_writes_exactly_what_the_kiosk_plays(tmp_path: Path) -> None:
    assert main(["speak", "--out", str(tmp_path / "cli.wav"), TEXT]) == 0
    played = tmp_path / "played"
    played.mkdir()
    done = threading.Event()
    speaker = EspeakSpeaker(player=f"sh -c 'cp \"$0\" {played}/$(date +%s%N).wav'", on_finished=done.set)
    try:
        speaker.speak(TEXT, language="zh_CN")
        assert done.wait(30)
    finally:
        speaker.close()
    kiosk = b"".join(_frames(w) for w in sorted(played.iterdir()))
    assert len(kiosk) > 22050 * 2  # more than a second of speech
    # espeak adds random noise to voicing, so two renderings differ by a few samples, never by
    # a syllable (one syllable is about 0.3 s, 6 % of this text).
    cli = _frames(tmp_path / "cli.wav")
    assert abs(len(cli) - len(kiosk)) < 0.01 * len(kiosk)


def test_nothing_to_say_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["speak", "  "]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothing to say" in err and "Traceback" not in err


def test_unwritable_out_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["speak", "--out", str(tmp_path / "missing" / "x.wav"), "您好"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not write" in err and "Traceback" not in err
