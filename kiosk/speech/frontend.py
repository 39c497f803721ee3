"""Screen text → what the voices are given, sentence by sentence, routed to a voice by script.

Chinese goes to the Mandarin voice whatever the screen's language (an English-mode visitor who
asks for a guide in Chinese hears Mandarin, not English letters); runs of English words go to the
English voice. Chinese is normalised, read into pinyin by our front end and handed to espeak-ng's
`cmn-latn-pinyin` voice, so the syllables said are exactly those `lawpost speak --pinyin` prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.speech.context_rules import WordCutter
from kiosk.speech.espeak import ENGLISH, MANDARIN, EspeakVoice, write_wav
from kiosk.speech.normalise import LawName, Normaliser
from kiosk.speech.pinyin import PinyinReader

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A sentence ends at Chinese or English end punctuation or a line break; each is rendered and
# played on its own so the first sentence is heard while the rest is still being made.
_SENTENCE_END = re.compile(r"(?<=[。！？；!?\n])|(?<=[A-Za-z]\.)\s+")
# Two or more English words in a row are English, even inside a Chinese sentence; one Latin word
# (APP, PDF, A012) stays with the Chinese around it.
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:[\s,.:;()\-]+[A-Za-z0-9][A-Za-z0-9'’\-]*)+[.!?]?")


# Syllables espeak-ng 1.52's pinyin reader does not know and says as English letters ("xiong1" →
# "(en)kS@N…"); found by trying every syllable in pypinyin's dictionary (docs/speech.md). Each is
# given in a spelling it says the same way: x/j/q are already palatal, so xong is [ɕʊŋ].
_ESPEAK_SPELLING = {
    "xiong": "xong", "jiong": "jong", "qiong": "qong", "wong": "weng",
    "hm": "hen", "hng": "heng", "m": "mu", "n": "en", "ê": "ei",
}  # fmt: skip


def for_espeak(syllable: str) -> str:
    """`xiong2` → `xong2`: the spelling espeak-ng says as the syllable meant."""
    return _ESPEAK_SPELLING.get(syllable[:-1], syllable[:-1]) + syllable[-1]


@dataclass(frozen=True)
class Utterance:
    """One piece of text for one voice: `text` is exactly what espeak-ng is given; `said` is the
    same in standard pinyin (what `lawpost speak --pinyin` prints)."""

    voice: str
    text: str
    said: str


def law_names_from_pack(pack_dir: Path) -> list[LawName]:
    """The laws of a content pack with their short names (民法典), for naming a law once in full."""
    try:
        laws = json.loads((pack_dir / "laws.json").read_text(encoding="utf-8"))["laws"]
    except (OSError, ValueError, KeyError):
        return []
    return [LawName(full=law["name"], short=law.get("short_name") or law["name"]) for law in laws]


def speech_law_names(data_dir: Path) -> list[LawName]:
    """The laws of the kiosk's installed pack, or of the bundled one before any is installed."""
    # Imported when called, in the speech thread: the installer brings in the search index.
    from kiosk.content.installer import active_pack
    from kiosk.content.pack import DEFAULT_PACK_DIR

    pack = active_pack(data_dir)
    return law_names_from_pack(pack.path if pack is not None else DEFAULT_PACK_DIR)


class SpeechFrontEnd:
    """Normaliser + pinyin reader + routing by script. Qt-free; not thread-safe (one per thread)."""

    def __init__(
        self,
        *,
        laws: list[LawName] | None = None,
        reader: PinyinReader | None = None,
        cut: WordCutter | None = None,
        mandarin_voice: str = MANDARIN,
        english_voice: str = ENGLISH,
    ) -> None:
        # `cut`: the kiosk's search Segmenter's cut, so the process holds one jieba dictionary.
        self._normalise = Normaliser(laws or [])
        self._reader = reader or PinyinReader(cut=cut)
        self._mandarin_voice = mandarin_voice
        self._english_voice = english_voice

    def warm_up(self) -> None:
        """Load pypinyin's and jieba's dictionaries now rather than on the first 朗读 press."""
        self.pinyin("您好，一二三。")

    def normalise(self, text: str) -> str:
        return self._normalise(text)

    def pinyin(self, text: str, *, language: str = "zh_CN") -> str:
        """The syllables the Mandarin voice says for `text`, space-separated, tone numbers 1-5
        (runs of English words, which the English voice says, are kept as they are)."""
        return " ".join(u.said for u in self.utterances(text, language=language))

    def utterances(self, text: str, *, language: str = "zh_CN") -> Iterator[Utterance]:
        named: set[str] = set()  # a law is said in full once per text, not once per sentence
        for sentence in _sentences(text):
            for part, is_english in _by_script(sentence, language=language):
                if is_english:
                    english = _english_numbers(part)
                    yield Utterance(self._english_voice, english, re.sub(r"[^\w\s'’-]", "", english))
                elif mandarin := self._mandarin(self._normalise(part, named=named)):
                    yield Utterance(self._mandarin_voice, *mandarin)

    def _mandarin(self, text: str) -> tuple[str, str] | None:
        """(text for espeak with its pauses and spellings, the standard pinyin) or None if silent."""
        out: list[str] = []
        said: list[str] = []
        for token in self._reader.tokens(text):
            if token.kind == "pause":
                out[-1] += token.text
                continue
            said.append(token.text)
            if token.kind == "syllable":
                out.append(for_espeak(token.text))
            else:
                out.append(token.text)
        return (" ".join(out), " ".join(said)) if out else None


def _sentences(text: str) -> Iterator[str]:
    for sentence in _SENTENCE_END.split(text):
        if sentence and sentence.strip():
            yield sentence.strip()


def _english_numbers(text: str) -> str:
    """Hotlines and phone numbers in English text are said digit by digit too (1 2 3 4 8)."""
    return re.sub(r"\d{5,}", lambda m: " ".join(m.group(0)), text)


def _by_script(sentence: str, *, language: str) -> Iterator[tuple[str, bool]]:
    """(part, is_english) pieces: Chinese wherever there is Han script or, without any letters,
    when the screen is in Chinese; English for runs of English words."""
    if not _HAN.search(sentence):
        has_letters = re.search(r"[A-Za-z]", sentence) is not None
        yield sentence, has_letters or not language.startswith("zh")
        return
    position = 0
    for match in _ENGLISH_RUN.finditer(sentence):
        if match.start() > position:
            yield sentence[position : match.start()], False
        yield match.group(0), True
        position = match.end()
    if position < len(sentence):
        yield sentence[position:], False


class SpeechRenderer:
    """Front end + voice: text → PCM sentence by sentence, or a whole WAV file."""

    def __init__(self, *, front_end: SpeechFrontEnd, voice: EspeakVoice) -> None:
        self.front_end = front_end
        self.voice = voice

    def pcm_by_sentence(self, text: str, *, language: str = "zh_CN") -> Iterator[bytes]:
        for utterance in self.front_end.utterances(text, language=language):
            yield self.voice.render(utterance.text, voice=utterance.voice)

    def write_wav(self, text: str, path: Path, *, language: str = "zh_CN") -> None:
        pcm = b"".join(self.pcm_by_sentence(text, language=language))
        write_wav(path, pcm, sample_rate=self.voice.sample_rate)


def say_to_wav(text: str, path: Path, *, language: str = "zh_CN", laws: list[LawName] | None = None) -> None:
    """One call for announcements (请A012号到2号窗口): render `text` as the kiosk says it to `path`."""
    SpeechRenderer(front_end=SpeechFrontEnd(laws=laws), voice=EspeakVoice()).write_wav(
        text, path, language=language
    )
