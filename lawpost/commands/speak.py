"""`lawpost speak`: say a text as the kiosk's 朗读 would, write it to a WAV, or print its pinyin."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lawpost.commands.common import settings_from_args

if TYPE_CHECKING:
    from kiosk.speech.frontend import SpeechRenderer


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "speak",
        help="say a text as the kiosk reads it aloud (or write the WAV, or print its pinyin)",
        description="Read TEXT through the kiosk's speech front end (numbers, dates, money, law "
        "names and polyphones written out as said) and the espeak-ng 1.52 voice. Without "
        "--out or --pinyin it plays the speech with the [speech] player of the settings.",
    )
    parser.add_argument("text", help="what to say, e.g. 借款利率超过多少无效？请拨打12348")
    parser.add_argument("--out", metavar="F.wav", help="write exactly what the kiosk would say to this WAV")
    parser.add_argument(
        "--pinyin", action="store_true",
        help="print the syllables the voice says, space-separated pinyin with tone numbers (5 = neutral)",
    )  # fmt: skip
    parser.add_argument(
        "--phonemes", action="store_true",
        help="print espeak-ng's phonemes for each piece (a switch to English shows as (en))",
    )  # fmt: skip
    parser.add_argument(
        "--lang", choices=["zh_CN", "en"], default="zh_CN",
        help="the screen's language; Chinese text is read in Mandarin either way (default zh_CN)",
    )  # fmt: skip
    parser.set_defaults(handler=run_speak)


def run_speak(args: argparse.Namespace) -> int:
    from kiosk.speech.espeak import EspeakVoice, VoiceError
    from kiosk.speech.frontend import SpeechFrontEnd, SpeechRenderer, speech_law_names
    from lawpost.cli import CommandError

    text = args.text.strip()
    if not text:
        raise CommandError("there is nothing to say: give the text, e.g. lawpost speak 请拨打12348")
    settings = settings_from_args(args)
    front_end = SpeechFrontEnd(
        laws=speech_law_names(Path(settings.data_dir)),
        mandarin_voice=settings.speech.voice_zh,
        english_voice=settings.speech.voice_en,
    )
    if args.pinyin:
        print(front_end.pinyin(text, language=args.lang))
        if not (args.out or args.phonemes):
            return 0
    try:
        voice = EspeakVoice(rate_wpm=settings.speech.rate_wpm)
        if args.phonemes:
            for utterance in front_end.utterances(text, language=args.lang):
                print(f"{utterance.voice}\t{voice.phonemes(utterance.text, voice=utterance.voice)}")
        renderer = SpeechRenderer(front_end=front_end, voice=voice)
        if args.out:
            renderer.write_wav(text, Path(args.out), language=args.lang)
        elif not args.pinyin and not args.phonemes:
            _play(renderer, text, language=args.lang, player=settings.speech.player)
    except VoiceError as exc:
        raise CommandError(f"the voice could not speak: {exc}") from exc
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise CommandError(f"could not write or play the speech: {exc.strerror or exc}{where}") from exc
    return 0


def _play(renderer: SpeechRenderer, text: str, *, language: str, player: str) -> None:
    from lawpost.cli import CommandError

    with tempfile.TemporaryDirectory(prefix="lawpost-speak-") as tmp:
        wav = Path(tmp) / "speech.wav"
        renderer.write_wav(text, wav, language=language)
        result = subprocess.run([*shlex.split(player), str(wav)], capture_output=True, check=False)
        if result.returncode != 0:
            said = result.stderr.decode(errors="replace").strip().splitlines()
            reason = f" ({said[-1][:120]})" if said else ""
            raise CommandError(
                f"the player ({player}) could not play the speech{reason}; write it with --out F.wav instead"
            )
