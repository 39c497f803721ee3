"""Lists the words of a content pack that contain a polyphonic character, to review the phrase table.

Run `python -m kiosk.speech.polyphone_scan [PACK_DIR] [--min-count N]`: for every jieba word of
the pack's guides, FAQ, institutions, lay phrases, synonyms and law articles that holds one of the
polyphones below, it prints the count, the word and the pinyin the front end gives it now.
A reviewer reads the list and adds a line to `phrases.txt` where the reading is wrong for the
legal or everyday sense — or pins a right one that pypinyin only gets right by luck.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.speech.pinyin import PinyinReader

# Characters whose reading changes with the word in everyday and legal Mandarin (the usual
# 多音字 lists for schools, narrowed to the ones met in legal text and visitors' speech).
POLYPHONES = frozenset(
    "还行长重种处率剥落曾更得地了着为应当调供传差发教累乐假间强省数少相要中将便背薄称冲担倒都"
    "恶分否干给好号和华会几济监角结解看空量露难宁片期奇曲任散丧似属弹提通委系吓鲜兴血压与载"
    "择涨正只转作参藏朝乘澄处畜大单度斗恶缝佛服杆哈还横划晃会混奇给济夹将降觉卡壳看拉落泊"
    "模没蒙秘宿胖漂仆铺期亲圈塞厦扇上舍识说似宿踏体帖通同吐尾尉卸校行宿旋咽约晕扎炸粘折占"
    "正挣殖中重属著转综钻露禁尽劲卷泌哄创贾屏劈娩"
)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def pack_texts(pack_dir: Path) -> Iterator[str]:
    """Every sentence a visitor may hear or say with this pack: guides, FAQ, institutions, the
    lay phrases and synonyms (visitors' own words for legal ideas), law articles."""
    for name in ("content.json", "lay_phrases.json", "synonyms.json"):
        path = pack_dir / name
        if path.exists():
            yield from _strings(json.loads(path.read_text(encoding="utf-8")))
    laws = json.loads((pack_dir / "laws.json").read_text(encoding="utf-8"))
    for law in laws["laws"]:
        yield law["name"]
        articles = law["articles"]
        if isinstance(articles, str):  # stored as a Python literal in some packs
            import ast

            articles = ast.literal_eval(articles)
        for article in articles:
            yield article["text"]


def polyphone_words(texts: Iterator[str]) -> Counter[str]:
    import jieba

    counts: Counter[str] = Counter()
    for text in texts:
        for word in jieba.cut(text):
            if len(word) > 1 and any(char in POLYPHONES for char in word):
                counts[word] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pack", nargs="?", type=Path, default=DEFAULT_PACK_DIR)
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args()
    reader = PinyinReader()
    for word, count in polyphone_words(pack_texts(args.pack)).most_common():
        if count >= args.min_count:
            print(f"{count}\t{word}\t{' '.join(reader.syllables(word))}")


if __name__ == "__main__":
    main()
