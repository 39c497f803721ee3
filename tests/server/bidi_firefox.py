"""A small WebDriver BiDi client for Debian's firefox-esr: the lawyer's browser in Firefox tests.

Firefox speaks WebDriver BiDi itself (`--remote-debugging-port`), so no geckodriver and no
browser download are needed. The profile's user.js gives it a fake camera and microphone
(a changing colour frame and a tone), grants getUserMedia without a prompt, and lets WebRTC use
loopback host candidates, as the Chromium tests' flags do. Same methods as cdp_pipe.Browser
(navigate, evaluate, wait_for, console_messages, kill) plus real pointer clicks and screenshots.
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

# What a lawyer's Firefox would have after "allow camera and microphone" once, plus loopback ICE
# (a real laptop has a LAN address; this box's tests run on 127.0.0.1 only).
FAKE_MEDIA_PREFS: dict[str, bool | int | str] = {
    "media.navigator.streams.fake": True,
    "media.navigator.permission.disabled": True,
    "media.peerconnection.ice.loopback": True,
    "media.peerconnection.ice.obfuscate_host_addresses": False,
    "media.peerconnection.ice.link_local": True,
}
# Quiet, offline start: no first-run pages, updates, telemetry or safe-browsing downloads.
QUIET_PREFS: dict[str, bool | int | str] = {
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.aboutwelcome.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.disabledForTesting": True,
    "browser.safebrowsing.update.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "extensions.update.enabled": False,
}
LISTENING = re.compile(r"WebDriver BiDi listening on (ws://\S+)")


def find_firefox() -> str | None:
    return shutil.which("firefox-esr") or shutil.which("firefox")


def _user_js(prefs: dict[str, bool | int | str]) -> str:
    return "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items())


def from_remote_value(value: dict[str, Any]) -> Any:
    """A BiDi RemoteValue as Python (nodes and other handles as their dict, unchanged)."""
    kind = value.get("type")
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "boolean"):
        return value["value"]
    if kind == "number":
        number = value["value"]
        special = {"NaN": math.nan, "-0": -0.0, "Infinity": math.inf, "-Infinity": -math.inf}
        return special[number] if isinstance(number, str) else number
    if kind == "bigint":
        return int(value["value"])
    if kind == "array":
        return [from_remote_value(v) for v in value.get("value", [])]
    if kind == "object":
        return {k if isinstance(k, str) else str(from_remote_value(k)): from_remote_value(v)
                for k, v in value.get("value", [])}  # fmt: skip
    return value


class Firefox:
    def __init__(
        self,
        executable: str,
        *,
        width: int = 1366,
        height: int = 768,
        prefs: dict[str, bool | int | str] | None = None,
        start_timeout: float = 60,
    ) -> None:
        self._profile = tempfile.mkdtemp(prefix="lawpost-firefox-")
        with open(os.path.join(self._profile, "user.js"), "w", encoding="utf-8") as user_js:
            user_js.write(_user_js({**QUIET_PREFS, **(prefs or {})}))
        # Everything Firefox writes stays in the throw-away profile, never in the user's folders.
        home = {k: self._profile for k in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")}
        env = {**os.environ, **home, "MOZ_HEADLESS": "1"}
        env.pop("DISPLAY", None)
        self._process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-remote",
                "--remote-debugging-port=0",
                "--profile",
                self._profile,
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.stderr: list[str] = []
        found = threading.Event()
        self._ws_url = ""

        def drain() -> None:  # keeps reading so Firefox never blocks on a full pipe
            assert self._process.stderr is not None
            for raw in self._process.stderr:
                line = raw.decode(errors="replace").rstrip()
                self.stderr.append(line)
                match = LISTENING.search(line)
                if match and not found.is_set():
                    self._ws_url = match.group(1)
                    found.set()

        threading.Thread(target=drain, daemon=True).start()
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self._stack = contextlib.ExitStack()
        try:
            if not found.wait(start_timeout):
                raise TimeoutError(f"Firefox did not start its BiDi server: {self.stderr[-10:]}")
            self._ws: ClientConnection = self._stack.enter_context(
                connect(f"{self._ws_url}/session", max_size=None, open_timeout=30)
            )
            self._start_session(width, height)
        except BaseException:
            self.close()
            raise

    def _start_session(self, width: int, height: int) -> None:
        self.call("session.new", capabilities={"alwaysMatch": {"acceptInsecureCerts": True}})
        self.call("session.subscribe", events=["log.entryAdded"])
        tree = self.call("browsingContext.getTree", maxDepth=0)
        self.context: str = tree["contexts"][0]["context"]
        self.call("browsingContext.setViewport", context=self.context,
                  viewport={"width": width, "height": height})  # fmt: skip

    # -- protocol ------------------------------------------------------------------------------

    def call(self, method: str, *, timeout: float = 30, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        command_id = self._next_id
        self._ws.send(json.dumps({"id": command_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no answer from Firefox to {method}")
            message: dict[str, Any] = json.loads(self._ws.recv(timeout=remaining))
            if message.get("id") == command_id:
                if message.get("type") == "error":
                    raise RuntimeError(f"{method}: {message.get('error')}: {message.get('message')}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    # -- what the tests use ----------------------------------------------------------------------

    def navigate(self, url: str) -> None:
        self.call("browsingContext.navigate", context=self.context, url=url, wait="complete")

    def _evaluate_raw(self, expression: str) -> dict[str, Any]:
        answer = self.call(
            "script.evaluate", expression=expression, target={"context": self.context},
            awaitPromise=True, resultOwnership="none",
        )  # fmt: skip
        if answer.get("type") == "exception":
            details = answer.get("exceptionDetails", {})
            raise RuntimeError(f"page script failed: {details.get('text')}")
        result: dict[str, Any] = answer["result"]
        return result

    def evaluate(self, expression: str) -> Any:
        return from_remote_value(self._evaluate_raw(expression))

    def wait_for(self, expression: str, *, timeout: float = 20) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError:
                value = None  # the page is being replaced (a form was submitted): ask again
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(f"never true: {expression}")

    def click(self, selector: str) -> None:
        """A real pointer click (the page sees a user gesture, as when the lawyer clicks)."""
        node = self._evaluate_raw(f"document.querySelector({json.dumps(selector)})")
        if node.get("type") != "node":
            raise LookupError(f"no element {selector}")
        self.evaluate(f"document.querySelector({json.dumps(selector)}).scrollIntoView({{block: 'center'}})")
        origin = {"type": "element", "element": {"sharedId": node["sharedId"]}}
        self.call("input.performActions", context=self.context, actions=[{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "x": 0, "y": 0, "origin": origin},
                        {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}],
        }])  # fmt: skip

    def type_text(self, selector: str, text: str) -> None:
        """Real key presses into a field (focus it by clicking first)."""
        self.click(selector)
        keys: list[dict[str, str]] = []
        for char in text:
            keys += [{"type": "keyDown", "value": char}, {"type": "keyUp", "value": char}]
        self.call("input.performActions", context=self.context,
                  actions=[{"type": "key", "id": "keyboard", "actions": keys}])  # fmt: skip

    def screenshot(self, path: str) -> None:
        """The whole page (not only the viewport) as PNG."""
        shot = self.call("browsingContext.captureScreenshot", context=self.context, origin="document")
        with open(path, "wb") as png:
            png.write(base64.b64decode(shot["data"]))

    def console_messages(self) -> list[str]:
        return [
            f"{e['params'].get('level')}: {e['params'].get('text')}"
            for e in self.events
            if e.get("method") == "log.entryAdded"
        ]

    # -- ending ------------------------------------------------------------------------------------

    def kill(self) -> None:
        """The laptop loses power: no goodbye on any socket."""
        self._process.kill()
        self._process.wait(timeout=10)

    def close(self) -> None:
        if self._process.poll() is None and hasattr(self, "_ws"):
            with contextlib.suppress(TimeoutError, RuntimeError, ConnectionClosed, OSError):
                self.call("browser.close", timeout=5)
        with contextlib.suppress(OSError, ConnectionClosed):
            self._stack.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
        shutil.rmtree(self._profile, ignore_errors=True)
