"""Enrollment QR codes: the simulated camera photographs a real QR code and zxing-cpp decodes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.firstboot.qr_camera import (
    EnrollmentQr,
    SimulatedCamera,
    V4l2Camera,
    decode_qr,
    enrollment_qr_text,
    parse_enrollment_qr,
)


def test_the_code_is_found_once_it_is_in_front_of_the_camera() -> None:
    text = enrollment_qr_text("https://lawpost.example.gov.cn", "K7QM-2XPA")
    camera = SimulatedCamera(text, empty_frames=2)
    seen = [decode_qr(camera.frame()) for _ in range(3)]
    assert seen[:2] == [None, None]
    assert parse_enrollment_qr(seen[2] or "") == EnrollmentQr("https://lawpost.example.gov.cn", "K7QM-2XPA")


def test_what_is_not_an_enrollment_code_is_refused() -> None:
    assert parse_enrollment_qr("https://www.example.com/some/page?x=1") is None
    assert parse_enrollment_qr("lawpost-enroll:?server=https://a.example") is None  # no code
    assert parse_enrollment_qr("K7QM-2XPA") == EnrollmentQr("", "K7QM-2XPA")


def test_the_v4l2_camera_reads_the_grey_plane_of_a_yuyv_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real camera class, with `v4l2-ctl` replaced by a script that streams one YUYV frame of a
    photographed QR code (this machine has no camera): the Y bytes become the picture zxing reads."""
    grey = SimulatedCamera("K7QM-2XPA", empty_frames=0).frame()
    yuyv = bytearray(grey.width * grey.height * 2)
    yuyv[0::2] = grey.tobytes()
    yuyv[1::2] = bytes([128]) * (grey.width * grey.height)
    (tmp_path / "frame.yuyv").write_bytes(bytes(yuyv))
    tool = tmp_path / "v4l2-ctl"
    tool.write_text(f"#!/bin/sh\ncat {tmp_path / 'frame.yuyv'}\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    frame = V4l2Camera("/dev/video0", width=grey.width, height=grey.height).frame()
    assert frame is not None and decode_qr(frame) == "K7QM-2XPA"


def test_the_server_prints_the_qr_code_the_wizard_reads(tmp_path: Path) -> None:
    import subprocess
    import sys

    from PIL import Image

    env = {**os.environ, "LAWPOST_DATA": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "lawpost", "server", "create-enrollment-code",
                           "--qr", str(tmp_path / "code.png"), "--server-url", "https://lawpost.example.gov.cn"],
                          capture_output=True, text=True, env=env, check=True)  # fmt: skip
    found = parse_enrollment_qr(decode_qr(Image.open(tmp_path / "code.png")) or "")
    assert found == EnrollmentQr("https://lawpost.example.gov.cn", done.stdout.strip())
