"""pypinyin's readings in a compact memory-mapped form: a few MB shared from disk instead of ~55 MB.

pypinyin keeps its 410,000-phrase dictionary and 41,000-character table as Python dicts (and copies
both when imported), plus a set of every prefix of every phrase for its word matching. The kiosk
only ever asks for one thing: `lazy_pinyin(text, style=TONE3, neutral_tone_with_five=True)` on a
run of Han characters. So at build time (`make setup`, the Debian package, or on first use when
missing) pypinyin itself reads every phrase and every character in that style, and the answers are
written to a directory:

- `phrases.marisa`: the phrases in a MARISA trie (memory-mapped);
- `readings.bin`: for each trie key id an offset into an array of syllable numbers, the syllable
  numbers, and one syllable number per Han code point (the character read alone); memory-mapped;
- `syllables.json`: the distinct syllables (≈ 1,600) and the pypinyin version they came from.

`CompactReadings.lazy_pinyin` cuts text exactly as pypinyin's strict forward maximum matching does
(`pypinyin.seg.mmseg`, quirks included), so its answers are pypinyin's own:
tests/kiosk/speech/test_readings.py compares them on the default pack's text.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import subprocess
import sys
import tempfile
from array import array
from pathlib import Path

import marisa_trie

# The code points the front end sends (pinyin.py's _HAN): CJK Ext. A, the unified block and the
# compatibility block, laid end to end in the per-character table.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
FORMAT = 1
DEFAULT_DIR = Path(__file__).with_name("readings")
_NO_READING = 0xFFFF  # a character outside the table: read as itself, as pypinyin does


def _han_index(char: str) -> int:
    code, base = ord(char), 0
    for low, high in _HAN_RANGES:
        if low <= code <= high:
            return base + code - low
        base += high - low + 1
    return -1


def _han_chars() -> list[str]:
    return [chr(c) for low, high in _HAN_RANGES for c in range(low, high + 1)]


class CompactReadings:
    """Read-only pypinyin readings (TONE3, neutral tone 5) from a directory `build` wrote."""

    def __init__(self, folder: Path) -> None:
        meta = json.loads((folder / "syllables.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{folder}: readings format {meta.get('format')}, expected {FORMAT}")
        self.pypinyin_version: str = meta["pypinyin"]
        self._syllables: list[str] = meta["syllables"]
        self._longest: int = meta["longest"]
        self.trie = marisa_trie.Trie()
        self.trie.mmap(str(folder / "phrases.marisa"))
        with open(folder / "readings.bin", "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(self._map)
        count, total = meta["phrases"], meta["phrase_syllables"]
        chars = sum(high - low + 1 for low, high in _HAN_RANGES)
        end_offsets = 4 * (count + 1)
        end_ids = end_offsets + 2 * total
        self._offsets = view[:end_offsets].cast("I")
        self._ids = view[end_offsets:end_ids].cast("H")
        self._chars = view[end_ids : end_ids + 2 * chars].cast("H")

    def __contains__(self, word: object) -> bool:
        """Is `word` one of pypinyin's phrases (what `word in PHRASES_DICT` answered)?"""
        return isinstance(word, str) and word in self.trie

    def phrase(self, word: str) -> list[str] | None:
        key = self.trie.get(word)
        if key is None:
            return None
        syllables = self._syllables
        return [syllables[i] for i in self._ids[self._offsets[key] : self._offsets[key + 1]]]

    def char(self, char: str) -> str:
        index = _han_index(char)
        number = self._chars[index] if index >= 0 else _NO_READING
        return char if number == _NO_READING else self._syllables[number]

    def lazy_pinyin(self, text: str) -> list[str]:
        """`pypinyin.lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)` for a
        run of Han characters."""
        out: list[str] = []
        prefixes, keys_from = self.trie.prefixes, self.trie.iterkeys
        i, n = 0, len(text)
        while i < n:
            found = prefixes(text[i : i + self._longest])
            if found:
                word = max(found, key=len)
                out.extend(self.phrase(word) or [])
                i += len(word)
            elif next(keys_from(text[i:]), None) is not None:
                # pypinyin's quirk: when the rest of the text begins a phrase but holds none at
                # its start, every remaining character is read alone (mmseg.Seg.cut, strict).
                out.extend(self.char(c) for c in text[i:])
                break
            else:
                out.append(self.char(text[i]))
                i += 1
        return out


def build(folder: Path) -> None:
    """Write the readings of the installed pypinyin to `folder` (replaced as a whole)."""
    import pypinyin
    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PHRASES_DICT

    def read(text: str) -> list[str]:
        return list(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))

    syllables: dict[str, int] = {}

    def number(syllable: str) -> int:
        return syllables.setdefault(syllable, len(syllables))

    trie = marisa_trie.Trie(PHRASES_DICT.keys())
    readings: list[list[str]] = [[] for _ in range(len(trie))]
    for word in PHRASES_DICT:
        readings[trie[word]] = read(word)
    offsets, ids = array("I", [0]), array("H")
    for reading in readings:
        ids.extend(number(s) for s in reading)
        offsets.append(len(ids))
    chars = array("H")
    for char in _han_chars():
        reading = read(char)
        chars.append(number(reading[0]) if reading and reading[0] != char else _NO_READING)
    if len(syllables) >= _NO_READING:
        raise ValueError("more distinct syllables than the table's 16-bit numbers hold")
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".readings-", dir=folder.parent))
    work.chmod(0o755)  # mkdtemp's 0700 would hide it from the kiosk's user in a package built as root
    trie.save(str(work / "phrases.marisa"))
    with open(work / "readings.bin", "wb") as handle:
        handle.write(offsets.tobytes() + ids.tobytes() + chars.tobytes())
    meta = {
        "format": FORMAT,
        "pypinyin": pypinyin.__version__,
        "phrases": len(trie),
        "phrase_syllables": len(ids),
        "longest": max(len(w) for w in PHRASES_DICT),
        "syllables": list(syllables),
    }
    (work / "syllables.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    # Readers open whichever complete directory is there: swap, never write in place.
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    work.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _installed_pypinyin_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("pypinyin")
    except Exception:  # no pypinyin (an installed kiosk need not have it)
        return None


def open_readings(folder: Path = DEFAULT_DIR) -> CompactReadings:
    """The readings in `folder`, built first (in a child process, whose ~100 MB of pypinyin
    dictionaries are then gone) when missing or from another pypinyin version."""
    try:
        readings = CompactReadings(folder)
    except (OSError, ValueError, KeyError):
        readings = None
    installed = _installed_pypinyin_version()
    if readings is not None and (installed is None or readings.pypinyin_version == installed):
        return readings
    if not os.access(folder.parent, os.W_OK):
        # An installed package ships its readings built (packaging/deb/build.sh); should they be
        # missing, build a private copy rather than go silent.
        folder = Path(tempfile.gettempdir()) / f"lawpost-readings-{os.getuid()}"
        try:
            return CompactReadings(folder)
        except (OSError, ValueError, KeyError):
            pass
    subprocess.run(
        [sys.executable, "-m", "kiosk.speech.readings", str(folder)],
        check=True, env={**os.environ, "PYPINYIN_NO_DICT_COPY": "1"}, timeout=600,
    )  # fmt: skip
    return CompactReadings(folder)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
