"""Reading an enrollment QR code with the kiosk's camera: a small camera interface, the real
camera (V4L2 through `v4l2-ctl`, Debian v4l-utils), a simulated one for tests, and the decoder.

The decoder is zxing-cpp, for real, on every frame — the simulated camera only replaces the lens:
it hands over a photograph-like picture of a real QR code.
"""

from __future__ import annotations

import glob
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from PIL import Image

# Pillow, qrcode and zxing-cpp are imported when a picture is taken or decoded, not with the
# module: every kiosk loads the wizard's wiring, and a kiosk already set up never scans
# (tests/ui/test_start_memory.py keeps Pillow out of the kiosk after start).

# What the server console's enrollment QR code holds: the server and the one-time code.
QR_SCHEME = "lawpost-enroll"


class Camera(Protocol):
    def frame(self) -> Image.Image | None: ...


@dataclass(frozen=True)
class EnrollmentQr:
    server_url: str
    code: str


def enrollment_qr_text(server_url: str, code: str) -> str:
    return f"{QR_SCHEME}:?server={server_url}&code={code}"


def parse_enrollment_qr(text: str) -> EnrollmentQr | None:
    """`lawpost-enroll:?server=URL&code=CODE`; a bare code (letters, digits, dashes) gives the code
    alone. Anything else (a web page's QR code, say) is not ours."""
    text = text.strip()
    if text.startswith(QR_SCHEME + ":"):
        query = parse_qs(urlsplit(text).query)
        server, code = query.get("server", [""])[0], query.get("code", [""])[0]
        return EnrollmentQr(server, code) if code else None
    if text and len(text) <= 40 and all(ch.isalnum() or ch in "-_" for ch in text):
        return EnrollmentQr("", text)
    return None


def decode_qr(image: Image.Image) -> str | None:
    """The text of the first QR code zxing-cpp finds in the picture."""
    import zxingcpp

    for barcode in zxingcpp.read_barcodes(image.convert("L")):
        if barcode.valid and barcode.format == zxingcpp.BarcodeFormat.QRCode:
            return str(barcode.text)
    return None


def camera_devices() -> list[str]:
    return sorted(glob.glob("/dev/video[0-9]*"))


class V4l2Camera:
    """One grey frame per call from a V4L2 camera (`v4l2-ctl` streams one raw YUYV frame; its Y
    bytes are the grey picture, all a QR decoder needs)."""

    def __init__(self, device: str, *, width: int = 640, height: int = 480) -> None:
        self.device = device
        self.width = width
        self.height = height

    def frame(self) -> Image.Image | None:
        command = ["v4l2-ctl", "--device", self.device,
                   f"--set-fmt-video=width={self.width},height={self.height},pixelformat=YUYV",
                   "--stream-mmap", "--stream-count=1", "--stream-to=-"]  # fmt: skip
        try:
            raw = subprocess.run(command, capture_output=True, timeout=5, check=True).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        if len(raw) < self.width * self.height * 2:
            return None
        from PIL import Image

        return Image.frombytes("L", (self.width, self.height), raw[0 : self.width * self.height * 2 : 2])


@dataclass
class SimulatedCamera:
    """A camera pointed at a printed QR code: a few frames of an empty desk first, then a tilted,
    slightly blurred photo of the real code made from `text`."""

    text: str
    empty_frames: int = 2
    seed: int = 7
    _count: int = field(default=0, init=False)

    def frame(self) -> Image.Image:
        import qrcode
        from PIL import Image, ImageDraw, ImageFilter

        self._count += 1
        rng = random.Random(self.seed + self._count)
        desk = Image.new("L", (640, 480), 170)
        draw = ImageDraw.Draw(desk)
        for _ in range(400):  # sensor noise and texture
            x, y = rng.randrange(640), rng.randrange(480)
            draw.point((x, y), fill=rng.randrange(120, 220))
        if self._count <= self.empty_frames:
            return desk
        code = qrcode.make(self.text, border=4, box_size=6).get_image().convert("L")
        code = code.rotate(8, expand=True, fillcolor=235).filter(ImageFilter.GaussianBlur(0.8))
        desk.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
        return desk


def open_camera(simulated_text: str = "") -> Camera | None:
    """The simulated camera when asked (tests, demo), else the first V4L2 camera, else None."""
    if simulated_text:
        return SimulatedCamera(simulated_text)
    devices = camera_devices()
    if devices and shutil.which("v4l2-ctl"):
        return V4l2Camera(devices[0])
    return None
