"""Read-aloud: time to first audio for a guide paragraph, real-time factor, and the routes compared.

Run: .venv/bin/python -m bench.speech [--repeat N]
- start: a new front end and voice, dictionaries loaded (what EspeakSpeaker does once at start);
- time to first audio: from the text of a guide (title, summary, steps) to the first sentence's
  WAV written, as EspeakSpeaker plays it (the player's own start, ~10 ms for aplay, not counted);
  and for comparison the whole paragraph rendered before playing;
- real-time factor: synthesis time / audio duration over every guide of the default pack;
- routes: for the hand-written table tests/kiosk/speech/legal_sentences.tsv, how many sentences
  each route says with a switch to English and how many with exactly the expected tones:
  Debian's espeak-ng 1.51 on the characters, espeak-ng 1.52 (espeakng-loader) on the characters,
  and our front end + 1.52 given pinyin.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.speech.espeak import MANDARIN, EspeakVoice, write_wav
from kiosk.speech.frontend import SpeechFrontEnd, law_names_from_pack

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "kiosk" / "speech" / "legal_sentences.tsv"
CONTOUR = {"1": "55", "2": "35", "3": "214", "4": "51", "5": "11"}


def _guides() -> list[str]:
    content = json.loads((DEFAULT_PACK_DIR / "content.json").read_text(encoding="utf-8"))
    return ["。".join([g["title"], g["summary"], *g.get("steps", [])]) for g in content["guides"]]


def _table() -> list[tuple[str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, expected = line.split("\t")
            rows.append((sentence, expected))
    return rows


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _first_audio(front_end: SpeechFrontEnd, voice: EspeakVoice, text: str, wav: Path) -> float:
    started = time.perf_counter()
    utterance = next(iter(front_end.utterances(text)))
    write_wav(wav, voice.render(utterance.text, voice=utterance.voice), sample_rate=voice.sample_rate)
    return time.perf_counter() - started


def _whole(front_end: SpeechFrontEnd, voice: EspeakVoice, text: str, wav: Path) -> float:
    started = time.perf_counter()
    pcm = b"".join(voice.render(u.text, voice=u.voice) for u in front_end.utterances(text))
    write_wav(wav, pcm, sample_rate=voice.sample_rate)
    return time.perf_counter() - started


def _to_player(texts: list[str], repeat: int) -> list[float]:
    """speak() → the kiosk's speaker starts its player process on the first sentence's WAV."""
    import threading

    from kiosk.devices.speech import EspeakSpeaker

    with tempfile.TemporaryDirectory() as tmp:
        stamps = Path(tmp) / "started"
        done = threading.Event()
        # The "player" notes when it starts; it exits at once, so each sentence follows.
        speaker = EspeakSpeaker(player=f"sh -c 'date +%s%N >> {stamps}'", on_finished=done.set)
        speaker.wait_ready(60)
        delays = []
        for _ in range(repeat):
            for text in texts:
                stamps.write_text("")
                done.clear()
                asked = time.time_ns()
                speaker.speak(text, language="zh_CN")
                done.wait(120)
                first = int(stamps.read_text().split()[0])
                delays.append((first - asked) / 1e9)
        speaker.close()
    return delays


def _tones(phonemes: str) -> list[str]:
    return re.findall(r"\d+", re.sub(r"\([a-z]+\)", "", phonemes))


def _routes(front_end: SpeechFrontEnd, voice: EspeakVoice) -> list[tuple[str, int, int, int]]:
    rows = _table()
    results = []
    debian = shutil.which("espeak-ng")
    routes: list[tuple[str, object]] = []
    if debian:
        def old(text: str) -> str:
            run = subprocess.run([debian, "-q", "-x", "-v", "cmn", text], capture_output=True, text=True)
            return run.stdout

        routes.append(("Debian espeak-ng 1.51, characters (`-v cmn`)", old))
    routes.append(
        ("espeak-ng 1.52, characters (`cmn`, its own dictionary)", lambda t: voice.phonemes(t, voice="cmn"))
    )

    def ours(text: str) -> str:
        return " ".join(voice.phonemes(u.text, voice=u.voice) for u in front_end.utterances(text))

    routes.append(("our front end → espeak-ng 1.52 `cmn-latn-pinyin`", ours))
    for name, say in routes:
        english = right = 0
        for sentence, expected in rows:
            phonemes = say(sentence)  # type: ignore[operator]
            english += "(en)" in phonemes
            right += _tones(phonemes) == [CONTOUR[s[-1]] for s in expected.split() if s[-1].isdigit()]
        results.append((name, len(rows), english, right))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    front_end = SpeechFrontEnd(laws=law_names_from_pack(DEFAULT_PACK_DIR))
    front_end.warm_up()
    voice = EspeakVoice()
    start_s = time.perf_counter() - started

    guides = _guides()
    first: list[float] = []
    whole: list[float] = []
    synth_s = audio_s = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "speech.wav"
        for _ in range(args.repeat):
            for text in guides:
                first.append(_first_audio(front_end, voice, text, wav))
                whole.append(_whole(front_end, voice, text, wav))
        for text in guides:
            for utterance in front_end.utterances(text):
                t0 = time.perf_counter()
                pcm = voice.render(utterance.text, voice=utterance.voice)
                synth_s += time.perf_counter() - t0
                audio_s += len(pcm) / 2 / voice.sample_rate
    chars = statistics.mean(len(t) for t in guides)
    to_player = _to_player(guides, max(1, args.repeat // 2))

    print(f"guides: {len(guides)} (mean {chars:.0f} characters), repeats: {args.repeat}, voice {MANDARIN}")
    print("\n| figure | measured | target |\n|---|---|---|")
    print(f"| start: front end, dictionaries and voice loaded (once, speech thread) | {start_s:.2f} s | — |")
    print(
        f"| time to first audio, guide paragraph, first sentence rendered to WAV, p50 / p95 / max | "
        f"{1000 * _p(first, .5):.0f} / {1000 * _p(first, .95):.0f} / {1000 * max(first):.0f} ms | ≤ 300 ms |"
    )
    print(
        f"| time to first audio through the kiosk's speaker: speak() → player process started, p50 / p95 "
        f"/ max | {1000 * _p(to_player, .5):.0f} / {1000 * _p(to_player, .95):.0f} / "
        f"{1000 * max(to_player):.0f} ms | ≤ 300 ms |"
    )
    print(
        f"| whole guide rendered before playing, p50 / p95 / max "
        f"| {1000 * _p(whole, .5):.0f} / {1000 * _p(whole, .95):.0f} / {1000 * max(whole):.0f} ms | — |"
    )
    rtf = synth_s / audio_s
    print(f"| real-time factor (synthesis / audio), {audio_s:.0f} s of guide audio | {rtf:.4f} | < 1 |")

    print("\n| route | sentences | with a switch to English `(en)` | said with exactly the expected tones |")
    print("|---|---|---|---|")
    for name, total, english, right in _routes(front_end, voice):
        print(f"| {name} | {total} | {english} | {right} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
