"""Adaptive bitrate on a narrow uplink, measured: the lawyer's browser runs in its own network
namespace whose only way out is a veth pair shaped with `tc` (token bucket) — 512 kbit/s, then
128 kbit/s — and the kiosk's QtWebEngine call window receives. The senders' encodings are the ones
rtc_call.js sets for every call (video capped at 400 kbit/s with low priority, audio high
priority): at 512 kbit/s video stays under its cap and audio arrives whole; at 128 kbit/s video
cannot fit and falls far below it, while audio packets keep arriving at their full rate.

Needs root (network namespaces, tc); skipped elsewhere. Both sides share this machine's two cores.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cdp_pipe import Browser
from enrolled_kiosk import (
    NEEDS_CHROMIUM,
    call_kiosk,
    frames_both_ways,
    lawyer_in_chromium,
    live_site,
    pump,
    start_call,
)
from tcp_cut import cuttable
from video_e2e import create_lawyer, lawyer_on_duty, lawyer_report, poll_until

from server.context import ServerContext
from server.settings import ServerSettings
from ui.app import Kiosk
from ui.shot import settle

pytestmark = [
    NEEDS_CHROMIUM,
    pytest.mark.skipif(
        os.geteuid() != 0 or not shutil.which("tc") or not shutil.which("ip"),
        reason="needs root, ip and tc (network namespace and a shaped veth pair)",
    ),
]


class ShapedLink:
    """A network namespace joined to the host by a veth pair; the namespace's side is shaped."""

    def __init__(self) -> None:
        tag = f"{os.getpid() % 10000}{random.randrange(100)}"
        self.ns, self.host_if, self.ns_if = f"lpv{tag}", f"lpv{tag}a", f"lpv{tag}b"
        subnet = random.randrange(16, 250)
        self.host_ip, self.ns_ip = f"10.77.{subnet}.1", f"10.77.{subnet}.2"
        self._run("ip", "netns", "add", self.ns)
        self._run("ip", "link", "add", self.host_if, "type", "veth", "peer", "name", self.ns_if)
        self._run("ip", "link", "set", self.ns_if, "netns", self.ns)
        self._run("ip", "addr", "add", f"{self.host_ip}/24", "dev", self.host_if)
        self._run("ip", "link", "set", self.host_if, "up")
        self._in_ns("ip", "addr", "add", f"{self.ns_ip}/24", "dev", self.ns_if)
        self._in_ns("ip", "link", "set", self.ns_if, "up")
        self._in_ns("ip", "link", "set", "lo", "up")

    def _run(self, *args: str) -> None:
        subprocess.run(args, check=True, capture_output=True)

    def _in_ns(self, *args: str) -> None:
        self._run("ip", "netns", "exec", self.ns, *args)

    def shape(self, kbit: int) -> None:
        """The namespace's uplink: a token bucket at `kbit` kbit/s (queue up to 200 ms)."""
        verb = "change" if getattr(self, "_shaped", False) else "add"
        self._in_ns("tc", "qdisc", verb, "dev", self.ns_if, "root", "tbf", "rate", f"{kbit}kbit",
                    "burst", "4kb", "latency", "200ms")  # fmt: skip
        self._shaped = True

    @property
    def prefix(self) -> tuple[str, ...]:
        return ("ip", "netns", "exec", self.ns)

    def close(self) -> None:
        subprocess.run(["ip", "netns", "del", self.ns], capture_output=True)
        subprocess.run(["ip", "link", "del", self.host_if], capture_output=True)


@pytest.fixture
def link() -> Iterator[ShapedLink]:
    try:
        shaped = ShapedLink()
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"no network namespace here: {exc.stderr!r}")
    try:
        yield shaped
    finally:
        shaped.close()


@pytest.fixture
def site(sqlite_settings: ServerSettings, link: ShapedLink) -> Iterator[tuple[str, str, ServerContext]]:
    """The server on loopback for the kiosk, and through a proxy on the veth for the lawyer."""
    hosts = (*sqlite_settings.allowed_hosts, link.host_ip)  # the lawyer reaches it by the veth address
    with (
        live_site(sqlite_settings.with_overrides(allowed_hosts=hosts)) as (url, context),
        cuttable(url, listen=link.host_ip) as proxy,
    ):
        yield url, proxy.url, context


@pytest.fixture
def lawyer(link: ShapedLink, site: tuple[str, str, ServerContext]) -> Iterator[Browser]:
    # Camera and microphone need a secure origin; a deployment serves the console over HTTPS.
    secure = f"--unsafely-treat-insecure-origin-as-secure={site[1]}"
    with lawyer_in_chromium(secure, prefix=link.prefix) as browser:
        yield browser


@pytest.fixture
def kiosk(
    qapp: object, tmp_path: Path, site: tuple[str, str, ServerContext], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Kiosk]:
    url, _lawyer_url, context = site
    yield from call_kiosk(tmp_path, url, context, monkeypatch, name="石桥镇 1 号机")


def _measure(lawyer: Browser, reports: list[dict[str, Any]], seconds: float) -> dict[str, float]:
    """Over `seconds`: the lawyer's video send rate (kbit/s, every second's sample) and the audio
    packets the kiosk received per second."""
    first, start = reports[-1], time.monotonic()
    video: list[float] = []
    deadline = start + seconds
    while time.monotonic() < deadline:
        pump()
        time.sleep(0.45)
        video.append(float(lawyer_report(lawyer)["videoKbps"]))
    last = reports[-1]
    took = time.monotonic() - start
    received = last["audioPacketsReceived"] - first["audioPacketsReceived"]
    lost = last["audioPacketsLost"] - first["audioPacketsLost"]
    ordered = sorted(video)
    return {"video_median": ordered[len(ordered) // 2], "video_mean": sum(video) / len(video),
            "audio_pps": received / took, "audio_loss": lost / max(1, received + lost)}  # fmt: skip


def test_audio_survives_a_narrow_uplink_when_video_cannot(
    kiosk: Kiosk, lawyer: Browser, site: tuple[str, str, ServerContext], link: ShapedLink
) -> None:
    _url, lawyer_url, context = site
    create_lawyer(context)
    lawyer_on_duty(lawyer, lawyer_url)
    reports: list[dict[str, Any]] = []
    video = start_call(kiosk, lawyer, reports)
    try:
        _check_the_shaped_call(video, lawyer, link, reports)
    finally:
        # Hung up whatever the outcome: a kiosk closed in the middle of a call leaves its call
        # window's events to a later test's event loop (the suite crashed there once).
        if video.stage != "ended":
            video.hangup()
            with contextlib.suppress(AssertionError, TimeoutError):  # never hide the real failure
                poll_until(lambda: video.stage == "ended", timeout_s=10, pump=pump)


def _check_the_shaped_call(
    video: Any, lawyer: Browser, link: ShapedLink, reports: list[dict[str, Any]]
) -> None:
    frames_both_ways(lawyer, reports)

    free = _measure(lawyer, reports, 10)  # the veth unshaped: what the fake devices send
    link.shape(512)
    time.sleep(0.5)
    settle(2)
    wide = _measure(lawyer, reports, 12)
    link.shape(128)
    _measure(lawyer, reports, 8)  # the congestion controller backs off
    narrow = _measure(lawyer, reports, 12)
    print(f"unshaped: {free}; 512 kbit/s: {wide}; 128 kbit/s: {narrow}")
    # 512 kbit/s: video under its 400 kbit/s cap (the cap leaves room for audio), audio whole.
    # (One-second samples of bytesSent swing around the encoder's average — a key frame, a burst
    # reach 490 — so the cap is checked on the mean over the 12 s.)
    figures = f"unshaped {free}; 512 kbit/s {wide}; 128 kbit/s {narrow}"
    # The mean may sit a little above the cap: the encoder overshoots for a second or two after a
    # key frame (up to 450 kbit/s seen over a second), so 10 % is allowed over 12 s.
    assert wide["video_mean"] <= 440, figures
    assert wide["audio_loss"] < 0.02 and wide["audio_pps"] >= 0.6 * free["audio_pps"], figures
    # 128 kbit/s: video cannot fit and falls to an eighth of its cap; audio keeps arriving, with
    # a few per cent lost in the token bucket's queue. (The packet rate as seen through the
    # kiosk's half-second reports is noisy on two shared cores — 30 to 53 a second in runs with
    # no loss — so the rate is only checked against half the unshaped one; the loss is the
    # sharper measure.)
    assert narrow["video_median"] < 110, figures
    assert narrow["audio_loss"] < 0.08 and narrow["audio_pps"] >= 0.5 * free["audio_pps"], figures
    assert video.stage == "in_call" and lawyer_report(lawyer)["state"] == "connected"
