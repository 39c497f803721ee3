"""Lay phrases per article: checked like citations at pack build, shipped in the pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.content.lay_phrases import (
    LayPhraseError,
    closest_phrase,
    lay_phrases_from_json,
    load_lay_phrases,
    phrases_for,
)
from kiosk.content.pack import LAY_FILE, PackError, build_pack, read_manifest
from tests.kiosk.content.pack_fixture import write_content

CIVIL = "中华人民共和国民法典"
ARTICLES = {(CIVIL, 721, 0), (CIVIL, 1079, 0), (CIVIL, 38, 1)}


def exists(law: str, article: int, sub: int) -> bool:
    return (law, article, sub) in ARTICLES


def write(folder: Path, name: str, text: str) -> Path:
    (folder / "lay_phrases").mkdir(parents=True, exist_ok=True)
    (folder / "lay_phrases" / name).write_text(text, encoding="utf-8")
    return folder


def test_phrases_load_by_law_and_article(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.toml",
        f'law = "{CIVIL}"\n[articles]\n721 = ["房租什么时候交", "房租什么时候交"]\n"38-1" = ["某某情形"]\n',
    )
    lay = load_lay_phrases(tmp_path, exists)
    assert lay == {CIVIL: {"38-1": ("某某情形",), "721": ("房租什么时候交",)}}
    assert phrases_for(lay, CIVIL, 721, 0) == "房租什么时候交"
    assert phrases_for(lay, CIVIL, 38, 1) == "某某情形"
    assert phrases_for(lay, CIVIL, 1, 0) == ""


def test_no_folder_means_no_phrases(tmp_path: Path) -> None:
    assert load_lay_phrases(tmp_path, exists) == {}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('9721 = ["房租什么时候交"]', "没有这一条"),
        ('abc = ["房租什么时候交"]', "条号写法不对"),
        ("721 = []", "非空"),
        ('721 = "房租什么时候交"', "非空"),
        ('721 = ["打13800138000找房东"]', "长数字"),
        ('721 = ["rent due date"]', "没有汉字"),
        ('721 = ["交"]', "长度"),
        ('721 = ["房租什么时候交", 5]', "不是文字"),
    ],
)
def test_bad_entries_are_refused_with_file_and_key(tmp_path: Path, body: str, problem: str) -> None:
    write(tmp_path, "bad.toml", f'law = "{CIVIL}"\n[articles]\n{body}\n')
    with pytest.raises(LayPhraseError, match=problem) as caught:
        load_lay_phrases(tmp_path, exists)
    assert "bad.toml" in str(caught.value)


def test_an_article_annotated_in_two_files_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", f'law = "{CIVIL}"\n[articles]\n721 = ["房租什么时候交"]\n')
    write(tmp_path, "b.toml", f'law = "{CIVIL}"\n[articles]\n721 = ["租金哪天给"]\n')
    with pytest.raises(LayPhraseError, match="已经写过"):
        load_lay_phrases(tmp_path, exists)


def test_a_file_without_law_or_articles_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", '[articles]\n721 = ["房租什么时候交"]\n')
    write(tmp_path, "b.toml", f'law = "{CIVIL}"\n')
    write(tmp_path, "c.toml", "law = \n")
    with pytest.raises(LayPhraseError) as caught:
        load_lay_phrases(tmp_path, exists)
    assert len(caught.value.problems) == 3


def test_pack_ships_the_phrases_listed_in_its_manifest(built_pack: Path) -> None:
    manifest = read_manifest(built_pack)
    assert LAY_FILE in [f.path for f in manifest.files]
    assert any(s["file"] == LAY_FILE for s in manifest.sources)
    lay = lay_phrases_from_json(json.loads((built_pack / LAY_FILE).read_text("utf-8")))
    assert "两口子天天吵架想散伙" in lay[CIVIL]["1079"]


def test_build_fails_on_a_phrase_for_a_missing_article(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    path = content / "lay_phrases" / "民法典.toml"
    path.write_text(path.read_text("utf-8").replace("1079 =", "9079 ="), encoding="utf-8")
    with pytest.raises(PackError, match="9079"):
        build_pack(content_dir=content, out_dir=tmp_path / "pack")
    assert not (tmp_path / "pack").exists()


def test_malformed_pack_file_is_dropped_not_fatal() -> None:
    assert lay_phrases_from_json(["not", "a", "mapping"]) == {}
    assert lay_phrases_from_json({CIVIL: {"721": ["ok", 3], "722": "x"}}) == {CIVIL: {"721": ("ok",)}}


def test_the_phrase_closest_to_the_query_is_chosen() -> None:
    phrases = ("房租什么时候交", "房东扣着押金不退", "租房没说哪天交钱")
    assert closest_phrase(phrases, "房东不退押金怎么办") == "房东扣着押金不退"
    assert closest_phrase(phrases, "房租啥时候交") == "房租什么时候交"
    assert closest_phrase(phrases, "离婚") == ""
    # Sharing only 不 (or one other character) is no match.
    assert closest_phrase(("借钱多少年不要就过期了",), "房东扣着押金不退") == ""
    assert closest_phrase((), "房东") == ""
