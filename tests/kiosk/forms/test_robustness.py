"""Hypothesis: whatever arrives as answers (the CLI reads any JSON), the engine and the renderer
answer with messages and a PDF, never an exception."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.forms.catalog import FormCatalog
from kiosk.forms.check import check_answers
from kiosk.forms.legal_aid import pre_check
from kiosk.forms.render import DocumentRenderer
from tests.kiosk.forms.answers import BASE, TODAY

json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=80),
    st.sampled_from(["2026-02-3"
                     "0", "1900-01-01", "0.001", "1e400", "11010519491231002x", "<b>&</b>", "later"]),
)  # fmt: skip
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FORMS = sorted(BASE)


@st.composite
def answer_sets(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    form = draw(st.sampled_from(FORMS))
    base = dict(BASE[form])
    keys = sorted(base)
    for key in draw(st.lists(st.sampled_from(keys), max_size=6, unique=True)):
        base[key] = draw(json_value)
    for key in draw(st.lists(st.sampled_from(keys), max_size=3, unique=True)):
        base.pop(key, None)
    return form, base


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=answer_sets())
def test_random_answers_never_crash_the_engine_or_the_renderer(
    case: tuple[str, dict[str, Any]], catalog: FormCatalog, renderer: DocumentRenderer
) -> None:
    form, given_answers = case
    definition = catalog.get(form)
    assert definition is not None
    result = check_answers(definition, given_answers, today=TODAY, regions=catalog.regions)
    assert all(isinstance(m, str) and m for m in result.messages().values())
    assert all(isinstance(m, str) and m for m in result.messages("en").values())
    if form == "legal_aid":
        pre_check(result.values, standard=1000)
    pdf = renderer.render(definition, result, draft=not result.complete, today=TODAY)
    assert pdf.startswith(b"%PDF")
