"""The calculators' tests read sentences from the real message catalogs."""

from __future__ import annotations

from functools import partial

import pytest

from kiosk.calc.result import Text
from kiosk.i18n import load_catalogs


@pytest.fixture(scope="session")
def zh() -> Text:
    return partial(load_catalogs().text, "zh_CN")
