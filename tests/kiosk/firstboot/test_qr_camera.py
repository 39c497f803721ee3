"""Enrollment QR codes: the simulated camera photographs a real QR code and zxing-cpp decodes it."""

from __future__ import annotations

from kiosk.firstboot.qr_camera import (
    EnrollmentQr,
    SimulatedCamera,
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
