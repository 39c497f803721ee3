"""Lints form definitions at pack build, the way citations are checked: any problem fails the build.

Checks (best effort where noted): expressions parse and call only the allowed functions;
undefined names (in conditions, computed values, rules and document templates); fields and
computed values that are never used (neither printed nor read by a condition); duplicate ids;
steps that can never be reached (their condition is false before the visitor can have answered
what it reads, or is always false); conditions that can never be true (a choice compared with a
value not among its options); glossary terms used but not defined; missing English texts; and
cited articles that are not among the pack's laws.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from kiosk.forms.check import BUILTINS
from kiosk.forms.definition import build_definition
from kiosk.forms.expressions import Expression, ExpressionError, parse
from kiosk.forms.model import Field, FormDefinition
from kiosk.forms.render import placeholders

LawLookup = Callable[[str, int], bool]
_TRANSLATED = ("title", "summary", "intro", "label", "help", "message", "explanation", "item_label")
# Articles the legal-aid pre-check cites from code (kiosk/forms/legal_aid.py).
LEGAL_AID_ARTICLES = (("中华人民共和国法律援助法", n) for n in (31, 32, 34, 41, 42, 43))


def _missing_translations(raw: Any, path: str, out: list[str]) -> None:
    if isinstance(raw, dict):
        for key in _TRANSLATED:
            if raw.get(key) and not raw.get(f"{key}_en") and "document" not in path:
                out.append(f"{path}/{key}: 缺少英文 {key}_en (missing translation)")
        for key, value in raw.items():
            if key != "document":
                _missing_translations(value, f"{path}/{key}", out)
    elif isinstance(raw, list):
        for index, value in enumerate(raw):
            _missing_translations(value, f"{path}/{index}", out)


def _literals(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        values = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return values if len(values) == len(node.elts) else None
    return None


def _never_true(expr: Expression, fields: Mapping[str, Field]) -> list[str]:
    """Comparisons of a choice with values that are not among its options (best effort)."""
    found = []
    for node in ast.walk(expr.tree):
        if not isinstance(node, ast.Compare) or len(node.ops) != 1:
            continue
        left, op, right = node.left, node.ops[0], node.comparators[0]
        if isinstance(op, ast.Eq | ast.In) and isinstance(left, ast.Name) and left.id in fields:
            name, values = left.id, _literals(right)
            expects = ("choice",)  # `x == 'a'`, `x in ['a', 'b']`
        elif isinstance(op, ast.Eq | ast.In) and isinstance(right, ast.Name) and right.id in fields:
            name, values = right.id, _literals(left)
            expects = ("choice",) if isinstance(op, ast.Eq) else ("multi_choice",)
        else:
            continue
        field = fields[name]
        if values is None or field.type not in expects:
            continue
        options = {o.value for o in field.options}
        if not any(v in options for v in values):
            found.append(f"{name} 的选项里没有 {values} (not among its options: {sorted(options)})")
    return found


def _expressions(definition: FormDefinition) -> list[tuple[str, str]]:
    """(where, source) of every expression in the form."""
    out = [(f"computed {c.id}", c.expr) for c in definition.computed]
    for step in definition.steps:
        if step.show_if:
            out.append((f"step {step.id} show_if", step.show_if))
        for item in step.fields:
            if item.show_if:
                out.append((f"field {item.id} show_if", item.show_if))
            out += [(f"field {item.id} rule", r.check) for r in item.rules]
            out += [(f"field {item.id} preset", p.when) for p in item.presets]
    out += [(f"document block {i} show_if", b["show_if"]) for i, b in enumerate(definition.document["blocks"])
            if "show_if" in b]  # fmt: skip
    return out


def _template_names(definition: FormDefinition, problems: list[str]) -> set[str]:
    used: set[str] = set()
    doc = definition.document
    used.update(placeholders(doc.get("subtitle", "")))
    for index, block in enumerate(doc["blocks"]):
        where = f"document block {index}"
        for cell in block.get("row", []):
            used.update(placeholders(cell.get("value", "")))
        for key in ("paragraph", "note", "date"):
            used.update(placeholders(block.get(key, "")))
        if "box" in block:
            used.update(placeholders(block["box"]["value"]))
        for kind, wanted in (("list", "group"), ("table", "group"), ("signature", "signature")):
            if kind not in block:
                continue
            target = definition.field(block[kind])
            used.add(block[kind])
            if target is None or target.type != wanted:
                problems.append(
                    f"{where}: {kind} {block[kind]!r} 应是 {wanted} 类型的字段 (must be a {wanted} field)"
                )
                continue
            item_ids = {f.id for f in target.item_fields}
            templates = [block.get("item", "")] + [c.get("value", "") for c in block.get("columns", [])]
            for name in (n for t in templates for n in placeholders(t)):
                if name not in item_ids:
                    problems.append(f"{where}: {{{name}}} 不是 {block[kind]} 的子字段 (undefined item field)")
            unused_items = item_ids - {n for t in templates for n in placeholders(t)}
            if kind != "signature" and unused_items:
                problems.append(
                    f"{where}: {block[kind]} 的子字段 {sorted(unused_items)} 没有印出 (item fields never prin"
                    "ted)"
                )
    return used


def _entry_point_problems(definition: FormDefinition, guide_ids: frozenset[str] | None) -> list[str]:
    problems = []
    for entry in definition.entry_points:
        if guide_ids is not None and entry.guide not in guide_ids:
            problems.append(f"entry point: 没有这个指南 (no such guide) {entry.guide}")
        for key, value in entry.prefill.items():
            field = definition.field(key)
            if field is None:
                problems.append(f"entry point {entry.guide}: 预填的字段不存在 (undefined field) {key}")
                continue
            options = {o.value for o in field.options}
            values = value if isinstance(value, list) else [value]
            if options and any(v not in options for v in values):
                problems.append(f"entry point {entry.guide}: {key} 的选项里没有 {value} (not an option)")
    return problems


def lint_definition(
    raw: Mapping[str, Any], *, law_exists: LawLookup, guide_ids: frozenset[str] | None = None
) -> list[str]:
    """Every problem of one schema-valid definition, each prefixed with the form id."""
    definition = build_definition(raw)
    problems: list[str] = []
    _missing_translations({k: v for k, v in raw.items() if k != "entry_points"}, "", problems)
    for entry in raw.get("entry_points", ()):
        if not entry.get("label_en"):
            problems.append(f"entry point {entry['guide']}: 缺少英文 label_en (missing translation)")
    seen: set[str] = set()
    for step in definition.steps:
        for item in step.fields:
            if item.id in seen:
                problems.append(f"字段 id 重复 (duplicate field id) {item.id}")
            seen.add(item.id)
    computed_ids = {c.id for c in definition.computed}
    for duplicate in computed_ids & seen:
        problems.append(f"计算值与字段同名 (computed value shadows a field) {duplicate}")
    defined = seen | computed_ids | BUILTINS
    fields = definition.fields_by_id
    read_by_expressions: set[str] = set()
    for where, source in _expressions(definition):
        try:
            expr = parse(source)
        except ExpressionError as exc:
            problems.append(f"{where}: {exc}")
            continue
        read_by_expressions |= expr.names
        for name in sorted(expr.names - defined):
            problems.append(f"{where}: 未定义的名字 (undefined name) {name}")
        problems += [f"{where}: 条件永远不成立 (can never be true): {p}" for p in _never_true(expr, fields)]
        if not expr.names and not expr.truthy({}, today=date.today()):
            problems.append(f"{where}: 条件永远不成立 (always false): {source}")
    printed = _template_names(definition, problems)
    read_by_expressions |= _preset_problems(definition, defined, problems)
    for name in sorted(printed - defined):
        problems.append(f"document: 未定义的名字 (undefined name) {{{name}}}")
    for name in sorted((seen | computed_ids) - printed - read_by_expressions):
        problems.append(f"{name}: 收集了但从未使用（没有印出，也没有条件读取）(unused)")
    problems += _unreachable_steps(definition)
    problems += _entry_point_problems(definition, guide_ids)
    terms = {g.term for g in definition.glossary}
    for item in fields.values():
        for term in item.glossary:
            if term not in terms:
                problems.append(
                    f"field {item.id}: 术语 {term} 没有在 glossary 里解释 (glossary term undefined)"
                )
    cited = [(c.law, c.article) for c in definition.citations]
    if definition.id == "legal_aid":
        cited += list(LEGAL_AID_ARTICLES)
    for law, article in cited:
        if not law_exists(law, article):
            problems.append(f"引用了不存在的条文 (cites a missing article) 《{law}》第{article}条")
    return [f"{definition.id}: {p}" for p in problems]


def _preset_problems(definition: FormDefinition, defined: set[str], problems: list[str]) -> set[str]:
    """A preset's value must be one of a choice's options; a text preset's {placeholders} must be
    defined. Returns the names the placeholders read (they count as used)."""
    read: set[str] = set()
    for item in definition.fields_by_id.values():
        options = {o.value for o in item.options}
        for preset in item.presets:
            if item.type in ("choice", "multi_choice", "yes_no", "signature", "group", "address"):
                if item.type != "choice" or preset.value not in options:
                    problems.append(
                        f"field {item.id} preset: 预设值 {preset.value!r} 不是它的选项 (not an option)"
                    )
                continue
            names = set(placeholders(preset.value))
            read |= names
            for name in sorted(names - defined):
                problems.append(f"field {item.id} preset: 未定义的名字 (undefined name) {{{name}}}")
    return read


def _unreachable_steps(definition: FormDefinition) -> list[str]:
    problems = []
    answered_before: set[str] = {c.id for c in definition.computed} | BUILTINS
    for step in definition.steps:
        if step.show_if:
            try:
                names = parse(step.show_if).names
            except ExpressionError:
                names = frozenset()
            later = sorted(names - answered_before)
            if later:
                problems.append(
                    f"step {step.id}: 条件读取的 {later} 要到这一步或之后才回答，这一步可能永远到不了 "
                    "(unreachable: its condition reads answers given only at or after it)"
                )  # fmt: skip
        answered_before |= {f.id for f in step.fields}
    return problems


def lint_all(
    raws: Mapping[str, Any], *, law_exists: LawLookup, guide_ids: frozenset[str] | None = None
) -> list[str]:
    problems: list[str] = []
    for raw in raws.values():
        problems += lint_definition(raw, law_exists=law_exists, guide_ids=guide_ids)
    return problems


def lint_required_forms(raws: Mapping[str, Any], required: Iterable[str]) -> list[str]:
    return [f"缺少表单 (missing form) {form_id}" for form_id in required if form_id not in raws]
