"""Reads form definitions (YAML sources or a pack's forms.json), checks them against the JSON Schema.

A definition is content: a content editor writes assets/content/forms/<id>.yaml, the pack build
checks it against kiosk/forms/form.schema.json (the published schema) and lints it
(kiosk/forms/lint.py), and the pack carries it as JSON. The kiosk and the CLI build the same
FormDefinition from either.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from kiosk.forms.model import (
    Citation,
    Computed,
    EntryPoint,
    Field,
    FormDefinition,
    GlossaryTerm,
    Option,
    Preset,
    Rule,
    Step,
    Text,
)

SCHEMA_PATH = Path(__file__).with_name("form.schema.json")
FORMS_DIR = "forms"  # under the content sources
REGIONS_FILE = "regions.json"


class DefinitionError(Exception):
    """A form definition cannot be used; `problems` lists every one with where it is."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        lines = [f"表单定义有 {len(problems)} 处问题 (form definitions have {len(problems)} problems):"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


def _choice(*pairs: tuple[str, str, str]) -> tuple[Option, ...]:
    return tuple(Option(value=v, label=Text(zh, en)) for v, zh, en in pairs)


# The stable person-block parts shared by every form: (type, label zh, label en, extras).
PERSON_PARTS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "name": ("text", "姓名", "Full name", {"max_length": 40}),
    "sex": (
        "choice",
        "性别",
        "Sex",
        {"options": _choice(("male", "男", "Male"), ("female", "女", "Female"))},
    ),
    # 汉族 is nine in ten of the population: one tap instead of spelling it on the keyboard.
    "ethnicity": ("text", "民族", "Ethnic group", {"max_length": 12, "suggestions": ("汉",)}),
    "birth_date": ("date", "出生日期", "Date of birth", {"when": "past"}),
    "age": ("number", "年龄", "Age", {"minimum": 0, "maximum": 130}),
    "id_number": ("id_number", "公民身份号码", "Resident ID number", {}),
    "phone": ("phone", "联系电话", "Mobile phone", {}),
    "address": ("address", "住址", "Address", {}),
    "mail_address": ("address", "送达地址", "Address for documents", {}),
    "hukou": ("text", "户籍所在地", "Household registration", {"max_length": 60}),
    "employer": ("text", "工作单位", "Employer", {"max_length": 60}),
    "occupation": ("text", "职业", "Occupation", {"max_length": 30}),
    "org_name": ("text", "单位名称", "Name of the company or organisation", {"max_length": 80}),
    "credit_code": ("credit_code", "统一社会信用代码", "Unified social credit code", {}),
    "legal_rep": ("text", "法定代表人（负责人）", "Legal representative", {"max_length": 40}),
    "legal_rep_title": ("text", "职务", "Title", {"max_length": 30}),
}
_PERSON_HELP = {
    "id_numbe"
    "r": Text("身份证上的18位号码，最后一位可能是 X"
              "。", "The 18 characters on the ID card; the last may be X."),
    "credit_code": Text("营业执照上的18位代码，可在“国家企业信用信息公示系统”查到。",
                        "The 18-character code on the business licence."),
    "phone": Text("11位手机号码，方便工作人员联系您。", "An 11-digit mobile number so staff can reach you."),
}  # fmt: skip


@functools.lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


def schema_problems(raw: Any, *, where: str) -> list[str]:
    """Every place where `raw` breaks the published schema, as "where: path: message"."""
    problems = []
    for error in sorted(_validator().iter_errors(raw), key=lambda e: list(map(str, e.absolute_path))):
        path = "/".join(str(p) for p in error.absolute_path) or "(top)"
        problems.append(f"{where}: {path}: {error.message}")
    return problems


def _text(raw: Mapping[str, Any], key: str) -> Text:
    return Text(str(raw.get(key, "")), str(raw.get(f"{key}_en", "")))


def _opt_text(raw: Mapping[str, Any], key: str) -> Text | None:
    return _text(raw, key) if raw.get(key) else None


def _plain_field(raw: Mapping[str, Any]) -> Field:
    return Field(
        id=raw["id"],
        type=raw["type"],
        label=_text(raw, "label"),
        help=_opt_text(raw, "help"),
        required=bool(raw.get("required", raw["type"] not in ("signature", "multi_choice"))),
        show_if=raw.get("show_if"),
        options=tuple(Option(value=o["value"], label=_text(o, "label")) for o in raw.get("options", ())),
        glossary=tuple(raw.get("glossary", ())),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        max_length=raw.get("max_length"),
        when=raw.get("when"),
        rules=tuple(Rule(check=r["check"], message=_text(r, "message")) for r in raw.get("rules", ())),
        item_fields=tuple(_plain_field(f) for f in raw.get("fields", ())),
        min_items=int(raw.get("min_items", 1 if raw.get("required", True) else 0)),
        max_items=int(raw.get("max_items", 20)),
        item_label=_opt_text(raw, "item_label"),
        suggestions=tuple(raw.get("suggestions", ())),
        presets=tuple(Preset(when=p["when"], value=str(p["value"])) for p in raw.get("preset", ())),
    )


def _person_fields(raw: Mapping[str, Any]) -> list[Field]:
    optional = set(raw.get("optional", ()))
    fields = []
    for part in raw["parts"]:
        kind, zh, en, extras = PERSON_PARTS[part]
        fields.append(
            Field(
                id=f"{raw['id']}.{part}",
                type=kind,
                label=Text(zh, en),
                help=_PERSON_HELP.get(part),
                required=part not in optional,
                show_if=raw.get("show_if"),
                **extras,
            )
        )
    return fields


def build_definition(raw: Mapping[str, Any]) -> FormDefinition:
    """A FormDefinition from a raw definition that already passed the schema."""
    steps = []
    for step in raw["steps"]:
        fields: list[Field] = []
        for item in step["fields"]:
            fields.extend(_person_fields(item) if item["type"] == "person" else [_plain_field(item)])
        steps.append(
            Step(id=step["id"], title=_text(step, "title"), fields=tuple(fields),
                 show_if=step.get("show_if"), intro=_opt_text(step, "intro"))
        )  # fmt: skip
    definition = FormDefinition(
        id=raw["id"],
        title=_text(raw, "title"),
        summary=_text(raw, "summary"),
        steps=tuple(steps),
        computed=tuple(Computed(id=c["id"], expr=c["expr"]) for c in raw.get("computed", ())),
        document=dict(raw["document"]),
        entry_points=tuple(
            EntryPoint(guide=e["guide"], label=_text(e, "label"), prefill=dict(e.get("prefill", {})))
            for e in raw.get("entry_points", ())
        ),
        citations=tuple(Citation(law=c["law"], article=int(c["article"])) for c in raw.get("citations", ())),
        glossary=tuple(
            GlossaryTerm(term=g["term"], explanation=_text(g, "explanation")) for g in raw.get("glossary", ())
        ),
    )
    for step in definition.steps:
        for field in step.fields:
            definition.fields_by_id.setdefault(field.id, field)
            definition.step_of.setdefault(field.id, step.id)
    return definition


def read_source(path: Path) -> Any:
    """One definition file (YAML or JSON) as plain data; raise DefinitionError if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
        raise DefinitionError([f"{path.name}: 无法读取 (cannot read): {exc}"]) from exc


def load_sources(forms_dir: Path) -> dict[str, Any]:
    """Every definition under `forms_dir` (by form id), each checked against the schema."""
    raws: dict[str, Any] = {}
    problems: list[str] = []
    for path in sorted(forms_dir.glob("*.yaml")) + sorted(forms_dir.glob("*.yml")):
        raw = read_source(path)
        found = schema_problems(raw, where=path.name)
        if found:
            problems += found
            continue
        if raw["id"] != path.stem:
            problems.append(f"{path.name}: id {raw['id']!r} 应与文件名相同 (id must equal the file name)")
        elif raw["id"] in raws:
            problems.append(f"{path.name}: 表单 id 重复 (duplicate form id)")
        raws[raw["id"]] = raw
    if problems:
        raise DefinitionError(problems)
    return raws


def definitions_from_pack(
    forms_json: Mapping[str, Any], *, check_schema: bool = False
) -> dict[str, FormDefinition]:
    """The forms of a pack's forms.json ({"forms": {id: raw}}).

    The JSON Schema check (≈ 25 ms a form on this machine) and the lint ran when the pack was
    built, and installing verifies every file's checksum, so loading does not repeat it unless
    asked; a definition that still does not fit the model is refused with its id.
    """
    problems: list[str] = []
    result = {}
    for form_id, raw in forms_json.get("forms", {}).items():
        found = schema_problems(raw, where=f"forms.json:{form_id}") if check_schema else []
        if found:
            problems += found
            continue
        try:
            result[form_id] = build_definition(raw)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problems.append(f"forms.json:{form_id}: 定义不完整 (malformed definition): {exc!r}")
    if problems:
        raise DefinitionError(problems)
    return result
