"""Publishing upload: the default pack, then a one-guide change, through `lawpost server` over
loopback (PublishSession, as `lawpost pack publish` does). Prints bytes sent and wall time.

    .venv/bin/python -m bench.publish_upload
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bench.server_common import machine, server_process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "server"))


def main() -> int:
    from publishing_helpers import make_bundle, make_keys, make_pack, set_up_repository

    from kiosk.content.pack import DEFAULT_PACK_DIR
    from lawpost.publish import PublishSession
    from server.app import build_context
    from server.services import publishers
    from server.settings import ServerSettings

    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        settings = ServerSettings(data_dir=work / "server")
        keys = make_keys(work / "keys")
        set_up_repository(settings, keys)
        context = build_context(settings)
        with context.session_factory() as session:
            token, _ = publishers.create_token(session, name="bench", by="bench", now=context.clock())
            session.commit()
        context.engine.dispose()
        packs = {
            1: make_pack(work / "v1", version=101),
            2: make_pack(work / "v2", version=102, guide_note="（已按 2026 年修订更新）"),
        }
        pack_bytes = sum(p.stat().st_size for p in DEFAULT_PACK_DIR.iterdir())
        with server_process(data_dir=settings.data_dir, database_url="", port=18731) as url:
            session = PublishSession(url, token=token)
            for step, pack in packs.items():
                started = time.perf_counter()
                current = session.current_packs_json()
                bundle = make_bundle(pack, work / f"bundle{step}", keys=keys, current=current)
                signed = time.perf_counter()
                result = session.publish(bundle, channel="staging")
                done = time.perf_counter()
                manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
                chunks = len({c["sha256"] for f in manifest["files"] for c in f["chunks"]})
                print(
                    f"{'full pack' if step == 1 else 'one-guide change'}: pack {pack_bytes / 1e6:.2f} MB, "
                    f"{chunks} chunks; sent {result.blobs_sent} chunks, {result.bytes_sent / 1e3:.1f} kB "
                    f"({100 * result.bytes_sent / pack_bytes:.2f} %); sign {signed - started:.2f} s, "
                    f"upload+verify+publish {done - signed:.2f} s"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
