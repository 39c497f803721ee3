"""Checks a whole set of answers against a form: what is shown, computed values, errors, complete.

Answers are a flat mapping keyed by field id ({"applicant.name": "王小明", ...}); a repeating
group's answer is a list of items keyed by the item's own field ids. Answers on branches that are
hidden (a show_if that is false) are kept by the engine while the form is open, but they are
neither checked nor printed: `values` holds only what is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kiosk.forms.expressions import ExpressionError, parse
from kiosk.forms.model import Field, FormDefinition, Step, Text
from kiosk.forms.regions import Regions
from kiosk.forms.values import check_value, is_answered

# Values every form can print without asking: the date the document is made.
BUILTINS = frozenset({"form.date"})
REQUIRED = Text("这一项必须填写，请填上。", "This is required; please fill it in.")


@dataclass
class CheckResult:
    # Cleaned values of the shown fields, plus computed values (what the document prints).
    values: dict[str, Any]
    errors: dict[str, Text]
    visible_steps: tuple[Step, ...]
    visible_fields: dict[str, tuple[Field, ...]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.errors

    def messages(self, language: str = "zh_CN") -> dict[str, str]:
        return {key: text.get(language) for key, text in self.errors.items()}


def _shown(expr: str | None, values: Mapping[str, Any], *, today: date) -> bool:
    return expr is None or parse(expr).truthy(values, today=today)


def _check_group(
    group: Field, items: Any, *, today: date, regions: Regions, errors: dict[str, Text]
) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        errors[group.id] = Text(
            "这一组回答的格式不对，请重新填写。", "These entries cannot be read; please fill them in again."
        )
        return []
    cleaned: list[dict[str, Any]] = []
    for number, item in enumerate(items[: group.max_items], start=1):
        if not isinstance(item, dict) or not any(is_answered(v) for v in item.values()):
            continue  # an empty row the visitor added and left: dropped, not an error
        out: dict[str, Any] = {}
        for sub in group.item_fields:
            key = f"{group.id}[{number}].{sub.id}"
            raw = item.get(sub.id)
            if not is_answered(raw):
                if sub.required:
                    errors[key] = Text(f"第{number}项的“{sub.label.zh}”还没填，请填上。",
                                       f"Item {number}: “{sub.label.en}” is missing; please fill it in"
                                       ".")  # fmt: skip
                continue
            checked = check_value(sub, raw, today=today, regions=regions)
            if checked.error:
                errors[key] = Text(f"第{number}项：{checked.error.zh}", f"Item {number}: {checked.error.en}")
            else:
                out[sub.id] = checked.value
        cleaned.append(out)
    if len(items) > group.max_items:
        errors[group.id] = Text(f"最多填写 {group.max_items} 项，请合并或删去一些。",
                                f"At most {group.max_items} entries; please merge or remove some"
                                ".")  # fmt: skip
    elif len(cleaned) < group.min_items:
        errors[group.id] = Text(
            f"请至少填写 {group.min_items} 项。", f"Please add at least {group.min_items}."
        )
    return cleaned


def _compute(definition: FormDefinition, values: dict[str, Any], *, today: date) -> None:
    # In the order written: a computed value may use the ones above it.
    for item in definition.computed:
        try:
            result = parse(item.expr).evaluate(values, today=today)
        except ExpressionError:
            result = None
        values[item.id] = result


def check_answers(
    definition: FormDefinition, answers: Mapping[str, Any], *, today: date, regions: Regions
) -> CheckResult:
    """Every shown field checked, in step order; show_if sees the values cleaned so far."""
    values: dict[str, Any] = {"form.date": today.isoformat()}
    errors: dict[str, Text] = {}
    steps: list[Step] = []
    visible: dict[str, tuple[Field, ...]] = {}
    pending_rules: list[tuple[Field, Any]] = []
    # Conditions read cleaned values (dates as date objects would be friendlier, but ISO strings
    # compare correctly and stay JSON-clean).
    for step in definition.steps:
        _compute(definition, values, today=today)
        if not _shown(step.show_if, values, today=today):
            continue
        steps.append(step)
        shown: list[Field] = []
        for item in step.fields:
            if not _shown(item.show_if, values, today=today):
                continue
            shown.append(item)
            raw = answers.get(item.id)
            if item.type == "group":
                values[item.id] = _check_group(item, raw if raw is not None else [], today=today,
                                               regions=regions, errors=errors)  # fmt: skip
                continue
            if not is_answered(raw):
                if item.type == "multi_choice":
                    values[item.id] = []
                if item.required:
                    errors[item.id] = REQUIRED
                continue
            checked = check_value(item, raw, today=today, regions=regions)
            if checked.error:
                errors[item.id] = checked.error
            else:
                values[item.id] = checked.value
                pending_rules.append((item, checked.value))
        visible[step.id] = tuple(shown)
    _compute(definition, values, today=today)
    for item, _value in pending_rules:
        for rule in item.rules:
            expr = parse(rule.check)
            # A rule judges answers that are there and valid; a missing one has its own message.
            if any(values.get(name) is None and definition.field(name) for name in expr.names):
                continue
            if item.id not in errors and not expr.truthy(values, today=today):
                errors[item.id] = rule.message
    return CheckResult(values=values, errors=errors, visible_steps=tuple(steps), visible_fields=visible)
