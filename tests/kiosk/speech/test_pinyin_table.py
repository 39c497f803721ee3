"""What the kiosk says for legal sentences: every syllable and tone, checked against a table
written by hand (polyphones, numbers, dates, law citations, money, phone numbers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.search.segment import Segmenter
from kiosk.speech.frontend import SpeechFrontEnd, law_names_from_pack
from kiosk.speech.pinyin import load_phrase_table

TABLE = Path(__file__).with_name("legal_sentences.tsv")


def _rows() -> list[tuple[str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, expected = line.split("\t")
            rows.append((sentence, expected))
    return rows


@pytest.fixture(scope="module")
def front_end(kiosk_segmenter: Segmenter) -> SpeechFrontEnd:
    # Cut as in the kiosk: by the search Segmenter, with its legal words (one jieba dictionary).
    return SpeechFrontEnd(laws=law_names_from_pack(DEFAULT_PACK_DIR), cut=kiosk_segmenter.cut)


def test_the_table_holds_at_least_a_hundred_sentences() -> None:
    assert len(_rows()) >= 100


@pytest.mark.parametrize(("sentence", "expected"), _rows(), ids=[s for s, _ in _rows()])
def test_sentence_is_said_with_these_syllables(
    front_end: SpeechFrontEnd, sentence: str, expected: str
) -> None:
    assert front_end.pinyin(sentence) == expected


def test_every_phrase_table_entry_is_read_as_listed(front_end: SpeechFrontEnd) -> None:
    # An entry that the 一/不 rules or a longer entry would override is a wrong entry.
    for word, syllables in load_phrase_table().items():
        assert front_end.pinyin(word) == " ".join(syllables), word


def test_a_malformed_phrase_line_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "phrases.txt"
    bad.write_text("还款: huan2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        load_phrase_table(bad)
