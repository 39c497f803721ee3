"""Message catalogs for every visible string: zh_CN first, English second, no silent gaps."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
CATALOG_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"


class CatalogError(Exception):
    """A catalog file is missing, unreadable, or lacks keys the other language has."""


@dataclass(frozen=True)
class Catalogs:
    """All languages' strings, keyed by language then message key."""

    strings: dict[str, dict[str, str]]

    def for_language(self, language: str) -> dict[str, str]:
        return self.strings.get(language, self.strings[DEFAULT_LANGUAGE])

    def text(self, language: str, key: str, **values: object) -> str:
        template = self.for_language(language).get(key)
        if template is None:
            raise KeyError(f"no message {key!r} in {language}")
        return template.format(**values) if values else template


def missing_keys(strings: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    """Per language, the keys another language has and this one lacks (or has empty)."""
    every = set().union(*(set(table) for table in strings.values()))
    return {
        lang: {k for k in every if not table.get(k, "").strip()}
        for lang, table in strings.items()
        if any(not table.get(k, "").strip() for k in every)
    }


def _read_table(path: Path) -> dict[str, str]:
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogError(f"cannot read message catalog {path}: {exc}") from exc
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise CatalogError(f"message catalog {path} must map keys to strings")
    return table


def load_catalogs(directory: Path = CATALOG_DIR) -> Catalogs:
    """The shell's catalogs (`zh_CN.json`, `en.json`) merged with each feature's own folder.

    A feature keeps its strings in `<directory>/<feature>/<language>.json`, so features added side
    by side never edit the same file; a key defined twice is an error, not a silent override.
    """
    strings: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        merged = _read_table(directory / f"{language}.json")
        for path in sorted(directory.glob(f"*/{language}.json")):
            table = _read_table(path)
            clash = sorted(set(table) & set(merged))
            if clash:
                raise CatalogError(f"message catalog {path} repeats keys defined elsewhere: {clash}")
            merged.update(table)
        strings[language] = merged
    gaps = missing_keys(strings)
    if gaps:
        detail = "; ".join(f"{lang}: {sorted(keys)}" for lang, keys in sorted(gaps.items()))
        raise CatalogError(f"message catalogs lack translations: {detail}")
    return Catalogs(strings)
