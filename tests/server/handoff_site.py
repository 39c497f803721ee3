"""The real server on loopback with one enrolled kiosk, as the kiosk's take-home code sees it.

Run as a script to refresh docs/screens/take-home-phone-*.png (a guide and a form on a phone):
    .venv/bin/python tests/server/handoff_site.py --out docs/screens
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # as a script: the same imports the tests get from pytest's rootdir
    sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parents[2])]

from live_server import serving
from server_helpers import CHEAP_ARGON2, FakeClock, enroll_device

from kiosk.config import SyncSettings
from kiosk.content.take_home import Section, TakeHomeSheet
from kiosk.handoff.remote import HandoffServer
from kiosk.handoff.service import form_document
from kiosk.sync.enrollment import Enrollment, Secret
from server.app import create_app
from server.context import ServerContext
from server.settings import ServerSettings

# The visitor of the form tests: every one of these must be absent from the server's storage.
NAME, ID_NUMBER, PHONE = "王小明", "11010519491231002X", "13812345678"

GUIDE_SHEET = TakeHomeSheet(
    title="讨要拖欠工资怎么办",
    summary="先和老板协商，不行就找劳动监察或申请仲裁。",
    sections=(
        Section("办理步骤", ("收集工资条、考勤记录和聊天记录。", "到县劳动保障监察大队投诉。",
                         "向劳动人事争议仲裁委员会申请仲裁。"), numbered=True),
        Section("要带的材料", ("身份证", "工资欠条或工资条")),
        Section("去哪里办", ("示例县法律援助中心 示例县人民路1号 0394-1234567",)),
    ),
    footer=("需要帮助？拨打 12348",),
)


def form_sample(pdf: bytes) -> dict[str, Any]:
    return form_document(
        title="法律援助申请表", summary="这是您在服务点填好的文书。", pdf=pdf,
        pdf_name="法律援助申请表.pdf", pdf_label="保存文书（PDF）",
        sections=[{"heading": "申请人", "numbered": False,
                   "lines": [f"姓名：{NAME}", f"身份证号：{ID_NUMBER}", f"联系电话：{PHONE}"]}],
    )  # fmt: skip


@dataclass
class HandoffSite:
    url: str
    context: ServerContext
    clock: FakeClock
    store: HandoffServer
    database: Path


@contextmanager
def handoff_site(tmp_dir: Path) -> Iterator[HandoffSite]:
    clock = FakeClock()
    data = tmp_dir / "server"
    app = create_app(ServerSettings(data_dir=data, **CHEAP_ARGON2), clock=clock)
    context: ServerContext = app.state.context
    device, token = enroll_device(context, name="北村")
    with serving(app) as url:
        enrollment = Enrollment(server_url=url, device_id=device.id, device_token=Secret(token),
                                server_public_key=b"\0" * 32, kiosk_name="北村", enrolled_at="",
                                heartbeat_interval_s=30)  # fmt: skip
        yield HandoffSite(url=url, context=context, clock=clock, database=data / "server.db",
                          store=HandoffServer(enrollment, settings=SyncSettings()))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    from phone_page import phone_browser, problems_in, screenshot
    from test_handoff_phone_browser import open_phone_page

    from kiosk.handoff.service import send_to_phone, sheet_document
    from tests.kiosk.handoff.pdf_sample import sample_pdf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screens"))
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    with tempfile.TemporaryDirectory() as tmp, handoff_site(Path(tmp)) as site, phone_browser() as browser:
        for name, document in (("guide", sheet_document(GUIDE_SHEET)), ("form", form_sample(sample_pdf()))):
            sent = send_to_phone(site.store, document, base_url=site.url, hours=24, views=5)
            problems = problems_in(open_phone_page(browser, sent.url))
            for problem in problems:
                print(f"{name}: {problem.problem}: {problem.text}", file=sys.stderr)
            failed = failed or bool(problems)
            screenshot(browser, out / f"take-home-phone-{name}.png")
            print(out / f"take-home-phone-{name}.png")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
