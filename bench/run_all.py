"""Runs every benchmark in turn (`make bench`); each prints its own Markdown table of figures.

The figures are copied by hand into docs/benchmarks.md together with the machine they ran on.
On this 2-core machine a benchmark that runs a server and its client shares the cores: say so.
"""

from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS = (
    "bench.kiosk_ui",
    "bench.search_speed",
    "bench.search_quality",
    "bench.speech",
    "bench.guide_ranking",
    "bench.server_ingest",
    "bench.server_heartbeat",
    "bench.console_fleet",
    "bench.outbox_drain",
    "bench.queue",
    "bench.forms",
    "bench.video_call",
    "bench.pack_delta",
)


def main() -> int:
    failed = []
    for module in BENCHMARKS:
        print(f"\n## {module}\n", flush=True)
        started = time.monotonic()
        status = subprocess.run([sys.executable, "-m", module], check=False).returncode
        print(f"\n({module}: {time.monotonic() - started:.0f} s, exit {status})", flush=True)
        if status != 0:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
