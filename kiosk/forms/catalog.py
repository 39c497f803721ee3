"""The forms a kiosk offers: read from an installed pack (forms.json, regions.json, townships.json) or
from sources."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.forms.definition import (
    REGIONS_FILE,
    DefinitionError,
    build_definition,
    definitions_from_pack,
    load_sources,
)
from kiosk.forms.model import FormDefinition
from kiosk.forms.regions import Regions
from kiosk.forms.townships import TOWNSHIPS_FILE, Townships

FORMS_FILE = "forms.json"


@dataclass(frozen=True)
class FormCatalog:
    forms: dict[str, FormDefinition]
    regions: Regions
    townships: Townships = field(default_factory=lambda: Townships({}))

    def get(self, form_id: str) -> FormDefinition | None:
        return self.forms.get(form_id)

    def listing(self, language: str = "zh_CN") -> list[dict[str, str]]:
        return [{"id": f.id, "title": f.title.get(language)} for f in self.forms.values()]


def catalog_from_pack(pack_dir: Path) -> FormCatalog:
    """The forms of a pack; an older pack without forms offers none. Raises DefinitionError."""
    forms_path, regions_path = pack_dir / FORMS_FILE, pack_dir / REGIONS_FILE
    if not forms_path.is_file():
        return FormCatalog(forms={}, regions=Regions({}))
    try:
        forms = definitions_from_pack(json.loads(forms_path.read_text(encoding="utf-8")))
        regions = Regions.load(regions_path) if regions_path.is_file() else Regions({})
        townships = Townships.load(pack_dir / TOWNSHIPS_FILE)
    except (OSError, ValueError) as exc:
        raise DefinitionError([f"{forms_path}: 无法读取 (cannot read): {exc}"]) from exc
    return FormCatalog(forms=forms, regions=regions, townships=townships)


def catalog_from_sources(forms_dir: Path) -> FormCatalog:
    """The forms of a content source folder (assets/content/forms), checked against the schema."""
    raws = load_sources(forms_dir)
    return FormCatalog(
        forms={form_id: build_definition(raw) for form_id, raw in raws.items()},
        regions=Regions.load(forms_dir / REGIONS_FILE),
        townships=Townships.load(forms_dir / TOWNSHIPS_FILE),
    )
