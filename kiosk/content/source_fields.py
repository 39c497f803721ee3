"""Reads typed fields out of parsed TOML tables while collecting every problem found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one content file, located by file and field."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


@dataclass
class FieldReader:
    """Pulls fields out of TOML tables; a missing or malformed field becomes a Problem, not an
    exception, so one run of the validator can report everything that is wrong at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(file, field_name, message))

    def unknown_keys(
        self, table: Mapping[str, Any], *, allowed: set[str], file: str, prefix: str = ""
    ) -> None:
        # A misspelt key (titel_en) would otherwise be silently ignored and the real one reported
        # as missing, which hides the cause.
        for key in sorted(set(table) - allowed):
            self.add(file, prefix + key, "未知字段 (unknown field)")

    def text(self, table: Mapping[str, Any], key: str, *, file: str, prefix: str = "") -> str:
        value = table.get(key)
        if value is None:
            self.add(file, prefix + key, "缺少必填字段 (required field missing)")
            return ""
        if not isinstance(value, str):
            self.add(file, prefix + key, "应为文字 (must be a string)")
            return ""
        if not value.strip():
            self.add(file, prefix + key, "不能为空 (must not be empty)")
            return ""
        return value.strip()

    def text_list(
        self,
        table: Mapping[str, Any],
        key: str,
        *,
        file: str,
        prefix: str = "",
        may_be_empty: bool = False,
    ) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            self.add(file, prefix + key, "缺少必填字段 (required field missing)")
            return ()
        if not isinstance(value, list):
            self.add(file, prefix + key, "应为文字列表 (must be a list of strings)")
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(file, f"{prefix}{key}[{index}]", "应为非空文字 (must be a non-empty string)")
            else:
                items.append(item.strip())
        if not value and not may_be_empty:
            self.add(file, prefix + key, "不能为空 (must not be empty)")
        return tuple(items)

    def positive_int(self, table: Mapping[str, Any], key: str, *, file: str, prefix: str) -> int:
        value = table.get(key)
        if value is None:
            self.add(file, prefix + key, "缺少必填字段 (required field missing)")
            return 0
        # bool is an int in Python; `article = true` is a typo, not article 1.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.add(file, prefix + key, "应为正整数 (must be a positive integer)")
            return 0
        return value

    def tables(
        self, table: Mapping[str, Any], key: str, *, file: str, prefix: str = ""
    ) -> Sequence[Mapping[str, Any]]:
        value = table.get(key)
        if value is None:
            self.add(file, prefix + key, "缺少必填字段 (required field missing)")
            return ()
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.add(file, prefix + key, "应为表的列表 (must be an array of tables)")
            return ()
        if not value:
            self.add(file, prefix + key, "不能为空 (must not be empty)")
        return value
