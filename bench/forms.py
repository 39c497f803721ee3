"""Guided forms: definition load, engine step transition, PDF render (first and warm), and printing
to the fake printer. Prints a Markdown table; copy the figures into docs/benchmarks.md.

Run: .venv/bin/python -m bench.forms
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from kiosk.content.pack import DEFAULT_PACK_DIR, FORMS_FILE
from kiosk.forms.catalog import catalog_from_pack
from kiosk.forms.check import check_answers
from kiosk.forms.definition import schema_problems
from kiosk.forms.engine import FormSession
from kiosk.forms.render import DocumentRenderer
from tests.kiosk.forms.answers import BASE, TODAY


def _times(action: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _first_render_ms() -> float:
    """A fresh process: font registration (≈ 0.5 s) is paid once per kiosk run."""
    code = (
        "import time;from kiosk.content.pack import DEFAULT_PACK_DIR;"
        "from kiosk.forms.catalog import catalog_from_pack;from kiosk.forms.check import check_answers;"
        "from kiosk.forms.render import DocumentRenderer;from tests.kiosk.forms.answers import BASE, TODAY;"
        "c=catalog_from_pack(DEFAULT_PACK_DIR);d=c.get('legal_aid');"
        "r=check_answers(d,BASE['legal_aid'],today=TODAY,regions=c.regions);t=time.perf_counter();"
        "DocumentRenderer(regions=c.regions).render(d,r,today=TODAY);print((time.perf_counter()-t)*1000)"
    )
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(3)]  # fmt: skip
    return statistics.median(runs)


def main() -> int:
    load = _times(lambda: catalog_from_pack(DEFAULT_PACK_DIR), 20)
    catalog = catalog_from_pack(DEFAULT_PACK_DIR)
    renderer = DocumentRenderer(regions=catalog.regions)
    rows = []
    for form, answers in BASE.items():
        definition = catalog.get(form)
        assert definition is not None
        result = check_answers(definition, answers, today=TODAY, regions=catalog.regions)
        renderer.render(definition, result, today=TODAY)  # font registered
        render = _times(lambda d=definition, r=result: renderer.render(d, r, today=TODAY), 15)
        steps: list[float] = []
        for _ in range(20):
            session = FormSession(definition, regions=catalog.regions, today=TODAY)
            for key, value in answers.items():
                session.set(key, value)
            while not session.at_review:
                # One transition as a screen does it: validate the step, move, build the next header
                # and its shown fields.
                started = time.perf_counter()
                session.next()
                if not session.at_review:
                    session.header()
                    session.fields()
                else:
                    session.review()
                steps.append((time.perf_counter() - started) * 1000)
                session.set("__touch__", None)  # an answer typed on the next step invalidates the check
        rows.append(
            (form, statistics.median(render), _p(render, 0.95), statistics.median(steps), _p(steps, 0.95))
        )
    print("| figure | measured | target |\n|---|---|---|")
    print(f"| load all 7 definitions and the region table from the pack, median / p95 of 20 | "
          f"{statistics.median(load):.1f} / {_p(load, 0.95):.1f} ms | ≤ 50 ms |")  # fmt: skip
    raws = json.loads((DEFAULT_PACK_DIR / FORMS_FILE).read_text("utf-8"))["forms"]
    schema = _times(lambda: [schema_problems(r, where="") for r in raws.values()], 10)
    schema_ms = statistics.median(schema)
    print(f"| JSON Schema check of all 7 (at pack build), median of 10 | {schema_ms:.0f} ms | — |")
    print(f"| first PDF render in a fresh process (registers the CJK font), median of 3 | "
          f"{_first_render_ms():.0f} ms | — |")  # fmt: skip
    for form, r50, r95, s50, s95 in rows:
        print(
            f"| {form}: PDF render p50 / p95 (warm, 15 runs); step transition p50 / p95 | "
            f"{r50:.0f} / {r95:.0f} ms; {s50:.2f} / {s95:.2f} ms | render ≤ 300 ms; step p95 ≤ 50 ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
