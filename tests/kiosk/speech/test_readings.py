"""The compact readings answer exactly what pypinyin answers, and the kiosk never loads pypinyin."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.speech.readings import CompactReadings, build, open_readings

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _pypinyin(text: str) -> list[str]:
    return list(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))


@pytest.fixture(scope="module")
def readings() -> CompactReadings:
    return open_readings()


def test_every_han_run_of_the_default_pack_reads_as_pypinyin_reads_it(
    readings: CompactReadings,
) -> None:
    # Guides, FAQ, lay phrases, synonyms, law names and every 20th run of the law articles (all of
    # them, 70,000 runs, were compared once: docs/benchmarks.md).
    texts = [
        (DEFAULT_PACK_DIR / name).read_text(encoding="utf-8")
        for name in ("content.json", "lay_phrases.json", "synonyms.json", "forms.json")
    ]
    laws = json.loads((DEFAULT_PACK_DIR / "laws.json").read_text(encoding="utf-8"))
    runs = [m.group(0) for text in texts for m in _HAN.finditer(text)]
    law_runs = [m.group(0) for m in _HAN.finditer(json.dumps(laws, ensure_ascii=False))]
    runs += law_runs[::20]
    assert len(runs) > 5000
    differing = [run for run in runs if readings.lazy_pinyin(run) != _pypinyin(run)]
    assert differing == []


def test_every_character_and_random_phrase_chains_read_as_pypinyin(
    readings: CompactReadings,
) -> None:
    chars = [chr(c) for low, high in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
             for c in range(low, high + 1)]  # fmt: skip
    assert [c for c in chars if readings.lazy_pinyin(c) != _pypinyin(c)] == []
    # Chains of phrases and common characters exercise the longest-match cutting and its quirk
    # (the rest of a text that begins a phrase without holding one is read character by character).
    rng = random.Random(20261130)
    words, common = list(PHRASES_DICT), chars[0x4E00 - 0x3400 : 0x4E00 - 0x3400 + 3000]
    texts = [
        "".join(rng.choice(words) if rng.random() < 0.5 else rng.choice(common)
                for _ in range(rng.randint(1, 8)))
        for _ in range(3000)
    ]  # fmt: skip
    assert [t for t in texts if readings.lazy_pinyin(t) != _pypinyin(t)] == []


def test_phrase_membership_is_pypinyins(readings: CompactReadings) -> None:
    assert "取得" in readings and "品种" in readings
    assert "罚得" not in readings and "我种" not in readings
    assert len(readings.trie) == len(PHRASES_DICT)


def test_a_built_folder_is_mapped_as_it_is_and_a_rebuild_swaps_it_whole(tmp_path: Path) -> None:
    folder = tmp_path / "readings"
    folder.mkdir()
    (folder / "syllables.json").write_text("{}")  # an unfinished folder from an older build
    build(folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "phrases.marisa", "readings.bin", "syllables.json",
    ]  # fmt: skip
    assert not list(tmp_path.glob(".readings-*")) and not list(tmp_path.glob("*.old"))
    # Readable by everyone: the package is built as root and read by the lawpost user.
    assert folder.stat().st_mode & 0o777 == 0o755
    assert all(p.stat().st_mode & 0o444 == 0o444 for p in folder.iterdir())
    mapped = open_readings(folder)  # same pypinyin version: no rebuild
    assert mapped.phrase("银行") == _pypinyin("银行") == ["yin2", "hang2"]


_CHILD = """
import sys
from kiosk.speech.frontend import SpeechFrontEnd
print(SpeechFrontEnd(cut=list).pinyin("我想还款，银行的利率为百分之四。"))
print("pypinyin" in " ".join(sys.modules))
"""


def test_the_kiosk_reads_aloud_without_loading_pypinyin() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD], check=True, capture_output=True, text=True, timeout=120
    ).stdout.splitlines()
    assert out[0] == "wo3 xiang3 huan2 kuan3 yin2 hang2 de5 li4 lv4 wei2 bai3 fen1 zhi1 si4"
    assert out[1] == "False"
