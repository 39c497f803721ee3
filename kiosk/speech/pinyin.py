"""Normalised Chinese text → the syllables the voice says (pinyin with tone numbers, 5 = neutral).

Readings come first from our phrase table (`phrases.txt`, words of legal text and visitors' speech
whose polyphones pypinyin gets wrong or only right by luck), then from pypinyin's own dictionary,
kept in a compact memory-mapped form (`readings.py`; pypinyin's own dicts are ~55 MB of heap).
Then the rules of `context_rules` (还 at a clause end, 为, 一 and 不) are applied, because the voice
says exactly the tones it is given. Third-tone sandhi is left out: the voice says 你好 as ni3 hao3
(docs/speech.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.speech.context_rules import WordCutter, apply_context_rules
from kiosk.speech.readings import CompactReadings, open_readings

PHRASES_FILE = Path(__file__).with_name("phrases.txt")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TOKEN = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
    r"|(?P<latin>[A-Za-z]+(?:['’-][A-Za-z]+)*)"
    r"|(?P<pause>[。！？；：，、,.!?;:\n]+)"
)
_SYLLABLE = re.compile(r"^[a-z]+[1-5]$")


@dataclass(frozen=True)
class Token:
    """One thing the voice says: a syllable (`yi2`), a Latin word it spells or reads, or a pause."""

    kind: str  # "syllable" | "latin" | "pause"
    text: str


def load_phrase_table(path: Path = PHRASES_FILE) -> dict[str, list[str]]:
    """`word: pin1 yin1` lines; `#` starts a comment. A bad line is an error, not skipped."""
    table: dict[str, list[str]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word, sep, reading = line.partition(":")
        syllables = reading.split()
        word = word.strip()
        if (
            not sep
            or not _HAN.fullmatch(word)
            or len(syllables) != len(word)
            or not all(_SYLLABLE.match(s) for s in syllables)
        ):
            raise ValueError(f"{path.name} line {number}: expected 'word: one pinyin per character'")
        if word in table:
            raise ValueError(f"{path.name} line {number}: {word} is listed twice")
        table[word] = syllables
    return table


class PinyinReader:
    """Reads normalised text into tokens; maps pypinyin's readings on first use.

    `cut` splits a Han run into words for the context rules. The kiosk passes its search
    Segmenter's cut; without one, jieba's default dictionary is loaded (a second ~80 MB copy in a
    process that also searches, so only for one-off tools such as `lawpost speak`).
    `readings`: pypinyin's readings (default: `readings.DEFAULT_DIR`, built there if missing).
    """

    def __init__(
        self,
        phrases: dict[str, list[str]] | None = None,
        *,
        cut: WordCutter | None = None,
        readings: CompactReadings | None = None,
    ) -> None:
        self._phrases = load_phrase_table() if phrases is None else phrases
        self._longest = max((len(w) for w in self._phrases), default=1)
        self._cut = cut or _jieba_default_cut
        self._readings = readings

    @property
    def readings(self) -> CompactReadings:
        if self._readings is None:
            self._readings = open_readings()
        return self._readings

    def tokens(self, text: str) -> list[Token]:
        out: list[Token] = []
        for match in _TOKEN.finditer(text):
            if match.group("han"):
                out.extend(self._han(match.group("han")))
            elif match.group("latin"):
                out.extend(_latin(match.group("latin")))
            elif out and out[-1].kind != "pause":
                out.append(Token("pause", _pause_mark(match.group("pause"))))
        if out and out[-1].kind == "pause":
            out.pop()
        return out

    def syllables(self, text: str) -> list[str]:
        """The syllables and Latin words, without pauses (what `lawpost speak --pinyin` prints)."""
        return [t.text for t in self.tokens(text) if t.kind != "pause"]

    def _han(self, run: str) -> list[Token]:
        syllables: list[str] = []
        fixed: set[int] = set()  # positions read by the phrase table
        for syllable, from_table in self._read(run):
            if from_table:
                fixed.add(len(syllables))
            syllables.append(syllable)
        apply_context_rules(run, syllables, cut=self._cut, phrases=self.readings, fixed=fixed)
        return [Token("syllable", s) for s in syllables]

    def _read(self, run: str) -> Iterator[tuple[str, bool]]:
        # Longest phrase-table word first, left to right; the gaps go to pypinyin, which segments
        # them with its own phrase dictionary.
        gap_start = 0
        i = 0
        while i < len(run):
            for size in range(min(self._longest, len(run) - i), 1, -1):
                reading = self._phrases.get(run[i : i + size])
                if reading is not None:
                    yield from ((s, False) for s in self._pypinyin(run[gap_start:i]))
                    yield from ((s, True) for s in reading)
                    i += size
                    gap_start = i
                    break
            else:
                i += 1
        yield from ((s, False) for s in self._pypinyin(run[gap_start:]))

    def _pypinyin(self, text: str) -> list[str]:
        """pypinyin's reading (TONE3, 5 = neutral); a character it has none for gets tone 5."""
        if not text:
            return []
        return [s if _SYLLABLE.match(s) else s + "5" for s in self.readings.lazy_pinyin(text)]


def _jieba_default_cut(run: str) -> list[str]:
    import jieba

    words: list[str] = jieba.lcut(run)
    return words


# Letters as people in a Chinese hall say them (A012号 is "ei1 ling2 yao1 er4 hao4"): spelled in
# pinyin so the Mandarin voice says them, rather than switching to English mid-sentence, where
# espeak reads a lone "A" as the article "a".
_LETTERS = {
    "A": "ei1", "B": "bi4", "C": "xi1", "D": "di4", "E": "yi4", "F": "ai2 fu5", "G": "ji4",
    "H": "ei1 qi1", "I": "ai4", "J": "jie4", "K": "kai4", "L": "ai2 le5", "M": "ai2 mu5",
    "N": "en1", "O": "ou1", "P": "pi4", "Q": "qiu1", "R": "a4 er5", "S": "ai2 si1", "T": "ti4",
    "U": "you1", "V": "wei1", "W": "da2 bu5 liu5", "X": "ai2 ke4 si1", "Y": "wai4", "Z": "zei4",
}  # fmt: skip


def _latin(word: str) -> list[Token]:
    """Short capitals (A, ID, PDF, APP) are spelled letter by letter; other words stay Latin."""
    if word.isupper() and word.isascii() and len(word) <= 4:
        return [Token("syllable", s) for letter in word for s in _LETTERS[letter].split()]
    return [Token("latin", word)]


def _pause_mark(punctuation: str) -> str:
    return "." if any(c in "。！？；.!?;\n" for c in punctuation) else ","
