"""The pack build refuses form definitions with problems, the way it refuses broken citations."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiosk.content.pack import PackError, build_pack
from kiosk.forms.definition import load_sources, schema_problems
from kiosk.forms.lint import lint_definition
from tests.kiosk.content.pack_fixture import CONTENT, FIXTURE_LAWS, write_content

GOOD: dict[str, Any] = {
    "id": "sample", "title": "示例", "title_en": "Sample", "summary": "示例表单", "summary_e"
                                                                            "n": "A sample form",
    "citations": [{"law": "中华人民共和国民法典", "article": 679}],
    "steps": [
        {"id": "one", "title": "第一步", "title_en": "One", "fields": [
            {"id": "kind", "type": "choice", "label": "类型", "label_en": "Kind",
             "options": [{"value": "a", "label": "甲", "label_en": "A"},
                         {"value": "b", "label": "乙", "label_en": "B"}]},
            {"id": "note", "type": "text", "label": "说明", "label_en": "Note", "show_if": "kind == 'a'"},
        ]},
        {"id": "two", "title": "第二步", "title_en": "Two", "show_if": "kind == 'b'", "fields": [
            {"id": "amount", "type": "money", "label": "金额", "label_en": "Amount"},
        ]},
    ],
    "computed": [{"id": "amount_upper", "expr": "rmb_upper(amount)"}],
    "document": {"title": "示例", "blocks": [{"paragraph": "{note}{amount}{amount_upper}"}]},
}  # fmt: skip
PRESENT = {("中华人民共和国民法典", 679)}


def _lint(raw: dict[str, Any]) -> list[str]:
    assert schema_problems(raw, where="t") == []
    return lint_definition(raw, law_exists=lambda law, article: (law, article) in PRESENT)


def _bad(**edits: Any) -> dict[str, Any]:
    raw = copy.deepcopy(GOOD)
    for path, value in edits.items():
        target: Any = raw
        parts = path.split("__")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if value is None:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return raw


def test_a_good_definition_has_no_problems() -> None:
    assert _lint(GOOD) == []


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ({"steps__1__show_if": "amount > 0"}, "unreachable"),
        ({"steps__0__fields__1__show_if": "kind == 'c'"}, "can never be true"),
        ({"steps__0__fields__1__show_if": "kind in ['x', 'y']"}, "can never be true"),
        ({"steps__0__fields__1__show_if": "False"}, "always false"),
        ({"steps__0__fields__1__show_if": "knd == 'a'"}, "undefined name"),
        ({"computed__0__expr": "rmb_upper(amont)"}, "undefined name"),
        ({"document__blocks__0__paragraph": "{note}{amount}{amount_upper}{missing}"}, "undefined name"),
        ({"document__blocks__0__paragraph": "{amount}{amount_upper}"}, "note: 收集了但从未使用"),
        ({"steps__0__fields__0__label_en": None}, "missing translation"),
        ({"steps__0__fields__0__options__1__label_en": None}, "missing translation"),
        ({"citations__0__article": 9999}, "cites a missing article"),
        ({"computed__0__expr": "__import__('os').system('true')"}, "unknown function"),
        ({"computed__0__expr": "amount +"}, "invalid expression"),
        ({"steps__0__fields__1__glossary": ["没有解释的词"]}, "glossary term undefined"),
        ({"steps__1__fields__0__id": "kind"}, "duplicate field id"),
    ],
)
def test_each_problem_is_named(edits: dict[str, Any], expected: str) -> None:
    problems = _lint(_bad(**edits))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("sample: ") for p in problems)


def test_guide_buttons_must_name_a_guide_a_field_and_an_option() -> None:
    raw = _bad(entry_points=[{"guide": "rent-deposit", "label": "写", "label_en": "Write",
                              "prefill": {"kind": "c", "nothing": "x"}}])  # fmt: skip
    problems = lint_definition(raw, law_exists=lambda law, article: True, guide_ids=frozenset({"other"}))
    assert any("no such guide" in p for p in problems)
    assert any("undefined field" in p for p in problems)
    assert any("not an option" in p for p in problems)


def test_schema_refuses_an_unknown_field_type_and_a_missing_label() -> None:
    assert schema_problems(_bad(steps__0__fields__1__type="colour"), where="t")
    assert schema_problems(_bad(steps__0__fields__1__label=None), where="t")
    assert schema_problems(_bad(steps__0__fields__0__options=None), where="t")  # a choice needs options


def _content_with_forms(tmp_path: Path, form: dict[str, Any] | None) -> Path:
    laws = (*FIXTURE_LAWS, "中华人民共和国法律援助法", "中华人民共和国人民调解法", "中华人民共和国民事诉讼法")
    content = write_content(tmp_path / "content", laws=laws)
    shutil.copytree(CONTENT / "forms", content / "forms")
    # The fixture content has other guides than the real one: drop the guide buttons.
    for path in (content / "forms").glob("*.yaml"):
        raw = yaml.safe_load(path.read_text("utf-8"))
        raw.pop("entry_points", None)
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    if form is not None:
        (content / "forms" / f"{form['id']}.yaml").write_text(
            yaml.safe_dump(form, allow_unicode=True), "utf-8"
        )
    return content


def test_the_pack_carries_the_forms_and_the_region_table(tmp_path: Path) -> None:
    content = _content_with_forms(tmp_path, GOOD)
    manifest = build_pack(content_dir=content, out_dir=tmp_path / "pack")
    paths = [f.path for f in manifest.files]
    assert {"forms.json", "regions.json", "LICENSE-regions.txt"} <= set(paths)
    assert "MIT" in (tmp_path / "pack" / "LICENSE-regions.txt").read_text("utf-8")
    assert set(load_sources(content / "forms")) >= {"legal_aid", "iou", "sample"}


@pytest.mark.parametrize(
    ("edits", "expected"),
    [({"citations__0__article": 9999}, "第9999条"), ({"steps__1__show_if": "amount > 0"}, "unreachable"),
     ({"title_en": None}, "missing translatio"
                          "n"), ({"steps__0__fields__0__type": "colour"}, "form check failed")],
)  # fmt: skip
def test_a_bad_definition_fails_the_build(tmp_path: Path, edits: dict[str, Any], expected: str) -> None:
    content = _content_with_forms(tmp_path, _bad(**edits))
    with pytest.raises(PackError, match=expected):
        build_pack(content_dir=content, out_dir=tmp_path / "pack")
    assert not (tmp_path / "pack").exists()


def test_legal_aid_needs_the_legal_aid_law_in_the_pack(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")  # 法律援助法 not imported
    shutil.copytree(CONTENT / "forms", content / "forms")
    with pytest.raises(PackError, match="法律援助法》第31条"):
        build_pack(content_dir=content, out_dir=tmp_path / "pack")
