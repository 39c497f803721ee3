"""What the real voice says: Mandarin phonemes with the tones the front end chose, never a fallback
to English letters; a real, audible WAV; Chinese read in Mandarin when the screen is in English."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.speech.espeak import ENGLISH, MANDARIN, EspeakVoice
from kiosk.speech.frontend import SpeechFrontEnd, law_names_from_pack

TABLE = Path(__file__).with_name("legal_sentences.tsv")
# espeak-ng's cmn tone contours for pinyin tones 1-5 (5 = neutral).
CONTOUR = {"1": "55", "2": "35", "3": "214", "4": "51", "5": "11"}


@pytest.fixture(scope="module")
def voice() -> EspeakVoice:
    return EspeakVoice()


@pytest.fixture(scope="module")
def front_end() -> SpeechFrontEnd:
    return SpeechFrontEnd(laws=law_names_from_pack(DEFAULT_PACK_DIR))


def falls_back(phonemes: str) -> bool:
    """True when espeak switched language (its "(en)" mark) or spelled Latin letters."""
    return re.search(r"\((?!cmn\))[a-z-]+\)", phonemes) is not None


def _table_sentences() -> list[str]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")]


def _guide_texts() -> Iterator[str]:
    content = json.loads((DEFAULT_PACK_DIR / "content.json").read_text(encoding="utf-8"))
    for guide in content["guides"]:
        yield "。".join([guide["title"], guide["summary"], *guide.get("steps", [])])


def _said_tones(voice: EspeakVoice, front_end: SpeechFrontEnd, text: str) -> tuple[list[str], list[str]]:
    """(contours the front end asked for, contours espeak will say) for every Mandarin piece."""
    wanted, said = [], []
    for utterance in front_end.utterances(text):
        assert utterance.voice == MANDARIN, utterance
        phonemes = voice.phonemes(utterance.text, voice=utterance.voice)
        assert not falls_back(phonemes), (text, phonemes)
        wanted += [CONTOUR[s[-1]] for s in re.sub(r"[,.]", " ", utterance.text).split()]
        said += re.findall(r"\d+", phonemes)
    return wanted, said


def test_the_fallback_check_catches_debian_espeak_reading_chinese_as_english() -> None:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("Debian's espeak-ng is not installed, nothing to compare with")
    old = subprocess.run([espeak, "-q", "-x", "-v", "cmn", "拨打12348"], capture_output=True, text=True)
    assert falls_back(old.stdout), old.stdout  # 1.51: "(en)b@55w'055n_| da55Tr'i:55(cmn)..."


def test_the_voice_is_espeak_1_52_mandarin(voice: EspeakVoice) -> None:
    assert voice.phonemes("拨打", voice="cmn").replace("_", "").split("|")[0].strip() == "p'o55"
    assert voice.phonemes("bo1 da3", voice=MANDARIN) == "p'o55_| t'A214_|"


@pytest.mark.parametrize("sentence", _table_sentences())
def test_legal_sentence_is_said_in_mandarin_with_every_tone(
    voice: EspeakVoice, front_end: SpeechFrontEnd, sentence: str
) -> None:
    wanted, said = _said_tones(voice, front_end, sentence)
    assert said == wanted


def test_every_guide_of_the_pack_is_said_in_mandarin(voice: EspeakVoice, front_end: SpeechFrontEnd) -> None:
    count = 0
    for text in _guide_texts():
        wanted, said = _said_tones(voice, front_end, text)
        assert said == wanted, text[:40]
        count += 1
    assert count >= 20


def test_a_queue_call_renders_to_a_real_audible_wav(tmp_path: Path) -> None:
    wav = tmp_path / "call.wav"
    # In a fresh process, as the kiosk renders: after about a thousand espeak_TextToPhonemes
    # conversions in one process (the phoneme tests above; the kiosk itself never converts),
    # espeak-ng 1.52 synthesises this sentence at about three times the set rate.
    # Synthesis alone does not drift: 2,028 renders of the whole pack's text left the rate as set.
    code = ("from pathlib import Path; from kiosk.speech.frontend import say_to_wav; "
            f"say_to_wav('请A012号到2号窗口', Path({str(wav)!r}))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[3])
    info = subprocess.run(["soxi", str(wav)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Sample Rate\s*:\s*22050", info)
    assert re.search(r"Channels\s*:\s*1", info)
    seconds = float(subprocess.run(["soxi", "-D", str(wav)], capture_output=True, text=True).stdout)
    assert 2.0 < seconds < 8.0  # 13 syllables at 150 words a minute
    stat = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True).stderr
    rms = float(re.search(r"RMS\s+amplitude:\s*([\d.]+)", stat).group(1))  # type: ignore[union-attr]
    assert rms > 0.02, stat


def test_english_screen_reads_chinese_in_mandarin_and_english_in_english(
    voice: EspeakVoice, front_end: SpeechFrontEnd
) -> None:
    text = "This guide is in Chinese. 工资被拖欠，可以拨打12333投诉。 Call 12348 for free legal advice."
    pieces = list(front_end.utterances(text, language="en"))
    assert [p.voice for p in pieces] == [ENGLISH, MANDARIN, ENGLISH]
    mandarin = voice.phonemes(pieces[1].text, voice=MANDARIN)
    assert not falls_back(mandarin)
    assert pieces[1].text.startswith("gong1 zi1 bei4 tuo1 qian4")
    assert "1 2 3 4 8" in pieces[2].text  # a hotline is said digit by digit in English too


def test_a_number_alone_follows_the_screen_language(front_end: SpeechFrontEnd) -> None:
    assert [p.voice for p in front_end.utterances("12348", language="zh_CN")] == [MANDARIN]
    assert [p.voice for p in front_end.utterances("12348", language="en")] == [ENGLISH]


def test_every_syllable_of_mandarin_is_said_by_the_voice(voice: EspeakVoice) -> None:
    from pypinyin import Style, pinyin_dict
    from pypinyin.style import convert

    from kiosk.speech.frontend import for_espeak

    syllables = set()
    for readings in pinyin_dict.pinyin_dict.values():
        for reading in readings.split(","):
            plain = re.sub(r"\d", "", convert(reading, Style.TONE3, strict=True))
            syllables.add(plain)
    assert len(syllables) > 400
    for syllable in sorted(syllables):
        for tone in "1234":
            phonemes = voice.phonemes(for_espeak(syllable + tone), voice=MANDARIN)
            assert not falls_back(phonemes), (syllable + tone, phonemes)
            assert re.findall(r"\d+", phonemes) == [CONTOUR[tone]], (syllable + tone, phonemes)
