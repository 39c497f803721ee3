"""One visitor filling one form: steps, answers kept across back/forward, review grouped by step.

Qt-free; a kiosk screen is a thin view over it (the step header, the shown fields of the current
step with their messages, the review). Answers on a branch that is later hidden are kept while
the form is open (going back and changing one's mind loses nothing) but left out of the document.
`clear()` forgets everything: it is called when the visitor's session is wiped.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.forms.check import CheckResult, check_answers
from kiosk.forms.expressions import parse
from kiosk.forms.model import Field, FormDefinition, Step, Text
from kiosk.forms.regions import Regions
from kiosk.forms.values import display, facts_from_id_number, is_answered, mask

PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class ReviewItem:
    field_id: str
    label: str
    text: str  # masked for ID and phone numbers, as the screen shows it
    error: str
    preset: bool = False  # chosen from earlier answers, not yet confirmed by a change


@dataclass(frozen=True)
class ReviewSection:
    step_id: str
    title: str
    items: tuple[ReviewItem, ...]


class FormSession:
    def __init__(self, definition: FormDefinition, *, regions: Regions, today: date,
                 language: str = "zh_CN") -> None:  # fmt: skip
        self.definition = definition
        self.regions = regions
        self.today = today
        self.language = language
        self.answers: dict[str, Any] = {}
        self._step_id = definition.steps[0].id
        self._returning_to_review = False
        self._result: CheckResult | None = None
        # Answers the visitor (or a guide link, a card, a draft) gave, and answers put there by a
        # preset that nobody has changed since: the screen and the review mark those.
        self._given: set[str] = set()
        self.presets: set[str] = set()
        self._preset_fields = [f for f in definition.fields_by_id.values() if f.presets]

    # --- answers ---------------------------------------------------------------------------

    def set(self, field_id: str, value: Any) -> None:
        self.answers[field_id] = copy.deepcopy(value)
        self._given.add(field_id)
        self.presets.discard(field_id)
        self._result = None
        field = self.definition.field(field_id)
        if field is not None and field.type == "id_number" and isinstance(value, str):
            self._derive_from_id_number(field_id, value)
        self._apply_presets()

    def _apply_presets(self) -> None:
        """Answers that follow from earlier ones, for fields nobody has answered: put in (and
        marked) while their condition holds, updated or taken out again when it changes."""
        candidates = [f for f in self._preset_fields if f.id not in self._given]
        for _ in range(3):  # a preset may read another preset's answer
            changed = False
            for field in candidates:
                wanted = self._preset_value(field)
                if wanted is None and field.id in self.presets:
                    del self.answers[field.id]
                    self.presets.discard(field.id)
                elif wanted is not None and self.answers.get(field.id) != wanted:
                    self.answers[field.id] = wanted
                    self.presets.add(field.id)
                else:
                    continue
                changed = True
                self._result = None
            if not changed:
                return

    def _preset_value(self, field: Field) -> Any:
        values = self.result.values
        for preset in field.presets:
            if not parse(preset.when).truthy(values, today=self.today):
                continue
            names = PLACEHOLDER.findall(preset.value)
            if any(not is_answered(values.get(n)) for n in names):
                continue
            return PLACEHOLDER.sub(lambda m: self._shown_text(m.group(1), values), preset.value)
        return None

    def _shown_text(self, name: str, values: dict[str, Any]) -> str:
        source = self.definition.field(name)
        value = values.get(name)
        if source is None:
            return str(value)
        return display(source, value, regions=self.regions, language="zh_CN")

    def _derive_from_id_number(self, field_id: str, number: str) -> None:
        """A person's birth date and sex follow from their ID number: filled in when still empty
        (the review shows them), never over what the visitor chose."""
        person = field_id.rsplit(".", 1)[0]
        facts = facts_from_id_number(number, today=self.today)
        self.prefill({f"{person}.{part}": value for part, value in facts.items()})
        if facts:
            self._region_from_id_number(f"{person}.address", number.strip()[:6])

    def _region_from_id_number(self, address_id: str, code: str) -> None:
        """The first six digits are the county (GB/T 2260) where the person was registered: the
        address picker starts there, marked as chosen for them, leaving the village or street to
        type. Only for a county still in the table (renumbered ones are left to the picker), and
        never over a region the visitor picked."""
        field = self.definition.field(address_id)
        current = self.answers.get(address_id)
        if field is None or field.type != "address" or not self.regions.is_selectable(code):
            return
        if is_answered(current) and address_id not in self.presets:
            return
        detail = current.get("detail", "") if isinstance(current, dict) else ""
        self.set(address_id, {"region": code, "detail": detail})
        self.presets.add(address_id)

    def get(self, field_id: str) -> Any:
        return self.answers.get(field_id)

    def prefill(self, values: dict[str, Any]) -> None:
        """Answers from a guide link or the ID-card reader; never overwrites what was typed."""
        for key, value in values.items():
            if self.definition.field(key) and (not is_answered(self.answers.get(key)) or key in self.presets):
                self.set(key, value)

    def add_item(self, group_id: str) -> int:
        items = list(self.answers.get(group_id) or [])
        items.append({})
        self.set(group_id, items)
        return len(items) - 1

    def set_item(self, group_id: str, index: int, key: str, value: Any) -> None:
        items = list(self.answers.get(group_id) or [])
        while len(items) <= index:
            items.append({})
        items[index] = {**items[index], key: value}
        self.set(group_id, items)

    def remove_item(self, group_id: str, index: int) -> None:
        items = list(self.answers.get(group_id) or [])
        if 0 <= index < len(items):
            del items[index]
        self.set(group_id, items)

    def restore(self, answers: dict[str, Any], step_id: str) -> None:
        """A draft taken back (下次再填): its answers for this form's fields, at the step it left."""
        for key, value in answers.items():
            if self.definition.field(key) is not None:
                self.set(key, value)
        if step_id == "__review__" or any(s.id == step_id for s in self.definition.steps):
            self._step_id = step_id
        self._returning_to_review = False

    @property
    def step_id(self) -> str:
        """The step on screen ("__review__" on the review), to come back to it later."""
        return self._step_id

    def clear(self) -> None:
        self.answers.clear()
        self._given.clear()
        self.presets.clear()
        self._result = None
        self._step_id = self.definition.steps[0].id
        self._returning_to_review = False

    # --- checking ----------------------------------------------------------------------------

    @property
    def result(self) -> CheckResult:
        if self._result is None:
            self._result = check_answers(
                self.definition, self.answers, today=self.today, regions=self.regions
            )
        return self._result

    @property
    def complete(self) -> bool:
        return self.result.complete

    def steps(self) -> tuple[Step, ...]:
        return self.result.visible_steps

    def current_step(self) -> Step:
        """The step on screen (the last one while the review is shown)."""
        steps = self.steps()
        if self.at_review:
            return steps[-1]
        found = next((s for s in steps if s.id == self._step_id), None)
        if found is None:
            # The step the visitor was on became hidden: the next shown one after it.
            order = [s.id for s in self.definition.steps]
            after = order.index(self._step_id)
            found = next((s for s in steps if order.index(s.id) > after), steps[-1])
            self._step_id = found.id
        return found

    def header(self) -> str:
        steps, step = self.steps(), self.current_step()
        number = steps.index(step) + 1
        if self.language == "en":
            return f"Step {number} of {len(steps)}: {step.title.en or step.title.zh}"
        return f"第{number}步，共{len(steps)}步：{step.title.zh}"

    def fields(self) -> tuple[Field, ...]:
        """The fields of the current step that are shown now."""
        return self.result.visible_fields.get(self.current_step().id, ())

    def step_errors(self, step_id: str | None = None) -> dict[str, str]:
        step_id = step_id or self.current_step().id
        ids = {f.id for f in self.result.visible_fields.get(step_id, ())}
        return {key: text.get(self.language) for key, text in self.result.errors.items()
                if key in ids or key.split("[", 1)[0] in ids}  # fmt: skip

    # --- moving ------------------------------------------------------------------------------

    @property
    def at_review(self) -> bool:
        return self._step_id == "__review__"

    def next(self) -> dict[str, str]:
        """Go forward if the current step has no errors; return its errors otherwise."""
        errors = self.step_errors()
        if errors:
            return errors
        steps = self.steps()
        index = steps.index(self.current_step())
        if self._returning_to_review or index == len(steps) - 1:
            self._returning_to_review = False
            self._step_id = "__review__"
        else:
            self._step_id = steps[index + 1].id
        return {}

    def back(self) -> None:
        if self.at_review:
            self._step_id = self.steps()[-1].id
            return
        steps = self.steps()
        index = steps.index(self.current_step())
        self._returning_to_review = False
        if index > 0:
            self._step_id = steps[index - 1].id

    def edit(self, step_id: str) -> None:
        """修改 from the review: go to that step; its 下一步 comes back to the review."""
        if any(s.id == step_id for s in self.steps()):
            self._step_id = step_id
            self._returning_to_review = True

    def _group_items(self, field: Field, rows: list[dict[str, Any]]) -> list[ReviewItem]:
        items = []
        for number, row in enumerate(rows, start=1):
            parts = [
                display(sub, row.get(sub.id), regions=self.regions, language=self.language)
                for sub in field.item_fields
                if is_answered(row.get(sub.id))
            ]
            label = f"{field.label.get(self.language)} {number}"
            items.append(ReviewItem(f"{field.id}[{number}]", label, "；".join(parts), ""))
        return items

    def review(self) -> tuple[ReviewSection, ...]:
        result = self.result
        sections = []
        for step in result.visible_steps:
            items = []
            for field in result.visible_fields.get(step.id, ()):
                if field.type == "group":
                    items += self._group_items(field, result.values.get(field.id) or [])
                    continue
                text = display(
                    field, result.values.get(field.id), regions=self.regions, language=self.language
                )
                error = result.errors.get(field.id, Text("", "")).get(self.language)
                items.append(
                    ReviewItem(
                        field.id,
                        field.label.get(self.language),
                        mask(field, text),
                        error,
                        preset=field.id in self.presets,
                    )
                )
            sections.append(ReviewSection(step.id, step.title.get(self.language), tuple(items)))
        return tuple(sections)
