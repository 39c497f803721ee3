"""写申请: what the forms view-model shows besides the step's fields, as plain data for QML: the
list of forms, the review page by step, the legal-aid pre-check, how much has been answered."""

from __future__ import annotations

from typing import Any

from kiosk.forms.catalog import FormCatalog
from kiosk.forms.engine import FormSession
from kiosk.forms.legal_aid import Eligibility, pre_check
from kiosk.forms.values import is_answered


def form_list(catalog: FormCatalog, language: str) -> list[dict[str, str]]:
    return [{"id": f.id, "title": f.title.get(language), "summary": f.summary.get(language)}
            for f in catalog.forms.values()]  # fmt: skip


def review_view(session: FormSession | None, language: str) -> list[dict[str, Any]]:
    """Every step's answers as the review page lists them (an unanswered one as —)."""
    if session is None:
        return []
    session.language = language
    return [{"stepId": s.step_id, "title": s.title,
             "items": [{"label": i.label, "text": i.text or "—", "error": i.error, "preset": i.preset}
                       for i in s.items]}
            for s in session.review()]  # fmt: skip


def eligibility_result(session: FormSession, hardship_standard: float | None) -> Eligibility | None:
    """The legal-aid pre-check of the answers (None for every other form)."""
    if session.definition.id != "legal_aid":
        return None
    return pre_check(session.result.values, standard=hardship_standard)


def answered_count(session: FormSession | None) -> int:
    return 0 if session is None else sum(1 for v in session.answers.values() if is_answered(v))
