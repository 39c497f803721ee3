"""The legal-aid application of the form tests' visitor (王小明), rendered as the kiosk prints it."""

from __future__ import annotations

from functools import cache

from kiosk.content.pack import DEFAULT_PACK_DIR
from kiosk.forms.catalog import catalog_from_pack
from kiosk.forms.check import check_answers
from kiosk.forms.render import DocumentRenderer
from tests.kiosk.forms.answers import TODAY, answers


@cache
def sample_pdf() -> bytes:
    catalog = catalog_from_pack(DEFAULT_PACK_DIR)
    definition = catalog.get("legal_aid")
    assert definition is not None
    result = check_answers(definition, answers("legal_aid"), today=TODAY, regions=catalog.regions)
    return DocumentRenderer(regions=catalog.regions).render(definition, result, today=TODAY)
