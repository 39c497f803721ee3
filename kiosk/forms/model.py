"""The parts of a form definition, as the engine, the checks and the renderer read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELD_TYPES = (
    "text", "long_text", "number", "money", "date", "choice", "multi_choice", "yes_no",
    "id_number", "phone", "address", "credit_code", "signature", "group",
)  # fmt: skip


@dataclass(frozen=True)
class Text:
    """A visible string in both languages (zh_CN first; English for foreign visitors and tests)."""

    zh: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" and self.en else self.zh


@dataclass(frozen=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True)
class Rule:
    """A cross-field check: `check` must be true, else `message` is the field's error."""

    check: str
    message: Text


@dataclass(frozen=True)
class Preset:
    """An answer that follows from earlier ones (e.g. 讨要工资 → the applicant is the claimant):
    shown pre-chosen and marked so, until the visitor changes it. `value` is an option's value or
    a text with {field id} placeholders filled from the answers so far."""

    when: str
    value: str


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: Text
    help: Text | None = None
    required: bool = True
    show_if: str | None = None
    options: tuple[Option, ...] = ()
    glossary: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    # Dates: "past" (not after today) or "future" (not before today); None = any real date.
    when: str | None = None
    rules: tuple[Rule, ...] = ()
    # Repeating groups: the fields of one item (ids local to the item), and how many items.
    item_fields: tuple[Field, ...] = ()
    min_items: int = 0
    max_items: int = 20
    item_label: Text | None = None
    # Typed answers most visitors give, offered as buttons under the box so they need not type
    # (the value as it goes into the document).
    suggestions: tuple[str, ...] = ()
    # Answers that follow from earlier ones, the first whose condition holds (see Preset).
    presets: tuple[Preset, ...] = ()

    def option_label(self, value: Any, language: str = "zh_CN") -> str:
        for option in self.options:
            if option.value == value:
                return option.label.get(language)
        return str(value)


@dataclass(frozen=True)
class Step:
    id: str
    title: Text
    fields: tuple[Field, ...]
    show_if: str | None = None
    intro: Text | None = None


@dataclass(frozen=True)
class Computed:
    id: str
    expr: str


@dataclass(frozen=True)
class Citation:
    law: str
    article: int


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    explanation: Text


@dataclass(frozen=True)
class EntryPoint:
    """A button at the end of a guide that opens this form with answers the guide already knows."""

    guide: str
    label: Text
    prefill: dict[str, Any]


@dataclass(frozen=True)
class FormDefinition:
    id: str
    title: Text
    summary: Text
    steps: tuple[Step, ...]
    computed: tuple[Computed, ...]
    document: dict[str, Any]
    citations: tuple[Citation, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    entry_points: tuple[EntryPoint, ...] = ()
    # Filled in at load: field id -> field, for every field of every step.
    fields_by_id: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)
    step_of: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def field(self, field_id: str) -> Field | None:
        return self.fields_by_id.get(field_id)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)
