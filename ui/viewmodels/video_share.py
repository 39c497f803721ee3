"""给律师看: the form the visitor is filling, shown to the lawyer during a call after consent.

The call window offers it only when a form has answers, asks for consent on its own screen, and
only then does this send the form's review (as the kiosk's review shows it: ID and phone numbers
masked) through the call window to the lawyer. The server relays it and keeps nothing; nothing
of it is logged here.
"""

from __future__ import annotations

import json
from typing import Any

from ui.viewmodels.video_call_runner import CallRunner


class FormShare:
    def __init__(self, *, shared: dict[str, Any], runner: CallRunner) -> None:
        self._shared = shared
        self._runner = runner

    def _forms(self) -> Any:
        forms = self._shared.get("forms_model")
        return forms if forms is not None and forms.active and forms.answeredCount > 0 else None

    def offer(self) -> str:
        """The title of the form the call window may offer to show, or ""."""
        forms = self._forms()
        return str(forms.formTitle) if forms is not None else ""

    def send(self) -> None:
        """The visitor tapped 同意 in the call window: the review rows go to the lawyer."""
        forms = self._forms()
        if forms is None:
            return
        items = [item for step in forms.review for item in step["items"]]
        rows = [[str(i["label"]), str(i["text"])] for i in items if i["text"] not in ("", "—")]
        self._runner.share(json.dumps({"title": str(forms.formTitle), "rows": rows}, ensure_ascii=False))
