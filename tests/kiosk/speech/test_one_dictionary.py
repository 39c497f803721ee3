"""Speech and search share one jieba dictionary: no second copy (~60–80 MB) in a kiosk process."""

from __future__ import annotations

import subprocess
import sys

# In a fresh process: other tests in this one may have loaded jieba's default dictionary.
_CHILD = """
import gc, jieba
from kiosk.search.segment import SharedSegmenter
from kiosk.speech.frontend import SpeechFrontEnd
shared = SharedSegmenter()
front_end = SpeechFrontEnd(cut=shared.cut)
print(front_end.pinyin("应当为劳动者缴纳社会保险费。罚得重。"))
loaded = [o for o in gc.get_objects() if isinstance(o, jieba.Tokenizer) and o.initialized]
print(len(loaded), jieba.dt.initialized, loaded[0] is shared.get()._tokenizer)
"""


def test_the_speech_front_end_uses_the_search_segmenter_only() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD], check=True, capture_output=True, text=True, timeout=120
    ).stdout.splitlines()
    # The word rules ran (为 before a beneficiary and a service verb is wei4; 罚得重 has de5) ...
    assert out[0] == (
        "ying1 dang1 wei4 lao2 dong4 zhe3 jiao3 na4 she4 hui4 bao3 xian3 fei4 fa2 de5 zhong4"
    )
    # ... with one loaded dictionary, the Segmenter's, and jieba's global default never loaded.
    assert out[1] == "1 False True"
