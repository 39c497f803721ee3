"""`lawpost search` and `lawpost pack` through the real CLI entry point."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk.content.installer import install_pack
from kiosk.content.laws_import import locate_laws_db
from kiosk.search.segment import Segmenter
from lawpost.cli import main


@pytest.fixture(scope="module")
def fixture_data(built_pack: Path, segmenter: Segmenter, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose active pack is the fixture pack, numbered above any bundled default so
    that `lawpost search` keeps it instead of installing the real default pack."""
    pack = tmp_path_factory.mktemp("cli") / "pack"
    shutil.copytree(built_pack, pack)
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    manifest["version"] = 999_999
    (pack / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    data = pack.parent / "data"
    install_pack(pack, data_dir=data, segmenter=segmenter)
    return data


@pytest.fixture
def data_dir(fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)  # each test gets its own copy: no shared state
    monkeypatch.setenv("LAWPOST_DATA", str(data))
    monkeypatch.delenv("LAWPOST_CONFIG", raising=False)
    return data


def _run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["search", *argv, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # exactly one JSON object
    payload = json.loads(out)
    assert isinstance(payload, dict)
    return payload


def test_search_json_shape(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _run_json(capsys, "房东不退押金")
    assert payload["query"] == "房东不退押金"
    assert isinstance(payload["ms"], float)
    results = payload["results"]
    assert isinstance(results, list)
    assert {r["kind"] for r in results} == {"law", "guide", "faq"}
    for result in results:
        assert isinstance(result["score"], float)
        assert isinstance(result["id"], str)
        assert isinstance(result["title"], str)
        if result["kind"] == "law":
            assert result["law"].startswith("中华人民共和国")
            assert isinstance(result["article"], int)
        else:
            assert "law" not in result
            assert "article" not in result


def test_search_kind_limit_and_article_number(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _run_json(capsys, "劳动合同法第三十条 工资", "--kind", "law", "--limit", "3")
    results = payload["results"]
    assert isinstance(results, list)
    assert len(results) == 3
    assert (results[0]["law"], results[0]["article"]) == ("中华人民共和国劳动合同法", 30)


def test_search_absurd_query_prints_empty_results(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run_json(capsys, '"*NEAR( AND -')["results"] == []


def test_readable_output(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "押金"]) == 0
    out = capsys.readouterr().out
    assert "== 指南 guides" in out
    assert "房东不退押金怎么办" in out
    assert main(["search", "😀"]) == 0
    assert "12348" in capsys.readouterr().out


def test_bad_limit_is_a_sentence_not_a_traceback(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "押金", "--limit", "0"]) == 2
    assert "--limit" in capsys.readouterr().err


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real laws.db cut down to three laws, one of them the mislabelled land contract law."""
    path = tmp_path_factory.mktemp("corpus") / "laws.db"
    shutil.copyfile(locate_laws_db(), path)
    keep = ("中华人民共和国人民调解法", "中华人民共和国农村土地承包法", "中华人民共和国医疗保障法")
    with sqlite3.connect(path) as conn:
        marks = ",".join("?" * len(keep))
        conn.execute(f"DELETE FROM laws WHERE law_name NOT IN ({marks})", keep)
        conn.execute("DELETE FROM articles WHERE law_id NOT IN (SELECT law_id FROM laws)")
    conn.close()
    return path


def test_corpus_search_builds_its_index_once(
    data_dir: Path, small_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = _run_json(capsys, "承包地 承包期", "--corpus", str(small_corpus), "--kind", "law")
    results = payload["results"]
    assert isinstance(results, list)
    laws = {r["law"] for r in results}
    assert laws == {"中华人民共和国农村土地承包法"}  # labelled 已废止 but in force
    cached = list((data_dir / "search-cache").glob("corpus-*.sqlite"))
    assert len(cached) == 1
    mtime = cached[0].stat().st_mtime_ns
    _run_json(capsys, "医疗保障", "--corpus", str(small_corpus))
    assert cached[0].stat().st_mtime_ns == mtime  # reused, not rebuilt
    # 医疗保障法 takes effect 2027-01-01: not in the corpus of today.
    later = _run_json(capsys, "医疗保障法", "--corpus", str(small_corpus))["results"]
    assert isinstance(later, list)
    assert all(r.get("law") != "中华人民共和国医疗保障法" for r in later)


def test_missing_corpus_is_a_sentence(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "押金", "--corpus", str(data_dir / "nope.db")]) == 2
    assert "找不到" in capsys.readouterr().err


def test_pack_verify_and_status(data_dir: Path, built_pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "verify", str(built_pack)]) == 0
    assert "verified" in capsys.readouterr().out
    assert main(["pack", "status"]) == 0
    assert "default v999999" in capsys.readouterr().out
    assert main(["pack", "verify", str(data_dir)]) == 2
    assert "manifest.json" in capsys.readouterr().err


def test_ask_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--ask", "--json", "退房时房东扣了押金怎么办"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["guide"]["id"] == "rent-deposit"
    assert len(payload["articles"]) == 3
    assert {a["article"] for a in payload["articles"][:2]} == {577, 509}
    assert payload["sources"][0].startswith("指南：")
    assert payload["next_step"]


def test_ask_with_corpus_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--ask", "押金", "--corpus", "x.db"]) == 2
    assert "--corpus" in capsys.readouterr().err
